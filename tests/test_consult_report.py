"""The response to consultation against a hand-worked example: seven reviewers of known perspectives
rate three sections (one agreed, one not agreed, one without enough ratings) in a round that follows
an earlier one, and the page, the CSV and the PDF say what a reader needs, with the figures worked out
by hand below. Quartiles are by the inclusive method (position (n − 1) × 0.25 in the sorted ratings)."""

from __future__ import annotations

import csv
import datetime as dt
import html as markup
import io
import re
import subprocess
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from connecting_people.consult.actions import (
    do_comment,
    do_invite,
    do_rate,
    do_resolve,
    do_save_round,
    do_submit,
)
from connecting_people.consult.models import Round
from connecting_people.consult.report import public_summary
from connecting_people.consult.text import section_titles, sections_of

from .conftest import ARTIFACTS, Cast, guide_with_drafts

A, B, C = "build-relationship", "explore-network-strengths", "set-goals-together"
PEOPLE = [  # perspective; then (clear, useful, true) for A, B and C (None: not applicable or not rated)
    ("worker", (5, 5, 4), (2, 4, 4), (5, 4, 5)),
    ("worker", (4, 4, 4), (3, 5, 4), None),
    ("worker", (4, 5, 3), (4, 4, 5), None),
    ("lived_experience", (5, 4, 4), (5, 4, 4), (4, 4, 5)),
    ("lived_experience", (3, 4, 5), (3, 5, 2), None),
    ("organisation", (4, 3, 4), (2, 4, None), (4, 4, 4)),
    ("funder", (5, 4, 4), (4, 4, None), None),
]
# A, clear: 3 4 4 4 5 5 5 -> median 4, Q1 = 4 (positions 1.5: 4 and 4), Q3 = 5 (4.5: 5 and 5), 6 of 7 = 86%.
# A, useful: 3 4 4 4 4 5 5 -> median 4, Q1 4, Q3 4.5 (4 and 5), 6 of 7 = 86%.
# A, true: 3 4 4 4 4 4 5 -> median 4, Q1 4, Q3 4: "the middle half all 4", 86%. Every question >= 70%
#   with 7 >= 5 ratings: agreed.
# B, clear: 2 2 3 3 4 4 5 -> median 3, Q1 2.5 (2 and 3), Q3 4: "half the ratings between 2 and 4"
#   (rounded outwards), 3 of 7 = 43%: not agreed.
# B, useful: 4 4 4 4 4 5 5 -> median 4, 100%. B, true: 2 4 4 4 5 (two not applicable) -> median 4,
#   Q1 4 (position 1), Q3 4 (position 3), 4 of 5 = 80%. B is not agreed (clear is below 70%).
# C: three ratings per question, fewer than the round's five: not enough ratings, no table.
BEFORE = [  # the round before: five reviewers, (clear, useful, true) for A and B
    ((3, 4, 4), (4, 4, 4)),
    ((4, 4, 4), (4, 4, 4)),
    ((3, 4, 4), (4, 4, 4)),
    ((5, 4, 4), (5, 4, 4)),
    ((2, 4, 4), (5, 4, 4)),
]
# Before, A clear: 2 3 3 4 5 -> median 3, 2 of 5 = 40%: A was not agreed, and is agreed now.
# Before, B clear: 4 4 4 5 5 -> median 4, 100%; B was agreed and is not now (median 4 -> 3, 100% -> 43%).


def _round(cast: Cast, title: str, opens: dt.datetime, closes: dt.datetime, follows: Round | None) -> Round:
    return do_save_round(
        cast.users["researcher"],
        Round(
            team=cast.orgs["fernhill"],
            title=title,
            draft=guide_with_drafts(cast)["release"],
            follows=follows,
            opens_at=opens,
            closes_at=closes,
            minimum_ratings=5,
            consensus=0.7,
        ),
    )


def _rate(reviewer: Any, section: str, values: tuple[int | None, ...]) -> None:
    for question, value in zip(("clear", "useful", "true"), values, strict=True):
        do_rate(None, reviewer, section, question, value)


