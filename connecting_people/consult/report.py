"""The response to consultation, written to stand on its own for a reader who was not there: what was
consulted on, when, who was invited and who responded (by perspective), the questions and the scale,
the consensus rule in the round's own figures, a summary chart and table, detail for the sections with
enough ratings, themes from the comments, what changed in response, and the movement since the round
before for a Delphi round. The same `Report` feeds the web page, the PDF, the CSV (every figure, exact
quartiles) and the lines published with the guide."""

from __future__ import annotations

import io
import math
from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import SafeString

from connecting_people.lib.csvsafe import SafeWriter
from connecting_people.lib.pdf import write_pdf
from connecting_people.lib.rounding import percent, points, shown
from connecting_people.lib.svgchart import NARROW, PRINT, Bar, Diverging, diverging_bars

from .aggregate import AGREED, SCALE, SectionResult, Summary, aggregate, exact
from .models import (
    Comment,
    CommentStatus,
    Offer,
    OfferStatus,
    Rating,
    ReviewerPerspective,
    Round,
    SectionNote,
)
from .text import section_titles

SCALE_MEANING = "1 means not at all, 5 means completely"


def reading(summary: Summary) -> str:
    """'median 4; half the ratings between 3 and 5': the median and the middle half in whole points of
    the scale (the quartiles rounded outwards, so the middle half lies within them; the CSV keeps the
    exact quartiles)."""
    if summary.median is None or summary.q1 is None or summary.q3 is None:
        return "no ratings"
    low, high = math.floor(summary.q1), math.ceil(summary.q3)
    middle = f"half the ratings between {low} and {high}" if low != high else f"the middle half all {low}"
    return f"median {points(summary.median)}; {middle}"


@dataclass(frozen=True)
class QuestionLine:
    """One question of one section: this round's ratings and, in a Delphi round, the round before's."""

    key: str
    label: str
    summary: Summary
    before: Summary | None = None

    @property
    def reading(self) -> str:
        return reading(self.summary)

    @property
    def share(self) -> str:
        return percent(self.summary.agree)

    @property
    def moved(self) -> bool:
        return self.before is not None and bool(self.before.n) and bool(self.summary.n)


@dataclass
class SectionReport:
    key: str
    title: str
    result: SectionResult
    comments: list[Any] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (perspective, text)
    lines: list[QuestionLine] = field(default_factory=list)
    before: SectionResult | None = None  # the same section in the round this one follows
    consensus: Fraction | None = None  # the round's share of 4 or 5 for agreement

    @property
    def rated(self) -> bool:
        return any(line.summary.n for line in self.lines)

    @property
    def moves(self) -> list[QuestionLine]:
        return [line for line in self.lines if line.moved]

    @property
    def fewest(self) -> int:
        """The fewest ratings on a question that was rated (what kept a section from a verdict)."""
        return min((line.summary.n for line in self.lines if line.summary.n), default=0)

    @property
    def at_a_glance(self) -> str:
        """The section's detail in one line, for when it is folded: '6 ratings on each question; median 4
        to 5; 67% to 83% rated 4 or 5' (each figure's range over the questions, or one figure when they
        agree), and for a section not agreed the questions that kept it short ('; short of 70% on
        “Clear” (38%)')."""
        rated = [line.summary for line in self.lines if line.summary.n]
        if not rated:
            return "not rated"
        short = ""
        if self.result.judged and not self.result.agreed and self.consensus is not None:
            below = [
                f"“{line.label}” ({percent(line.summary.agree)})"
                for line in self.lines
                if line.summary.agree is not None and line.summary.agree < self.consensus
            ]
            short = f"; short of {shown(self.consensus * 100)}% on {' and '.join(below)}" if below else ""

        def span(values: list[Any], show: Any) -> str:
            low, high = show(min(values)), show(max(values))
            return low if low == high else f"{low} to {high}"

        n = span([s.n for s in rated], str)
        each = "on each question" if len(rated) == len(self.lines) else "on each question rated"
        medians = span([s.median for s in rated if s.median is not None], points)
        shares = span([s.agree for s in rated if s.agree is not None], percent)
        return f"{n} rating{'' if n == '1' else 's'} {each}; median {medians}; {shares} rated 4 or 5{short}"

    @property
    def by_perspective(self) -> list[tuple[str, list[Summary | None]]]:
        """(perspective, its summary on each question, None where it gave no rating), in the order of
        the perspectives' choices."""
        views = self.result.by_perspective
        return [
            (name, [views[value].get(line.key) for line in self.lines])
            for value, name in ReviewerPerspective.choices
            if value in views
        ]


