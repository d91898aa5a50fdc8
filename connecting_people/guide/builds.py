"""Turning a draft into files: the web site (a folder, or a zip of it), the PDF and the Word file, all
from the draft's snapshot. In the web, a build is a background job (core/jobs.py) that reports its progress
in its Build row, so the page never waits for it; `cpi guide build` runs the same steps in the foreground."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from connecting_people.accounts.models import User
from connecting_people.core.jobs import enqueue
from connecting_people.fieldwork.evidence import withdrawn_scope

from . import document as docmod
from .models import Build, BuildStatus, Draft

FORMATS = ("html", "pdf", "docx", "gold")
# File names after the stem ("guide-draft-0.3"); "gold" is the gold-standard organisation on its own.
ENDING = {"html": ".zip", "pdf": ".pdf", "docx": ".docx", "gold": "-gold-standard.pdf"}
STEPS = {
    "html": "Writing the web pages",
    "pdf": "Laying out the PDF",
    "docx": "Writing the Word file",
    "gold": "Laying out the gold standard on its own",
}
log = logging.getLogger(__name__)
Progress = Callable[[int, str], None]


def document_of(draft: Draft) -> docmod.Document:
    """The draft as built, marked as a release if it has been released since, and without the words of
    anyone who has withdrawn since (their consent ends their part in every output, old ones included)."""
    doc = docmod.from_json(draft.snapshot)
    doc = replace(doc, release=draft.is_release)
    people, sources = withdrawn_scope(draft.guide.team_id)
    if not people:
        return doc
    gone = set(people)

    def keep(block: docmod.Block) -> bool:
        who = block.provenance.get("participant")
        return who not in gone and not (who is None and block.provenance.get("source") in sources)

    return replace(
        doc, sections=tuple(replace(s, blocks=tuple(b for b in s.blocks if keep(b))) for s in doc.sections)
    )


def parse_formats(text: str) -> list[str]:
    wanted = [f.strip().lower() for f in text.split(",") if f.strip()]
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown or not wanted:
        raise ValueError(f"Formats are {', '.join(FORMATS)}; not {', '.join(unknown) or 'nothing'}.")
    return list(dict.fromkeys(wanted))


def site_zip(files: dict[str, bytes], folder: str, dated: str) -> bytes:
    import datetime as dt

    from .render_print import fixed_zip

    return fixed_zip(
        [(f"{folder}/{name}", files[name]) for name in sorted(files)],
        dt.datetime.fromisoformat(dated + "T00:00:00"),
    )


def render(doc: docmod.Document, formats: list[str], progress: Progress | None = None) -> dict[str, Any]:
    """format -> bytes (for html: a dict of the site's files)."""
    from .render_html import render_site
    from .render_print import render_docx, render_gold_pdf, render_pdf

    step = progress or (lambda pct, text: None)
    out: dict[str, Any] = {}
    share = 45 // len(formats)
    for n, fmt in enumerate(formats):
        step(50 + n * share, STEPS[fmt])
        out[fmt] = {"html": render_site, "pdf": render_pdf, "docx": render_docx, "gold": render_gold_pdf}[
            fmt
        ](doc)
    step(95, "Saving the files")
    return out


def file_stem(doc: docmod.Document) -> str:
    return f"guide-{'release' if doc.release else 'draft'}-{doc.number}"


def write_outputs(
    outputs: dict[str, Any], folder: Path, doc: docmod.Document, *, zipped: bool = False
) -> dict[str, Path]:
    """Write the rendered files into the folder; the web site as a folder of pages, or zipped (for download)."""
    from .render_html import write_site

    stem = file_stem(doc)
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for fmt, content in outputs.items():
        if fmt == "html" and not zipped:
            write_site(content, folder / stem)
            paths[fmt] = folder / stem
        else:
            path = folder / f"{stem}{ENDING[fmt]}"
            path.write_bytes(site_zip(content, stem, doc.dated) if fmt == "html" else content)
            paths[fmt] = path
    return paths


def build_files(
    draft: Draft, formats: list[str], folder: Path, progress: Progress, *, zipped: bool = False
) -> tuple[docmod.Document, dict[str, Path]]:
    """Every build, in the web's job and on the command line: the draft as built, rendered and written."""
    doc = document_of(draft)
    outputs = render(doc, formats, progress)
    return doc, write_outputs(outputs, folder, doc, zipped=zipped)


# --- In the background, for the web ---------------------------------------------------------------


def start_build(acting_user: User | None, draft: Draft, formats: list[str]) -> Build:
    build = Build.objects.create(
        draft=draft, formats=",".join(formats), started_by=acting_user, step="Waiting to start"
    )
    enqueue("connecting_people.guide.builds.run_build", build.pk)
    return build


def run_build(pk: int) -> None:
    """The build job. Run again after its worker was killed, it starts over (the files are rewritten);
    run again after it finished, it returns: nothing is built twice."""
    build = Build.objects.select_related("draft__guide").filter(pk=pk).first()
    if build is None or build.status in (BuildStatus.DONE, BuildStatus.FAILED):
        return

    def progress(pct: int, text: str) -> None:
        Build.objects.filter(pk=pk).update(progress=pct, step=text[:200], status=BuildStatus.RUNNING)

    try:
        progress(5, "Reading the draft")
        _, paths = build_files(
            build.draft,
            build.formats.split(","),
            Path(settings.MEDIA_ROOT) / "guide" / "builds" / str(pk),
            progress,
            zipped=True,
        )
        files = {fmt: str(path.relative_to(settings.MEDIA_ROOT)) for fmt, path in paths.items()}
        Build.objects.filter(pk=pk).update(
            status=BuildStatus.DONE,
            progress=100,
            step="Ready to download",
            files=files,
            finished_at=timezone.now(),
        )
    except Exception:
        log.exception("guide build %s failed", pk)
        Build.objects.filter(pk=pk).update(
            status=BuildStatus.FAILED,
            finished_at=timezone.now(),
            message="The build stopped with an internal error. The draft itself is safe; "
            "try again, and if it fails again tell your administrator.",
        )