@pytest.fixture
def rounds(cast: Cast) -> dict[str, Round]:
    return make_rounds(cast)


def make_rounds(cast: Cast) -> dict[str, Round]:
    """Round one (five reviewers), round two that follows it (the example), round three (unanswered)."""
    researcher, now = cast.users["researcher"], timezone.now()
    first = _round(cast, "Round one", now - dt.timedelta(days=30), now + dt.timedelta(days=1), None)
    for n, (a, b) in enumerate(BEFORE):
        reviewer = do_invite(researcher, first, f"Earlier {n}", f"e{n}@example.org", "worker")
        _rate(reviewer, A, a)
        _rate(reviewer, B, b)
        do_submit(None, reviewer)
    Round.objects.filter(pk=first.pk).update(closes_at=now - dt.timedelta(days=20))
    first.refresh_from_db()
    second = _round(cast, "Round two", now - dt.timedelta(days=10), now + dt.timedelta(days=5), first)
    sections = {s.key: s for s in sections_of(second)}
    reviewers = []
    for n, (perspective, a, b, c) in enumerate(PEOPLE):
        reviewer = do_invite(researcher, second, f"Reviewer Person{n}", f"r{n}@example.org", perspective)
        _rate(reviewer, A, a)
        _rate(reviewer, B, b)
        if c is not None:
            _rate(reviewer, C, c)
        reviewers.append(reviewer)
    do_invite(researcher, second, "Quiet Academic", "quiet@example.org", "academic")  # never responds

    def comment(index: int, key: str, text: str) -> Any:
        words = sections[key].text[:30]
        return do_comment(None, reviewers[index], sections[key], 0, len(words), text)

    do_resolve(researcher, comment(3, A, "Say a regular time that suits the person."), "changed", "0.3")
    do_resolve(
        researcher,
        comment(0, B, "Drop the network map altogether."),
        "not_changed",
        reason="Reviewers from every perspective found the map useful.",
    )
    comment(5, C, "Goals should be the person's own words.")
    for reviewer in reviewers:
        do_submit(None, reviewer)
    third = _round(cast, "Round three", now + dt.timedelta(days=6), now + dt.timedelta(days=20), second)
    do_invite(researcher, third, "Later Person", "later@example.org", "worker")
    return {"first": first, "second": second, "third": third}


def _text(html: str) -> str:
    """The page's words, tags taken out (a <q> is quoted by the browser, so no quotation marks here)."""
    words = re.sub(r"\s+", " ", markup.unescape(re.sub(r"<[^>]+>", " ", html)))
    return words.replace(" .", ".").replace(" ,", ",").replace(" :", ":")


