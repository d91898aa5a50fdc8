"""Exports of the evidence. Pseudonymised by default: participants appear by pseudonym only (never a
real name), sites that did not agree to be named appear as a code, and withdrawn material is left out."""

from __future__ import annotations

import io
from collections.abc import Iterator

from connecting_people.lib.csvsafe import SafeWriter

from .evidence import usable_excerpts
from .models import Excerpt, Site

COLUMNS = ["excerpt_id", "source_id", "source_title", "source_type", "site", "region", "sector", "speaker",
           "participant", "perspective", "kind", "components", "tags", "text", "memo", "coder", "coded_at"]


def site_label(site: Site | None, named: bool) -> str:
    if site is None:
        return ""
    return site.name if (named or site.agreed_to_be_named) else f"Site {site.pk}"


def excerpt_rows(team_id: int, *, named_sites: bool = False) -> Iterator[list[str]]:
    excerpts = (usable_excerpts(Excerpt.objects.filter(source__team_id=team_id))
                .select_related("source__site", "participant", "coder")
                .prefetch_related("components", "tags").order_by("source_id", "start", "id"))
    for e in excerpts.iterator(chunk_size=1000):
        site = e.source.site
        yield [
            str(e.pk), str(e.source_id), e.source.title, e.source.kind, site_label(site, named_sites),
            site.region if site else "", site.sector if site else "", e.speaker,
            e.participant.pseudonym if e.participant else "", e.perspective, e.kind,
            ";".join(c.key for c in e.components.all()), ";".join(t.path for t in e.tags.all()),
            e.text, e.memo, e.coder.username if e.coder else "", e.created_at.isoformat(timespec="seconds"),
        ]


def excerpts_csv(team_id: int, *, named_sites: bool = False) -> str:
    out = io.StringIO()
    writer = SafeWriter(out)
    writer.writerow(COLUMNS)
    writer.writerows(excerpt_rows(team_id, named_sites=named_sites))
    return out.getvalue()
