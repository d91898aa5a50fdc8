"""Figures a researcher can put in a paper (issue 18). One fixture, built by the app's own actions, holds
double coding, a withdrawal, a register correction, a late participant assignment, a second model
version, tied ratings and small-n consultation ratings; every figure on a page or in an export is
recomputed here independently: plain SQL for counts, scikit-learn for kappa, numpy and statistics for
quartiles, NetworkX for the maps, exact fractions for the gold standard."""

from __future__ import annotations

import csv
import datetime as dt
import io
import statistics
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

import networkx as nx
import numpy
import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from sklearn.metrics import cohen_kappa_score

from connecting_people.accounts.actions import do_create_user
from connecting_people.audit.models import AuditEntry
from connecting_people.consult.actions import do_invite, do_rate, do_save_round, do_submit
from connecting_people.consult.models import Round
from connecting_people.consult.report import public_summary
from connecting_people.fieldwork.actions import do_save_participant, do_save_site
from connecting_people.fieldwork.agreement import do_mark_done, do_start_double_coding
from connecting_people.fieldwork.coding import do_code_passage, locate
from connecting_people.fieldwork.importing import ImportItem, import_one
from connecting_people.fieldwork.models import Excerpt, Participant, Site, Source
from connecting_people.guide.actions import do_create_guide, do_save_site_rating
from connecting_people.guide.gold import DEFAULT_SCALE, choose
from connecting_people.interventions.actions import do_publish_version
from connecting_people.interventions.models import Component
from connecting_people.practice.maps import do_new_map, do_save_member, do_set_ties
from connecting_people.practice.models import MapMember, MapTie

from .conftest import Cast

FO, LI, BR = "find-opportunities", "link-and-introduce", "build-relationship"

QUAY = (
    "Interviewer: Tell me about the lunch club. What happened first?\n\n"
    "Q-W: We met Dr. Khan at the café. He runs the lunch club on Fridays.\n\n"
    'Q-X: I went along… it was fine. The soup was good! She said "Come again." I did.\n\n'
    "Q-I: I found the walking group. We go every week.\n\n"
    "Interviewer: Anything else?\n"
)
# The sentences of QUAY by the documented rule, written out by hand; Q-X's are 5 to 8.
QUAY_SENTENCES = [
    "Interviewer: Tell me about the lunch club.",
    "What happened first?",
    "Q-W: We met Dr. Khan at the café.",
    "He runs the lunch club on Fridays.",
    "Q-X: I went along… it was fine.",
    "The soup was good!",
    'She said "Come again."',
    "I did.",
    "Q-I: I found the walking group.",
    "We go every week.",
    "Interviewer: Anything else?",
]
WITHDRAWN = {4, 5, 6, 7}  # indexes of Q-X's sentences