def test_report_against_a_hand_worked_example(cast: Cast, rounds: dict[str, Round]) -> None:
    second = rounds["second"]
    total = len(section_titles(second))
    client = cast.client("researcher")
    html = client.get(reverse("consult:report", args=[second.pk])).content.decode()
    page = _text(html)
    # Introduction and method: what, when, who and how, the questions and the scale.
    assert "We consulted on draft 0.1 of “The Connecting People guide”, made" in page
    assert "We invited 8 reviewers by email, each with a personal link; 7 responded" in page
    assert (
        "(worker or practitioner: 3 of 3; lived experience of services: 2 of 2; organisation or service: "
        "1 of 1; funder or commissioner: 1 of 1; academic: 0 of 1)" in page
    )
    assert (
        "on 3 questions (“Clear”; “Useful in practice”; “True to what happens in services”) from 1 to 5"
        in page
    )
    assert "where 1 means not at all, 5 means completely" in page
    # The mix: invited, responded, rated a section, commented; never a name or an email address.
    mix = html.split('aria-labelledby="who"')[1].split("</table>")[0]
    rows = [_text(r).strip() for r in re.findall(r"<tr[^>]*>(.*?)</tr>", mix)][1:]
    assert rows == [
        "Worker or practitioner 3 3 3 1",
        "Lived experience of services 2 2 2 1",
        "Organisation or service 1 1 1 1",
        "Funder or commissioner 1 1 1 0",
        "Academic 1 0 0 0",
        "Everyone 8 7 7 3",
    ]
    assert "Person" not in html and "example.org" not in html and "Quiet" not in html
    # The rule in the round's own figures.
    assert (
        "Agreed every question of the section has at least 5 ratings, and on each question at least 70% of "
        "the ratings are 4 or 5." in page.replace("Agreed Every", "Agreed every")
    )
    assert "Not enough ratings A question has fewer than 5 ratings, so we give no verdict." in page
    # Summary: the counts, the movement, one chart and one table of the judged sections.
    assert f"Of {total} sections, 1 was agreed, 1 not agreed and {total - 2} had not enough ratings" in page
    assert (
        "Since “Round one”: 1 section reached consensus this round; 0 kept the consensus of the round before "
        "and 1 lost it." in page
    )
    assert html.count('role="img"') == 2  # one chart, drawn for wide and narrow screens
    summary = html.split('aria-labelledby="summary-table"')[1].split("</table>")[0]
    rows = [_text(r).strip() for r in re.findall(r"<tr>(.*?)</tr>", summary)][1:]
    assert rows == [
        "Build a relationship Agreed median 4; 86% rated 4 or 5 median 4; 86% rated 4 or 5 "
        "median 4; 86% rated 4 or 5",
        "Explore the person's network, strengths and interests Not agreed median 3; 43% rated 4 or 5 "
        "median 4; 100% rated 4 or 5 median 4; 80% rated 4 or 5",
    ]
    assert "Not enough ratings for a verdict (fewer than 5 on a question): Set goals together (3)." in page
    # Detail only for the judged sections, with readable medians and middle halves.
    detail = _text(html.split('id="detail"')[1].split('id="movement"')[0])
    assert "Clear 7 median 4; half the ratings between 4 and 5 86% median 3; 40%" in detail
    assert "True to what happens in services 7 median 4; the middle half all 4 86%" in detail
    assert "Clear 7 median 3; half the ratings between 2 and 4 43% median 4; 100%" in detail
    assert (
        "True to what happens in services 5 (2 not applicable) median 4; the middle half all 4 80%" in detail
    )
    assert "Set goals together" not in detail.split("Sections without enough ratings")[0]
    assert "2.50" not in html and "3.25" not in html  # quartiles are for the CSV
    # Movement per section and question.
    movement = _text(html.split('id="movement"')[1].split('id="themes"')[0])
    assert "Build a relationship not agreed → agreed median 3 → 4; 4 or 5: 40% → 86%" in movement
    assert "interests agreed → not agreed median 4 → 3; 4 or 5: 100% → 43%" in movement
    assert "Set goals together" not in movement
    # Themes by section title and status, quoted by perspective; what changed, and why not.
    themes = _text(html.split('id="themes"')[1].split('id="changes"')[0])
    assert (
        "Build a relationship (1 comment) Accepted or changed (1) Say a regular time that suits the person. "
        "(lived experience of services) Changed in draft 0.3." in themes.replace("“", "").replace("”", "")
    )
    assert "Set goals together (1 comment) Open (1) Goals should be the person's own words." in themes
    assert "Not changed, with our reason (1)" in themes
    changes = _text(html.split('id="changes"')[1])
    assert (
        "Build a relationship, draft 0.3: in response to Say a regular time that suits the person." in changes
    )
    assert "Reviewers from every perspective found the map useful." in changes
    # The lines published with the guide stand on their own too.
    title, lines = public_summary(second)
    assert title == "Round two (7 reviewers)"
    published = dict(line.split(": ", 1) for line in lines)
    assert published["Summary"] == (
        f"Of {total} sections, 1 was agreed, 1 not agreed and {total - 2} had not enough ratings for a "
        "verdict."
    )
    assert published["Movement since “Round one”"].startswith("1 section reached consensus this round")
    assert published["Method"].startswith("We consulted on draft 0.1")
    assert published["Set goals together"].startswith("not enough ratings (3 ratings per question; 5 needed)")
    assert "Person" not in " ".join(lines)


