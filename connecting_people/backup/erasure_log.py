"""The erasure log: one JSON line per erasure or withdrawal, kept outside the database (settings.ERASURE_LOG)
so that `cpi restore` can re-apply those made after a backup was taken.

It holds ids and pseudonymous references only, never a name or anything a person said. A line is
written, and forced to disk, inside the transaction that makes the change, just before it commits: a
line whose transaction then failed names a request that was made, and re-applying it is what the
person asked for."""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from connecting_people.fieldwork.models import Participant
from connecting_people.practice.models import Person

PERSON_ERASED = "person-erased"
PARTICIPANT_WITHDREW = "participant-withdrew"


@dataclass(frozen=True)
class Line:
    at: dt.datetime
    event: str
    ids: dict[str, Any]


def path() -> Path:
    return Path(settings.ERASURE_LOG)


def _append(event: str, **ids: Any) -> None:
    line = json.dumps({"at": timezone.now().isoformat(), "event": event, **ids}, ensure_ascii=True)
    target = path()
    target.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        os.write(fd, (line + "\n").encode("ascii"))
        os.fsync(fd)
    finally:
        os.close(fd)


def append_erasure(person: Person) -> None:
    """`person` is about to be erased."""
    _append(PERSON_ERASED, person=person.pk, reference=person.reference, organisation=person.organisation_id)


def append_withdrawal(participant: Participant) -> None:
    """`participant`'s withdrawal is being saved."""
    if participant.withdrawn_on is None:
        raise ValueError("A withdrawal is written with its date.")
    _append(
        PARTICIPANT_WITHDREW,
        participant=participant.pk,
        site=participant.site_id,
        pseudonym=participant.pseudonym,
        on=participant.withdrawn_on.isoformat(),
    )


def parse(text: str) -> Iterator[Line]:
    """The lines of a log; a line cut short by a crash while it was written is skipped."""
    for raw in text.splitlines():
        try:
            data = json.loads(raw)
            at = dt.datetime.fromisoformat(data.pop("at"))
            event = data.pop("event")
        except (ValueError, KeyError, TypeError, AttributeError):
            continue
        if event in (PERSON_ERASED, PARTICIPANT_WITHDREW) and at.tzinfo is not None:
            yield Line(at, event, data)


def since(moment: dt.datetime) -> list[Line]:
    """Lines written at or after `moment`, oldest first."""
    target = path()
    if not target.is_file():
        return []
    return [line for line in parse(target.read_text(encoding="ascii", errors="replace")) if line.at >= moment]
