"""A reviewer has no account, but what they rate, note and comment is audited like any other change:
with no actor, named by reviewer id, in the round's team's trail, and nothing when a change is refused."""

from __future__ import annotations

from django.urls import reverse

from connecting_people.audit.models import AuditEntry
from connecting_people.consult.models import Comment

from .conftest import Cast
from .test_consult import _invite, _round


def test_reviewer_changes_are_audited_in_the_rounds_team(cast: Cast) -> None:
    round_ = _round(cast)
    reviewer, token = _invite(cast, round_, "rhian@example.org")
    client = cast.client("anonymous")
    before = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    client.post(
        reverse("consult:rate", args=[token]),
        {"section": "build-relationship", "q-clear": "4"},
        HTTP_ACCEPT="application/json",
    )
    client.post(
        reverse("consult:rate", args=[token]),
        {"section": "build-relationship", "q-clear": "4"},
        HTTP_ACCEPT="application/json",
    )  # the same value again changes nothing
    client.post(
        reverse("consult:rate", args=[token]),
        {"section": "build-relationship", "q-clear": "2"},
        HTTP_ACCEPT="application/json",
    )
    client.post(
        reverse("consult:rate", args=[token]),
        {"section": "build-relationship", "q-clear": "9"},
        HTTP_ACCEPT="application/json",
    )  # refused: no entry
    client.post(
        reverse("consult:comment", args=[token]),
        {"section": "build-relationship", "start": 0, "end": 5, "text": "Too vague."},
    )
    comment = Comment.objects.get(reviewer=reviewer)
    client.post(reverse("consult:comment_delete", args=[token, comment.pk]))
    entries = list(AuditEntry.objects.filter(pk__gt=before).order_by("id"))
    assert [(e.object_type, e.action) for e in entries] == [
        ("consult.rating", "create"),
        ("consult.rating", "update"),
        ("consult.comment", "create"),
        ("consult.comment", "delete"),
    ]
    assert all(e.actor_id is None and e.note.endswith(f"by reviewer {reviewer.pk}") for e in entries)
    assert {e.organisation_id for e in entries} == {round_.team_id}
    assert not Comment.objects.filter(reviewer=reviewer).exists()
