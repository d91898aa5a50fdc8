"""The demo guide: front matter and every section's furniture written (guide_furniture.py), evidence chosen from the balanced shortlist,
ratings and gold-standard procedures, a first draft, a second draft released, and one manager's
self-assessment so the tailored guide has something to show. All wording here is ours and fictitious."""

from __future__ import annotations

import hashlib
from dataclasses import asdict
from typing import Any

from connecting_people.accounts.models import User
from connecting_people.fieldwork.evidence import usable_excerpts
from connecting_people.fieldwork.models import Excerpt, Site
from connecting_people.guide.actions import (
    do_answer_name_question,
    do_choose_example,
    do_create_guide,
    do_make_draft,
    do_release,
    do_save_example,
    do_save_guide,
    do_save_procedure,
    do_save_section,
    do_save_self_ratings,
    do_save_site_rating,
)
from connecting_people.guide.anonymise import AnonymisationError
from connecting_people.guide.curation import balance, candidates
from connecting_people.guide.models import Example, Guide, NameAnswer, Procedure, Section

from .guide_furniture import FRONT, SECTIONS
from .state import World

PROCEDURES = {
    "build-relationship": "Every new person is offered a regular weekly meeting at a time they choose. Workers keep "
    "a short note of names and details the person mentions, and read it before each meeting.",
    "link-and-introduce": "Before a first visit, the worker agrees with the person whether to introduce, accompany "
    "or find a buddy. A named member of the group expects them, and the worker checks in "
    "with the person within a week.",
    "explore-network-strengths": "Network maps are drawn in the first month and again every three months, always with "
    "the person holding the pen if they wish.",
    "community-and-agency-links": "The organisation keeps a shared, dated list of local groups and contacts, and "
    "each worker spends part of every month visiting somewhere new.",
}
# Names in the corpus that are in nobody's register (see fieldwork_corpus.py): the name check asks about
# each, and the researcher replaces them. The other words it asks about are places, not people.
THIRD_PARTIES = {"des", "bramble", "pat", "sheila", "megan", "gareth"}
NOT_PEOPLE = {"ferry", "london"}
# Harbourside's manager rates their organisation: strong on relationships, weaker on linking.
SELF_RATINGS = {
    "build-relationship": 5,
    "explore-network-strengths": 4,
    "link-and-introduce": 2,
    "review-together": 3,
    "community-and-agency-links": 2,
}


def _score(*parts: Any) -> int:
    """A stable pseudo-random rating from 2 to 5, so the demo is the same every time."""
    return 2 + int(hashlib.sha256("/".join(map(str, parts)).encode()).hexdigest(), 16) % 4


def guide(world: World) -> None:
    researcher, team = world.users["researcher"], world.organisations["fernhill"]
    made = do_create_guide(researcher, team, world.published_model(), "The Connecting People guide (demo)")
    sections = {s.component.key: s for s in made.sections.select_related("component")}
    write_furniture(researcher, made, sections)
    for section in sections.values():
        for candidate in balance(list(candidates(team.pk, section.component)), limit=3):
            do_choose_example(researcher, section, candidate.excerpt)
    # Participants sometimes name their worker: edit those passages lightly, as a researcher would.
    for _attempt in range(5):
        try:
            first = do_make_draft(researcher, made)
            break
        except AnonymisationError as exc:
            for leak in exc.leaks:
                for example in Example.objects.filter(section__guide=made, wording__contains=leak.found):
                    example.wording = example.wording.replace(leak.found, "[name]")
                    do_save_example(researcher, example)
    else:
        raise RuntimeError("the demo guide could not be anonymised")
    # Words that look like names nobody registered: the researcher answers each question.
    _answer_questions(researcher, made)
    # Ratings: each site with coded evidence on a component is rated, and procedures are written.
    usable = usable_excerpts(Excerpt.objects.filter(source__team=team, source__site__isnull=False), team.pk)
    pairs = set(usable.values_list("components__id", "source__site_id"))
    sites = Site.objects.in_bulk({site for _c, site in pairs})
    by_key = {s.component_id: s.component for s in sections.values()}
    for component_id, site_id in sorted(p for p in pairs if p[0] in by_key):
        cited = list(
            usable.filter(components__id=component_id, source__site_id=site_id).values_list("id", flat=True)[
                :3
            ]
        )
        do_save_site_rating(
            researcher,
            made,
            by_key[component_id],
            site_id,
            _score(component_id, sites[site_id].name),
            "",
            cited,
        )
    for key, text in PROCEDURES.items():
        if key in sections:
            do_save_procedure(researcher, Procedure(guide=made, component=sections[key].component, text=text))
    # A change between the drafts, so "what changed" has something to show; the second draft is released.
    section = sections["review-together"]
    section.introduction += " Several people said they liked seeing their old and new maps side by side."
    do_save_section(researcher, section)
    second = do_make_draft(researcher, made)
    if _answer_questions(researcher, made):
        raise RuntimeError("the demo's second draft names someone the first did not")
    do_release(researcher, second)
    del first
    ratings = {sections[k].component_id: v for k, v in SELF_RATINGS.items() if k in sections}
    do_save_self_ratings(world.users["manager"], made, world.organisations["harbourside"], ratings)


def write_furniture(researcher: User, made: Guide, sections: dict[str, Section]) -> None:
    """The front matter and every section's furniture, from guide_furniture.py."""
    for field, value in FRONT.items():
        setattr(made, field, value)
    do_save_guide(researcher, made)
    for key, furniture in SECTIONS.items():
        if key in sections:
            section = sections[key]
            for field, value in asdict(furniture).items():
                setattr(section, field, list(value) if field == "tools" else value)
            do_save_section(researcher, section)


def _answer_questions(researcher: User, made: Guide) -> bool:
    """Answer the guide's open name questions as the demo's researcher would; True if a name was replaced
    (so a new draft is needed before release)."""
    replaced = False
    for question in made.name_questions.filter(answer=NameAnswer.OPEN):
        if question.word in THIRD_PARTIES:
            do_answer_name_question(researcher, question, NameAnswer.REPLACED, "[name]")
            replaced = True
        elif question.word in NOT_PEOPLE:
            do_answer_name_question(researcher, question, NameAnswer.NOT_A_PERSON)
        else:
            raise RuntimeError(f"the demo guide has a name question nobody expected: {question.found}")
    return replaced
