"""The response to consultation: per section, what reviewers said, the ratings, and what the team did
with each comment; with the movement since the round before, for a Delphi round."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from connecting_people.lib.csvsafe import SafeWriter

from .aggregate import SectionResult, aggregate, movement
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


def rows_for(round_: Round) -> list[tuple[str, str, str, int | None]]:
    """(section, question, perspective, value) for submitted responses only."""
    return list(Rating.objects.filter(reviewer__round=round_, reviewer__submitted_at__isnull=False)
                .values_list("section", "question", "reviewer__perspective", "value"))


def build_report(round_: Round, *, perspective: str = "", status: str = "") -> list[SectionReport]:
    results = aggregate(rows_for(round_), round_.question_keys, round_.consensus)
    earlier = aggregate(rows_for(round_.follows), round_.follows.question_keys, round_.follows.consensus) \
        if round_.follows_id else {}
    comments = Comment.objects.filter(reviewer__round=round_, reviewer__submitted_at__isnull=False) \
        .select_related("reviewer").prefetch_related("replies")
    if perspective:
        comments = comments.filter(reviewer__perspective=perspective)
    if status:
        comments = comments.filter(status=status)
    by_section: dict[str, list[Any]] = {}
    for comment in comments:
        by_section.setdefault(comment.section, []).append(comment)
    notes: dict[str, list[str]] = {}
    for section, text in SectionNote.objects.filter(reviewer__round=round_, reviewer__submitted_at__isnull=False) \
            .values_list("section", "text"):
        notes.setdefault(section, []).append(text)
    moves = movement(earlier, results) if earlier else []
    out = []
    for key, title in section_titles(round_):
        result = results.get(key) or SectionResult(key)
        out.append(SectionReport(key, title, result, by_section.get(key, []), notes.get(key, []),
                                 [m for m in moves if m[0] == key]))
    return out


def report_csv(round_: Round, sections: list[SectionReport]) -> str:
    labels = {q["key"]: q["label"] for q in round_.questions}
    out = io.StringIO()
    writer = SafeWriter(out)
    writer.writerow(["section", "row", "question", "n", "median", "q1", "q3", "percent 4-5", "agreed",
                     "comment on", "comment", "status", "changed in", "reason"])
    for s in sections:
        for key, summary in s.result.questions.items():
            writer.writerow([s.title, "rating", labels.get(key, key), summary.n, _num(summary.median), _num(summary.q1),
                             _num(summary.q3), "" if summary.agree is None else round(summary.agree * 100),
                             "yes" if s.result.agreed else "no", "", "", "", "", ""])
        for c in s.comments:
            writer.writerow([s.title, "comment", "", "", "", "", "", "", "", c.exact, c.text, c.get_status_display(),
                             c.changed_in, c.reason])
    return out.getvalue()


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def report_pdf(round_: Round, sections: list[SectionReport]) -> bytes:
    from django.template.loader import render_to_string
    from weasyprint import HTML

    html = render_to_string("consult/report_print.html", {"round": round_, "sections": sections,
                                                          "labels": {q["key"]: q["label"] for q in round_.questions}})
    return HTML(string=html).write_pdf()


def public_summary(round_: Round) -> tuple[str, tuple[str, ...]]:
    """The response to consultation as published with the guide: per section, whether reviewers agreed
    and what the team did with the comments, in the team's words. Reviewers' own words and identities
    are not published."""
    from collections import Counter

    lines = []
    reviewers = round_.reviewers.filter(submitted_at__isnull=False).count()
    for s in build_report(round_):
        rated = [q for q in s.result.questions.values() if q.n]
        if not rated and not s.comments:
            continue
        parts = [f"{s.title}: {'agreed' if s.result.agreed else 'not agreed'}"]
        if rated:
            low, high = min(q.n for q in rated), max(q.n for q in rated)
            counted = f"{low}" if low == high else f"{low} to {high}"
            parts[0] += f" ({counted} rating{'s' if high != 1 else ''} per question)"
        if s.comments:
            counts = Counter(c.get_status_display().lower() for c in s.comments)
            parts.append(f"{len(s.comments)} comment{'s' if len(s.comments) != 1 else ''}: "
                         + ", ".join(f"{n} {label}" for label, n in sorted(counts.items())))
        reasons = [c.reason.rstrip(". ") for c in s.comments if c.status == "not_changed" and c.reason]
        if reasons:
            parts.append("Not changed because: " + "; ".join(reasons))
        lines.append(". ".join(parts) + ".")
    title = f"{round_.title} ({reviewers} reviewer{'s' if reviewers != 1 else ''})"
    return title, tuple(lines)
