"""Handing out a reviewer's link again: the outbox never holds links, so a researcher can send a new
link by email or get one to copy into a message of their own. Either way the old link stops working,
the new one is shown once, and the audit trail says who did it."""

from __future__ import annotations

import datetime as dt
import re

from django.core import mail
from django.urls import reverse

from connecting_people.audit.models import AuditEntry
from connecting_people.consult.actions import do_send_reminders
from connecting_people.consult.models import OutboxMessage, Reviewer, Round
from connecting_people.measures.actions import do_schedule

from .conftest import Cast
from .test_consult import _invite, _round
from .test_measures import load, started


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


SITE = "https://cpi.example.org.uk"


def test_every_link_given_out_starts_with_the_sites_own_address(cast: Cast, settings) -> None:  # type: ignore[no-untyped-def]
    """Whatever address the request came in on (here the test client's "testserver"), the invitation,
    the email sent again, the reminder, the link shown to copy and the link to a questionnaire all start
    with CPI_SITE_URL."""
    settings.CPI_SITE_URL = SITE + "/"  # a slash at the end is not doubled
    link = re.compile(r"\S*/(?:consult/r|measures/l)/[\w-]+/")

    def links(text: str) -> list[str]:
        found = link.findall(text)
        assert found, text
        return found

    round_ = _round(cast, days=2)  # closes within the reminder window
    Round.objects.filter(pk=round_.pk).update(reminder_days=3)
    mail.outbox.clear()
    reviewer, _token = _invite(cast, round_, "rhian@example.org")
    given = links(mail.outbox[-1].body)  # the invitation
    researcher = cast.client("researcher")
    page = reverse("consult:round", args=[round_.pk])
    researcher.post(page, {"reviewer": reviewer.pk, "new_link": "send"})
    given += links(mail.outbox[-1].body)  # sent again
    copied = researcher.post(page, {"reviewer": reviewer.pk, "new_link": "copy"}).content.decode()
    given += links(re.search(r'id="new-link" type="text" readonly value="([^"]+)"', copied).group(1))
    mail.outbox.clear()
    assert do_send_reminders(round_=round_) == 1
    given += links(mail.outbox[-1].body)  # the reminder
    instrument = load(cast)
    do_schedule(None, cast.orgs["harbourside"], instrument, [3])
    person = started(cast, on=dt.date.today())
    made = cast.client("worker").post(reverse("measures:begin", args=[person.pk, instrument.key, 0]))
    given += links(re.search(r'id="link" value="([^"]+)"', made.content.decode()).group(1))
    assert len(given) == 5
    assert [g for g in given if not g.startswith(SITE + "/") or "//consult" in g or "//measures" in g] == []
    assert "testserver" not in " ".join(given)
