"""Exports of the evidence. Pseudonymised by default: participants appear by pseudonym only (never a
real name), sites that did not agree to be named appear as a code, and withdrawn material is left out.
One row per coding; the `passages` column names the passage of evidence each of its components belongs
to (`evidence.evidence_passages`), so counting distinct passages gives the figures the pages show."""

from __future__ import annotations

import io
from collections.abc import Iterator

from connecting_people.lib.csvsafe import SafeWriter

from .evidence import evidence_passages, usable_excerpts
from .models import Excerpt, Site
from .passages import Passage

COLUMNS = [
    "excerpt_id",
    "source_id",
    "source_title",
    "source_type",
    "site",
    "region",
    "sector",
    "speaker",
    "participant",
    "perspective",
    "kind",
    "components",
    "passages",
    "tags",
    "text",
    "memo",
    "coder",
    "coded_at",
]


def site_label(site: Site | None, named: bool) -> str:
    if site is None:
        return ""
    return site.name if (named or site.agreed_to_be_named) else f"Site {site.pk}"


def passage_label(passage: Passage) -> str:
    """'12:340-415:find-opportunities': source, offsets of the whole passage, component key."""
    return f"{passage.source_id}:{passage.start}-{passage.end}:{passage.key}"


def excerpt_rows(team_id: int, *, named_sites: bool = False) -> Iterator[list[str]]:
    labels = {
        (excerpt_id, p.key): passage_label(p)
        for p in evidence_passages(team_id)
        for excerpt_id in p.excerpt_ids
    }
    excerpts = (
        usable_excerpts(Excerpt.objects.filter(source__team_id=team_id))
        .select_related("source__site", "participant", "coder")
        .prefetch_related("components", "tags")
        .order_by("source_id", "start", "id")
    )
    for e in excerpts.iterator(chunk_size=1000):
        site = e.source.site
        yield [
            str(e.pk),
            str(e.source_id),
            e.source.title,
            e.source.kind,
            site_label(site, named_sites),
            site.region if site else "",
            site.sector if site else "",
            e.speaker,
            e.participant.pseudonym if e.participant else "",
            e.participant.perspective if e.participant else "",
            e.kind,
            ";".join(c.key for c in e.components.all()),
            ";".join(sorted({labels[(e.pk, c.key)] for c in e.components.all() if (e.pk, c.key) in labels})),
            ";".join(t.path for t in e.tags.all()),
            e.text,
            e.memo,
            e.coder.username if e.coder else "",
            e.created_at.isoformat(timespec="seconds"),
        ]


def excerpts_csv(team_id: int, *, named_sites: bool = False) -> str:
    out = io.StringIO()
    writer = SafeWriter(out)
    writer.writerow(COLUMNS)
    writer.writerows(excerpt_rows(team_id, named_sites=named_sites))
    return out.getvalue()
