from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.core.files.storage import FileSystemStorage
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from connecting_people.guide.actions import NamesUnanswered, do_make_draft
from connecting_people.guide.builds import build_files, delete_build_files, parse_formats
from connecting_people.guide.models import Build, Draft, Guide
from connecting_people.lib.anonymise import AnonymisationError


class Command(BaseCommand):
    help = (
        "The practitioner guide: list guides and drafts; build a new draft or release as web pages, PDF "
        "and Word."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        sub.add_parser("list", help="Guides with their ids, and their drafts and releases.")
        p = sub.add_parser(
            "build", help="Snapshot the guide as a new draft (or release) and build its files."
        )
        which = p.add_mutually_exclusive_group(required=True)
        which.add_argument(
            "--draft", action="store_true", help="make a new draft from the guide as it stands"
        )
        which.add_argument(
            "--release", action="store_true", help="make a new draft and release it (public at /guide/)"
        )
        which.add_argument(
            "--rebuild", metavar="NUMBER", help="build an existing draft again from its snapshot"
        )
        p.add_argument(
            "--guide",
            type=int,
            metavar="ID",
            help="which guide (see `cpi guide list`); needed if there are several",
        )
        p.add_argument(
            "--format",
            default="html,pdf,docx",
            help=(
                "any of html, pdf, docx and gold (the gold-standard organisation alone, as PDF), "
                "comma-separated"
            ),
        )
        p.add_argument("--out", required=True, metavar="DIR")
        p = sub.add_parser(
            "clean-builds", help="Delete files built in the web more than N days ago (drafts are kept)."
        )
        p.add_argument("--older-than", type=int, default=30, metavar="DAYS")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, "do_" + options["action"].replace("-", "_"))(**options)

    def do_list(self, **_: Any) -> None:
        guides = Guide.objects.select_related("team", "version__model").order_by("id")
        if not guides:
            self.stdout.write("No guides yet. Researchers start one in the web, under Guide.")
        for guide in guides:
            self.stdout.write(
                f"{guide.pk}  {guide.title}  ({guide.team}; model {guide.version.model.name} "
                f"{guide.version.label})"
            )
            for draft in guide.drafts.defer("snapshot").order_by("created_at"):
                state = f"released {draft.released_at:%d/%m/%Y}" if draft.released_at else "draft"
                self.stdout.write(f"    {draft.number:<6} {draft.created_at:%d/%m/%Y}  {state}")

    def _write_check_log(self, draft: Draft) -> None:
        self.stdout.write(f"Name check for draft {draft.number}:")
        for line in draft.check_log.splitlines():
            self.stdout.write(f"  {line}")

    def do_clean_builds(self, older_than: int, **_: Any) -> None:
        if not 0 <= older_than <= 36_500:
            raise CommandError("--older-than must be from 0 to 36500 days (a hundred years).")
        old = Build.objects.filter(created_at__lt=timezone.now() - timedelta(days=older_than))
        count = files = 0
        for build in old:
            files += delete_build_files(build)
            count += 1
        old.delete()
        self.stdout.write(
            f"Removed {count} build{'s' if count != 1 else ''} older than {older_than} days "
            f"({files} file{'s' if files != 1 else ''}). Drafts are untouched."
        )

    def _guide(self, pk: int | None) -> Guide:
        guides = Guide.objects.all()
        if pk is not None:
            guide = guides.filter(pk=pk).first()
            if guide is None:
                raise CommandError(f"No guide with id {pk}; `cpi guide list` shows them.")
            return guide
        count = guides.count()
        if count != 1:
            raise CommandError(
                "There is no guide yet."
                if count == 0
                else f"There are {count} guides; say which with --guide (see `cpi guide list`)."
            )
        return guides.get()

    def do_build(
        self,
        draft: bool,
        release: bool,
        rebuild: str | None,
        guide: int | None,
        format: str,
        out: str,
        **_: Any,
    ) -> None:
        try:
            formats = parse_formats(format)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        target = self._guide(guide)
        bar = _Bar(self.stdout if sys.stdout.isatty() else None)
        if rebuild:
            made = Draft.objects.filter(guide=target, number=rebuild).first()
            if made is None:
                raise CommandError(f"This guide has no draft {rebuild}.")
        else:
            try:
                made = do_make_draft(None, target, release=release, progress=bar)
            except AnonymisationError as exc:
                raise CommandError(str(exc)) from None
            except NamesUnanswered as exc:
                bar.finish()
                self._write_check_log(exc.draft)
                raise CommandError(
                    f"{exc} (Draft {exc.draft.number} is kept, not released; "
                    f"its page is /guide/drafts/{exc.draft.pk}/.)"
                ) from None
            bar.finish()
            self._write_check_log(made)
        folder = Path(out).resolve()
        doc, names = build_files(made, formats, FileSystemStorage(location=folder.parent), folder.name, bar)
        bar(100, "Done")
        bar.finish()
        self.stdout.write(f"{doc.label} ({'rebuilt from its snapshot' if rebuild else 'new'}):")
        for fmt, name in names.items():
            self.stdout.write(f"  {fmt:<5} {folder.parent / name}")


class _Bar:
    """A one-line progress bar on a terminal; plain lines when the output goes to a file or a pipe."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.last = ""

    def __call__(self, pct: int, text: str) -> None:
        filled = pct * 30 // 100
        line = f"[{'#' * filled}{' ' * (30 - filled)}] {pct:3d}%  {text}"
        if self.stream is not None:
            self.stream.write("\r" + line.ljust(len(self.last)), ending="")
            self.stream.flush()
        elif text != self.last:
            sys.stderr.write(f"{pct:3d}%  {text}\n")
        self.last = line if self.stream is not None else text

    def finish(self) -> None:
        if self.stream is not None:
            self.stream.write("")
