from __future__ import annotations

import datetime as dt
import json as jsonlib
from pathlib import Path
from typing import Any, TypedDict, final

from django.core.management.base import CommandError, CommandParser
from django.db import transaction
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from connecting_people.accounts.models import Organisation, User
from connecting_people.accounts.roles import Role
from connecting_people.audit import log
from connecting_people.fieldwork import evidence_counts, finder, refi, search
from connecting_people.fieldwork.actions import do_collect_orphans
from connecting_people.fieldwork.coding import coding_components
from connecting_people.fieldwork.coverage import coverage
from connecting_people.fieldwork.exports import excerpts_csv
from connecting_people.fieldwork.extract import SUPPORTED_EXTENSIONS
from connecting_people.fieldwork.finder import Filters
from connecting_people.fieldwork.importing import DUPLICATE, FAILED, ImportItem, import_items
from connecting_people.fieldwork.manifest import ManifestError, apply_row, match_rows, parse_manifest
from connecting_people.fieldwork.models import Excerpt, Site, Source, Tag
from connecting_people.fieldwork.vocab import ExcerptKind, Perspective
from connecting_people.lib.console import FileCommand, console_for


@final
class SourceRow(TypedDict):
    """A source found by `search --sources`, as its JSON line gives it."""

    source_id: int
    title: str
    site: str
    snippet: str


@final
class ExcerptRow(TypedDict):
    """A coded excerpt found by `search`, as its JSON line gives it."""

    excerpt_id: int
    source_id: int
    site: str
    perspective: str
    kind: str
    components: list[str]
    snippet: str


def _files(paths: list[str]) -> list[Path]:
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found += sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_EXTENSIONS
            )
        elif path.exists():
            found.append(path)
        else:
            raise CommandError(f"{raw}: no such file or folder")
    return found