def half_up(value: Any, places: int) -> str:
    """An independent half-up rounding for the expected text (Decimal from the exact decimal text)."""
    exact = (
        Decimal(value.numerator) / Decimal(value.denominator)
        if isinstance(value, Fraction)
        else Decimal(repr(float(value)))
    )
    return str(exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def _source(cast: Cast, name: str, text: str, site: Site | None, people: list[Participant]) -> Source:
    result = import_one(
        cast.users["researcher"],
        cast.orgs["fernhill"],
        ImportItem(name, text.encode, site=site, participants=people),
    )
    return Source.objects.get(pk=result.source_id)


def build_paper(cast: Cast) -> dict[str, Any]:
    team = cast.orgs["fernhill"]
    a = cast.users["researcher"]
    b = do_create_user(
        None,
        password="second-coder-passphrase-1",
        username="coder_b",
        organisation=team,
        role="researcher",
        first_name="Bea",
    )
    c = do_create_user(
        None,
        password="third-rater-passphrase-1",
        username="rater_c",
        organisation=team,
        role="researcher",
        first_name="Cal",
    )
    riverside = cast.fieldwork["site"]
    quay = do_save_site(a, Site(team=team, name="Quayside Hub", region="london", sector="third_sector"))
    lake = do_save_site(a, Site(team=team, name="Lakeside Group", region="wales", sector="service_user_led"))

    def person(site: Site, pseudonym: str, perspective: str) -> Participant:
        return do_save_participant(
            a, Participant(site=site, pseudonym=pseudonym, perspective=perspective, consent_to_quote=True)
        )

    q_w, q_x = person(quay, "Q-W", "worker"), person(quay, "Q-X", "individual")
    q_i = person(quay, "Q-I", "volunteer")  # entered wrongly: corrected in the register later
    l_w, l_i = person(lake, "L-W", "worker"), person(lake, "L-I", "individual")
    v1 = {k: Component.objects.get(version=cast.published, key=k) for k in (FO, LI, BR)}

    def code(user: Any, source: Source, words: str, component: Component) -> None:
        do_code_passage(
            user, source, locate(source.text, None, None, words), components=[component], kind="example"
        )

    quay_source = _source(cast, "quay.txt", QUAY, quay, [q_w, q_x, q_i])
    quay_pair = do_start_double_coding(a, quay_source, a, b)
    code(a, quay_source, "We met Dr. Khan at the café. He runs the lunch club on Fridays.", v1[FO])
    code(b, quay_source, "He runs the lunch club on Fridays.", v1[FO])
    code(b, quay_source, "We met Dr. Khan at the café.", v1[FO])
    code(a, quay_source, "I found the walking group.", v1[FO])
    code(b, quay_source, "I found the walking group. We go every week.", v1[FO])
    code(a, quay_source, "Tell me about the lunch club.", v1[LI])  # the interviewer: unattributed
    code(a, quay_source, "I went along… it was fine.", v1[LI])
    code(b, quay_source, "The soup was good!", v1[LI])
    code(b, quay_source, "We go every week.", v1[LI])
    for coder in (a, b):
        do_mark_done(coder, quay_pair)

    note = _source(cast, "note.txt", "We walked to the park together.", lake, [l_w])
    note_pair = do_start_double_coding(a, note, a, b)
    code(a, note, "We walked to the park together.", v1[FO])
    code(b, note, "We walked to the park together.", v1[FO])
    for coder in (a, b):
        do_mark_done(coder, note_pair)

    inbox = _source(cast, "inbox.txt", "L-I: The knitting circle meets at the library.\n", None, [])
    code(a, inbox, "The knitting circle meets at the library.", v1[FO])  # coded in the inbox, assigned later

    river = Source.objects.get(pk=cast.fieldwork["source"])
    code(a, river, "At the allotment, on a wet Tuesday.", v1[FO])
    code(a, river, "We kept going back.", v1[FO])

    # A second published version of the model; new evidence is coded against it.
    do_publish_version(a, cast.draft)
    v2_fo = Component.objects.get(version=cast.draft, key=FO)
    lake2 = _source(cast, "lake2.txt", "L-W: Members bring a friend to the Saturday swim.\n", lake, [l_w])
    code(a, lake2, "Members bring a friend to the Saturday swim.", v2_fo)

    guide = do_create_guide(a, team, cast.published)
    for rater, site, score in [
        (a, quay, 4),
        (b, quay, 5),
        (a, lake, 5),
        (b, lake, 4),
        (a, riverside, 4),
        (b, riverside, 4),
        (c, riverside, 5),
    ]:
        do_save_site_rating(rater, guide, v1[FO], site.pk, score, "", [])
    return {
        "b": b,
        "quay": quay,
        "lake": lake,
        "riverside": riverside,
        "q_i": q_i,
        "q_x": q_x,
        "l_i": l_i,
        "quay_source": quay_source,
        "note": note,
        "inbox": inbox,
        "guide": guide,
        "v1": v1,
    }


@pytest.fixture
def paper(cast: Cast) -> dict[str, Any]:
    return build_paper(cast)


# --- independent recomputation of the evidence counts in SQL --------------------------------------

PASSAGE_HEADS = """
SELECT c.key, s.site_id, COALESCE(p.perspective, ''), COUNT(*)
FROM fieldwork_excerpt e
JOIN fieldwork_source s ON s.id = e.source_id
JOIN fieldwork_excerptcomponent ec ON ec.excerpt_id = e.id
JOIN interventions_component c ON c.id = ec.component_id
JOIN interventions_modelversion v ON v.id = c.version_id
LEFT JOIN fieldwork_participant p ON p.id = e.participant_id
WHERE s.team_id = %s AND v.status = 'published' AND p.withdrawn_on IS NULL
  AND NOT (e.participant_id IS NULL AND EXISTS (
      SELECT 1 FROM fieldwork_source_participants sp JOIN fieldwork_participant w ON w.id = sp.participant_id
      WHERE sp.source_id = s.id AND w.withdrawn_on IS NOT NULL))
  AND NOT EXISTS (
      SELECT 1 FROM fieldwork_excerpt e2
      JOIN fieldwork_excerptcomponent ec2 ON ec2.excerpt_id = e2.id
      JOIN interventions_component c2 ON c2.id = ec2.component_id
      JOIN interventions_modelversion v2 ON v2.id = c2.version_id
      LEFT JOIN fieldwork_participant p2 ON p2.id = e2.participant_id
      WHERE e2.source_id = e.source_id AND c2.key = c.key AND v2.status = 'published' \
AND p2.withdrawn_on IS NULL
        AND e2.start < e."end" AND e.start < e2."end"
        AND (e2.start < e.start OR (e2.start = e.start AND e2."end" > e."end")
             OR (e2.start = e.start AND e2."end" = e."end" AND e2.id < e.id)))
GROUP BY c.key, s.site_id, COALESCE(p.perspective, '')
"""


def sql_passages(team_id: int) -> dict[tuple[str, int | None, str], int]:
    """Passages counted as the first coding of each run of overlapping codings (same source and key)."""
    with connection.cursor() as cursor:
        cursor.execute(PASSAGE_HEADS, [team_id])
        return {(key, site, view): n for key, site, view, n in cursor.fetchall()}


def sql_codings(team_id: int, key: str) -> int:
    """Every coder's codings to the key (what the pages used to count)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM fieldwork_excerptcomponent ec JOIN fieldwork_excerpt e ON e.id = "
            "ec.excerpt_id JOIN fieldwork_source s ON s.id = e.source_id JOIN interventions_component c ON "
            "c.id = ec.component_id WHERE s.team_id = %s AND c.key = %s",
            [team_id, key],
        )
        return cursor.fetchone()[0]


def assign_inbox(client: Any, paper: dict[str, Any]) -> None:
    """The inbox source goes to Lakeside, with L-I (who speaks in it) attached after it was coded."""
    inbox = paper["inbox"]
    response = client.post(
        reverse("fieldwork:source", args=[inbox.pk]),
        {
            "title": inbox.title,
            "kind": inbox.kind,
            "site": paper["lake"].pk,
            "visit": "",
            "participants": [paper["l_i"].pk],
        },
    )
    assert response.status_code == 302


def scale_with_minimum(tmp_path: Any, monkeypatch: Any, minimum: int) -> None:
    custom = tmp_path / "scale.yaml"
    custom.write_text(
        DEFAULT_SCALE.read_text(encoding="utf-8").replace(
            "minimum_evidence: 3", f"minimum_evidence: {minimum}"
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv("CPI_RATING_SCALE", str(custom))


def coverage_rows(client: Any, by: str) -> dict[str, dict[str, str]]:
    text = client.get(reverse("fieldwork:coverage_csv") + f"?by={by}").content.decode()
    return {row["component_key"]: row for row in csv.DictReader(io.StringIO(text))}


def test_double_coding_counts_each_passage_once_everywhere(
    cast: Cast, paper: dict[str, Any], tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """Finding 1: coverage, the gold standard's evidence and threshold, and the shortlist count passages."""
    team = cast.orgs["fernhill"].pk
    client = cast.client("researcher")
    assign_inbox(client, paper)
    counts = sql_passages(team)
    by_site = coverage_rows(client, "site")
    for site in (paper["quay"], paper["lake"], paper["riverside"]):
        expected = sum(n for (key, s, _v), n in counts.items() if key == FO and s == site.pk)
        assert by_site[FO][site.name] == str(expected)
    assert by_site[FO]["Quayside Hub"] == "2"  # five codings by two researchers, two passages
    assert sql_codings(team, FO) == 11 and by_site[FO]["total"] == "7"
    page = client.get(reverse("fieldwork:coverage")).content.decode()
    assert "codings of overlapping words to the same component count once" in page

    # The gold standard: Quayside and Lakeside tie on 4.5; the tie goes to more evidence, in passages.
    scale_with_minimum(tmp_path, monkeypatch, 2)
    gold = client.get(reverse("guide:gold", args=[paper["guide"].pk])).content.decode()
    assert "Lakeside Group (4.50, 2, 3)" in gold and "<strong>Tie:</strong> Quayside Hub (4.50)" in gold
    # With the shipped threshold of three, Quayside's two passages are not enough (five codings were).
    monkeypatch.setenv("CPI_RATING_SCALE", str(DEFAULT_SCALE))
    component = client.get(reverse("guide:gold_component", args=[paper["guide"].pk, FO])).content.decode()
    assert (
        "Exemplar: <strong>Lakeside Group</strong>, average 4.50 from 2 raters, 3 passages of evidence."
        in component
    )
    assert "Tied with" not in component

    # The shortlist offers the double-coded passage once.
    section = paper["guide"].sections.get(component=paper["v1"][FO])
    shortlist = (
        client.get(reverse("guide:section", args=[section.pk])).content.decode().split('id="shortlist"')[1]
    )
    assert shortlist.count("We met Dr. Khan at the café.") == 1
    assert (
        "5 passages of evidence can be used here" in shortlist
    )  # Riverside's speaker did not agree to be quoted


def agreement_page(client: Any, source: Source) -> str:
    return client.get(reverse("fieldwork:double_coding", args=[source.pk])).content.decode()


def flags(codings: list[str], removed: set[int]) -> list[int]:
    """1 where any of the coder's passages shares a character with the sentence (QUAY_SENTENCES)."""
    spans = [(QUAY.index(words), QUAY.index(words) + len(words)) for words in codings]
    return [
        int(
            any(
                start < QUAY.index(sentence) + len(sentence) and QUAY.index(sentence) < end
                for start, end in spans
            )
        )
        for i, sentence in enumerate(QUAY_SENTENCES)
        if i not in removed
    ]


def test_agreement_after_a_withdrawal_is_over_the_sentences_that_remain(
    cast: Cast, paper: dict[str, Any]
) -> None:
    """Findings 2 and 9: sentences by the documented rule; a withdrawn speaker's sentences leave the
    denominator, unattributed codings stay, and the page says how many were removed."""
    client = cast.client("researcher")
    before = agreement_page(client, paper["quay_source"])
    assert (
        "Compared over 11 sentences." in before
        and "removed" not in before.split("Compared over")[1].split("</p>")[0]
    )
    assert "after an abbreviation such as Dr" in before  # the rule is on the page
    client.post(
        reverse("fieldwork:participant_withdraw", args=[paper["q_x"].pk]),
        {"withdrawn_on": dt.date.today().strftime("%d/%m/%Y"), "confirm": "on"},
    )
    page = agreement_page(client, paper["quay_source"])
    assert (
        "Compared over 7 sentences. 4 sentences removed because they were spoken by a participant who "
        "withdrew consent."
    ) in page
    a = flags(
        ["We met Dr. Khan at the café. He runs the lunch club on Fridays.", "I found the walking group."],
        WITHDRAWN,
    )
    b = flags(
        [
            "He runs the lunch club on Fridays.",
            "We met Dr. Khan at the café.",
            "I found the walking group. We go every week.",
        ],
        WITHDRAWN,
    )
    share = Fraction(sum(x == y for x, y in zip(a, b, strict=True)), len(a))
    kappa = cohen_kappa_score(a, b)
    row = page.split("<td>Find opportunities</td>")[1].split("</tr>")[0]
    assert f"<td>{half_up(share * 100, 0)}%</td>" in row and f"<td>{half_up(kappa, 2)}</td>" in row
    assert (share, half_up(kappa, 2)) == (Fraction(6, 7), "0.72")
    # The interviewer's unattributed question stays in; Q-X's sentences (coded by both) do not.
    a = flags(["Tell me about the lunch club."], WITHDRAWN)
    b = flags(["We go every week."], WITHDRAWN)
    link = page.split("<td>Link and introduce</td>")[1].split("</tr>")[0]
    expected = half_up(cohen_kappa_score(a, b), 2)
    assert f"<td>1 / 1</td><td>71%</td><td>{expected}</td>" in link and expected == "-0.17"


def test_kappa_that_is_not_defined_says_why(cast: Cast, paper: dict[str, Any]) -> None:
    """Finding 8: both coders coded the only sentence, so kappa has no variation to work on."""
    page = agreement_page(cast.client("researcher"), paper["note"])
    row = page.split("<td>Find opportunities</td>")[1].split("</tr>")[0]
    assert "<td>100%</td>" in row and "Not defined: both coders gave every sentence the same answer" in row


def test_attribution_follows_the_register_and_late_participants(cast: Cast, paper: dict[str, Any]) -> None:
    """Finding 3: a corrected perspective and a participant attached after coding reach every figure."""
    client = cast.client("researcher")
    team = cast.orgs["fernhill"].pk
    before = coverage_rows(client, "perspective")[FO]
    assert (before["Volunteer"], before["Not attributed"]) == ("1", "1")
    q_i = paper["q_i"]
    response = client.post(
        reverse("fieldwork:participant", args=[q_i.pk]),
        {
            "pseudonym": "Q-I",
            "perspective": "individual",
            "role_description": "",
            "real_name": "",
            "consent_date": "",
            "consent_to_quote": "on",
            "notes": "",
        },
    )
    assert response.status_code == 302
    assign_inbox(client, paper)
    after = coverage_rows(client, "perspective")[FO]
    counts = sql_passages(team)
    for label, value in [
        ("Individual accessing services", "individual"),
        ("Worker", "worker"),
        ("Volunteer", "volunteer"),
        ("Not attributed", ""),
    ]:
        assert after[label] == str(
            sum(n for (key, _s, v), n in counts.items() if key == FO and v == value)
        ), label
    assert (after["Volunteer"], after["Not attributed"], after["Individual accessing services"]) == (
        "0",
        "0",
        "4",
    )
    notes = {(e.object_id, e.note) for e in AuditEntry.objects.filter(object_type="fieldwork.source")}
    assert {
        (str(paper["quay_source"].pk), "3 codings re-attributed from the register"),
        (str(paper["inbox"].pk), "1 coding re-attributed from the register"),
    } <= notes
    assert coverage_rows(client, "site")[FO]["Lakeside Group"] == "3"
    evidence = client.get(reverse("fieldwork:evidence", args=[paper["v1"][FO].pk])).content.decode()
    assert "Individual accessing services (4)" in evidence and "Volunteer (" not in evidence
    rows = list(csv.DictReader(io.StringIO(client.get(reverse("fieldwork:excerpts_csv")).content.decode())))
    knitting = next(r for r in rows if r["text"].startswith("The knitting circle"))
    assert (knitting["participant"], knitting["perspective"], knitting["site"]) == (
        "L-I",
        "individual",
        "Site " + str(paper["lake"].pk),
    )
    assert {r["perspective"] for r in rows if r["participant"] == "Q-I"} == {"individual"}


def test_evidence_coded_against_a_newer_version_counts_in_the_gold_standard(
    cast: Cast, paper: dict[str, Any]
) -> None:
    """Finding 4: coverage and the gold standard agree on Lakeside's evidence across versions."""
    client = cast.client("researcher")
    assign_inbox(client, paper)
    in_coverage = coverage_rows(client, "site")[FO]["Lakeside Group"]
    assert (
        in_coverage
        == str(
            sum(
                n
                for (key, s, _v), n in sql_passages(cast.orgs["fernhill"].pk).items()
                if key == FO and s == paper["lake"].pk
            )
        )
        == "3"
    )
    gold = client.get(reverse("guide:gold", args=[paper["guide"].pk])).content.decode()
    assert f"Lakeside Group (4.50, 2, {in_coverage})" in gold


def test_runner_up_skips_sites_tied_with_the_exemplar(
    cast: Cast, paper: dict[str, Any], tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """Finding 6: Quayside ties with the exemplar, so the runner-up is Riverside at 13/3."""
    client = cast.client("researcher")
    assign_inbox(client, paper)
    scale_with_minimum(tmp_path, monkeypatch, 2)
    page = client.get(reverse("guide:gold_component", args=[paper["guide"].pk, FO])).content.decode()
    assert "Tied with Quayside Hub." in page
    assert (
        f"Runner-up: Riverside Project ({half_up(Fraction(13, 3), 2)})." in page
        and "Runner-up: Quayside" not in page
    )


def test_near_ties_are_decided_on_exact_averages() -> None:
    """Finding 7: 14/3 and 53/12 are exactly 1/4 apart, a near-tie; rounding first would lose it."""
    result = choose(
        {1: [5, 5, 4], 2: [5] * 5 + [4] * 7, 3: [4, 4]},
        {1: 3, 2: 3, 3: 3},
        component_id=1,
        minimum=3,
        near_tie=Fraction(1, 4),
    )
    assert [s.site_id for s in result.near] == [2] and result.best.site_id == 1
    assert (result.best.average, result.best.average - result.near[0].average) == (
        Fraction(14, 3),
        Fraction(1, 4),
    )


# --- consultation -------------------------------------------------------------------------------

CLEAR = [5, 4, 4, 5, 4, 3, 2, 1]  # five of eight rate 4 or 5: 62.5%


@pytest.fixture
def consultation(cast: Cast) -> Round:
    now = timezone.now()
    round_ = do_save_round(
        cast.users["researcher"],
        Round(
            team=cast.orgs["fernhill"],
            title="Paper round",
            version=cast.published,
            opens_at=now - dt.timedelta(days=1),
            closes_at=now + dt.timedelta(days=14),
        ),
    )
    reviewers = [
        do_invite(cast.users["researcher"], round_, f"Reviewer {n}", f"r{n}@example.org", "worker")
        for n in range(10)
    ]
    for n, reviewer in enumerate(reviewers):
        for question in ("clear", "useful", "true"):
            do_rate(None, reviewer, FO, question, 4 if n == 0 else None)  # nine of ten: not applicable
            if n < 8:
                do_rate(None, reviewer, BR, question, {"clear": CLEAR[n], "useful": 5, "true": 4}[question])
            if n < 6:
                do_rate(None, reviewer, LI, question, 4 + n % 2)
        do_submit(None, reviewer)
    return round_


def test_consensus_needs_enough_ratings(cast: Cast, consultation: Round) -> None:
    """Finding 5: one rating among nine 'not applicable' is not consensus; the headline counts only
    sections with enough ratings."""
    client = cast.client("researcher")
    page = client.get(reverse("consult:report", args=[consultation.pk])).content.decode()
    sections = Component.objects.filter(version=cast.published).count()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT r.section, r.question, COUNT(r.value) FROM consult_rating r JOIN consult_reviewer v "
            "ON v.id = r.reviewer_id WHERE v.round_id = %s AND v.submitted_at IS NOT NULL "
            "GROUP BY r.section, r.question",
            [consultation.pk],
        )
        rated: dict[str, list[int]] = {}
        for section, _question, n in cursor.fetchall():
            if n:
                rated.setdefault(section, []).append(n)
    judged = [s for s, ns in rated.items() if min(ns) >= 5]
    assert sorted(judged) == sorted([BR, LI])
    assert (
        f"Of {sections} sections, 1 was agreed, 1 not agreed and {sections - len(judged)} had not enough "
        "ratings for a verdict."
    ) in page
    # The lonely rating gets a line, not a verdict or a table.
    assert 'id="r-find-opportunities"' not in page
    assert "fewer than 5 on a question): Find opportunities (1)." in page
    lines = dict(line.split(": ", 1) for line in public_summary(consultation)[1])
    assert lines["Find opportunities"].startswith(
        "not enough ratings (1 rating per question; 5 needed; 27 not applicable)"
    )
    assert lines["Link and introduce"].startswith("agreed (6 ratings per question)")


def test_report_figures_round_half_up_with_iqr_and_not_applicable(cast: Cast, consultation: Round) -> None:
    """Findings 7 and 8: 5/8 is 63% on the page and in the CSV; the CSV's IQR is Q3 − Q1, with the exact
    quartiles and the not-applicable counts; the page reads the middle half in whole points."""
    client = cast.client("researcher")
    q1, q3 = numpy.percentile(CLEAR, [25, 75])  # numpy's default is the inclusive (linear) method
    median = statistics.median(CLEAR)
    agree = Fraction(sum(1 for v in CLEAR if v >= 4), len(CLEAR))
    page = client.get(reverse("consult:report", args=[consultation.pk])).content.decode()
    table = page.split('id="r-build-relationship"')[1].split("</table>")[0]
    row = table.split('<th scope="row">Clear</th>')[1].split("</tr>")[0]
    # Clear: 1 2 3 4 4 4 5 5 -> median 4; Q1 2.75 and Q3 4.25 read outwards as "between 2 and 5"; 63%.
    assert f"{half_up(median, 0)}" == "4" and "<td>63%</td>" in row
    assert "<td>8</td><td>median 4; half the ratings between 2 and 5</td><td>63%</td>" in row
    text = client.get(reverse("consult:report", args=[consultation.pk]) + "?format=csv").content.decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    clear = next(r for r in rows if r["section"] == "Build a relationship" and r["question"] == "Clear")
    assert (
        (clear["percent 4-5"], clear["interquartile range"], clear["q1"], clear["q3"])
        == (half_up(agree * 100, 0), half_up(q3 - q1, 2), half_up(q1, 2), half_up(q3, 2))
        == ("63", "1.50", "2.75", "4.25")
    )
    assert clear["consensus"] == "not agreed"
    lonely = next(r for r in rows if r["section"] == "Find opportunities" and r["question"] == "Clear")
    assert (lonely["n"], lonely["not applicable"], lonely["consensus"]) == ("1", "9", "not enough ratings")


# --- network maps -------------------------------------------------------------------------------


def test_map_figures_agree_between_pages_and_with_networkx(cast: Cast) -> None:
    """Findings 7 and 8: effective size 7.25 shows 7.3 on the map and the comparison; a one-person map
    has no density."""
    worker, person = cast.users["worker"], cast.people["HAR-1"]
    client = cast.client("worker")
    lonely = client.get(reverse("practice:map", args=[cast.practice["map"].pk])).content.decode()
    assert "fewer than two people on the map, so there are no pairs" in lonely and "0.00" not in lonely
    bigger = do_new_map(worker, person, dt.date(2026, 11, 20))
    members = list(bigger.members.all()) + [
        do_save_member(worker, MapMember(map=bigger, label=f"Friend {n}", relationship="friend", circle=2))
        for n in range(7)
    ]
    do_set_ties(worker, members[1], {members[2].pk, members[3].pk})
    do_set_ties(worker, members[4], {members[5].pk})
    later = do_new_map(worker, person, dt.date(2026, 11, 25))
    g = nx.Graph()
    for member in later.members.all():
        g.add_edge("ego", member.pk)
    g.add_edges_from(MapTie.objects.filter(map=later).values_list("a_id", "b_id"))
    effective = nx.effective_size(g)["ego"]
    density = nx.density(g.subgraph([n for n in g if n != "ego"]))
    assert effective == 7.25
    shown = half_up(effective, 1)
    assert shown == "7.3"
    page = client.get(reverse("practice:map", args=[later.pk])).content.decode()
    assert f"<dt>Effective size</dt><dd>{shown}</dd>" in page and f"<dd>{half_up(density, 2)} " in page
    compare = client.get(reverse("practice:map_compare", args=[later.pk])).content.decode()
    assert compare.count(f"<td>{shown}</td>") == 2 and "7.2" not in compare


def test_the_minimum_number_of_ratings_is_set_per_round(cast: Cast) -> None:
    """The minimum is editable per round; a bad value gets a clear message and writes nothing."""
    researcher = cast.client("researcher")
    form = {
        "title": "Small round",
        "version": cast.published.pk,
        "opens_at": "20/11/2026 09:00",
        "closes_at": "20/12/2026 17:00",
        "consensus": "0.7",
        "reminder_days": "3",
        "question_lines": "Clear",
    }
    bad = researcher.post(reverse("consult:home"), {**form, "minimum_ratings": "0"})
    assert bad.status_code == 400 and "Give a whole number of ratings from 1 to 1000." in bad.content.decode()
    assert not Round.objects.filter(title="Small round").exists()
    assert researcher.post(reverse("consult:home"), {**form, "minimum_ratings": "3"}).status_code == 302
    assert Round.objects.get(title="Small round").minimum_ratings == 3
    researcher.post(reverse("consult:home"), {**form, "title": "Default round"})
    assert Round.objects.get(title="Default round").minimum_ratings == 5


def test_a_double_coded_passage_is_chosen_once(cast: Cast, paper: dict[str, Any]) -> None:
    """The shortlist offers the passage through the coding that starts first; the second coder's coding
    of the same words is refused, and nothing is written."""
    client = cast.client("researcher")
    section = paper["guide"].sections.get(component=paper["v1"][FO])
    second = Excerpt.objects.get(text="He runs the lunch club on Fridays.")
    response = client.post(reverse("guide:choose", args=[section.pk]), {"excerpt": second.pk}, follow=True)
    assert "its passage is offered through another researcher&#x27;s coding" in response.content.decode()
    assert not section.examples.exists()
    lead = Excerpt.objects.get(text="We met Dr. Khan at the café. He runs the lunch club on Fridays.")
    client.post(reverse("guide:choose", args=[section.pk]), {"excerpt": lead.pk})
    assert list(section.examples.values_list("excerpt_id", flat=True)) == [lead.pk]
    shortlist = (
        client.get(reverse("guide:section", args=[section.pk])).content.decode().split('id="shortlist"')[1]
    )
    assert (
        "He runs the lunch club on Fridays." not in shortlist
    )  # the chosen passage leaves the shortlist whole
