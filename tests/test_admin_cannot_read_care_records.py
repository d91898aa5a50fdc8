"""Administrators administer; they do not read care records (issue 12, finding 3). Each administrator signs in
and walks every page of the site and the admin site it can reach, and every audit export, looking for the
sensitive things workers and researchers wrote; the trail still shows who, when, which record and which
fields."""

from __future__ import annotations

import csv
import io
import re
from urllib.parse import urldefrag, urlsplit

from django.test import Client
from django.urls import reverse

from connecting_people.accounts.actions import do_create_user
from connecting_people.accounts.roles import Role

from .conftest import PASSWORD, Cast

SENSITIVE = [
    "Alys Penrose",
    "Philippa Stourhead",
    "07700 900123",
    "philippa@example.org",
    "PRIVATE: seemed low",
    "Told me about the overdose in March",
    "We looked at the choir timetable together",
    "I want to sing with other people again",
    "Aunt Bea",
    "Cousin Ottoline",
    "Ask how the choir taster went",
    "Gwen Ashdown",
    "Keep going to the choir",
]
AUDITED_TYPES = [
    "practice.person",
    "practice.session",
    "practice.goal",
    "practice.goalaction",
    "practice.networkmap",
    "practice.mapmember",
    "practice.review",
    "fieldwork.participant",
    "fieldwork.excerpt",
    "accounts.user",
]
LINK = re.compile(r'href="([^"]+)"')
PAGE_LIMIT = 400


def seed_care_records(cast: Cast) -> None:
    """A worker records a new person, a session with a private reflection, a goal and someone on a map."""
    worker = cast.client("worker")
    worker.post(
        reverse("practice:person_new"),
        {
            "reference": "HAR-7",
            "full_name": "Philippa Stourhead",
            "phone": "07700 900123",
            "email": "philippa@example.org",
            "workers": [cast.users["worker"].pk],
        },
    )
    person = cast.people["HAR-1"]
    worker.post(
        reverse("practice:session_new", args=[person.pk]),
        {
            "date": "05/11/2026",
            "status": "held",
            "minutes": "45",
            "shared_notes": "We looked at the choir timetable together.",
            "private_reflections": "Told me about the overdose in March.",
        },
    )
    worker.post(
        reverse("practice:member_new", args=[cast.practice["map"].pk]),
        {
            "new-label": "Cousin Ottoline",
            "new-kind": "person",
            "new-relationship": "family",
            "new-circle": "1",
            "new-frequency": "weekly",
            "new-quality": "strong",
        },
    )


def administrator(cast: Cast, key: str) -> Client:
    user = (
        cast.users["admin"]
        if key == "fernhill"
        else do_create_user(
            None,
            password=PASSWORD,
            username=f"{key}_admin",
            organisation=cast.orgs[key],
            role=Role.ADMINISTRATOR,
        )
    )
    client = Client()
    client.force_login(user)
    return client


def walk(client: Client, starts: list[str]) -> dict[str, str]:
    """Every page reachable by following links from the starting pages (GET only, never signing out)."""
    seen: dict[str, str] = {}
    queue = list(starts)
    while queue and len(seen) < PAGE_LIMIT:
        url = queue.pop(0)
        if url in seen:
            continue
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        seen[url] = body.decode(errors="replace")
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for href in LINK.findall(seen[url]):
            href = urldefrag(href.replace("&amp;", "&"))[0]
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not href.startswith("/") or href.startswith("/static/"):
                continue
            if "logout" in href or "password" in href or href in seen:
                continue
            queue.append(href)
    return seen


def test_no_administrator_reads_a_care_record_anywhere(cast: Cast) -> None:
    seed_care_records(cast)
    starts = [reverse("core:home"), reverse("audit:list"), reverse("audit:export"), "/admin/"]
    starts += [f"{reverse('audit:list')}?object_type={kind}" for kind in AUDITED_TYPES]
    starts += [f"{reverse('audit:export')}?object_type={kind}" for kind in AUDITED_TYPES]
    for key in ("harbourside", "northbridge", "fernhill"):
        pages = walk(administrator(cast, key), starts)
        assert len(pages) > 20 and any("/admin/audit/auditentry/" in url for url in pages), key
        leaks = [(url, secret) for url, body in pages.items() for secret in SENSITIVE if secret in body]
        assert leaks == [], f"{key}'s administrator read {leaks[:5]}"


def test_the_trail_still_says_who_when_which_record_and_which_fields(cast: Cast) -> None:
    seed_care_records(cast)
    session = cast.people["HAR-1"].sessions.order_by("-id").first()
    harbourside = administrator(cast, "harbourside")
    page = harbourside.get(reverse("audit:list"), {"object_type": "practice.session"}).content.decode()
    assert (
        f"practice.session #{session.pk}" in page
        and "private_reflections" in page
        and "worker (Worker)" in page
    )
    rows = list(
        csv.DictReader(
            io.StringIO(
                b"".join(
                    harbourside.get(
                        reverse("audit:export"), {"object_type": "practice.person"}
                    ).streaming_content
                ).decode()
            )
        )
    )
    created = [row for row in rows if row["action"] == "create" and row["object"] == "HAR-7"]
    assert created and "full_name" in created[0]["fields"] and created[0]["changes"] == ""
    # Staff accounts are the administrators' to administer: their values are shown.
    staff = harbourside.get(
        reverse("audit:list"), {"object_type": "accounts.user", "object_id": cast.users["worker"].pk}
    )
    worker = cast.users["worker"]
    assert (
        worker.first_name
        and worker.first_name in staff.content.decode()
        and "job_title" in staff.content.decode()
    )
    # Another organisation's administrator does not see Harbourside's entries at all.
    northbridge = administrator(cast, "northbridge")
    rows = list(
        csv.DictReader(
            io.StringIO(b"".join(northbridge.get(reverse("audit:export")).streaming_content).decode())
        )
    )
    organisations = {row["organisation_id"] for row in rows}
    assert organisations <= {str(cast.orgs["northbridge"].pk), ""} and len(rows) > 0


def test_an_administrator_sees_their_own_actions_on_another_organisation(cast: Cast) -> None:
    admin = cast.client("admin")
    response = admin.post(
        "/admin/accounts/organisation/add/",
        {"name": "Seaview Collective", "sector": "third_sector", "region": "london", "client_group": ""},
    )
    assert response.status_code == 302
    page = admin.get(reverse("audit:list"), {"object_type": "accounts.organisation"}).content.decode()
    assert "Seaview Collective" in page  # what administrators administer is shown with its values
    assert "Harbourside Connections" not in page  # another organisation's entries are not


def test_a_person_supported_is_found_in_the_accounts_by_username_only(cast: Cast) -> None:
    """The list shows no name for a person supported; a search by their name or email must not find
    them either, or it would tell an administrator whether someone is supported."""
    individual = cast.users["individual"]
    individual.email = "alys.penrose@example.org"
    individual.save()
    client = cast.client("admin")

    def found(term: str) -> list[str]:
        page = client.get(reverse("admin:accounts_user_changelist"), {"q": term}).content.decode()
        return sorted(set(re.findall(r'href="/admin/accounts/user/(\d+)/change/', page)))

    assert found("Penrose") == [] and found("Alys") == [] and found("alys.penrose@example") == []
    assert found(individual.username) == [str(individual.pk)]
    worker = cast.users["worker"]
    assert str(worker.pk) in found(worker.last_name)  # staff are still found by name
