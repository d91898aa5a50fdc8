"""Working style: a worker rates their own practice on the self-assessment scale and reads a personal
guide made by the same code as an organisation's tailored guide; private unless shared with their
supervisors, who read it and cannot change it; sharing and every supervisor's reading audited."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from connecting_people.audit.models import AuditEntry
from connecting_people.guide.models import PracticeRating, WorkingStyle
from connecting_people.interventions.models import Component

from .conftest import Cast, guide_with_drafts


def _components(cast: Cast) -> dict[str, Component]:
    return {c.key: c for c in Component.objects.filter(version=cast.published)}


def _rate(cast: Cast) -> WorkingStyle:
    c = _components(cast)
    response = cast.client("worker").post(
        reverse("guide:working_style"),
        {
            f"c{c['build-relationship'].pk}": "2",  # 3.00 below the gold standard (Moorside's 5)
            f"c{c['get-to-know-worker'].pk}": "5",  # a strength
            f"c{c['review-together'].pk}": "3",  # no gold standard to compare, and no strength
        },
    )
    assert response.status_code == 302
    return WorkingStyle.objects.get(worker=cast.users["worker"])


def test_a_worker_rates_their_practice_and_reads_their_personal_guide(cast: Cast) -> None:
    guide_with_drafts(cast)
    worker = cast.client("worker")
    page = worker.get(reverse("guide:working_style")).content.decode()
    assert "0 of 28 rated" in page and "Private." in page
    style = _rate(cast)
    assert PracticeRating.objects.filter(style=style).count() == 3
    assert AuditEntry.objects.filter(object_type="guide.practicerating", action="create").count() == 3
    page = worker.get(reverse("guide:working_style")).content.decode()
    assert "3 of 28 rated" in page and "3.00 below" in page

    personal = worker.get(reverse("guide:working_style_guide")).content.decode()
    keep, grow = personal.split("Where to grow")
    assert "Get to know the worker" in keep and "you rated 5" in keep
    # The largest gap, with the gold standard's procedure and the release's example.
    assert "Build a relationship" in grow and "3.00 below the gold standard" in grow
    assert "Every new member is welcomed at the door by a member." in grow
    assert "We always meet at the same time each week" in grow
    assert "action plan" not in personal  # the organisation's plan is not the worker's

    # Taking a rating back off, and a value off the scale: a message, nothing half-written.
    c = _components(cast)
    bad = worker.post(
        reverse("guide:working_style"),
        {f"c{c['build-relationship'].pk}": "", f"c{c['review-together'].pk}": "9"},
    )
    assert bad.status_code == 400 and "Choose a rating from the scale" in bad.content.decode()
    assert PracticeRating.objects.filter(style=style).count() == 3
    worker.post(reverse("guide:working_style"), {f"c{c['get-to-know-worker'].pk}": "4"})
    assert list(PracticeRating.objects.filter(style=style).values_list("score", flat=True)) == [4]


def test_private_until_shared_and_then_read_only_for_the_workers_supervisors(cast: Cast) -> None:
    guide_with_drafts(cast)
    style = _rate(cast)
    shared_url = reverse("guide:working_style_shared", args=[style.pk])
    for actor in ("manager", "other_manager", "other_worker", "worker", "researcher", "reviewer"):
        assert cast.client(actor).get(shared_url).status_code == 404, actor
    assert (
        "Working styles shared with you"
        not in cast.client("manager").get(reverse("guide:self_assessment")).content.decode()
    )

    worker = cast.client("worker")
    assert worker.post(reverse("guide:working_style_share"), {"shared": "on"}).status_code == 302
    style.refresh_from_db()
    assert style.shared_with_supervisor
    entry = AuditEntry.objects.get(object_type="guide.workingstyle", action="update")
    assert entry.changes == {"shared_with_supervisor": [False, True]}

    manager = cast.client("manager")
    listing = manager.get(reverse("guide:self_assessment")).content.decode()
    assert "Working styles shared with you" in listing and shared_url in listing
    page = manager.get(shared_url)
    text = page.content.decode()
    assert page.status_code == 200 and "Working style of Wil Carden" in text
    assert "Wil Carden rated 5" in text and "<form" not in text.split("<main")[-1]  # read only
    assert AuditEntry.objects.filter(
        object_type="guide.workingstyle", action="view", actor=cast.users["manager"]
    ).exists()
    # Another organisation's manager, and the worker's own colleagues, still cannot.
    for actor in ("other_manager", "other_worker", "researcher"):
        assert cast.client(actor).get(shared_url).status_code == 404, actor
    # A manager cannot change it: the worker's pages are the worker's.
    assert manager.get(reverse("guide:working_style")).status_code == 403

    worker.post(reverse("guide:working_style_share"), {})
    assert manager.get(shared_url).status_code == 404
    assert AuditEntry.objects.filter(object_type="guide.workingstyle", action="update").count() == 2


def test_sharing_before_rating_is_refused_with_a_message(cast: Cast) -> None:
    guide_with_drafts(cast)
    response = cast.client("worker").post(reverse("guide:working_style_share"), {"shared": "on"}, follow=True)
    assert "Rate your practice on at least one component before sharing it." in response.content.decode()
    assert not WorkingStyle.objects.exists()


def test_the_working_style_pages_list_with_few_queries(
    cast: Cast, django_assert_max_num_queries: Any
) -> None:
    guide_with_drafts(cast)
    _rate(cast)
    worker = cast.client("worker")
    worker.get(reverse("guide:working_style_guide"))
    with django_assert_max_num_queries(25):
        worker.get(reverse("guide:working_style"))
    with django_assert_max_num_queries(25):
        worker.get(reverse("guide:working_style_guide"))