@dataclass(frozen=True)
class MixRow:
    label: str
    invited: int
    responded: int
    rated: int
    commented: int


@dataclass(frozen=True)
class StatusGroup:
    label: str
    comments: tuple[Any, ...]


@dataclass(frozen=True)
class Theme:
    """The comments on one section, grouped by what the team did with them."""

    title: str
    groups: tuple[StatusGroup, ...]
    notes: tuple[tuple[str, str], ...]

    @property
    def count(self) -> int:
        return sum(len(g.comments) for g in self.groups)


# Comment statuses as the report groups them: still open, taken up, and not changed (with the reason).
STATUS_GROUPS = (
    ("Open", (CommentStatus.OPEN,)),
    ("Accepted or changed", (CommentStatus.ACCEPTED, CommentStatus.CHANGED)),
    ("Not changed, with our reason", (CommentStatus.NOT_CHANGED,)),
)


def rows_for(round_: Round) -> list[tuple[str, str, str, int | None]]:
    """(section, question, perspective, value) for submitted responses only."""
    return list(
        Rating.objects.filter(reviewer__round=round_, reviewer__submitted_at__isnull=False).values_list(
            "section", "question", "reviewer__perspective", "value"
        )
    )


def results_of(round_: Round) -> dict[str, SectionResult]:
    return aggregate(rows_for(round_), round_.question_keys, round_.consensus, round_.minimum_ratings)


def build_report(round_: Round, *, perspective: str = "", status: str = "") -> list[SectionReport]:
    results = results_of(round_)
    follows = round_.follows
    earlier = results_of(follows) if follows is not None else {}
    comments = (
        Comment.objects.filter(reviewer__round=round_, reviewer__submitted_at__isnull=False)
        .select_related("reviewer")
        .prefetch_related("replies")
    )
    if perspective:
        comments = comments.filter(reviewer__perspective=perspective)
    if status:
        comments = comments.filter(status=status)
    by_section: dict[str, list[Any]] = {}
    for comment in comments:
        by_section.setdefault(comment.section, []).append(comment)
    notes: dict[str, list[tuple[str, str]]] = {}
    views = dict(ReviewerPerspective.choices)
    for section, view, text in SectionNote.objects.filter(
        reviewer__round=round_, reviewer__submitted_at__isnull=False
    ).values_list("section", "reviewer__perspective", "text"):
        notes.setdefault(section, []).append((views.get(view, view), text))
    out = []
    for key, title in section_titles(round_):
        result = results.get(key) or SectionResult(key)
        before = earlier.get(key)
        lines = [
            QuestionLine(
                q["key"],
                q["label"],
                result.questions.get(q["key"]) or Summary(0, None, None, None, None),
                before.questions.get(q["key"]) if before is not None else None,
            )
            for q in round_.questions
        ]
        out.append(
            SectionReport(
                key,
                title,
                result,
                by_section.get(key, []),
                notes.get(key, []),
                lines,
                before,
                exact(round_.consensus),
            )
        )
    return out


def definitions(round_: Round) -> list[tuple[str, str]]:
    """The three verdicts in words, from the round's own consensus share and minimum."""
    share = f"{shown(exact(round_.consensus) * 100)}%"
    minimum = max(1, round_.minimum_ratings)
    ratings = f"{minimum} rating{'s' if minimum != 1 else ''}"
    return [
        (
            "Agreed",
            f"every question of the section has at least {ratings}, and on each question at least {share} "
            "of the ratings are 4 or 5.",
        ),
        (
            "Not agreed",
            f"every question has at least {ratings}, but on one question or more fewer than {share} of "
            "the ratings are 4 or 5.",
        ),
        (
            "Not enough ratings",
            f"a question has fewer than {ratings}, so we give no verdict. “Not applicable” is not a "
            "rating, and a question nobody rated is left out.",
        ),
    ]


def _when(value: Any) -> str:
    return date_format(timezone.localtime(value), "DATE_FORMAT")


def subject(round_: Round) -> str:
    """What was consulted on: 'draft 0.1 of “The Connecting People guide”, made 3 March 2026'."""
    if round_.draft is not None:
        draft = round_.draft
        return f"draft {draft.number} of “{draft.guide.title}”, made {_when(draft.created_at)}"
    version = round_.consulted_version
    return f"version {version.label} of the model “{version.model.name}”, dated {_when(version.created_at)}"


