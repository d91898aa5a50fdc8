"""The response to consultation: per section, what reviewers said, the ratings, and what the team did
with each comment; with the movement since the round before, for a Delphi round."""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from connecting_people.lib.csvsafe import SafeWriter
from connecting_people.lib.pdf import write_pdf
from connecting_people.lib.rounding import shown
from connecting_people.lib.svgchart import NARROW, Bar, Diverging, diverging_bars

from .aggregate import SCALE, SectionResult, Summary, aggregate, exact, movement
from .models import Comment, Rating, Round, SectionNote
from .text import section_titles


@dataclass
class SectionReport:
    key: str
    title: str
    result: SectionResult
    comments: list[Any] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    moves: list[Any] = field(default_factory=list)

    @property
    def quiet(self) -> bool:
        """Nothing to read: no ratings, comments, remarks or movement (the report lists such sections
        together rather than give each a heading)."""
        return not (self.comments or self.notes or self.moves or self.result.by_perspective)


def rows_for(round_: Round) -> list[tuple[str, str, str, int | None]]:
    """(section, question, perspective, value) for submitted responses only."""
    return list(
        Rating.objects.filter(reviewer__round=round_, reviewer__submitted_at__isnull=False).values_list(
            "section", "question", "reviewer__perspective", "value"
        )
    )


def build_report(round_: Round, *, perspective: str = "", status: str = "") -> list[SectionReport]:
    results = aggregate(rows_for(round_), round_.question_keys, round_.consensus, round_.minimum_ratings)
    follows = round_.follows
    earlier = (
        aggregate(rows_for(follows), follows.question_keys, follows.consensus, follows.minimum_ratings)
        if follows is not None
        else {}
    )
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
    notes: dict[str, list[str]] = {}
    for section, text in SectionNote.objects.filter(
        reviewer__round=round_, reviewer__submitted_at__isnull=False
    ).values_list("section", "text"):
        notes.setdefault(section, []).append(text)
    moves = movement(earlier, results) if earlier else []
    out = []
    for key, title in section_titles(round_):
        result = results.get(key) or SectionResult(key)
        out.append(
            SectionReport(
                key,
                title,
                result,
                by_section.get(key, []),
                notes.get(key, []),
                [m for m in moves if m[0] == key],
            )
        )
    return out


@dataclass
class QuestionChart:
    """One question's ratings across the sections: the diverging bars and the rows of their table."""

    key: str
    label: str
    svg: SafeString
    narrow_svg: SafeString  # the same chart laid out for a phone
    rows: list[tuple[SectionReport, Summary, bool]]  # section, its ratings, whether enough to judge


def enough(round_: Round, summary: Summary) -> bool:
    """Whether a question has the ratings the round needs before a section can be judged."""
    return summary.n >= max(1, round_.minimum_ratings)


def rating_charts(round_: Round, sections: list[SectionReport]) -> list[QuestionChart]:
    """Per question, a bar per section: ratings 1–3 left of the centre line, 4–5 right of it, the
    round's consensus threshold as a dashed line, and "not enough ratings" below the round's minimum."""
    threshold = exact(round_.consensus)
    percent = shown(threshold * 100)
    minimum = max(1, round_.minimum_ratings)
    charts = []
    for question in round_.questions:
        key, label = question["key"], question["label"]
        rows = []
        for s in sections:
            summary = s.result.questions.get(key) or Summary(0, None, None, None, None)
            rows.append((s, summary, enough(round_, summary)))
        met = sum(1 for _s, q, ok in rows if ok and q.agree is not None and q.agree >= threshold)
        short = sum(1 for _s, _q, ok in rows if not ok)
        chart = Diverging(
            title=f"{label}: ratings per section",
            description=(
                f"One bar per section for the question “{label}”: how many rated 1, 2 or 3 to the left "
                f"of the centre line, 4 or 5 to the right. The dashed line marks the consensus "
                f"threshold, {percent}% rating 4 or 5. {met} of {len(rows)} sections reach it with "
                f"enough ratings; {short} ha{'ve' if short != 1 else 's'} fewer than {minimum} "
                f"rating{'s' if minimum != 1 else ''} (not enough ratings). The table below gives the "
                "same figures."
            ),
            scale=tuple(str(point) for point in SCALE),
            split=3,
            threshold=threshold,
            threshold_label=f"Consensus: {percent}% rating 4 or 5",
            left_label="← rated 1 to 3",
            right_label="rated 4 or 5 →",
            bars=tuple(Bar(s.title, q.distribution, ok) for s, q, ok in rows),
        )
        charts.append(
            QuestionChart(
                key,
                label,
                diverging_bars(chart, f"ratings-{key}"),
                diverging_bars(chart, f"ratings-{key}-narrow", NARROW),
                rows,
            )
        )
    return charts


def headline(round_: Round, sections: list[SectionReport]) -> str:
    """'2 of 3 sections with enough ratings reached consensus; 25 had fewer than 5 ratings on a question.'"""
    judged = [s for s in sections if s.result.judged]
    agreed = sum(1 for s in judged if s.result.agreed)
    short = len(sections) - len(judged)
    text = (
        f"{agreed} of {len(judged)} section{'s' if len(judged) != 1 else ''} with enough ratings reached "
        f"consensus (at least {shown(exact(round_.consensus) * 100)}% rating 4 or 5 on every question)"
    )
    if short:
        text += (
            f"; {short} section{'s' if short != 1 else ''} had fewer than {round_.minimum_ratings} "
            f"rating{'s' if round_.minimum_ratings != 1 else ''} on a question, so no verdict"
        )
    return text + "."


def report_csv(round_: Round, sections: list[SectionReport]) -> str:
    labels = {q["key"]: q["label"] for q in round_.questions}
    out = io.StringIO()
    writer = SafeWriter(out)
    writer.writerow(
        [
            "section",
            "row",
            "question",
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
    for s in sections:
        for key, summary in s.result.questions.items():
            writer.writerow(
                [
                    s.title,
                    "rating",
                    labels.get(key, key),
                    summary.n,
                    summary.not_applicable,
                    shown(summary.median, 1, ""),
                    shown(summary.q1, 2, ""),
                    shown(summary.q3, 2, ""),
                    shown(summary.iqr, 2, ""),
                    "" if summary.agree is None else shown(summary.agree * 100),
                    s.result.status,
                    "",
                    "",
                    "",
                    "",
                    "",
                ]
            )
        for c in s.comments:
            writer.writerow(
                [
                    s.title,
                    "comment",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    c.exact,
                    c.text,
                    c.get_status_display(),
                    c.changed_in,
                    c.reason,
                ]
            )
    return out.getvalue()


def report_pdf(round_: Round, sections: list[SectionReport]) -> bytes:
    html = render_to_string(
        "consult/report_print.html",
        {
            "round": round_,
            "sections": sections,
            "charts": rating_charts(round_, sections),
            "headline": headline(round_, sections),
            "labels": {q["key"]: q["label"] for q in round_.questions},
        },
    )
    return write_pdf(html, identifier=f"cpi-consultation-{round_.pk}")


def public_summary(round_: Round) -> tuple[str, tuple[str, ...]]:
    """The response to consultation as published with the guide: per section, whether reviewers agreed
    and what the team did with the comments, in the team's words. Reviewers' own words and identities
    are not published."""
    lines = []
    reviewers = round_.reviewers.filter(submitted_at__isnull=False).count()
    for s in build_report(round_):
        rated = [q for q in s.result.questions.values() if q.n]
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
    title = f"{round_.title} ({reviewers} reviewer{'s' if reviewers != 1 else ''})"
    return title, tuple(lines)
