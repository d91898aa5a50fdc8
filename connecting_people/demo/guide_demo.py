"""The demo guide: front matter and every section's furniture written (guide_furniture.py), evidence chosen
from the balanced shortlist, ratings, the gold standard (gold_demo.py) and one manager's self-assessment and
action plan, then its story in order: draft 0.1; after the first consultation round, the changes its comments
asked for in draft 0.2; after the Delphi round, the change it asked for and Release 1.0 with the responses to
consultation (the rounds are in consult_demo.py, the order in world.py's STEPS). All wording here is ours and
fictitious."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import asdict

from django.utils import timezone

from connecting_people.accounts.models import User
from connecting_people.fieldwork.evidence import evidence_passages
from connecting_people.fieldwork.models import SourceKind
from connecting_people.guide.actions import (
    do_answer_name_question,
    do_answer_warning,
    do_choose_example,
    do_create_guide,
    do_make_draft,
    do_save_example,
    do_save_guide,
    do_save_section,
    do_save_site_rating,
)
from connecting_people.guide.curation import Warn, shortlist, text_findings
from connecting_people.guide.models import Guide, NameAnswer, Section

from . import gold_demo
from .guide_furniture import FRONT, SECTIONS
from .state import World

# Names in the passages (people's and a pet's), rewritten lightly as a researcher would before anything is
# published: the corpus's workers have their real names in the register, and the third parties they mention
# are in nobody's. A phrase that names someone beside their role loses the name; a name alone becomes the
# role.
REWORDED = (
    (r"Femi, the co-ordinator,", "the co-ordinator"),
    (r"the woman next to me, Pat,", "the woman next to me"),
    (r"A lady called Megan", "A lady from the choir"),
    (r"my dog, Bramble,", "my dog"),
    (r"the fella running it, Des, he", "the fella running it"),
    (r"my brother Gareth", "my brother"),
    (r"one of Wren's people", "one of the worker's people"),
    (r"Dilys is my worker\.", "I have a worker."),
    (r"\b(?:Noor|Wren|Dilys)'s\b", "my worker's"),
    (r"\b(?:Noor|Wren|Dilys)\b", "my worker"),
    (r"\bKieran\b", "my peer worker"),
    (r"\bFemi\b", "the co-ordinator"),
    (r"\bPriya\b", "our worker"),
    (r"\bDes\b", "the organiser"),
    (r"\bPat\b", "my friend from the class"),
    (r"\b(?:Megan|Sheila)\b", "my friend from the choir"),
    (r"\bGareth\b", "my brother"),
    (r"\bP\d+\b", "someone"),  # a pseudonym in a researcher's notes
    (r"\bBramble\b", "the dog"),
    (r"a dog called Pip", "a dog"),
)
# The other words the name check asks about are places and ordinary words, not people.
NOT_PEOPLE = {"ferry", "london", "general", "nine"}
EXAMPLES_PER_SECTION = 3
FITS = 0.3  # a passage fits its stage when it matches it at least this well, against the best on offer
# A demo example never needs one of these answered: it is left for a passage that fits without.
PASSED_OVER = {
    Warn.REPEAT,
    Warn.SAME_WORDING,
    Warn.PLACEHOLDER,
    Warn.TIME_STAMP,
    Warn.REGISTER,
    Warn.REFLECTION,
}
KEPT_BECAUSE = (
    "It shows this stage at work; it is attributed as the researcher's notes or the site's document, "
    "not as anyone's words."
)

# The changes the consultation's comments asked for, by the draft that makes them (consult_demo.py marks
# those comments "changed in" it), and one the team made of its own accord: (section, field, words, new
# words).
REVISIONS = {
    "0.2": (
        (
            "build-relationship",
            "introduction",
            "the same day, the same time, and a message if plans change.",
            "a regular time that suits the person, kept to, and a message if plans change.",
        ),
        (
            "set-goals-together",
            "introduction",
            "in their own words.",
            "in their own words. Start with something small the person already enjoys: a big goal at the "
            "start can put people off.",
        ),
        (
            "help-move-on",
            "good_practice",
            "The ending is planned together, and the person knows they can come back.",
            "The ending is planned together, the person knows they can come back, and you agree how you will "
            "keep in touch for a while after the support ends.",
        ),
        (
            "review-together",
            "introduction",
            "decide what to try next.",
            "decide what to try next. Several people said they liked seeing their old and new maps side by "
            "side.",
        ),
    ),
    "1.0": (
        (
            "review-together",
            "good_practice",
            "start from what they say has changed.",
            "start from what they say has changed. The person can ask for a review at any time, not only "
            "when one is due.",
        ),
    ),
}


def _rating(passages: int, most: int) -> int:
    """The demo's stand-in for a researcher's judgement of a site's practice on a component, read from how
    much of it the site's coded evidence shows: the best-evidenced site with at least three passages is
    rated Exemplary, any other with three or more Routinely, two passages Often, one Occasionally."""
    if passages >= 3:
        return 5 if passages == most else 4
    return 3 if passages == 2 else 2


def guide(world: World) -> None:
    researcher, team = world.users["researcher"], world.organisations["fernhill"]
    made = do_create_guide(researcher, team, world.published_model(), "The Connecting People guide (demo)")
    sections = {s.component.key: s for s in made.sections.select_related("component")}
    write_furniture(researcher, made, sections)
    for section in sections.values():
        _choose_examples(researcher, section)
    # Ratings: each site with coded evidence on a component is rated, citing up to three of its passages,
    # and the gold standard written.
    by_key = {s.component.key: s.component for s in sections.values()}
    cited: dict[tuple[str, int], list[int]] = defaultdict(list)
    for passage in evidence_passages(team.pk, list(by_key), sited=True):
        if passage.site_id is not None:
            cited[(passage.key, passage.site_id)].append(passage.lead)
    most = Counter[str]()
    for (key, _site), leads in cited.items():
        most[key] = max(most[key], len(leads))
    for (key, site_id), leads in sorted(cited.items()):
        do_save_site_rating(
            researcher, made, by_key[key], site_id, _rating(len(leads), most[key]), "", sorted(leads)[:3]
        )
    gold_demo.write(researcher, made)
    gold_demo.assess(world.users["manager"], made, world.organisations["harbourside"], timezone.localdate())
    do_make_draft(researcher, made)
    # Words that look like names nobody registered (the gold standard's provenance names a place): the
    # researcher answers each question.
    _answer_questions(researcher, made)


def revise(world: World) -> None:
    """The team makes the changes the first round's comments asked for, and one of its own, then draft
    0.2: its change log says what changed and which comments prompted it."""
    researcher, made = world.users["researcher"], demo_guide(world)
    _make_changes(researcher, made, "0.2")
    do_make_draft(researcher, made)
    _answer_questions(researcher, made)


def release(world: World) -> None:
    """The change the Delphi round asked for, then Release 1.0 with the responses to consultation the team
    chose to publish."""
    researcher, made = world.users["researcher"], demo_guide(world)
    _make_changes(researcher, made, "1.0")
    do_make_draft(researcher, made, release=True)


def _make_changes(researcher: User, made: Guide, number: str) -> None:
    sections = {s.component.key: s for s in made.sections.select_related("component")}
    for key, field, was, now in REVISIONS[number]:
        section = sections[key]
        text = getattr(section, field)
        if was not in text:
            raise RuntimeError(f"the demo's revision of {key} expected “{was}” in its {field}")
        setattr(section, field, text.replace(was, now))
        do_save_section(researcher, section)


def demo_guide(world: World) -> Guide:
    return Guide.objects.get(team=world.organisations["fernhill"])


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


def reworded(text: str) -> str:
    """The passage with its names rewritten (`REWORDED`), a sentence still starting with a capital."""
    for pattern, words in REWORDED:
        text = re.sub(pattern, _in_place(words), text)
    return text


def _in_place(words: str) -> Callable[[re.Match[str]], str]:
    def put(match: re.Match[str]) -> str:
        return words[:1].upper() + words[1:] if _starts_sentence(match.string, match.start()) else words

    return put


def _starts_sentence(text: str, at: int) -> bool:
    before = text[:at].rstrip(" \t\"“‘'")
    return not before or before[-1] in ".!?\n:"


def _choose_examples(researcher: User, section: Section) -> None:
    """Up to three examples from the section's shortlist, participants' voices first and best fit first: each
    fits the stage (`FITS`), is not the site's own publicity, needs no warning answered but that it is a
    researcher's notes (answered: it is attributed as such), and reads with no name, placeholder or time
    stamp once its names are rewritten."""
    offered, _size = shortlist(section, [], limit=30)
    fitting = [
        c
        for c in offered
        if c.fit >= FITS
        and not any(f.kind in PASSED_OVER or f.detail == SourceKind.SITE_DOCUMENT for f in c.findings)
    ]
    chosen = 0
    # People's own words first; a researcher's notes only where too few voices fit.
    for candidate in sorted(fitting, key=lambda c: bool(c.findings)):
        if chosen == EXAMPLES_PER_SECTION:
            break
        assert candidate.excerpt is not None
        wording = reworded(candidate.excerpt.text.strip())
        if any(f.hard for f in text_findings(wording)):
            continue
        example = do_choose_example(researcher, section, candidate.excerpt)
        if example.wording != wording:
            example.wording = wording
            do_save_example(researcher, example)
        for finding in candidate.findings:
            do_answer_warning(researcher, example, finding.kind, finding.detail, KEPT_BECAUSE)
        chosen += 1


def _answer_questions(researcher: User, made: Guide) -> None:
    """Answer the guide's open name questions as the demo's researcher would: none is a person."""
    for question in made.name_questions.filter(answer=NameAnswer.OPEN):
        if question.word not in NOT_PEOPLE:
            raise RuntimeError(
                f"the demo guide has a name question nobody expected: {question.found} in {question.context}"
            )
        do_answer_name_question(researcher, question, NameAnswer.NOT_A_PERSON)
