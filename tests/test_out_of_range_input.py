"""Input that is well formed but out of any range the app can work with: a year typed as 9999 or 0001,
an id larger than a database keeps, a NUL character in an address or a form, a file path that leads
nowhere, a number of days past any calendar. Each gets a message saying what to change, never a server
error or a stack trace, and nothing written."""

from __future__ import annotations

import os
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from connecting_people.accounts.models import Organisation, User
from connecting_people.audit.models import AuditEntry
from connecting_people.community.actions import do_set_publishing
from connecting_people.practice.models import Person

from .conftest import Cast

HUGE_ID = "9" * 20  # larger than any 64-bit id


def test_a_year_out_of_range_is_refused_with_a_message_on_a_record(cast: Cast) -> None:
    client = cast.client("worker")
    before = Person.objects.count()
    response = client.post(
        reverse("practice:person_new"),
        {
            "reference": "HAR-77",
            "full_name": "Tomos Rhys",
            "consent_to_work_on": "9999-12-31",
            "workers": [cast.users["worker"].pk],
        },
    )
    assert response.status_code == 200
    assert "Check the year: give a date from 01/01/1900 to 31/12/2100." in response.content.decode()
    assert Person.objects.count() == before
    form = client.get(reverse("practice:person_new")).content.decode()
    assert 'min="1900-01-01"' in form and 'max="2100-12-31"' in form  # the date picker stops there too


def test_date_filters_out_of_range_say_so(cast: Cast) -> None:
    audit = cast.client("admin").get(reverse("audit:list"), {"date_to": "31/12/9999"})
    assert audit.status_code == 200 and "Check the year" in audit.content.decode()
    network = cast.client("manager").get(
        reverse("partners:network"), {"then": "0001-01-01", "on": "2026-01-01"}
    )
    assert network.status_code == 200 and "Check the year" in network.content.decode()


def test_an_id_larger_than_any_database_keeps_is_no_choice(cast: Cast) -> None:
    person = cast.people["HAR-1"]
    client = cast.client("worker")
    before = person.sessions.count()
    response = client.post(
        reverse("practice:session_new", args=[person.pk]),
        {"date": "2026-11-20", "status": "held", "minutes": "60", "components": [HUGE_ID]},
    )
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert person.sessions.count() == before
    edit = cast.client("manager").post(
        reverse("practice:person_edit", args=[person.pk]),
        {"reference": person.reference, "full_name": person.full_name, "workers": [HUGE_ID]},
    )
    assert edit.status_code == 200 and "Select a valid choice" in edit.content.decode()
    researcher = cast.client("researcher")
    assert researcher.get(reverse("fieldwork:sources"), {"site": HUGE_ID}).status_code == 200
    assert researcher.get(reverse("fieldwork:search"), {"q": "allotment", "site": HUGE_ID}).status_code == 200


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("model", "export", "latest", "--out", "{missing}/model.yaml"),
            "Could not use {missing}/model.yaml",
        ),
        (("model", "diagram", "latest", "--out", "{folder}"), "Could not use {folder}"),
        (("guide", "clean-builds", "--older-than", "1000000"), "--older-than must be from 0 to 36500 days"),
        (("fieldwork", "gc", "--grace", "99999999999999"), "--grace must be from 0 to 525600 minutes"),
    ],
)
def test_commands_given_a_path_or_a_number_they_cannot_use(
    cast: Cast, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    places = {"missing": str(tmp_path / "no-such-folder"), "folder": str(tmp_path)}
    with pytest.raises(CommandError, match=message.format(**places).replace(".", r"\.")):
        call_command(*[arg.format(**places) for arg in args], stdout=StringIO())


def test_createadmin_checks_the_username_email_and_organisation_before_writing(
    db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(os.environ, "CPI_ADMIN_PASSWORD", "a-long-and-unusual-passphrase-7")
    for args, message in [
        (("a" * 300, "--organisation", "Seabrook"), "username: Ensure this value has at most 150 characters"),
        (
            ("ada", "--organisation", "Seabrook", "--email", "notanemail"),
            "email: Enter a valid email address",
        ),
        (("ada", "--organisation", "S" * 500), "name: Ensure this value has at most"),
        (("ad\x00a", "--organisation", "Seabrook"), "cannot hold a NUL character"),
    ]:
        with pytest.raises(CommandError, match=message):
            call_command("createadmin", *args, stdout=StringIO())
    assert not User.objects.exists() and not Organisation.objects.exists() and not AuditEntry.objects.exists()
    call_command("createadmin", "ada", "--organisation", "Seabrook", stdout=StringIO())
    assert User.objects.get().organisation == Organisation.objects.get(name="Seabrook")


def test_a_nul_character_in_an_address_or_a_form_is_refused_before_any_view(cast: Cast) -> None:
    """PostgreSQL cannot compare text with a NUL in it, so without the refusal the public directory API's
    search was a server error there; SQLite answered. Now both refuse the same way."""
    do_set_publishing(None, cast.orgs["harbourside"], publish=True, api_name="harbourside")
    anonymous = cast.client("anonymous")
    api = reverse("community:api_services", args=["harbourside"])
    assert anonymous.get(api, {"search": "choir"}).status_code == 200
    for response in (
        anonymous.get(api, {"search": "ch\x00oir"}),
        anonymous.get(reverse("community:api_service", args=["harbourside", "a\x00b"])),
        cast.client("worker").get(reverse("practice:people"), {"q": "\x00"}),
    ):
        assert response.status_code == 400
        assert "held a NUL character (a zero byte), which is not text" in response.content.decode()
    person = cast.people["HAR-1"]
    before = person.sessions.count()
    posted = cast.client("worker").post(
        reverse("practice:session_new", args=[person.pk]),
        {"date": "2026-11-20", "status": "held", "place": "Library\x00 café"},
    )
    assert posted.status_code == 400 and person.sessions.count() == before