def response_mix(round_: Round) -> list[MixRow]:
    """Per perspective, in the order of its choices: invited, responded (submitted), rated at least
    one section (not counting "not applicable"), commented; the last row is everyone."""
    reviewers = list(round_.reviewers.values_list("pk", "perspective", "submitted_at"))
    rated = set(
        Rating.objects.filter(reviewer__round=round_, value__isnull=False).values_list(
            "reviewer_id", flat=True
        )
    )
    commented = set(Comment.objects.filter(reviewer__round=round_).values_list("reviewer_id", flat=True))

    def row(label: str, people: list[tuple[int, str, Any]]) -> MixRow:
        responded = [pk for pk, _view, submitted in people if submitted is not None]
        return MixRow(
            label,
            len(people),
            len(responded),
            sum(1 for pk in responded if pk in rated),
            sum(1 for pk in responded if pk in commented),
        )

    rows = [
        row(name, [r for r in reviewers if r[1] == value])
        for value, name in ReviewerPerspective.choices
        if any(r[1] == value for r in reviewers)
    ]
    return [*rows, row("Everyone", reviewers)]


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


@dataclass
class Report:
    round: Round
    sections: list[SectionReport]
    mix: list[MixRow]
    offered: int  # reviewers who came through the open call
    ratings: int = 0  # answers in submitted responses, "not applicable" included
    whole_section: int = 0  # of those, given with one rating for the whole section

    @property
    def whole_sections(self) -> str:
        """How the ratings were given: 'Of 84 ratings, 78 were given for whole sections (one rating for
        every question of a section) and 6 question by question.'"""
        if not self.ratings:
            return "No ratings were given."
        return (
            f"Of {_plural(self.ratings, 'rating')}, {self.whole_section} "
            f"{'was' if self.whole_section == 1 else 'were'} given for whole sections (one rating for every "
            f"question of a section) and {self.ratings - self.whole_section} question by question."
        )

    @property
    def subject(self) -> str:
        return subject(self.round)

    @property
    def opened(self) -> str:
        return _when(self.round.opens_at)

    @property
    def closes(self) -> str:
        return _when(self.round.closes_at)

    @property
    def everyone(self) -> MixRow:
        return self.mix[-1]

    @property
    def perspectives(self) -> list[MixRow]:
        return self.mix[:-1]

    @property
    def responses(self) -> int:
        return self.everyone.responded

    @property
    def threshold(self) -> str:
        return f"{shown(exact(self.round.consensus) * 100)}%"

    @property
    def definitions(self) -> list[tuple[str, str]]:
        return definitions(self.round)

    @property
    def scale_meaning(self) -> str:
        return SCALE_MEANING

    @property
    def judged(self) -> list[SectionReport]:
        return [s for s in self.sections if s.result.judged]

    @property
    def agreed(self) -> list[SectionReport]:
        return [s for s in self.sections if s.result.agreed]

    @property
    def not_agreed(self) -> list[SectionReport]:
        return [s for s in self.judged if not s.result.agreed]

    @property
    def short(self) -> list[SectionReport]:
        """Sections with some ratings but not enough for a verdict."""
        return [s for s in self.sections if not s.result.judged and s.rated]

    @property
    def unrated(self) -> list[SectionReport]:
        return [s for s in self.sections if not s.rated]

    @property
    def undetailed(self) -> int:
        """Sections with no verdict, so no detail."""
        return len(self.sections) - len(self.judged)

    @property
    def counts(self) -> str:
        """'Of 28 sections, 3 were agreed, 2 not agreed and 23 had not enough ratings.'"""
        return (
            f"Of {_plural(len(self.sections), 'section')}, {len(self.agreed)} "
            f"{'was' if len(self.agreed) == 1 else 'were'} agreed, {len(self.not_agreed)} not agreed "
            f"and {self.undetailed} had not enough ratings for a verdict."
        )

    @property
    def chart(self) -> SafeString:
        return diverging_bars(self._chart(), "ratings-summary")

    @property
    def narrow_chart(self) -> SafeString:
        return diverging_bars(self._chart(), "ratings-summary-narrow", NARROW)

    @property
    def print_chart(self) -> SafeString:
        return diverging_bars(self._chart(), "ratings-summary", PRINT)

    def _chart(self) -> Diverging:
        """One bar per section that was rated: all its ratings, every question together."""
        rated = [s for s in self.sections if s.rated]
        bars = tuple(
            Bar(
                s.title,
                tuple(sum(line.summary.distribution[i] for line in s.lines) for i in range(len(SCALE))),
                s.result.judged,
            )
            for s in rated
        )
        return Diverging(
            title="Ratings per section, all questions together",
            description=(
                f"One bar per rated section ({len(rated)} of {len(self.sections)}): how many of its ratings "
                "were 1, 2 or 3 to the left of the centre line, 4 or 5 to the right, every question "
                f"together. The dashed line marks {self.threshold} rating 4 or 5. A section is agreed only "
                "when each question on its own reaches it with enough ratings; the summary table gives "
                "each question."
            ),
            scale=tuple(str(point) for point in SCALE),
            split=3,
            threshold=exact(self.round.consensus),
            threshold_label=f"Consensus: {self.threshold} rating 4 or 5",
            left_label="← rated 1 to 3",
            right_label="rated 4 or 5 →",
            bars=bars,
        )

    @property
    def themes(self) -> list[Theme]:
        out = []
        for s in self.sections:
            if not (s.comments or s.notes):
                continue
            groups = tuple(
                StatusGroup(label, tuple(c for c in s.comments if c.status in statuses))
                for label, statuses in STATUS_GROUPS
            )
            out.append(Theme(s.title, tuple(g for g in groups if g.comments), tuple(s.notes)))
        return out

    def _resolved(self, status: str) -> list[tuple[str, Any]]:
        return [(s.title, c) for s in self.sections for c in s.comments if c.status == status]

    @property
    def changed(self) -> list[tuple[str, Any]]:
        return self._resolved(CommentStatus.CHANGED)

    @property
    def accepted(self) -> list[tuple[str, Any]]:
        return self._resolved(CommentStatus.ACCEPTED)

    @property
    def declined(self) -> list[tuple[str, Any]]:
        return self._resolved(CommentStatus.NOT_CHANGED)

    @property
    def previous(self) -> Round | None:
        return self.round.follows

    @property
    def moved(self) -> list[SectionReport]:
        """Sections rated in both rounds."""
        return [s for s in self.sections if s.moves]

    @property
    def reached(self) -> list[SectionReport]:
        """Sections agreed this round that were not agreed (or had no verdict) in the round before."""
        return [s for s in self.agreed if s.before is None or s.before.status != AGREED]

    @property
    def kept(self) -> list[SectionReport]:
        return [s for s in self.agreed if s.before is not None and s.before.status == AGREED]

    @property
    def lost(self) -> list[SectionReport]:
        return [s for s in self.sections if not s.result.agreed and s.before is not None and s.before.agreed]

    @property
    def method(self) -> str:
        """The method in one paragraph, for the page, the PDF and the guide."""
        everyone = self.everyone
        mix = "; ".join(f"{row.label.lower()}: {row.responded} of {row.invited}" for row in self.perspectives)
        questions = "; ".join(f"“{q['label']}”" for q in self.round.questions)
        offered = f", {self.offered} of them after offering through our open call" if self.offered else ""
        return (
            f"We consulted on {self.subject}, from {self.opened} to {self.closes}. We invited "
            f"{_plural(everyone.invited, 'reviewer')} by email, each with a personal link{offered}; "
            f"{everyone.responded} responded ({mix}). Reviewers rated each section on "
            f"{_plural(len(self.round.questions), 'question')} ({questions}) from 1 to 5, where "
            f"{SCALE_MEANING}, or “not applicable”, and could comment on any passage."
        )

    @property
    def movement_summary(self) -> str:
        return (
            f"{_plural(len(self.reached), 'section')} reached consensus this round; "
            f"{len(self.kept)} kept the consensus of the round before and {len(self.lost)} lost it."
        )


