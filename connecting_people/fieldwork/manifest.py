"""The CSV manifest that maps files to site, visit, source type and participants for a folder import."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from connecting_people.lib import nul
from connecting_people.lib.csvtext import CsvTextError, csv_table, decode_csv

from .importing import ImportItem
from .models import Participant, Site, Source
from .vocab import SourceKind

COLUMNS = ["file", "site", "visit_date", "source_type", "participants", "title"]
TITLE_LENGTH = Source._meta.get_field("title").max_length
TEMPLATE = (
    ",".join(COLUMNS)
    + "\n"
    + "interviews/worker-03.docx,Example Site,14/03/2026,interview,P3,Interview with a support worker\n"
    + "notes/visit-day-1.txt,Example Site,14/03/2026,field_notes,,Field notes from the first day\n"
    + "groups/members.vtt,Example Site,15/03/2026,focus_group,P7;P8;P9,Focus group with members\n"
)


class ManifestError(Exception):
    pass


@dataclass
class ManifestRow:
    line: int
    file: str
    site_name: str = ""
    visit_date: dt.date | None = None
    kind: str = ""
    pseudonyms: list[str] = field(default_factory=list)
    title: str = ""
    problem: str = ""


def _kind(value: str) -> str | None:
    value = value.strip()
    if not value:
        return ""
    for choice in SourceKind:
        if value.lower() in (choice.value, choice.label.lower()):
            return choice.value
    return None


def _date(value: str) -> dt.date | None:
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(value.strip(), pattern).date()
        except ValueError:
            continue
    raise ValueError(value)


def parse_manifest(data: bytes) -> dict[str, ManifestRow]:
    """Rows keyed by file path as written (forward slashes); problems are kept per row."""
    try:
        table = csv_table(decode_csv(data))
    except CsvTextError as exc:
        raise ManifestError(str(exc)) from None
    missing = [c for c in ("file", "site") if c not in table.header]
    if missing:
        raise ManifestError(
            f"the manifest needs the columns {', '.join(COLUMNS)}; missing: {', '.join(missing)}"
        )
    rows: dict[str, ManifestRow] = {}
    for line, raw in table.rows:
        values = {k: v.strip() for k, v in raw.items() if k}
        holding_nul = nul.fields_with_nul(values)  # the row fails (below), and none of the NULs is kept
        values = {k.replace("\x00", ""): v.replace("\x00", "") for k, v in values.items()}
        path = values.get("file", "").replace("\\", "/")
        if not path:
            continue
        row = ManifestRow(
            line,
            path,
            values.get("site", ""),
            title=values.get("title", ""),
            pseudonyms=[p.strip() for p in values.get("participants", "").split(";") if p.strip()],
        )
        kind = _kind(values.get("source_type", ""))
        if overfull := table.too_many_cells(line):
            row.problem = f"manifest {overfull}"
        elif holding_nul:
            row.problem = f"manifest line {line}: {holding_nul[0]} {nul.PROBLEM}"
        elif kind is None:
            row.problem = (
                f"manifest line {line}: unknown source_type {values['source_type']!r}; use one of "
                + ", ".join(SourceKind.values)
            )
        elif TITLE_LENGTH is not None and len(row.title) > TITLE_LENGTH:
            # Cut, it would lose the end of what the researcher wrote without a word; kept, the database
            # refuses it (PostgreSQL) with the rest of its batch. The file fails and the title goes unused.
            row.problem = (
                f"manifest line {line}: the title has {len(row.title):,} characters; a title holds at most "
                f"{TITLE_LENGTH}"
            )
            row.title = ""
        else:
            row.kind = kind
        if values.get("visit_date"):
            try:
                row.visit_date = _date(values["visit_date"])
            except ValueError:
                row.problem = (
                    row.problem
                    or f"manifest line {line}: visit_date {values['visit_date']!r} is not a date (dd/mm/yyyy)"
                )
        if path in rows:
            row.problem = f"manifest line {line}: {path} is listed twice (first on line {rows[path].line})"
        rows[path] = row
    return rows


def match_rows(
    rows: dict[str, ManifestRow], files: list[tuple[str, str]]
) -> tuple[list[ManifestRow | None], list[str]]:
    """The row for each file, given as (its path from the manifest's folder, its name), and a line for
    each row that names none of the files. A row names a file by its path, in any case (Windows and
    macOS do not tell "Interviews" from "interviews"); a browser sends a file's name without its folder,
    so failing that a row whose path ends in the file's name names it, if it is the only one."""
    by_path = {path.casefold(): row for path, row in rows.items()}
    by_name: dict[str, list[ManifestRow]] = defaultdict(list)
    for listed in rows.values():
        by_name[PurePosixPath(listed.file).name.casefold()].append(listed)
    matched: list[ManifestRow | None] = []
    used: set[int] = set()
    for path, name in files:
        row = by_path.get(path.casefold())
        if row is None:
            candidates = by_name.get(name.casefold(), [])
            if len(candidates) == 1:
                row = candidates[0]
            elif candidates:
                lines = ", ".join(str(c.line) for c in candidates)
                row = dataclasses.replace(
                    candidates[0],
                    problem=f"manifest lines {lines} each name a file called {name}; import each folder "
                    "on its own, or give the files different names",
                )
                used.update(c.line for c in candidates)
        if row is not None:
            used.add(row.line)
        matched.append(row)
    unmatched = [
        f"manifest line {row.line}: {row.file} is not among the files, so the line was not used"
        for row in rows.values()
        if row.line not in used
    ]
    return matched, unmatched


def resolve_site_and_people(
    row: ManifestRow, sites: dict[str, Site]
) -> tuple[Site | None, list[Participant], str]:
    """The row's site and participants from the team's register, or a message saying what is missing."""
    if row.problem:
        return None, [], row.problem
    if not row.site_name:
        return None, [], ""
    site = sites.get(row.site_name.casefold())
    if site is None:
        return None, [], f"manifest line {row.line}: site {row.site_name!r} is not in the register"
    found = {p.pseudonym.casefold(): p for p in site.participants.all()}
    unknown = [p for p in row.pseudonyms if p.casefold() not in found]
    if unknown:
        return (
            None,
            [],
            (
                f"manifest line {row.line}: no participant {', '.join(map(repr, unknown))} "
                f"is registered at {site.name}"
            ),
        )
    return site, [found[p.casefold()] for p in row.pseudonyms], ""


def apply_row(item: ImportItem, row: ManifestRow | None, sites: dict[str, Site]) -> ImportItem:
    """The item as its manifest row describes it (site, visit date, type, participants, title), the
    choices made for the whole import standing where the row leaves a column empty; a row that cannot
    be followed fails the item with its message. `sites` are the team's, by case-folded name."""
    if row is None:
        return item
    site, people, problem = resolve_site_and_people(row, sites)
    item.site, item.participants, item.problem = site or item.site, people, problem
    item.visit_date, item.kind, item.title = row.visit_date, row.kind or item.kind, row.title
    return item
