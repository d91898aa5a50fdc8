"""Handing out a reviewer's link again: the outbox never holds links, so a researcher can send a new
link by email or get one to copy into a message of their own. Either way the old link stops working,
the new one is shown once, and the audit trail says who did it."""

from __future__ import annotations

import re

from django.core import mail
from django.urls import reverse

from connecting_people.audit.models import AuditEntry
from connecting_people.consult.models import OutboxMessage, Reviewer

from .conftest import Cast
from .test_consult import _invite, _round


def _last_audit_id() -> int:
    return AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0


def test_sending_a_new_link_replaces_the_old_one_and_is_audited(cast: Cast) -> None:
    round_ = _round(cast)
    reviewer, old = _invite(cast, round_, "rhian@example.org")
    anyone = cast.client("anonymous")
    before = _last_audit_id()
    mail.outbox.clear()
    page = cast.client("researcher").post(
        reverse("consult:round", args=[round_.pk]), {"reviewer": reviewer.pk, "new_link": "send"}, follow=True
    )
    assert (
        "A new link is on its way to rhian@example.org; the old one no longer works." in page.content.decode()
    )
    new = re.search(r"/consult/r/([\w-]+)/", mail.outbox[-1].body).group(1)
    assert "It replaces the link we sent" in mail.outbox[-1].body
    assert new != old
    assert anyone.get(reverse("consult:review", args=[old])).status_code == 404
    assert anyone.get(reverse("consult:review", args=[new])).status_code == 200
    kept = OutboxMessage.objects.filter(reviewer=reviewer).order_by("-id").first()
    assert new not in kept.body  # the outbox still cannot open their page
    entry = AuditEntry.objects.get(pk__gt=before, object_type="consult.reviewer")
    assert entry.actor == cast.users["researcher"] and entry.note == "new link sent by email"


def test_a_link_to_copy_is_shown_once_and_the_old_one_stops_working(cast: Cast) -> None:
    round_ = _round(cast)
    reviewer, old = _invite(cast, round_, "rhian@example.org")
    before = _last_audit_id()
    mail.outbox.clear()
    researcher = cast.client("researcher")
    page = researcher.post(
        reverse("consult:round", args=[round_.pk]), {"reviewer": reviewer.pk, "new_link": "copy"}
    ).content.decode()
    link = re.search(r'id="new-link" type="text" readonly value="([^"]+)"', page).group(1)
    token = re.search(r"/consult/r/([\w-]+)/$", link).group(1)
    assert link.startswith("http://") and not mail.outbox  # nothing emailed
    assert (
        "it is shown only this once" in page
        and "no-store" in researcher.get(reverse("consult:round", args=[round_.pk]))["Cache-Control"]
    )
    assert token not in researcher.get(reverse("consult:round", args=[round_.pk])).content.decode()
    anyone = cast.client("anonymous")
    assert anyone.get(reverse("consult:review", args=[old])).status_code == 404
    assert anyone.get(reverse("consult:review", args=[token])).status_code == 200
    entry = AuditEntry.objects.get(pk__gt=before, object_type="consult.reviewer")
    assert entry.note == "new link shown to copy" and token not in str(entry.changes)


def test_no_new_link_after_submitting_or_withdrawal_nor_for_another_team(cast: Cast) -> None:
    round_ = _round(cast)
    done, token = _invite(cast, round_, "done@example.org", name="Dana Done")
    cast.client("anonymous").post(reverse("consult:submit", args=[token]), {"confirm": "yes"})
    gone, _ = _invite(cast, round_, "gone@example.org", name="Gwen Gone")
    cast.client("researcher").post(reverse("consult:revoke", args=[gone.pk]))
    url = reverse("consult:round", args=[round_.pk])
    for reviewer, message in (
        (done, "Dana Done has already submitted their response."),
        (gone, "Gwen Gone&#x27;s link was withdrawn; invite them again instead."),
    ):
        hash_before = Reviewer.objects.get(pk=reviewer.pk).token_hash
        page = cast.client("researcher").post(url, {"reviewer": reviewer.pk, "new_link": "send"}, follow=True)
        assert message in page.content.decode()
        assert Reviewer.objects.get(pk=reviewer.pk).token_hash == hash_before
    assert cast.client("researcher").post(url, {"reviewer": "x", "new_link": "copy"}).status_code == 404
    # A manager of another organisation never reaches the round at all.
    assert cast.client("other_manager").post(url, {"reviewer": done.pk, "new_link": "copy"}).status_code in (
        403,
        404,
    )
