"""Every change in a consultation, audited in the same transaction where it concerns people's details."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from connecting_people.accounts.models import User
from connecting_people.audit import log
from connecting_people.audit.saving import save_with_audit
from connecting_people.guide.assemble import names_to_check
from connecting_people.lib import nul
from connecting_people.lib.anonymise import AnonymisationError, check
from connecting_people.lib.csvtext import CsvTextError, csv_table, decode_csv

from . import mail
from .anchoring import selector_for
from .models import (
    Comment,
    CommentStatus,
    Offer,
    OfferStatus,
    Rating,
    Reply,
    Reviewer,
    ReviewerPerspective,
    Round,
    SectionNote,
)
from .text import plain, version_sections
from .tokens import new_token

MAX_COMMENT = 5000
MAX_NOTE = 5000
MAX_COMMENTS_PER_REVIEWER = 300  # a link cannot be used to flood the team's queue


class ConsultError(Exception):
    """A change that cannot be made, with a message for the person making it."""


def do_save_round(acting_user: User | None, round_: Round) -> Round:
    """Create or change a round. A round on a version of the model keeps the text its reviewers read,
    taken when the round is made (or its version changed) and refused if it names anyone the team's
    register holds, as a guide draft is."""
    if round_.closes_at <= round_.opens_at:
        raise ConsultError("The deadline must come after the opening date.")
    if round_.follows is not None and round_.follows.closes_at > round_.opens_at:
        raise ConsultError("A follow-up round opens after the round it follows has closed.")
    if round_.pk is None:
        round_.created_by = acting_user
    with transaction.atomic():
        stored = Round.objects.filter(pk=round_.pk).values_list("version_id", flat=True).first()
        if round_.version_id is not None and (round_.pk is None or stored != round_.version_id):
            round_.sections = version_sections(round_.consulted_version)
            try:
                check(
                    [(f"component “{s['title']}”", plain(s["html"])) for s in round_.sections],
                    names_to_check(round_.team_id),
                )
            except AnonymisationError as exc:
                found = "; ".join(str(leak) for leak in exc.leaks)
                raise ConsultError(
                    f"Version {round_.consulted_version.label} cannot go out for consultation: its text "
                    f"names someone reviewers must not read about ({found}). Change the components' text "
                    "in the draft version, then make the round."
                ) from None
        elif round_.version_id is None:
            round_.sections = []
        return save_with_audit(acting_user, round_, Round.AUDITED_FIELDS)


def do_invite(acting_user: User | None, round_: Round, name: str, email: str, perspective: str) -> Reviewer:
    """Add a reviewer and email their personal link (shown once, never stored)."""
    name, email = name.strip(), email.strip().lower()
    if not name:
        raise ConsultError("Give the reviewer's name.")
    longest = Reviewer._meta.get_field("name").max_length or 0
    if len(name) > longest:
        raise ConsultError(f"The name “{name[:40]}…” is longer than {longest} characters.")
    try:
        validate_email(email)
        if len(email) > (Reviewer._meta.get_field("email").max_length or 0):
            raise ValidationError("too long")
    except ValidationError:
        raise ConsultError(f"“{email}” is not an email address.") from None
    if perspective not in ReviewerPerspective.values:
        raise ConsultError(
            f"“{perspective}” is not a perspective; use one of {', '.join(ReviewerPerspective.values)}."
        )
    token, token_hash = new_token()
    try:
        with transaction.atomic():
            reviewer = save_with_audit(
                acting_user,
                Reviewer(
                    round=round_,
                    name=name,
                    email=email,
                    perspective=perspective,
                    token_hash=token_hash,
                    invited_at=timezone.now(),
                ),
                Reviewer.AUDITED_FIELDS,
            )
    except IntegrityError:
        raise ConsultError(f"{email} is already invited to this round.") from None
    mail.send(
        "invitation",
        email,
        {
            "reviewer": reviewer,
            "round": round_,
            "link": mail.link_for(token),
            "deadline": mail.deadline(round_),
        },
        round_=round_,
        reviewer=reviewer,
    )
    return reviewer


def do_invite_csv(acting_user: User | None, round_: Round, data: bytes) -> list[tuple[int, str, str]]:
    """Invite everyone in a CSV (name, email, perspective); each row on its own. Returns (row, email,
    result)."""
    if len(data) > 1_000_000:
        raise ConsultError("The file is larger than 1 MB; split it.")
    try:
        table = csv_table(decode_csv(data))
    except CsvTextError as exc:
        raise ConsultError(f"The file could not be read: {exc}.") from None
    wanted = {"name", "email", "perspective"}
    if not wanted <= {name.lower() for name in table.header}:
        raise ConsultError("The first row must name the columns: name, email, perspective.")
    report = []
    for n, cells in table.rows:
        row = {k.lower(): v.strip() for k, v in cells.items() if k}
        if overfull := table.too_many_cells(n):
            report.append((n, row.get("email", "").replace("\x00", ""), f"not invited: {overfull}"))
            continue
        if holding := nul.fields_with_nul(row):
            report.append(
                (n, row.get("email", "").replace("\x00", ""), f"not invited: {holding[0]} {nul.PROBLEM}")
            )
            continue
        try:
            do_invite(acting_user, round_, row["name"], row["email"], row["perspective"])
        except ConsultError as exc:
            report.append((n, row.get("email", ""), str(exc)))
        else:
            report.append((n, row["email"], "invited"))
    return report


def do_new_link(acting_user: User | None, reviewer: Reviewer, *, send: bool) -> str:
    """Give a reviewer a new personal link, which replaces the old one (only its hash is kept, so a lost
    link cannot be shown again). With `send`, it goes to them by email as the invitation did; otherwise
    it is returned for the researcher to copy into a message of their own. Audited either way."""
    if reviewer.revoked_at is not None:
        raise ConsultError(f"{reviewer.name}'s link was withdrawn; invite them again instead.")
    if reviewer.submitted_at is not None:
        raise ConsultError(f"{reviewer.name} has already submitted their response.")
    token, token_hash = new_token()
    with transaction.atomic():
        Reviewer.objects.filter(pk=reviewer.pk).update(token_hash=token_hash)
        reviewer.token_hash = token_hash
        log.record(
            acting_user,
            log.Action.UPDATE,
            reviewer,
            note="new link sent by email" if send else "new link shown to copy",
        )
        if send:
            round_ = reviewer.round
            mail.send(
                "invitation",
                reviewer.email,
                {
                    "reviewer": reviewer,
                    "round": round_,
                    "link": mail.link_for(token),
                    "deadline": mail.deadline(round_),
                    "again": True,
                },
                round_=round_,
                reviewer=reviewer,
            )
    return token


def do_revoke(acting_user: User | None, reviewer: Reviewer) -> None:
    reviewer.revoked_at = timezone.now()
    save_with_audit(acting_user, reviewer, Reviewer.AUDITED_FIELDS)


def _editable(reviewer: Reviewer) -> None:
    if reviewer.submitted_at is not None:
        raise ConsultError("You have submitted your response, so it can no longer be changed. Thank you.")


def _record_for(
    acting_user: User | None,
    reviewer: Reviewer,
    action: str,
    obj: Any,
    changes: dict[str, list[Any]],
    what: str,
) -> None:
    """A reviewer's change, named by their reviewer id, in the round's team's trail: with no actor when it
    came through their personal link, or their account as the actor when they were signed in."""
    log.record(
        acting_user,
        action,
        obj,
        organisation_id=reviewer.round.team_id,
        changes=changes,
        note=f"{what} by reviewer {reviewer.pk}",
    )


def _check_value(value: int | None) -> None:
    if value is not None and not 1 <= value <= 5:
        raise ConsultError("Ratings go from 1 to 5.")


def _save_rating(
    acting_user: User | None, reviewer: Reviewer, section: str, question: str, value: int | None, whole: bool
) -> None:
    """Save one answer with its audit entry (inside the caller's transaction); an unchanged answer is
    left as it is."""
    before = Rating.objects.filter(reviewer=reviewer, section=section, question=question).first()
    if before is not None and before.value == value and before.whole_section == whole:
        return
    rating, _ = Rating.objects.update_or_create(
        reviewer=reviewer,
        section=section,
        question=question,
        defaults={"value": value, "whole_section": whole},
    )
    _record_for(
        acting_user,
        reviewer,
        log.Action.UPDATE if before else log.Action.CREATE,
        rating,
        {
            "section": [None, section],
            "question": [None, question],
            "value": [before.value if before else None, value],
            "whole_section": [before.whole_section if before else None, whole],
        },
        "rating for the whole section" if whole else "rating",
    )


def do_rate(
    acting_user: User | None, reviewer: Reviewer, section: str, question: str, value: int | None
) -> None:
    """Save one rating as it is made (None: not applicable)."""
    _editable(reviewer)
    if question not in reviewer.round.question_keys:
        raise ConsultError("That is not one of this round's questions.")
    _check_value(value)
    with transaction.atomic():
        _save_rating(acting_user, reviewer, section, question, value, whole=False)


def do_rate_section(acting_user: User | None, reviewer: Reviewer, section: str, value: int | None) -> None:
    """One rating for the whole section: the same value (None: not applicable) for every question of
    the round, each marked as given for the whole section, in one transaction."""
    _editable(reviewer)
    _check_value(value)
    with transaction.atomic():
        for question in reviewer.round.question_keys:
            _save_rating(acting_user, reviewer, section, question, value, whole=True)


def do_note(acting_user: User | None, reviewer: Reviewer, section: str, text: str) -> None:
    _editable(reviewer)
    text = text.strip()
    if len(text) > MAX_NOTE:
        raise ConsultError(f"Please keep a note to {MAX_NOTE:,} characters.")
    with transaction.atomic():
        before = SectionNote.objects.filter(reviewer=reviewer, section=section).first()
        if text:
            note, _ = SectionNote.objects.update_or_create(
                reviewer=reviewer, section=section, defaults={"text": text}
            )
            _record_for(
                acting_user,
                reviewer,
                log.Action.UPDATE if before else log.Action.CREATE,
                note,
                {"section": [None, section], "text": [before.text if before else None, text]},
                "section note",
            )
        elif before is not None:
            _record_for(
                acting_user,
                reviewer,
                log.Action.DELETE,
                before,
                {"text": [before.text, None]},
                "section note",
            )
            before.delete()


def do_comment(
    acting_user: User | None, reviewer: Reviewer, section: Any, start: int, end: int, text: str
) -> Comment:
    """A comment on section.text[start:end], kept with its quote, prefix and suffix."""
    _editable(reviewer)
    text = text.strip()
    if not text:
        raise ConsultError("Write your comment before saving it.")
    if len(text) > MAX_COMMENT:
        raise ConsultError(f"Please keep a comment to {MAX_COMMENT:,} characters.")
    if not 0 <= start < end <= len(section.text) or not section.text[start:end].strip():
        raise ConsultError("Select the words you are commenting on first.")
    if Comment.objects.filter(reviewer=reviewer).count() >= MAX_COMMENTS_PER_REVIEWER:
        raise ConsultError(
            f"You have made {MAX_COMMENTS_PER_REVIEWER} comments, the most one reviewer can leave. "
            "Please put anything more in the box at the end of a section."
        )
    selector = selector_for(section.text, start, end)
    with transaction.atomic():
        comment = Comment.objects.create(
            reviewer=reviewer,
            section=section.key,
            exact=selector.exact[:2000],
            prefix=selector.prefix,
            suffix=selector.suffix,
            position=start,
            text=text,
        )
        _record_for(
            acting_user,
            reviewer,
            log.Action.CREATE,
            comment,
            {"section": [None, section.key], "exact": [None, comment.exact], "text": [None, text]},
            "comment",
        )
    return comment


def do_delete_comment(acting_user: User | None, reviewer: Reviewer, comment: Comment) -> None:
    _editable(reviewer)
    with transaction.atomic():
        _record_for(
            acting_user, reviewer, log.Action.DELETE, comment, {"text": [comment.text, None]}, "comment"
        )
        comment.delete()


def do_submit(acting_user: User | None, reviewer: Reviewer) -> None:
    _editable(reviewer)
    with transaction.atomic():
        reviewer.submitted_at = timezone.now()
        Reviewer.objects.filter(pk=reviewer.pk).update(submitted_at=reviewer.submitted_at)
        log.record(
            acting_user,
            log.Action.UPDATE,
            reviewer,
            note="reviewer submitted their response",
            changes={"submitted_at": [None, reviewer.submitted_at.isoformat()]},
        )


def do_resolve(
    acting_user: User | None, comment: Comment, status: str, changed_in: str = "", reason: str = ""
) -> Comment:
    if status not in CommentStatus.values:
        raise ConsultError("Choose a status from the list.")
    if status == CommentStatus.CHANGED and not changed_in.strip():
        raise ConsultError("Say which draft it was changed in.")
    if status == CommentStatus.NOT_CHANGED and not reason.strip():
        raise ConsultError("Give the reason it was not changed; it goes in the response to consultation.")
    comment.status, comment.changed_in, comment.reason = status, changed_in.strip(), reason.strip()
    return save_with_audit(acting_user, comment, Comment.AUDITED_FIELDS)


def do_reply(acting_user: User | None, comment: Comment, text: str) -> Reply:
    text = text.strip()
    if not text:
        raise ConsultError("Write the reply first.")
    return Reply.objects.create(comment=comment, author=acting_user, text=text[:MAX_COMMENT])


def due_reminders(now: Any = None, round_: Round | None = None) -> list[Reviewer]:
    """Reviewers of open rounds (or of one round) who have not submitted, within the round's reminder
    window, not yet reminded."""
    now = now or timezone.now()
    due = []
    waiting = Reviewer.objects.filter(
        submitted_at__isnull=True,
        revoked_at__isnull=True,
        reminded_at__isnull=True,
        round__opens_at__lte=now,
        round__closes_at__gt=now,
    ).select_related("round")
    if round_ is not None:
        waiting = waiting.filter(round=round_)
    for reviewer in waiting:
        if now >= reviewer.round.closes_at - timedelta(days=reviewer.round.reminder_days):
            due.append(reviewer)
    return due


def do_send_reminders(now: Any = None, round_: Round | None = None) -> int:
    """Remind everyone due, once. Links are never stored in the clear, so the reminder carries a second
    link of its own; the one in the invitation keeps working."""
    sent = 0
    for reviewer in due_reminders(now, round_):
        token, token_hash = new_token()
        with transaction.atomic():
            Reviewer.objects.filter(pk=reviewer.pk).update(
                reminder_token_hash=token_hash, reminded_at=timezone.now()
            )
        mail.send(
            "reminder",
            reviewer.email,
            {
                "reviewer": reviewer,
                "round": reviewer.round,
                "link": mail.link_for(token),
                "deadline": mail.deadline(reviewer.round),
            },
            round_=reviewer.round,
            reviewer=reviewer,
        )
        sent += 1
    return sent


def do_decide_offer(
    acting_user: User | None, offer: Offer, accept: bool, round_: Round | None = None
) -> Reviewer | None:
    if offer.status != OfferStatus.WAITING:
        raise ConsultError("This offer has already been dealt with.")
    if round_ is not None and offer.round is not None and round_.team_id != offer.round.team_id:
        raise ConsultError("An offer can only be accepted into a round of the team it was made to.")
    reviewer = None
    with transaction.atomic():
        if accept:
            if round_ is None:
                raise ConsultError("Choose the round to invite them to.")
            reviewer = do_invite(acting_user, round_, offer.name, offer.email, offer.perspective)
        offer.status = OfferStatus.ACCEPTED if accept else OfferStatus.DECLINED
        offer.decided_by = acting_user
        offer.save(update_fields=["status", "decided_by"])
    return reviewer
