"""A model draft cites the evidence behind each change: a researcher ticks excerpts from the changed
component's own evidence, and the comparison of versions shows them beside the change, to the team only."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from connecting_people.audit.models import AuditEntry
from connecting_people.fieldwork.actions import do_withdraw_participant
from connecting_people.fieldwork.models import Citation
from connecting_people.interventions.actions import do_save_component
from connecting_people.interventions.models import Component

from .conftest import Cast, build_guide


def _changed(cast: Cast) -> Component:
    component = Component.objects.get(version=cast.draft, key="build-relationship")
    component.summary = "Meet at the same time each week, and remember what matters to the person."
    return do_save_component(cast.users["researcher"], component)


def test_a_draft_change_cites_its_evidence_and_the_diff_shows_it(cast: Cast) -> None:
    objects = build_guide(cast)
    component = _changed(cast)
    regular, names = objects["excerpts"]["R-W-0"], objects["excerpts"]["M-I-0"]
    researcher = cast.client("researcher")
    url = reverse("fieldwork:cite", args=[component.pk])
    page = researcher.get(url).content.decode()
    assert regular.text in page and "R-W (worker), Riverside Project" in page

    assert researcher.post(url, {"excerpts": [regular.pk, names.pk]}).status_code == 302
    assert set(Citation.objects.values_list("excerpt_id", flat=True)) == {regular.pk, names.pk}
    assert AuditEntry.objects.filter(object_type="fieldwork.citation", action="create").count() == 2

    diff_url = reverse("interventions:diff") + f"?a={cast.published.pk}&b={cast.draft.pk}"
    diff = researcher.get(diff_url).content.decode()
    change = diff.split('id="chg-build-relationship"')[1].split("</section>")[0]
    assert "Evidence cited for this change (2)" in change and regular.text in change
    assert url in change  # the way to change what is cited
    # A reviewer reads the diff, but not the team's evidence.
    reviewer = cast.client("reviewer").get(diff_url).content.decode()
    assert "Evidence cited" not in reviewer and regular.text not in reviewer

    # Un-ticking one takes it out, audited; withdrawal takes a cited passage out of the diff too.
    assert researcher.post(url, {"excerpts": [regular.pk]}).status_code == 302
    assert AuditEntry.objects.filter(object_type="fieldwork.citation", action="delete").count() == 1
    do_withdraw_participant(None, objects["speakers"]["R-W"], dt.date(2026, 3, 1))
    assert "Evidence cited for this change" not in researcher.get(diff_url).content.decode()


def test_only_the_components_own_evidence_and_only_a_draft(cast: Cast) -> None:
    objects = build_guide(cast)
    component = _changed(cast)
    researcher = cast.client("researcher")
    url = reverse("fieldwork:cite", args=[component.pk])
    # Another team's excerpt (and another component's): not this component's evidence.
    other = cast.fieldwork["other_excerpt"]
    bad = researcher.post(url, {"excerpts": [objects["excerpts"]["R-W-0"].pk, other]})
    assert bad.status_code == 400 and "Choose from this component" in bad.content.decode()
    assert not Citation.objects.exists()  # nothing half-written
    published = Component.objects.get(version=cast.published, key="build-relationship")
    assert researcher.get(reverse("fieldwork:cite", args=[published.pk])).status_code == 404
    for actor in ("manager", "worker", "reviewer"):
        assert cast.client(actor).get(url).status_code == 403, actor
