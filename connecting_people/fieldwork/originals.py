"""The original files of fieldwork sources, kept with their rows.

An original is written through the storage API under a name made from its team and SHA-256 before the
row that references it is committed, so a committed row always has its file. A crash between the two
leaves a file without a row; the next import of the same content writes it again under the same name
(a kill may have cut the first write short), so nothing is stored twice, and `cpi fieldwork gc` removes
what no import comes back for. Files of rows that are deleted or stripped
are removed once that change has committed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import transaction
from django.utils import timezone

from .models import Source, original_path

FOLDER = "fieldwork"


def storage() -> Storage:
    return Source.original.field.storage


def store(source: Source, data: bytes) -> str:
    """Write `data` (whose SHA-256 is `source.content_hash`) at the source's content-addressed name and
    return that name. A file already there was left by an interrupted import of the same content,
    perhaps cut short; it is written afresh under the same name, and its new age keeps `gc` off it
    until this import has committed."""
    name = original_path(source, "")
    files = storage()
    if files.exists(name):
        files.delete(name)
    saved = files.save(name, ContentFile(data))
    if saved != name:
        # Another import of the same content wrote it between our delete and our write.
        files.delete(saved)
    return name


def referenced() -> set[str]:
    return set(Source.objects.exclude(original="").values_list("original", flat=True))


def delete_unreferenced(names: Iterable[str]) -> int:
    """Delete those of `names` that no source references any more."""
    chosen = sorted(set(names) - {""})
    still: set[str] = set()
    for start in range(0, len(chosen), 500):
        still.update(
            Source.objects.filter(original__in=chosen[start : start + 500]).values_list("original", flat=True)
        )
    files, removed = storage(), 0
    for name in set(chosen) - still:
        if files.exists(name):
            files.delete(name)
            removed += 1
    return removed


def delete_after_commit(names: Iterable[str]) -> None:
    """Remove these files once the transaction that stopped referencing them has committed."""
    chosen = [n for n in names if n]
    if chosen:
        transaction.on_commit(lambda: delete_unreferenced(chosen))


def _walk(folder: str) -> Iterator[str]:
    """Every name under the folder. Object storage (S3) has no folders: `exists` is false for one even
    when files are under it, so the listing itself is asked, and a missing folder on disk lists nothing."""
    try:
        subfolders, names = storage().listdir(folder)
    except FileNotFoundError:
        return
    for name in names:
        yield f"{folder}/{name}"
    for sub in subfolders:
        yield from _walk(f"{folder}/{sub}")


def orphans(grace: dt.timedelta) -> list[str]:
    """Stored originals that no source references, older than `grace` (younger ones may belong to an
    import whose transaction has not committed yet)."""
    still, files = referenced(), storage()
    cutoff = timezone.now() - grace
    return sorted(
        name for name in _walk(FOLDER) if name not in still and files.get_modified_time(name) <= cutoff
    )
