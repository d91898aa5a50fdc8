"""Exports of the evidence. Pseudonymised by default: participants appear by pseudonym only (never a
real name), sites that did not agree to be named appear as a code, and withdrawn material is left out.
Where a title, a speaker label, an excerpt or a memo names a participant (their real name, its parts or
a nickname, as the guide's check finds them) or such a site, the name is replaced in square brackets, as
transcribers mark a replacement: "[P1]", "[Site 3]", "[name]" where the words fit more than one.
One row per coding; the `passages` column names the passage of evidence each of its components belongs
to (`evidence.evidence_passages`), so counting distinct passages gives the figures the pages show."""

from __future__ import annotations

import io
from collections.abc import Iterator

from connecting_people.lib.anonymise import Checker, register_names
from connecting_people.lib.csvsafe import SafeWriter

from .evidence import evidence_passages, usable_excerpts
from .models import Excerpt, Participant, Site
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


SHARED_NAME = "[name]"


def register(team_id: int, *, named_sites: bool) -> Checker:
    """The team's participants' names with their pseudonyms, and (unless sites are named) the sites that
    did not agree to be named and their hosts with their codes, as the replacements."""
    entries: list[tuple[str, str, str]] = []
    for pseudonym, real_name, nicknames in Participant.objects.filter(site__team_id=team_id).values_list(
        "pseudonym", "real_name", "nicknames"
    ):
        entries.append((real_name, "real name", f"[{pseudonym}]"))
        entries += [(nickname, "nickname", f"[{pseudonym}]") for nickname in nicknames.split(",")]
    if not named_sites:
        for pk, name, host in Site.objects.filter(team_id=team_id, agreed_to_be_named=False).values_list(
            "pk", "name", "host_organisation"
        ):
            entries += [(name, "site", f"[Site {pk}]"), (host, "host organisation", f"[host of Site {pk}]")]
    return Checker(register_names(entries))


def excerpt_rows(team_id: int, *, named_sites: bool = False) -> Iterator[list[str]]:
    names = register(team_id, named_sites=named_sites)

    def clean(text: str) -> str:
        return names.replace(text, SHARED_NAME)

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
            clean(e.source.title),
            e.source.kind,
            site_label(site, named_sites),
            site.region if site else "",
            site.sector if site else "",
            clean(e.speaker),
            e.participant.pseudonym if e.participant else "",
            e.participant.perspective if e.participant else "",
            e.kind,
            ";".join(c.key for c in e.components.all()),
            ";".join(sorted({labels[(e.pk, c.key)] for c in e.components.all() if (e.pk, c.key) in labels})),
            ";".join(t.path for t in e.tags.all()),
            clean(e.text),
            clean(e.memo),
            e.coder.username if e.coder else "",
            e.created_at.isoformat(timespec="seconds"),
        ]


def excerpts_csv(team_id: int, *, named_sites: bool = False) -> str:
    out = io.StringIO()
    writer = SafeWriter(out)
    writer.writerow(COLUMNS)
    writer.writerows(excerpt_rows(team_id, named_sites=named_sites))
    return out.getvalue()
