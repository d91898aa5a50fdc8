"""Workers' own contacts (issue 15): kept with the contact's agreement, private to their worker unless
shared with the team, suggested to a person as a community link of their own kind, audited with the
contact's details sealed, in the person's subject-access copy where linked, and deletable by their worker."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone

from connecting_people.audit.models import AuditEntry, SubjectKey
from connecting_people.community.models import WorkerContact
from connecting_people.practice.actions import do_move_link, do_record_review
from connecting_people.practice.models import CommunityLink

from .conftest import Cast

pytestmark = pytest.mark.django_db

CONTACT = {
    "name": "Dafydd Marchbank",
    "how_to_reach": "07700 900123",
    "could_offer": "A buddy at five-a-side on Thursdays",
    "consent_on": "2026-10-01",
    "consent_how": "in_person",
    "opportunity_type": "group",
}


def _add(cast: Cast, actor: str = "worker", **changes: str) -> WorkerContact:
    response = cast.client(actor).post(reverse("directory:contact_new"), CONTACT | changes)
    assert response.status_code == 302, response.content.decode()[:2000]
    return WorkerContact.objects.latest("id")


def test_a_contact_is_private_to_its_worker_until_shared(cast: Cast) -> None:
    contact = _add(cast)
    assert contact.worker == cast.users["worker"] and not contact.shared_with_team
    mine = cast.client("worker").get(reverse("directory:contacts")).content.decode()
    assert "Dafydd Marchbank" in mine and "1 October 2026" in mine and "in person" in mine
    manager = cast.client("manager")
    assert "Dafydd Marchbank" not in manager.get(reverse("directory:contacts")).content.decode()
    assert manager.get(reverse("directory:contact_edit", args=[contact.pk])).status_code == 404

    cast.client("worker").post(
        reverse("directory:contact_edit", args=[contact.pk]), CONTACT | {"shared_with_team": "on"}
    )
    shared = manager.get(reverse("directory:contacts")).content.decode()
    assert "Dafydd Marchbank" in shared and "Wil Carden" in shared
    # Shared is for reading and suggesting; changing and deleting stay with the worker.
    assert manager.get(reverse("directory:contact_edit", args=[contact.pk])).status_code == 403
    assert manager.post(reverse("directory:contact_delete", args=[contact.pk])).status_code == 403
    # Another organisation never sees it, shared or not.
    other = cast.client("other_manager")
    assert "Dafydd Marchbank" not in other.get(reverse("directory:contacts")).content.decode()
    assert other.get(reverse("directory:contact_edit", args=[contact.pk])).status_code == 404


def test_consent_is_required_and_cannot_be_in_the_future(cast: Cast) -> None:
    worker = cast.client("worker")
    response = worker.post(reverse("directory:contact_new"), CONTACT | {"consent_on": ""})
    assert response.status_code == 200 and "This field is required" in response.content.decode()
    response = worker.post(reverse("directory:contact_new"), CONTACT | {"consent_on": "2099-01-01"})
    assert "cannot be in the future" in response.content.decode()
    response = worker.post(reverse("directory:contact_new"), CONTACT | {"consent_how": "telepathy"})
    assert "Select a valid choice" in response.content.decode()
    assert not WorkerContact.objects.exists()


def test_changes_are_audited_with_the_contacts_details_sealed(cast: Cast) -> None:
    contact = _add(cast)
    entry = AuditEntry.objects.get(object_type="community.workercontact", object_id=str(contact.pk))
    assert entry.action == "create" and entry.subject == f"community.contact:{contact.pk}"
    assert entry.changes == {} and entry.sealed and "Marchbank" not in entry.object_repr
    cast.client("worker").get(reverse("directory:contacts"))
    assert AuditEntry.objects.filter(
        object_type="community.workercontact", action="view", actor=cast.users["worker"]
    ).exists()


def test_a_contact_is_suggested_as_a_link_and_kept_in_the_persons_copy(cast: Cast) -> None:
    contact = _add(cast)
    person = cast.people["HAR-1"]
    worker = cast.client("worker")
    page = worker.get(reverse("practice:link_new", args=[person.pk])).content.decode()
    assert "Dafydd Marchbank: A buddy at five-a-side" in page
    both = worker.post(
        reverse("practice:link_new", args=[person.pk]), {"contact": contact.pk, "name": "Also this"}
    )
    assert "not both" in both.content.decode() and not CommunityLink.objects.exists()
    neither = worker.post(reverse("practice:link_new", args=[person.pk]), {"note": "x"})
    assert "Choose one of your contacts or name the opportunity" in neither.content.decode()
    response = worker.post(reverse("practice:link_new", args=[person.pk]), {"contact": contact.pk})
    assert response.status_code == 302
    link = CommunityLink.objects.get(person=person)
    assert (link.kind, link.contact, link.name, link.state, link.opportunity_type) == (
        "contact",
        contact,
        "Dafydd Marchbank",
        "suggested",
        "group",  # the contact's own type
    )
    # Another worker's private contact cannot be chosen: it is not among the choices.
    private = _add(cast, "manager", name="Ffion Oakhurst")
    refused = worker.post(reverse("practice:link_new", args=[person.pk]), {"contact": private.pk})
    assert "Select a valid choice" in refused.content.decode()

    archive = zipfile.ZipFile(
        io.BytesIO(cast.client("manager").get(reverse("practice:person_export", args=[person.pk])).content)
    )
    links = json.loads(archive.read("person.json"))["community_links"]
    assert [(k["name"], k["kind"]) for k in links] == [("Dafydd Marchbank", "A worker's own contact")]


def test_a_deleted_contact_leaves_links_and_reviews_without_their_name(cast: Cast) -> None:
    contact = _add(cast)
    assert SubjectKey.objects.filter(subject=f"community.contact:{contact.pk}").exists()
    person = cast.people["HAR-1"]
    worker = cast.client("worker")
    worker.post(reverse("practice:link_new", args=[person.pk]), {"contact": contact.pk})
    link = CommunityLink.objects.get(person=person)
    do_move_link(cast.users["worker"], link, "attended")
    review = do_record_review(cast.users["worker"], person, timezone.localdate(), "Keep going.")
    assert "Dafydd Marchbank" in json.dumps(review.summary)
    response = worker.post(reverse("directory:contact_delete", args=[contact.pk]))
    assert response.status_code == 302 and not WorkerContact.objects.exists()
    link.refresh_from_db()
    review.refresh_from_db()
    assert link.contact is None and link.kind == "contact" and link.state == "attended"
    assert link.name == "A worker's contact (details removed)"
    assert "Dafydd" not in json.dumps(review.summary) and "details removed" in json.dumps(review.summary)
    worker.get(reverse("directory:contacts"))  # the message about the deletion is shown there
    page = worker.get(reverse("practice:person", args=[person.pk])).content.decode()
    assert "Dafydd" not in page and "details removed" in page
    assert AuditEntry.objects.filter(object_type="community.workercontact", action="delete").exists()
    renamed = AuditEntry.objects.filter(object_type="practice.communitylink", note="the contact was deleted")
    assert renamed.count() == 1 and "Dafydd" not in json.dumps(renamed.get().changes)
    # The contact's key is gone: what the trail sealed about them can no longer be opened.
    assert not SubjectKey.objects.filter(subject=f"community.contact:{contact.pk}").exists()


def test_people_supported_and_researchers_have_no_contacts(cast: Cast) -> None:
    for actor in ("individual", "researcher", "admin"):
        assert cast.client(actor).get(reverse("directory:contacts")).status_code == 403