def build(round_: Round) -> Report:
    offered = Offer.objects.filter(round=round_, status=OfferStatus.ACCEPTED).count()
    given = Rating.objects.filter(reviewer__round=round_, reviewer__submitted_at__isnull=False).aggregate(
        ratings=Count("id"), whole=Count("id", filter=Q(whole_section=True))
    )
    return Report(
        round_, build_report(round_), response_mix(round_), offered, given["ratings"], given["whole"]
    )


def report_csv(report: Report) -> str:
    """Every figure: the response mix, each section and question overall and per perspective with exact
    quartiles, the round before's figures for a Delphi round, and every comment with what was done."""
    out = io.StringIO()
    writer = SafeWriter(out)
    writer.writerow(
        [
            "section",
            "row",
            "question",
            "perspective",
            "n",
            "not applicable",
            "median",
            "q1",
            "q3",
            "interquartile range",
            "percent 4-5",
            "consensus",
            "comment on",
            "comment",
            "status",
            "changed in",
            "reason",
        ]
    )
    for mix in report.mix:
        for label, count in (
            ("invited", mix.invited),
            ("responded", mix.responded),
            ("rated a section", mix.rated),
            ("commented", mix.commented),
        ):
            writer.writerow(["", "responses", label, mix.label, count, *[""] * 12])
    writer.writerow(["", "ratings", "all ratings", "Everyone", report.ratings, *[""] * 12])
    writer.writerow(["", "ratings", "given for whole sections", "Everyone", report.whole_section, *[""] * 12])

    def figures(summary: Summary) -> list[Any]:
        return [
            summary.n,
            summary.not_applicable,
            shown(summary.median, 1, ""),
            shown(summary.q1, 2, ""),
            shown(summary.q3, 2, ""),
            shown(summary.iqr, 2, ""),
            "" if summary.agree is None else shown(summary.agree * 100),
        ]

    views = dict(ReviewerPerspective.choices)
    labels = {q["key"]: q["label"] for q in report.round.questions}
    for s in report.sections:
        for line in s.lines:
            writer.writerow(
                [s.title, "rating", line.label, "all", *figures(line.summary), s.result.status, *[""] * 5]
            )
        for view, questions in s.result.by_perspective.items():
            for key, summary in questions.items():
                writer.writerow(
                    [
                        s.title,
                        "rating",
                        labels.get(key, key),
                        views.get(view, view),
                        *figures(summary),
                        "",
                        *[""] * 5,
                    ]
                )
        if s.before is not None:
            for line in s.lines:
                if line.before is not None:
                    writer.writerow(
                        [
                            s.title,
                            "round before",
                            line.label,
                            "all",
                            *figures(line.before),
                            s.before.status,
                            *[""] * 5,
                        ]
                    )
        for c in s.comments:
            writer.writerow(
                [
                    s.title,
                    "comment",
                    "",
                    c.reviewer.get_perspective_display(),
                    *[""] * 8,
                    c.exact,
                    c.text,
                    c.get_status_display(),
                    c.changed_in,
                    c.reason,
                ]
            )
    return out.getvalue()


