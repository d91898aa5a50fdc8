"""Practice stories as evidence: a story a worker wrote with a person who consented arrives in the inbox of
each research team with a site that keeps its records here (`Site.practice_organisation`) and that a
manager of the organisation agreed to share with (`Site.research_agreed_at`), and is taken back
from everywhere when that consent ends.

The practice side (`practice/stories.py`) checks the story for names before calling `do_receive_story` and
passes only its words, a number and the organisation: nothing here can reach the person. Each voice of the
story (the person's, the worker's) is a participant of its own at the site, so codings are attributed by
perspective like any transcript's, and `do_remove_story` withdraws them as a participant is withdrawn (so
drafts already made leave their words out, and a restored backup withdraws them again) before deleting
the source with its codings and whatever was made from them (guide examples among them)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import models, transaction
from django.db.models.deletion import Collector
from django.utils import timezone

from connecting_people.accounts.models import User
from connecting_people.audit import log
from connecting_people.audit.saving import save_with_audit

from . import search
from .actions import do_link_speakers, do_save_participant, do_withdraw_participant
from .importing import IMPORTED, ImportItem, import_one
from .models import Participant, Site, Source
from .vocab import Perspective, SourceKind

# The speaker label each voice is written under in the source's text.
SPEAKERS = {Perspective.INDIVIDUAL: "Person", Perspective.WORKER: "Worker"}
# What a withdrawal names in its report, by model; what else goes with a source (its links to
# components, counts, speaker links) is not worth a worker's reading.
REPORTED = {"fieldwork.excerpt": ("coding", "codings"), "guide.example": ("guide example", "guide examples")}


class StoryNotTaken(Exception):
    """No research team takes stories from this organisation, or the text could not be imported."""


@dataclass(frozen=True)
class StoryPart:
    heading: str  # "What helped"
    perspective: str  # whose words: Perspective.INDIVIDUAL or Perspective.WORKER
    words: str


def origin_of(story_id: int) -> str:
    return f"practice.story:{story_id}"


def story_title(number: int, site: Site) -> str:
    return f"Practice story {number}, {site.name}"


def story_text(title: str, parts: Sequence[StoryPart]) -> str:
    """The source's text: a heading per part, then its words as a speaker turn of their voice."""
    lines = [title, "Written by a worker with the person they support, who agreed to its anonymised use."]
    for part in parts:
        words = " ".join(part.words.split())
        lines += ["", part.heading, f"{SPEAKERS[Perspective(part.perspective)]}: {words}"]
    return "\n".join(lines) + "\n"


def sites_asking_for_stories(organisation_id: int) -> models.QuerySet[Site]:
    """The research sites linked to this practice organisation, whether or not it has agreed to share
    with them."""
    return (
        Site.objects.filter(practice_organisation_id=organisation_id)
        .select_related("team")
        .order_by("team__name", "name")
    )


def sites_taking_stories(organisation_id: int) -> models.QuerySet[Site]:
    """Those of them a manager of the organisation agreed to share with (its practice stories, and the
    counts of its partnership records for the gold standard)."""
    return sites_asking_for_stories(organisation_id).filter(research_agreed_at__isnull=False)


def do_answer_story_request(acting_user: User, site: Site, agree: bool) -> Site:
    """A manager of the site's practice organisation agrees to share with its research team the
    organisation's practice stories and the counts of its partnership records, or stops. Stopping affects
    stories sent from then on (one already sent stays with the team until its person's consent ends,
    `do_remove_story`) and hides the partnership counts at once."""
    with transaction.atomic():
        current = Site.objects.select_for_update().get(pk=site.pk)
        if agree == (current.research_agreed_at is not None):
            return current
        current.research_agreed_at = timezone.now() if agree else None
        return save_with_audit(acting_user, current, Site.AUDITED_FIELDS)


def do_receive_story(
    acting_user: User | None, story_id: int, organisation_id: int, parts: Sequence[StoryPart]
) -> list[Source]:
    """Put the story in the inbox of every team with a site for this organisation, as a source of the
    practice-story kind with a participant per voice; refused (nothing written) if no team takes it."""
    sites = list(sites_taking_stories(organisation_id))
    if not sites:
        raise StoryNotTaken(
            "Your organisation sends practice stories to no research team yet (a manager agrees to that "
            "under Partners, “Sharing with research”), so nothing was sent. The story is kept as "
            "a draft."
        )
    received = []
    with transaction.atomic():
        for site in sites:
            voices: dict[str, Participant] = {}
            for perspective in dict.fromkeys(part.perspective for part in parts):
                voices[SPEAKERS[Perspective(perspective)]] = do_save_participant(
                    acting_user,
                    Participant(
                        site=site,
                        pseudonym=f"Story {story_id} {SPEAKERS[Perspective(perspective)].lower()}",
                        perspective=perspective,
                        consent_date=timezone.localdate(),
                        consent_to_quote=True,
                        notes="A voice of a practice story; withdrawn with the story if the person's "
                        "consent ends.",
                    ),
                )
            title = story_title(story_id, site)
            result = import_one(
                acting_user,
                site.team,
                ImportItem(
                    f"practice-story-{story_id}.txt",
                    story_text(title, parts).encode,
                    kind=SourceKind.PRACTICE_STORY,
                    participants=list(voices.values()),
                    title=title,
                ),
            )
            if result.status != IMPORTED or result.source_id is None:
                raise StoryNotTaken(f"The story could not be put in the inbox: {result.message}")
            Source.objects.filter(pk=result.source_id).update(origin=origin_of(story_id))
            source = Source.objects.get(pk=result.source_id)
            links: dict[str, Participant | None] = {label: p for label, p in voices.items()}
            do_link_speakers(acting_user, source, links)
            received.append(source)
    return received


class _Everything(Collector):
    """Django's deletion collector, made to load every row a delete takes with it (none deleted in bulk
    unseen), so each can be audited and counted."""

    def can_fast_delete(self, *args: object, **kwargs: object) -> bool:
        return False


def do_remove_story(acting_user: User | None, story_id: int, reason: str) -> str:
    """Take the story back from everywhere: its voices withdrawn as participants are, then each source
    deleted with its codings and what was made from them, each row audited. Returns what was removed,
    in words ("" if the story had not arrived anywhere)."""
    today = timezone.localdate()
    counted: Counter[str] = Counter()
    titles = []
    with transaction.atomic():
        sources = list(Source.objects.filter(origin=origin_of(story_id)).order_by("pk"))
        for source in sources:
            for participant in source.participants.all():
                do_withdraw_participant(acting_user, participant, today)
            collector = _Everything(using=Source.objects.db)
            collector.collect([source])
            for model, rows in collector.data.items():
                label = model._meta.label_lower
                fields = getattr(model, "AUDITED_FIELDS", None)
                for row in sorted(rows, key=lambda r: r.pk):
                    if fields is not None:
                        log.record_deleted(acting_user, row, fields, note=f"practice story {reason}")
                    if label == "fieldwork.excerpt":
                        search.unindex("excerpt", row.pk)
                    if label in REPORTED:
                        counted[label] += 1
            search.unindex("source", source.pk)
            titles.append(source.title)
            source.delete()
    if not titles:
        return ""
    things = [f"the source “{title}”" for title in titles]
    for label, (one, many) in REPORTED.items():
        if counted[label]:
            things.append(f"{counted[label]} {one if counted[label] == 1 else many}")
    return ", ".join(things[:-1]) + (" and " if len(things) > 1 else "") + things[-1]