def test_csv_keeps_every_figure_and_is_spreadsheet_safe(cast: Cast, rounds: dict[str, Round]) -> None:
    second = rounds["second"]
    text = (
        cast.client("researcher").get(reverse("consult:report", args=[second.pk]), {"format": "csv"}).content
    ).decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {
        r["question"]: r["n"] for r in rows if r["row"] == "responses" and r["perspective"] == "Everyone"
    } == {
        "invited": "8",
        "responded": "7",
        "rated a section": "7",
        "commented": "3",
    }

    def row(title: str, kind: str, question: str, perspective: str = "all") -> dict[str, str]:
        return next(
            r
            for r in rows
            if (r["section"], r["row"], r["question"], r["perspective"])
            == (title, kind, question, perspective)
        )

    clear = row("Explore the person's network, strengths and interests", "rating", "Clear")
    assert (clear["n"], clear["median"], clear["q1"], clear["q3"], clear["interquartile range"]) == (
        "7",
        "3.0",
        "2.50",
        "4.00",
        "1.50",
    )
    assert (clear["percent 4-5"], clear["consensus"]) == ("43", "not agreed")
    # Workers on B, clear: 2 3 4 -> median 3, Q1 2.5, Q3 3.5, 1 of 3 = 33%.
    workers = row(
        "Explore the person's network, strengths and interests", "rating", "Clear", "Worker or practitioner"
    )
    assert (workers["n"], workers["median"], workers["q1"], workers["q3"], workers["percent 4-5"]) == (
        "3",
        "3.0",
        "2.50",
        "3.50",
        "33",
    )
    before = row("Build a relationship", "round before", "Clear")
    assert (before["n"], before["median"], before["percent 4-5"], before["consensus"]) == (
        "5",
        "3.0",
        "40",
        "not agreed",
    )
    lonely = row("Set goals together", "rating", "Clear")
    assert (lonely["n"], lonely["consensus"]) == ("3", "not enough ratings")
    declined = next(r for r in rows if r["row"] == "comment" and r["status"] == "Not changed")
    assert declined["reason"] == "Reviewers from every perspective found the map useful."
    assert declined["perspective"] == "Worker or practitioner"
    assert "Person" not in text and "example.org" not in text


def test_pdf_stands_on_its_own_with_readable_charts(cast: Cast, rounds: dict[str, Round]) -> None:
    second = rounds["second"]
    pdf = (
        cast.client("researcher").get(reverse("consult:report", args=[second.pk]), {"format": "pdf"}).content
    )
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "consult-report.pdf").write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(ARTIFACTS / "consult-report.pdf"), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    flat = " ".join(text.split())
    for heading in (
        "About this consultation",
        "Who was invited and who responded",
        "What the words mean",
        "Summary",
        "Each section with enough ratings",
        "Movement since the round before",
        "Themes from comments",
        "What changed in response",
    ):
        assert heading in flat, heading
    assert "We consulted on draft 0.1" in flat and "at least 70% of the ratings are 4 or 5" in flat
    assert "Page 1 of" in flat
    # No empty tables: the section without enough ratings has a line, not a table.
    assert "Set goals together (3)" in flat and "Set goals together Not enough" not in flat
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.trailer["/Root"].get("/Lang") == "en-GB"
    # Chart text at print size: every word drawn in the chart is at least 8 pt.
    sizes: list[float] = []

    def visit(text: str, cm: list[float], tm: list[float], _font: Any, size: float) -> None:
        if text.strip() in {"rated 4 or 5 →", "50%", "n 7", "Consensus: 70% rating 4 or 5"}:
            scale = abs(tm[3] * cm[3]) or abs(cm[3])
            sizes.append(size * scale)

    for pdf_page in reader.pages:
        pdf_page.extract_text(visitor_text=visit)
    assert sizes and min(sizes) >= 8, sizes