def report_pdf(report: Report) -> bytes:
    html = render_to_string("consult/report_print.html", {"report": report, "round": report.round})
    return write_pdf(html, identifier=f"cpi-consultation-{report.round.pk}")


def public_summary(round_: Round) -> tuple[str, tuple[str, ...]]:
    """The response to consultation as published with the guide: the method, the rule and the summary,
    then per section whether reviewers agreed and what the team did with the comments, in the team's
    words. Reviewers' own words and identities are not published."""
    report = build(round_)
    lines = [
        f"Method: {report.method}",
        "Consensus rule: " + " ".join(f"{name}: {words}" for name, words in report.definitions),
        f"Summary: {report.counts}",
    ]
    if report.previous is not None:
        lines.append(
            f"Movement since “{report.previous.title}”: {report.movement_summary}"
            if report.responses
            else f"Movement since “{report.previous.title}”: no responses to this round yet."
        )
    for s in report.sections:
        rated = [line.summary for line in s.lines if line.summary.n]
        if not rated and not s.comments:
            continue
        parts = [f"{s.title}: {s.result.status}"]
        if rated:
            low, high = min(q.n for q in rated), max(q.n for q in rated)
            counted = f"{low}" if low == high else f"{low} to {high}"
            parts[0] += f" ({counted} rating{'s' if high != 1 else ''} per question"
            if not s.result.judged:
                parts[0] += f"; {round_.minimum_ratings} needed"
            if s.result.not_applicable:
                parts[0] += f"; {s.result.not_applicable} not applicable"
            parts[0] += ")"
        if s.comments:
            counts = Counter(c.get_status_display().lower() for c in s.comments)
            parts.append(
                f"{len(s.comments)} comment{'s' if len(s.comments) != 1 else ''}: "
                + ", ".join(f"{n} {label}" for label, n in sorted(counts.items()))
            )
        reasons = [c.reason.rstrip(". ") for c in s.comments if c.status == "not_changed" and c.reason]
        if reasons:
            parts.append("Not changed because: " + "; ".join(reasons))
        lines.append(". ".join(parts) + ".")
    title = f"{round_.title} ({_plural(report.responses, 'reviewer')})"
    return title, tuple(lines)