class Command(FileCommand):
    help = "Fieldwork evidence: import, search, coverage, exports, REFI-QDA exchange, tag mapping, reindex."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        p = sub.add_parser(
            "import", help="Import files or folders; without --site or --manifest they wait in the inbox."
        )
        p.add_argument("paths", nargs="+", metavar="PATH")
        p.add_argument("--site", help="Register all files to this site (by name).")
        p.add_argument("--manifest", help="CSV mapping files to site, visit, source type and participants.")
        p.add_argument("--team", help="The research team (organisation name); needed when there are several.")
        p.add_argument("--as", dest="username", help="Record the import as done by this researcher.")
        p = sub.add_parser(
            "coverage",
            help="Evidence (distinct passages) per component and perspective (or site); gaps marked.",
        )
        p.add_argument("--by", choices=["perspective", "site"], default="perspective")
        p.add_argument("--threshold", type=int, default=None, help="cells below this are gaps (default 3)")
        p.add_argument("--csv", action="store_true", help="print CSV")
        p.add_argument("--team", help="The research team (organisation name); needed when there are several.")
        p = sub.add_parser(
            "export-excerpts", help="CSV of coded excerpts with their codes and perspectives (pseudonymised)."
        )
        p.add_argument("out", metavar="OUT.csv")
        p.add_argument(
            "--named-sites",
            action="store_true",
            help="use real site names even for sites that did not agree to be named (internal use only)",
        )
        p.add_argument("--team", help="The research team (organisation name); needed when there are several.")
        p = sub.add_parser(
            "export-qdpx", help="Export the team's sources and codings as a REFI-QDA project (.qdpx)."
        )
        p.add_argument("out", metavar="OUT.qdpx")
        p.add_argument("--team")
        p = sub.add_parser(
            "export-qdc", help="Export the codebook (model components and free tags) as REFI-QDA .qdc."
        )
        p.add_argument("out", metavar="OUT.qdc")
        p.add_argument("--team")
        p = sub.add_parser(
            "import-qdpx", help="Import a REFI-QDA project from NVivo, ATLAS.ti, MAXQDA or QualCoder."
        )
        p.add_argument("file", metavar="FILE.qdpx")
        p.add_argument("--team")
        p.add_argument("--as", dest="username", help="Record the import as done by this researcher.")
        p.add_argument(
            "--coder",
            action="append",
            default=[],
            metavar="NAME=USERNAME",
            help="Record the project's user NAME's codings as this researcher's (repeatable); "
            "by default a user whose name matches a researcher's is theirs, others become named coders.",
        )
        p.add_argument(
            "--case",
            action="append",
            default=[],
            metavar="NAME=SITE/PERSPECTIVE",
            help="Make the project's case NAME a participant of this site with this perspective "
            f"({', '.join(Perspective.values)}) (repeatable); other cases stay attributes of their sources.",
        )
        p = sub.add_parser(
            "import-qdc", help="Import a REFI-QDA codebook; codes that match no component become free tags."
        )
        p.add_argument("file", metavar="FILE.qdc")
        p.add_argument("--team")
        p = sub.add_parser(
            "map-tag", help="Add a model component to every excerpt with a free tag (e.g. after an import)."
        )
        p.add_argument("tag", help="tag path, e.g. 'Barriers/Transport'")
        p.add_argument("component", help="component key")
        p.add_argument("--team")
        sub.add_parser(
            "reindex",
            help="Rebuild the full-text index and the evidence counts from every source and coding.",
        )
        p = sub.add_parser(
            "gc", help="Delete stored original files that no source references (left by a killed import)."
        )
        p.add_argument(
            "--grace",
            type=int,
            default=60,
            metavar="MINUTES",
            help="keep files younger than this, which may belong to an import still running (default 60)",
        )
        p.add_argument("--dry-run", action="store_true", help="list them without deleting")
        p = sub.add_parser("search", help="Search coded excerpts (or whole sources with --sources).")
        p.add_argument("query")
        p.add_argument("--component", default="", help="component key, e.g. build-relationship")
        p.add_argument("--perspective", default="", choices=["", *Perspective.values])
        p.add_argument("--site", default="", help="site name or id")
        p.add_argument("--kind", default="", choices=["", *ExcerptKind.values])
        p.add_argument("--region", default="")
        p.add_argument("--sector", default="")
        p.add_argument("--researcher", default="", help="coder's user name")
        p.add_argument("--sources", action="store_true", help="search whole sources instead of excerpts")
        p.add_argument("--limit", type=int, default=20)
        p.add_argument("--team", help="The research team (organisation name); needed when there are several.")
        p.add_argument("--json", action="store_true", help="print JSON lines instead of a table")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, "do_" + options["action"].replace("-", "_"))(**options)

    def _team(self, name: str | None, user: User | None) -> Organisation:
        if user is not None and user.organisation is not None and not name:
            return user.organisation
        if name:
            team = Organisation.objects.filter(name__iexact=name).first()
            if team is None:
                raise CommandError(f"No organisation called {name!r}.")
            return team
        teams = list(Organisation.objects.filter(members__role=Role.RESEARCHER).distinct())
        if len(teams) != 1:
            raise CommandError(
                "Name the research team with --team (there are " + str(len(teams)) + " with researchers)."
            )
        return teams[0]

    def do_coverage(self, by: str, threshold: int | None, csv: bool, team: str | None, **_: Any) -> None:

        matrix = coverage(self._team(team, None).pk, by, threshold)
        if csv:
            self.stdout.write(matrix.as_csv(), ending="")
            return
        table = Table(
            "Component",
            *[escape(label) for _, label in matrix.columns],
            "Total",
            title=f"Coverage by {by} (gap: fewer than {matrix.threshold})",
        )
        for row in matrix.rows():
            cells = [(f"[red]{c['count']}*[/]" if c["gap"] else str(c["count"])) for c in row["cells"]]
            table.add_row(escape(row["component"].title), *cells, str(row["total"]))
        console_for(self.stdout, highlight=False, width=200).print(table)
        self.stdout.write(f"{len(matrix.gaps())} gaps (marked *).")

    def do_export_excerpts(self, out: str, named_sites: bool, team: str | None, **_: Any) -> None:

        owner = self._team(team, None)
        text = excerpts_csv(owner.pk, named_sites=named_sites)
        Path(out).write_text(text, encoding="utf-8")
        rows = text.count("\n") - 1
        with transaction.atomic():
            log.record(
                None,
                log.Action.EXPORT,
                owner,
                object_type="fieldwork.excerpt",
                object_id="",
                note=f"{rows} excerpts to {Path(out).name}" + (" with site names" if named_sites else ""),
            )
        self.stdout.write(f"Wrote {rows} excerpts to {out}.")

    def _researcher(self, username: str | None) -> User | None:
        if not username:
            return None
        user = User.objects.filter(username=username).first()
        if user is None or not user.caps.can_handle_fieldwork:
            raise CommandError(f"{username!r} is not a researcher.")
        return user

    def do_export_qdpx(self, out: str, team: str | None, **_: Any) -> None:
        owner = self._team(team, None)
        Path(out).write_bytes(refi.export_project(owner.pk, f"{owner.name} fieldwork"))
        with transaction.atomic():
            log.record(None, log.Action.EXPORT, owner, note=f"REFI-QDA project {Path(out).name}")
        self.stdout.write(f"Wrote {out}")

    def do_export_qdc(self, out: str, team: str | None, **_: Any) -> None:
        Path(out).write_bytes(refi.export_codebook(self._team(team, None).pk))
        self.stdout.write(f"Wrote {out}")

    def do_import_qdpx(
        self, file: str, team: str | None, username: str | None, coder: list[str], case: list[str], **_: Any
    ) -> None:
        user = self._researcher(username)
        owner = self._team(team, user)
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: no such file")
        chosen: dict[str, User | None] = {}
        for pair in coder:
            name, _sep, their_username = pair.partition("=")
            chosen[name.strip().casefold()] = self._researcher(their_username.strip())
        try:
            plan = refi.make_plan(owner, refi.Archive(path.read_bytes()), coding_components())
        except refi.RefiError as exc:
            raise CommandError(f"{file} was not imported; nothing was written. {exc}") from None
        mapped: dict[str, User] = {}
        for c in plan.coders:
            researcher = chosen.get(c.name.casefold())
            if researcher is not None:  # a name given without a user name leaves the coder as by default
                mapped[c.guid] = researcher
        cases: dict[str, refi.CaseChoice] = {}
        for pair in case:
            name, _sep, target = pair.partition("=")
            site_name, _sep, perspective = target.rpartition("/")
            site = Site.objects.filter(team=owner, name=site_name.strip()).first()
            found = next(
                (c for c in plan.project.cases if c.name.casefold() == name.strip().casefold()), None
            )
            if site is None or found is None or perspective.strip() not in Perspective.values:
                raise CommandError(
                    f"--case {pair!r}: give a case of the project, a site of {owner} and one of "
                    f"{', '.join(Perspective.values)}; nothing was written."
                )
            cases[found.guid] = refi.CaseChoice(site, perspective.strip())
        report = refi.apply_plan(user, owner, plan, mapped, cases)
        for line in refi.report_lines(report):
            self.stdout.write(line)

    def do_import_qdc(self, file: str, team: str | None, **_: Any) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: no such file")
        try:
            report = refi.do_import_codebook(None, self._team(team, None), path.read_bytes())
        except refi.RefiError as exc:
            raise CommandError(f"{file} was not imported; nothing was written. {exc}") from None
        self.stdout.write(
            f"{len(report.components_matched)} codes matched model components; "
            f"{len(report.tags_created)} new free tags: " + ", ".join(report.tags_created)
        )
        for loss in report.losses:
            self.stdout.write(f"  not kept as it was: {loss}")

    def do_map_tag(self, tag: str, component: str, team: str | None, **_: Any) -> None:
        owner = self._team(team, None)
        node = None
        for name in [n.strip() for n in tag.split("/") if n.strip()]:
            node = Tag.objects.filter(team=owner, parent=node, name=name).first()
            if node is None:
                raise CommandError(f"No tag {tag!r} in {owner}.")
        target = next((c for c in coding_components() if c.key == component), None)
        if node is None or target is None:
            raise CommandError(f"No component {component!r} in the published model.")
        count = refi.do_map_tag_to_component(None, node, target)
        self.stdout.write(f"Added “{target.title}” to {count} excerpts tagged {node.path}.")

    def do_gc(self, grace: int, dry_run: bool, **_: Any) -> None:
        if not 0 <= grace <= 525_600:
            raise CommandError("--grace must be from 0 to 525600 minutes (a year).")
        found = do_collect_orphans(None, dt.timedelta(minutes=grace), dry_run=dry_run)
        for name in found:
            self.stdout.write(name)
        verb = "would be deleted" if dry_run else "deleted"
        self.stdout.write(f"{len(found)} orphan file{'s' if len(found) != 1 else ''} {verb}.")

    def do_reindex(self, **_: Any) -> None:

        total = Source.objects.count() + Excerpt.objects.count()
        console = console_for(self.stdout, highlight=False)
        with (
            Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                console=console,
                transient=True,
            ) as progress,
            transaction.atomic(),
        ):
            task = progress.add_task("Indexing", total=total)
            search.rebuild(Source.objects.all(), Excerpt.objects.all(), lambda n: progress.advance(task, n))
            for team_id in Source.objects.values_list("team_id", flat=True).distinct():
                evidence_counts.recount(team_id)
        self.stdout.write(f"Indexed {total} documents and counted the evidence again.")

    def do_search(
        self, query: str, sources: bool, limit: int, team: str | None, json: bool, **options: Any
    ) -> None:

        owner = self._team(team, None)
        filters = Filters(
            **{
                k: options[k]
                for k in ("component", "kind", "perspective", "site", "region", "sector", "researcher")
            }
        )
        try:
            parsed = search.parse_query(query)
        except search.SearchQueryError as exc:
            raise CommandError(str(exc)) from None
        results = (
            finder.sources(owner.pk, parsed, filters)
            if sources
            else finder.excerpts(owner.pk, parsed, filters)
            .select_related("source__site")
            .prefetch_related("components")
        )
        total = results.count()
        rows: list[SourceRow | ExcerptRow] = []
        for item in results[: max(1, limit)]:
            snippet = search.snippet(item.text, parsed).replace(search.START, "[").replace(search.STOP, "]")
            if isinstance(item, Source):
                rows.append(
                    {
                        "source_id": item.pk,
                        "title": item.title,
                        "site": item.site.name if item.site else "",
                        "snippet": snippet,
                    }
                )
            else:
                rows.append(
                    {
                        "excerpt_id": item.pk,
                        "source_id": item.source_id,
                        "site": item.source.site.name if item.source.site else "",
                        "perspective": item.perspective,
                        "kind": item.kind,
                        "components": [c.key for c in item.components.all()],
                        "snippet": snippet,
                    }
                )
        if json:
            for row in rows:
                self.stdout.write(jsonlib.dumps(row, ensure_ascii=False))
            return
        table = Table(
            "id",
            "site",
            "perspective" if not sources else "title",
            "snippet",
            title=f"more than {search.CAP:,} found" if results.more else f"{total} found",
            show_lines=False,
        )
        for row in rows:
            if "excerpt_id" in row:
                shown, detail = row["excerpt_id"], row["perspective"]
            else:
                shown, detail = row["source_id"], row["title"]
            table.add_row(str(shown), escape(row["site"]), escape(detail), escape(row["snippet"]))
        console_for(self.stdout, highlight=False, width=160).print(table)

    def do_import(
        self,
        paths: list[str],
        site: str | None,
        manifest: str | None,
        team: str | None,
        username: str | None,
        **_: Any,
    ) -> None:
        user = None
        if username:
            user = User.objects.filter(username=username).first()
            if user is None or not user.caps.can_handle_fieldwork:
                raise CommandError(f"{username!r} is not a researcher.")
        owner = self._team(team, user)
        sites = {
            s.name.casefold(): s for s in Site.objects.filter(team=owner).prefetch_related("participants")
        }
        default_site = None
        if site:
            default_site = sites.get(site.casefold())
            if default_site is None:
                raise CommandError(f"Site {site!r} is not in {owner}'s register.")
        rows = {}
        base = Path.cwd()
        if manifest:
            manifest_path = Path(manifest)
            if not manifest_path.is_file():
                raise CommandError(f"{manifest}: no such file")
            try:
                rows = parse_manifest(manifest_path.read_bytes())
            except ManifestError as exc:
                raise CommandError(f"{manifest}: {exc}") from None
            base = manifest_path.resolve().parent
        files = _files(paths)
        if not files:
            raise CommandError("No files to import (supported: " + ", ".join(SUPPORTED_EXTENSIONS) + ").")
        keys = []
        for path in files:
            try:
                keys.append((path.resolve().relative_to(base).as_posix(), path.name))
            except ValueError:
                keys.append((path.name, path.name))
        matched, unmatched = match_rows(rows, keys)
        items = [
            apply_row(ImportItem(name=path.name, read=path.read_bytes, site=default_site), row, sites)
            for path, row in zip(files, matched, strict=True)
        ]
        console = console_for(self.stdout, highlight=False)
        with Progress(
            TextColumn("Importing"),
            BarColumn(),
            MofNCompleteColumn(),
            console=console,
            transient=True,
        ) as progress:
            task = progress.add_task("Importing", total=len(items))
            report = import_items(user, owner, items, lambda done: progress.advance(task, len(done)))
        for result in report.items:
            if result.status in (FAILED, DUPLICATE):
                label = "failed   " if result.status == FAILED else "duplicate"
                self.stdout.write(f"  {label} {result.name}: {result.message}")
        for line in unmatched:
            self.stdout.write(f"  not used  {line}")
        inbox = sum(
            1 for i, r in zip(items, report.items, strict=True) if r.status == "imported" and i.site is None
        )
        self.stdout.write(
            report.summary + (f"; {inbox} waiting in the inbox for a site" if inbox else "") + "."
        )
        if report.count(FAILED):
            raise CommandError(f"{report.count(FAILED)} file(s) failed; the others were imported.")
