"""A section's chosen examples are edited in one form: one save keeps every edit, moving or taking one
out keeps the others' edits, and a refused edit saves nothing and keeps what was typed."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from connecting_people.audit.models import AuditEntry
from connecting_people.guide.actions import do_choose_example
from connecting_people.guide.models import Example

from .conftest import Cast


def three_examples(cast: Cast, guide: dict[str, Any]) -> list[Example]:
    researcher, section = cast.users["researcher"], guide["section"]
    keys = ["R-W-0", "M-W-0", "M-W-1"]
    return [do_choose_example(researcher, section, guide["excerpts"][k], "example") for k in keys]


def fields(examples: list[Example], **changes: str) -> dict[str, str]:
    data = {}
    for e in examples:
        data.update(
            {
                f"ex{e.pk}-group": e.group,
                f"ex{e.pk}-wording": changes.get(f"w{e.pk}", e.wording),
                f"ex{e.pk}-attribution": e.attribution,
            }
        )
    return data


def test_moving_one_example_keeps_the_edits_to_the_others(cast: Cast, guide: dict[str, Any]) -> None:
    first, second, third = three_examples(cast, guide)
    client = cast.client("researcher")
    url = reverse("guide:examples", args=[guide["section"].pk])
    before = AuditEntry.objects.count()
    response = client.post(
        url,
        {
            **fields(
                [first, second, third], **{f"w{first.pk}": "Edited first.", f"w{third.pk}": "Edited third."}
            ),
            "action": f"up:{third.pk}",
        },
        follow=True,
    )
    assert "Saved 2 examples. Moved the example up." in response.content.decode()
    assert Example.objects.get(pk=first.pk).wording == "Edited first."
    assert Example.objects.get(pk=third.pk).wording == "Edited third."
    order = list(guide["section"].examples.filter(group="example").order_by("position", "id"))
    assert order.index(Example.objects.get(pk=third.pk)) < order.index(Example.objects.get(pk=second.pk))
    assert AuditEntry.objects.count() > before + 2  # each saved example and the move are audited

    client.post(url, {**fields([first, second, third]), "action": f"remove:{second.pk}"})
    assert not Example.objects.filter(pk=second.pk).exists()


def test_a_refused_edit_saves_nothing_and_keeps_what_was_typed(cast: Cast, guide: dict[str, Any]) -> None:
    first, second, _ = examples = three_examples(cast, guide)
    client = cast.client("researcher")
    response = client.post(
        reverse("guide:examples", args=[guide["section"].pk]),
        {
            **fields(examples, **{f"w{first.pk}": "A careful new wording.", f"w{second.pk}": "  "}),
            "action": "save",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "The published wording cannot be empty; take the example out instead." in page
    assert "A careful new wording." in page  # what was typed is still there to save again
    assert Example.objects.get(pk=first.pk).wording != "A careful new wording."  # nothing was saved
    refused = cast.client("worker").post(
        reverse("guide:examples", args=[guide["section"].pk]), {"action": "save"}
    )
    assert refused.status_code == 403  # researchers write the guide
