"""The commissioner report (issue 15) against a hand-built example: links made by kind and outcome, the
share still going three and six months after the person first went, reasons for stopping, community
organisations reached, partnerships and co-produced activities, links and referrals per partner; small
numbers shown as "fewer than 5" and the rest rounded to the nearest 5, shares only with five or more on
each side, so no hidden count can be worked out from the others; never a person's name or reference, on the
page, in the PDF or the CSV; managers only."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from connecting_people.community.models import Organization, Service, WorkerContact
from connecting_people.partnerships.models import CoProduction, Partner
from connecting_people.partnerships.report import Figure, Lasting
from connecting_people.practice.actions import do_move_link, do_save_person, do_suggest_link
from connecting_people.practice.models import CommunityLink, LinkStep, Person

from .conftest import Cast
from .pdfcheck import assert_tagged, page_texts

pytestmark = pytest.mark.django_db

PERIOD = {"start": "2026-01-01", "end": "2026-06-30"}
# The page's queries: the user; links made by type and state, and by where they were found and state;
# the steps of the links first going in the period; reasons for stopping; organisations reached;
# partners; the links to their groups; the people they referred; co-produced activities and their partners.
QUERIES = 11


def _at(day: str) -> dt.datetime:
    return timezone.make_aware(dt.datetime.fromisoformat(day + "T10:00"))


def _link(person: Person, steps: list[tuple[str, str, str]], *, made: str, **target: object) -> CommunityLink:
    """A link made on `made`, then moved through (state, day, stop reason) steps on those days."""
    link = do_suggest_link(None, person, **target)  # type: ignore[arg-type]
    LinkStep.objects.filter(link=link).update(at=_at(made))
    for state, day, reason in steps:
        do_move_link(None, link, state, stop_reason=reason, note="")
        LinkStep.objects.filter(link=link, state=state).update(at=_at(day))
    CommunityLink.objects.filter(pk=link.pk).update(created_at=_at(made))  # after the saves of the moves
    return link


@pytest.fixture
def example(cast: Cast) -> dict[str, object]:
    owner = cast.orgs["harbourside"]
    trust_org = Organization.objects.create(owner=owner, oruk_id="o-1", name="Saltmarsh Trust")
    rowing_org = Organization.objects.create(owner=owner, oruk_id="o-2", name="Harbour Rowing Club")
    late_org = Organization.objects.create(owner=owner, oruk_id="o-3", name="Late Starters")
    walks = Service.objects.create(
        owner=owner, oruk_id="s-1", organization=trust_org, name="Walks", status="active"
    )
    rowing = Service.objects.create(
        owner=owner, oruk_id="s-2", organization=rowing_org, name="Row", status="active"
    )
    late = Service.objects.create(
        owner=owner, oruk_id="s-3", organization=late_org, name="Late", status="active"
    )
    trust = Partner.objects.create(
        organisation=owner,
        name="Saltmarsh Trust",
        kind="voluntary",
        since=dt.date(2020, 1, 1),
        relationships=["referral_out"],
        directory_organization=trust_org,
    )
    church = Partner.objects.create(
        organisation=owner,
        name="St Brannock's Church",
        kind="faith",
        since=dt.date(2026, 3, 1),
        relationships=["referral_in", "shared_premises"],
    )
    Partner.objects.create(
        organisation=owner,
        name="Old Mill Café",
        kind="business",
        since=dt.date(2019, 1, 1),
        ended_on=dt.date(2025, 6, 1),
    )
    people = [cast.people["HAR-1"], cast.people["HAR-2"]]
    for n in range(3, 9):
        people.append(
            do_save_person(
                None,
                Person(
                    reference=f"HAR-{n}",
                    full_name=f"Zebedee Quartermaine{n}",
                    organisation=owner,
                    referred_by=church if n >= 7 else None,
                ),
            )
        )
    Person.objects.filter(reference__in=["HAR-7", "HAR-8"]).update(created_at=_at("2026-04-01"))
    continuing = [("introduced", "2026-02-10", ""), ("continuing", "2026-03-01", "")]
    for person in people[:4]:  # continuing at three and at six months
        _link(person, continuing, made="2026-02-01", service=walks, opportunity_type="group")
    # Went from 1 March, stopped 1 May: it did not last three months.
    _link(
        people[4],
        [*continuing, ("stopped", "2026-05-01", "cost")],
        made="2026-02-01",
        service=walks,
        opportunity_type="group",
    )
    # Went on 20 February, stopped on 1 July (after the period): three months, not six.
    _link(
        people[5],
        [
            ("introduced", "2026-02-10", ""),
            ("attended", "2026-02-20", ""),
            ("stopped", "2026-07-01", "anxiety"),
        ],
        made="2026-02-01",
        service=rowing,
    )
    contact = WorkerContact.objects.create(
        organisation=owner,
        worker=cast.users["worker"],
        name="Dafydd Marchbank",
        how_to_reach="x",
        could_offer="A buddy",
        consent_on=dt.date(2026, 1, 1),
        consent_how="phone",
        opportunity_type="volunteering",
    )
    _link(people[6], [], made="2026-03-01", contact=contact)
    _link(people[7], [], made="2026-03-01", contact=contact)
    _link(people[0], [("stopped", "2026-01-15", "transport")], made="2025-12-01", name="Bowls")  # made before
    _link(people[1], [], made="2026-08-01", service=late)  # made after
    activity = CoProduction.objects.create(
        organisation=owner,
        held_on=dt.date(2026, 5, 5),
        title="Harbour clean-up day",
        stage="delivered",
        took_part="Workers and people who use the service",
        decided="Do it again",
    )
    activity.partners.set([trust, church])
    CoProduction.objects.create(
        organisation=owner,
        held_on=dt.date(2025, 11, 1),
        title="Earlier",
        stage="designed",
        took_part="x",
        decided="x",
    )
    return {"people": people}


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_report_gives_the_hand_worked_figures(cast: Cast, example: dict[str, object]) -> None:
    response = cast.client("manager").get(reverse("partners:report"), PERIOD)
    assert response.status_code == 200
    text = _text(response.content.decode())
    assert "1 January 2026 to 30 June 2026" in text
    # By type: the walks are a group (4 continuing, 1 stopped); the rowing club's type was never said
    # (a directory suggestion); the contact's two links take the contact's type, volunteering.
    made = text[text.find("Links made") : text.find("Where they were found")]
    assert "A group or club 0 0 0 0 fewer than 5 fewer than 5 5" in made, made
    assert "Volunteering fewer than 5 0 0 0 0 0 fewer than 5" in made
    assert "Not recorded 0 0 0 0 0 fewer than 5 fewer than 5" in made
    assert "A course or class 0 0 0 0 0 0 0" in made and "Directory" not in made
    # Where found: six to directory opportunities (4 continuing, 2 stopped), two to contacts. The row's
    # total is rounded (6 shown as 5), so its hidden counts cannot be worked out from it.
    assert "A directory opportunity 0 0 0 0 fewer than 5 fewer than 5 5" in text, text[
        text.find("Links made") : text.find("Still going")
    ]
    assert "A worker's own contact fewer than 5 0 0 0 0 0 fewer than 5" in text.replace("&#x27;", "'")
    assert "Something not listed 0 0 0 0 0 0 0" in text and "(10 in all)" in text
    # Started going in the period: 6 (the review's rule, practice/lasting.py: months count from the first
    # time the person went). Still going at 3 months: 5 of 6 (83%), so one had stopped, and 83% would give
    # that one away; at 6 months: 4 of 6.
    assert "3 months 5 5 not shown: fewer than 5 stopped" in text
    assert "6 months 5 fewer than 5 not shown: fewer than 5 still going" in text and "%" not in text
    # Stopped in the period: one for cost, one for transport (the link made before the period); the
    # rowing club's stop for anxiety came after it.
    assert "Cost fewer than 5" in text and "Transport fewer than 5" in text and "Anxiety 0" in text
    assert "2 organisations in your directory" in text
    assert "Harbour Rowing Club, Saltmarsh Trust" in text and "Late Starters" not in text
    # Partners in the period: the trust and the church (new); the café ended before it.
    assert "2 partners in the period (1 faith, 1 voluntary)" in text and "Old Mill" not in text
    assert "Saltmarsh Trust Voluntary We refer people to them 5 5 0 1" in text
    assert (
        "St Brannock's Church new Faith Refers people to us; Shared premises 0 0 fewer than 5 1"
        in text.replace("&#x27;", "'")
    )
    assert (
        "1 in the period: 0 designed together, 1 delivered together" in text
        and "Harbour clean-up day" in text
    )
    assert "Earlier" not in text


def test_the_report_names_nobody_in_any_form(cast: Cast, example: dict[str, object], tmp_path: Path) -> None:
    manager = cast.client("manager")
    page = manager.get(reverse("partners:report"), PERIOD).content.decode()
    csv_response = manager.get(reverse("partners:report"), PERIOD | {"format": "csv"})
    assert csv_response["Content-Type"].startswith("text/csv")
    body = csv_response.content.decode()
    pdf = manager.get(reverse("partners:report"), PERIOD | {"format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf"
    assert_tagged(pdf.content, "Commissioner report")
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf.content)
    pdf_text = " ".join(page_texts(path))
    assert "Saltmarsh Trust" in pdf_text and "fewer than 5 still going" in pdf_text
    for output in (page, body, pdf_text):
        for forbidden in ("Alys", "Penrose", "Bryn", "Carew", "Quartermaine", "HAR-", "Dafydd", "Marchbank"):
            assert forbidden not in output
    rows = list(csv.reader(io.StringIO(body)))
    assert ["still going", "at 6 months", "share", "not shown: fewer than 5 still going"] in rows
    assert ["partner", "Saltmarsh Trust", "links made to its groups", "5"] in rows
    assert ["partner", "St Brannock's Church", "people it referred", "fewer than 5"] in rows
    assert ["links made", "all", "all", "10"] in rows
    assert ["links made", "A group or club", "Continuing", "fewer than 5"] in rows
    assert ["links made", "Not recorded", "all", "fewer than 5"] in rows
    assert ["links made, where found", "A directory opportunity", "all", "5"] in rows


def test_only_managers_get_it_and_bad_periods_are_refused(cast: Cast, example: dict[str, object]) -> None:
    assert cast.client("worker").get(reverse("partners:report")).status_code == 403
    assert cast.client("individual").get(reverse("partners:report")).status_code == 403
    other = cast.client("other_manager").get(reverse("partners:report"), PERIOD).content.decode()
    assert "Saltmarsh" not in other and "(0 in all)" in _text(other)
    manager = cast.client("manager")
    backwards = manager.get(reverse("partners:report"), {"start": "2026-06-30", "end": "2026-01-01"})
    assert backwards.status_code == 400 and "comes after its start" in backwards.content.decode()
    nonsense = manager.get(
        reverse("partners:report"), {"start": "soon", "end": "2026-01-01", "format": "csv"}
    )
    assert nonsense.status_code == 400 and "Enter a valid date" in nonsense.content.decode()
    assert manager.get(reverse("partners:report")).status_code == 200  # the year to today by default


def test_the_command_writes_what_the_web_serves(
    cast: Cast, example: dict[str, object], tmp_path: Path
) -> None:
    web = cast.client("manager").get(reverse("partners:report"), PERIOD | {"format": "csv"}).content.decode()
    out = tmp_path / "report.csv"
    said = io.StringIO()
    call_command(
        "partners",
        "report",
        "--organisation",
        "harbourside connections",
        "--from",
        PERIOD["start"],
        "--to",
        PERIOD["end"],
        "--format",
        "csv",
        "--out",
        str(out),
        stdout=said,
    )
    assert out.read_bytes().decode("utf-8") == web and "Wrote the commissioner report" in said.getvalue()
    pdf = tmp_path / "report.pdf"
    call_command(
        "partners",
        "report",
        "--organisation",
        "Harbourside Connections",
        "--from",
        PERIOD["start"],
        "--to",
        PERIOD["end"],
        "--format",
        "pdf",
        "--out",
        str(pdf),
        stdout=io.StringIO(),
    )
    assert_tagged(pdf.read_bytes(), "Commissioner report")
    with pytest.raises(CommandError, match="comes after its start"):
        call_command(
            "partners",
            "report",
            "--organisation",
            "Harbourside Connections",
            "--from",
            "2026-06-01",
            "--to",
            "2026-01-01",
            "--format",
            "csv",
            "--out",
            str(out),
            stdout=io.StringIO(),
        )
    with pytest.raises(CommandError, match="No organisation called"):
        call_command(
            "partners",
            "report",
            "--organisation",
            "Nowhere",
            "--from",
            "2026-01-01",
            "--to",
            "2026-06-01",
            "--format",
            "csv",
            "--out",
            str(out),
            stdout=io.StringIO(),
        )


@pytest.mark.parametrize(
    "n, shown",
    [
        (0, "0"),
        (1, "fewer than 5"),
        (4, "fewer than 5"),
        (5, "5"),
        (7, "5"),
        (8, "10"),
        (12, "10"),
        (13, "15"),
        (103, "105"),
    ],
)
def test_a_count_is_hidden_below_five_and_rounded_to_five_above(n: int, shown: str) -> None:
    assert str(Figure(n)) == shown


@pytest.mark.parametrize(
    "due, lasted, share",
    [
        (20, 12, "60%"),
        (10, 5, "50%"),
        (4, 4, "not shown: fewer than 5 links"),
        (20, 4, "not shown: fewer than 5 still going"),
        (20, 16, "not shown: fewer than 5 stopped"),  # 80% of a total rounded to 20 gives 4 away
    ],
)
def test_a_share_is_given_only_with_five_or_more_on_each_side(due: int, lasted: int, share: str) -> None:
    assert Lasting(3, Figure(due), Figure(lasted)).share == share


def test_the_report_page_makes_the_same_queries_however_much_there_is(
    cast: Cast,
    example: dict[str, object],
    django_assert_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    """The page's queries do not grow with the links, partners, steps or activities: each figure is one
    grouped query over the period, whatever it holds."""
    manager = cast.client("manager")
    url = reverse("partners:report")
    manager.get(url, PERIOD)  # the session is in the cache from now on
    with django_assert_num_queries(QUERIES):
        assert manager.get(url, PERIOD).status_code == 200
    owner = cast.orgs["harbourside"]
    people: list[Person] = example["people"]  # type: ignore[assignment]
    for n in range(4):
        org = Organization.objects.create(owner=owner, oruk_id=f"o-extra-{n}", name=f"Extra club {n}")
        service = Service.objects.create(
            owner=owner, oruk_id=f"s-extra-{n}", organization=org, name=f"Extra {n}", status="active"
        )
        partner = Partner.objects.create(
            organisation=owner,
            name=f"Extra partner {n}",
            kind="voluntary",
            since=dt.date(2025, 1, 1),
            relationships=["referral_out"],
            directory_organization=org,
        )
        for person in people[:3]:
            _link(
                person,
                [
                    ("introduced", "2026-02-10", ""),
                    ("attended", "2026-03-01", ""),
                    ("stopped", "2026-04-01", "cost"),
                ],
                made="2026-02-01",
                service=service,
                opportunity_type="course",
            )
        activity = CoProduction.objects.create(
            organisation=owner,
            held_on=dt.date(2026, 4, n + 1),
            title=f"Extra activity {n}",
            stage="designed",
            took_part="Workers",
            decided="x",
        )
        activity.partners.set([partner])
    with django_assert_num_queries(QUERIES):
        page = _text(manager.get(url, PERIOD).content.decode())
    assert "6 organisations in your directory" in page and "6 partners in the period" in page
    assert "5 in the period: 4 designed together, 1 delivered together" in page
