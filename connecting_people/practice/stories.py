"""Practice stories: written by the worker with a person who consented to anonymised story use, kept as
drafts, then sent to the research team (`fieldwork/stories.py`) once the name check finds nothing.

The check is the guide's (`lib/anonymise.py`): the person's name and reference, their own sign-in's
name and their workers' names, in any of the spellings it matches, and any word that looks like a
given name nobody registered (a friend, a neighbour). A story that names anyone is flagged and stays a
draft until the worker rewrites those words; nothing with a name leaves practice. When the consent
ends (`actions.do_save_person`) or the person is erased (`rights.do_erase_person`), every sent story is
taken back from the research team's evidence and the story says what was removed."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from connecting_people.accounts.models import User
from connecting_people.audit import log
from connecting_people.audit.saving import save_with_audit
from connecting_people.fieldwork.stories import StoryNotTaken, StoryPart, do_receive_story, do_remove_story
from connecting_people.fieldwork.vocab import Perspective
from connecting_people.guide.namelist import given_names
from connecting_people.lib.anonymise import Checker, likely_names, register_names

from .models import Person, PracticeStory, StoryStatus, StoryVoice

NO_CONSENT = (
    "{reference} has not agreed to their anonymised story being used, so no story can be written. "
    "If they agree, record it on their details first."
)
HEADINGS = {
    "what_helped": "What helped",
    "what_got_in_the_way": "What got in the way",
    "worker_adds": "The worker adds",
}


class StoryError(Exception):
    """A story that cannot be saved or sent, with a message for the worker."""


def parts_of(story: PracticeStory) -> list[StoryPart]:
    voice = Perspective.INDIVIDUAL if story.voice == StoryVoice.PERSON else Perspective.WORKER
    texts = {
        "what_helped": (story.what_helped, voice),
        "what_got_in_the_way": (story.what_got_in_the_way, voice),
        "worker_adds": (story.worker_adds, Perspective.WORKER),
    }
    return [
        StoryPart(HEADINGS[field], perspective, words)
        for field, (words, perspective) in texts.items()
        if words.strip()
    ]


def names_found(story: PracticeStory) -> list[str]:
    """Each name in the story, as a sentence for the worker: registered names first, then words that look
    like someone's given name."""
    person = story.person
    entries = [(person.full_name, "real name", "the person"), (person.reference, "reference", "the person")]
    if person.preferred_name:
        entries.append((person.preferred_name, "nickname", "the person"))
    if person.account is not None:
        entries.append((person.account.get_full_name(), "user", "the person"))
    entries += [(worker.get_full_name(), "user", "their worker") for worker in person.workers.all()]
    if story.written_by is not None:
        entries.append((story.written_by.get_full_name(), "user", "their worker"))
    checker = Checker(register_names(entries))
    texts = [(HEADINGS[field], getattr(story, field)) for field in HEADINGS]
    found = [
        f"{leak.where}: “{leak.found}” is the {leak.name.kind} of {leak.name.owner}"
        for leak in checker.scan(texts)
    ]
    found += [
        f"{candidate.where}: “{candidate.found}” looks like someone's name"
        for candidate in likely_names(texts, given_names(), checker)
    ]
    return found


def _require_consent(person: Person) -> None:
    if not person.consent_to_story_use:
        raise StoryError(NO_CONSENT.format(reference=person.reference))


def do_save_story(acting_user: User | None, story: PracticeStory) -> PracticeStory:
    """Save a draft (a sent or withdrawn story is kept as it went)."""
    _require_consent(story.person)
    if story.status != StoryStatus.DRAFT:
        raise StoryError("This story has been sent and can no longer be changed.")
    with transaction.atomic():
        if story.pk is None:
            story.written_by = acting_user
        return save_with_audit(acting_user, story, PracticeStory.AUDITED_FIELDS)


def do_send_story(acting_user: User | None, story: PracticeStory) -> str:
    """Send a draft to the research team, refused while it names anyone; returns where it went."""
    _require_consent(story.person)
    if story.status != StoryStatus.DRAFT:
        raise StoryError("This story has already been sent.")
    found = names_found(story)
    if found:
        raise StoryError(
            "The story names someone, so it was not sent. Rewrite these words (for example “I”, "
            "“my worker”, “a friend”) and send it again: " + "; ".join(found) + "."
        )
    with transaction.atomic():
        # Locked and read again, so a second click on "Send" waits and then finds it sent.
        if PracticeStory.objects.select_for_update().get(pk=story.pk).status != StoryStatus.DRAFT:
            raise StoryError("This story has already been sent.")
        try:
            sources = do_receive_story(acting_user, story.pk, story.person.organisation_id, parts_of(story))
        except StoryNotTaken as problem:
            raise StoryError(str(problem)) from problem
        story.status, story.sent_at = StoryStatus.SENT, timezone.now()
        save_with_audit(acting_user, story, PracticeStory.AUDITED_FIELDS, note="sent to the research team")
    return f"{len(sources)} research team{'s' if len(sources) != 1 else ''}"


def removal_line(story: PracticeStory) -> str:
    return f"Practice story {story.pk} withdrawn: removed {story.removed}."


def withdrawn_since(person: Person, moment: dt.datetime) -> list[str]:
    """What the stories withdrawn since `moment` removed, for the worker who withdrew the consent."""
    stories = person.stories.filter(status=StoryStatus.WITHDRAWN, withdrawn_at__gte=moment).order_by("pk")
    return [removal_line(story) for story in stories]


def do_withdraw_stories(acting_user: User | None, person: Person, reason: str) -> list[str]:
    """Take every sent story of the person back from the research teams' evidence; each story keeps what
    was removed. Returns those lines, for the worker's message."""
    removed = []
    with transaction.atomic():
        for story in person.stories.filter(status=StoryStatus.SENT).order_by("pk"):
            what = do_remove_story(acting_user, story.pk, reason) or "nothing: it had not been kept"
            story.status, story.withdrawn_at, story.removed = StoryStatus.WITHDRAWN, timezone.now(), what
            save_with_audit(acting_user, story, PracticeStory.AUDITED_FIELDS, note=reason)
            removed.append(removal_line(story))
        if removed:
            log.record(
                acting_user,
                log.Action.UPDATE,
                person,
                note=f"{len(removed)} practice stor{'ies' if len(removed) != 1 else 'y'} withdrawn: {reason}",
            )
    return removed


def do_record_story_view(acting_user: User | None, story: PracticeStory) -> None:
    with transaction.atomic():
        log.record(acting_user, log.Action.VIEW, story, note="read practice story")
