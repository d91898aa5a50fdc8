"""Turning a draft into files: the web site (a folder, or a zip of it), the PDF and the Word file, all
from the draft's snapshot, and written through Django's storage API. In the web, a build is a background
job (`guide/jobs.py`) that keeps its progress in its Build row, so the page never waits for it, and writes
into the configured storage; `cpi guide build` runs the same steps in the foreground into a folder."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage

from connecting_people.fieldwork.evidence import withdrawn_scope

from . import document as docmod
from .models import Build, Draft
from .render_html import render_site, write_site
from .render_print import fixed_zip, render_docx, render_gold_pdf, render_pdf

FORMATS = ("html", "pdf", "docx", "gold")
# File names after the stem ("guide-draft-0.3"); "gold" is the gold-standard organisation on its own.
ENDING = {"html": ".zip", "pdf": ".pdf", "docx": ".docx", "gold": "-gold-standard.pdf"}
STEPS = {
    "html": "Writing the web pages",
    "pdf": "Laying out the PDF",
    "docx": "Writing the Word file",
    "gold": "Laying out the gold standard on its own",
}
SAVED = {"html": "the web site", "pdf": "the PDF", "docx": "the Word file", "gold": "the gold standard"}
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
    return fixed_zip(
        [(f"{folder}/{name}", files[name]) for name in sorted(files)],
        dt.datetime.fromisoformat(dated + "T00:00:00"),
    )


def render(doc: docmod.Document, formats: list[str], progress: Progress | None = None) -> dict[str, Any]:
    """format -> bytes (for html: a dict of the site's files)."""
    step = progress or (lambda pct, text: None)
    out: dict[str, Any] = {}
    share = 45 // len(formats)
    for n, fmt in enumerate(formats):
        step(50 + n * share, STEPS[fmt])
        out[fmt] = {"html": render_site, "pdf": render_pdf, "docx": render_docx, "gold": render_gold_pdf}[
            fmt
        ](doc)
    return out


def file_stem(doc: docmod.Document) -> str:
    return f"guide-{'release' if doc.release else 'draft'}-{doc.number}"


def save_file(storage: Storage, name: str, content: bytes) -> str:
    """Write the file under exactly this name, replacing one left there (by an earlier run of the same
    build cut short, say), so running a build again never leaves a second copy beside the first."""
    if storage.exists(name):
        storage.delete(name)
    saved = storage.save(name, ContentFile(content))
    if saved != name:  # another run of the same build wrote it between our delete and our save
        storage.delete(saved)
    return name


def write_outputs(
    outputs: dict[str, Any],
    storage: Storage,
    folder: str,
    doc: docmod.Document,
    progress: Progress,
    *,
    zipped: bool = False,
) -> dict[str, str]:
    """Save the rendered files in the storage under the folder; the web site as a folder of pages, or
    zipped (for download). Returns format -> name in the storage."""
    stem = file_stem(doc)
    names = {}
    for n, (fmt, content) in enumerate(outputs.items()):
        progress(95 + 4 * n // len(outputs), f"Saving {SAVED[fmt]}")
        if fmt == "html" and not zipped:
            write_site(content, storage, f"{folder}/{stem}")
            names[fmt] = f"{folder}/{stem}"
        else:
            data = site_zip(content, stem, doc.dated) if fmt == "html" else content
            names[fmt] = save_file(storage, f"{folder}/{stem}{ENDING[fmt]}", data)
    return names


def build_files(
    draft: Draft,
    formats: list[str],
    storage: Storage,
    folder: str,
    progress: Progress,
    *,
    zipped: bool = False,
) -> tuple[docmod.Document, dict[str, str]]:
    """Every build, in the web's job and on the command line: the draft as built, rendered and saved."""
    doc = document_of(draft)
    outputs = render(doc, formats, progress)
    return doc, write_outputs(outputs, storage, folder, doc, progress, zipped=zipped)


# --- Built in the web ------------------------------------------------------------------------------


def build_folder(build: Build) -> str:
    """Where a web build's files live in the default storage."""
    return f"guide/builds/{build.pk}"


def delete_build_files(build: Build) -> int:
    """Delete a web build's files, those it recorded and any a run cut short left; returns how many."""
    folder = build_folder(build)
    names = set(build.files.values())
    with contextlib.suppress(FileNotFoundError):  # object storage has no folders, and lists none as missing
        names.update(f"{folder}/{name}" for name in default_storage.listdir(folder)[1])
    removed = 0
    for name in sorted(names):
        if default_storage.exists(name):
            default_storage.delete(name)
            removed += 1
    if default_storage.exists(folder):  # an empty folder on a file system; nothing on object storage
        default_storage.delete(folder)
    return removed
