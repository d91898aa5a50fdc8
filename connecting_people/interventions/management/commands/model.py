from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser
from rich.table import Table

from connecting_people.interventions import actions, diagram, modelfile
from connecting_people.interventions.diff import as_plain_text, diff_versions
from connecting_people.interventions.migration import (
    MigrationError,
    apply_migration,
    plan_migration,
    read_mapping,
)
from connecting_people.interventions.models import ModelVersion, VersionFrozen
from connecting_people.interventions.refs import UnknownVersion, resolve_version
from connecting_people.interventions.store import version_data
from connecting_people.lib.console import FileCommand, console_for


class Command(FileCommand):
    help = "The intervention model: list, import, export, diff, diagram, publish, migrate-evidence."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        sub.add_parser("list", help="List models and their versions.")
        p = sub.add_parser("import", help="Import a YAML model file as a new draft version.")
        p.add_argument("file")
        p.add_argument("--label", help="Use this version label instead of the one in the file.")
        p.add_argument("--publish", action="store_true", help="Publish the version straight away.")
        p = sub.add_parser(
            "export", help="Write a version as YAML (VERSION: latest, a label, or MODEL@LABEL)."
        )
        p.add_argument("version")
        p.add_argument("--out", help="File to write (default: standard output).")
        p = sub.add_parser("diff", help="Show what changed between versions A and B.")
        p.add_argument("a")
        p.add_argument("b")
        p = sub.add_parser("diagram", help="Draw a version's diagram as SVG (or PNG).")
        p.add_argument("version")
        p.add_argument("--out", required=True, help="File to write; a .png name gives PNG.")
        p.add_argument("--png", action="store_true", help="Write PNG whatever the file name.")
        p = sub.add_parser("publish", help="Publish a draft version (it cannot change afterwards).")
        p.add_argument("version")
        p = sub.add_parser(
            "migrate-evidence", help="Move evidence from one published version's components to another's."
        )
        p.add_argument("source")
        p.add_argument("target")
        p.add_argument("--map", dest="mapping", help="CSV with columns old_key,new_key (default: same key).")
        p.add_argument("--dry-run", action="store_true", help="Report what would move; change nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        self.console = console_for(self.stdout, highlight=False, soft_wrap=True)
        handler = getattr(self, "do_" + options["action"].replace("-", "_"))
        try:
            handler(**options)
        except (UnknownVersion, actions.ModelActionError, MigrationError, VersionFrozen) as exc:
            raise CommandError(str(exc)) from None

    def do_list(self, **_: Any) -> None:
        table = Table("Model", "Version", "Status", "Components", "Published")
        for v in ModelVersion.objects.select_related("model").order_by("model__key", "created_at", "id"):
            table.add_row(
                f"{v.model.key}",
                v.label,
                v.get_status_display(),
                str(v.components.count()),
                v.published_at.strftime("%d/%m/%Y %H:%M") if v.published_at else "",
            )
        self.console.print(table)

    def do_import(self, file: str, label: str | None, publish: bool, **_: Any) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: no such file")
        try:
            data = modelfile.parse(modelfile.decode(path.read_bytes(), settings.MODEL_FILE_MAX_BYTES))
        except modelfile.ModelFileError as exc:
            raise CommandError(f"{file} was not imported; nothing was written.\n" + str(exc)) from None
        version = actions.do_import_version(
            None, data, label=label, publish=publish, note=f"imported from {path.name}"
        )
        state = "published" if version.is_published else "draft"
        self.stdout.write(
            f"Imported {version.model.key}@{version.label} ({state}, {len(data.components)} components)."
        )

    def do_export(self, version: str, out: str | None, **_: Any) -> None:
        text = modelfile.dump(version_data(resolve_version(version)))
        if out:
            Path(out).write_text(text, encoding="utf-8")
            self.stdout.write(f"Wrote {out}")
        else:
            self.stdout.write(text, ending="")

    def do_diff(self, a: str, b: str, **_: Any) -> None:
        result = diff_versions(version_data(resolve_version(a)), version_data(resolve_version(b)))
        self.stdout.write(as_plain_text(result))

    def do_diagram(self, version: str, out: str, png: bool, **_: Any) -> None:
        v = resolve_version(version)
        svg = diagram.render_svg(version_data(v), lambda c: f"#component-{c.key}")
        if png or out.lower().endswith(".png"):
            Path(out).write_bytes(diagram.svg_to_png(svg))
        else:
            Path(out).write_text('<?xml version="1.0" encoding="UTF-8"?>\n' + svg, encoding="utf-8")
        self.stdout.write(f"Wrote {out}")

    def do_publish(self, version: str, **_: Any) -> None:
        v = actions.do_publish_version(None, resolve_version(version))
        self.stdout.write(f"Published {v.model.key}@{v.label}.")

    def do_migrate_evidence(
        self, source: str, target: str, mapping: str | None, dry_run: bool, **_: Any
    ) -> None:
        explicit: dict[str, str | None] = {}
        if mapping:
            path = Path(mapping)
            if not path.is_file():
                raise CommandError(f"{mapping}: no such file")
            explicit = read_mapping(path.read_bytes())
        plan = plan_migration(resolve_version(source), resolve_version(target), explicit)
        table = Table("Old key", "New key", "References")
        for old_key, new_key in plan.mapping.items():
            refs = sum(counts.get(old_key, 0) for counts in plan.references.values())
            table.add_row(old_key, new_key or "[bold red]no home[/]", str(refs))
        self.console.print(table)
        if plan.unmapped:
            self.stdout.write("Could not be mapped: " + ", ".join(plan.unmapped))
            for ref, counts in plan.stranded.items():
                self.stdout.write(
                    f"  {ref}: "
                    + ", ".join(f"{k} ({n})" for k, n in counts.items())
                    + " stay on the old version"
                )
        if dry_run:
            self.stdout.write("Dry run: nothing changed.")
            return
        record = apply_migration(None, plan)
        moved = record.report.get("moved", {})
        self.stdout.write(
            f"Migrated from {plan.source.label} to {plan.target.label}: {sum(moved.values())} references "
            f"moved, {len(plan.unmapped)} components unmapped."
        )