def test_a_follow_up_round_without_responses_says_so_in_one_line(
    cast: Cast, rounds: dict[str, Round]
) -> None:
    third = rounds["third"]
    html = cast.client("researcher").get(reverse("consult:report", args=[third.pk])).content.decode()
    page = _text(html)
    assert (
        "No responses yet: nobody has submitted a response to this round, so there is no movement to show "
        "since “Round two”." in page
    )
    report = html.split('id="about"')[1]
    assert "<table" not in report and 'role="img"' not in report and 'class="tag"' not in report
    assert "We invited 1 reviewer by email, each with a personal link; 0 responded" in page
    title, lines = public_summary(third)
    assert title == "Round three (0 reviewers)"
    assert "Movement since “Round two”: no responses to this round yet." in lines


def fully_rated_round(cast: Cast) -> Round:
    """Eight reviewers of two perspectives rate every question of all 28 sections and submit: every
    fourth section is not agreed (37.5% rated 4 or 5 on "clear"), the rest agreed."""
    researcher, now = cast.users["researcher"], timezone.now()
    round_ = _round(
        cast, "Every section rated", now - dt.timedelta(days=10), now + dt.timedelta(days=5), None
    )
    keys = [key for key, _title in section_titles(round_)]
    agreed, split = (5, 4, 4, 5, 3, 4, 5, 4), (2, 3, 4, 1, 5, 3, 2, 4)
    for n in range(8):
        perspective = "worker" if n % 2 else "lived_experience"
        reviewer = do_invite(researcher, round_, f"Rater {n}", f"rater{n}@example.org", perspective)
        for at, key in enumerate(keys):
            values = split if at % 4 == 0 else agreed
            _rate(reviewer, key, (values[n], agreed[n], agreed[(n + at) % 8]))
        do_submit(None, reviewer)
    return round_


def test_the_detail_of_a_fully_rated_round_is_folded_under_one_line_per_section(cast: Cast) -> None:
    """Each section's figures are folded under its name, verdict and one line (n, medians, share rated 4
    or 5, and for a section not agreed the questions short of consensus). The PDF keeps every section's
    detail, open."""
    round_ = fully_rated_round(cast)
    titles = dict(section_titles(round_))
    assert len(titles) == 28
    address = reverse("consult:report", args=[round_.pk])
    html = cast.client("researcher").get(address).content.decode()
    detail = html.split('id="detail"')[1].split('id="themes"')[0]
    folded = re.findall(r'<details class="report-detail"( open)?>\s*<summary>(.*?)</summary>', detail, re.S)
    assert len(folded) == 28 and not [opened for opened, _summary in folded if opened]  # all folded
    lines = [_text(summary).strip() for _opened, summary in folded]
    # The first section is not agreed: its line names the question short of the round's 70%.
    first = next(iter(titles.values()))
    assert lines[0] == (
        f"{first} Not agreed 8 ratings on each question; median 3 to 4; 38% to 88% rated 4 or 5; "
        "short of 70% on “Clear” (38%)"
    )
    assert len([line for line in lines if "Not agreed" in line and "short of 70% on “Clear”" in line]) == 7
    agreed = [line for line in lines if "Not agreed" not in line]
    assert len(agreed) == 21
    assert all(
        line.endswith(" Agreed 8 ratings on each question; median 4; 88% rated 4 or 5") for line in agreed
    )
    # The PDF: every section's table (and its ratings by perspective) printed, nothing folded away.
    pdf = cast.client("researcher").get(address, {"format": "pdf"}).content
    (ARTIFACTS / "consult-report-fully-rated.pdf").write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(ARTIFACTS / "consult-report-fully-rated.pdf"), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    flat = " ".join(text.split())
    assert flat.count("Median and middle half") >= 28
    assert flat.count("Perspective Clear Useful in practice") == 28  # each section's table by perspective
    assert (
        flat.count("median 4; half the ratings between") + flat.count("median 4; the middle half") >= 28 * 2
    )
    after = flat.split("Each section with enough ratings")[1]
    assert all(" ".join(title.split()) in after for title in titles.values())
