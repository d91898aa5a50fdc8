"""Plain text and speaker turns from imported fieldwork files; no Django, so it runs anywhere.

``extract(data, filename)`` reads .txt, .md, .docx, .odt, .html/.htm, .pdf, .vtt and .srt files and raises
``ExtractionError`` with a message fit to show the person importing whenever a file cannot be read, or
would cost more to read than the limits allow (its size; a PDF's pages and processor time).
"""

from __future__ import annotations

from collections.abc import Callable

from . import sniff
from .base import SUPPORTED_EXTENSIONS, Extracted, ExtractionError, Limits, Turn, describe_size
from .html import read_html
from .office import read_docx, read_odt
from .pdf import read_pdf
from .subtitles import read_subtitles
from .text import read_plain

__all__ = ["SUPPORTED_EXTENSIONS", "Extracted", "ExtractionError", "Turn", "extract"]

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_PDF_MAX_PAGES = 2000
DEFAULT_PDF_SECONDS = 30.0

_FORMATS = {
    ".txt": "txt",
    ".md": "md",
    ".docx": "docx",
    ".odt": "odt",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
    ".vtt": "vtt",
    ".srt": "srt",
}
_ADVICE = {
    ".doc": (
        "Old Word (.doc) files cannot be imported. Open it in Word and save it as .docx, then import that."
    ),
    ".rtf": (
        "Rich Text Format (.rtf) files cannot be imported. Open it in a word processor and save it as .docx."
    ),
    ".pages": "Apple Pages files cannot be imported. Export it as Word (.docx) from Pages, then import that.",
}


def extract(
    data: bytes,
    filename: str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    pdf_max_pages: int = DEFAULT_PDF_MAX_PAGES,
    pdf_seconds: float = DEFAULT_PDF_SECONDS,
) -> Extracted:
    """The text and speaker turns of one file, whose format is given by its extension."""
    extension = _extension(filename)
    fmt = _FORMATS.get(extension)
    if fmt is None:
        raise ExtractionError(_unsupported(filename, extension))
    if not data:
        raise ExtractionError("The file is empty.")
    if len(data) > max_bytes:
        raise ExtractionError(
            f"The file is {describe_size(len(data))}; the limit for one file is {describe_size(max_bytes)}."
        )
    return _READERS[fmt](data, extension, Limits(max_bytes, pdf_max_pages, pdf_seconds))


def _extension(filename: str) -> str:
    """The lower-cased extension of the last path component; unlike PurePath.suffix, ".txt" alone counts."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    _, dot, extension = name.rpartition(".")
    return f".{extension.lower()}" if dot and extension else ""


def _unsupported(filename: str, extension: str) -> str:
    supported = ", ".join(SUPPORTED_EXTENSIONS)
    if extension in _ADVICE:
        return f"{_ADVICE[extension]} Supported types: {supported}."
    if not extension:
        return (
            f"The file name “{filename}” has no extension, so its type is unknown. Supported types: "
            f"{supported}."
        )
    return f"Files ending {extension} cannot be imported. Supported types: {supported}."


def _text(data: bytes, extension: str, limits: Limits) -> Extracted:
    sniff.check_text(data, extension)
    return read_plain(data, _FORMATS[extension])


def _html(data: bytes, extension: str, limits: Limits) -> Extracted:
    sniff.check_text(data, extension)
    return read_html(data, "html")


def _subtitles(data: bytes, extension: str, limits: Limits) -> Extracted:
    sniff.check_text(data, extension)
    return read_subtitles(data, _FORMATS[extension])


def _docx(data: bytes, extension: str, limits: Limits) -> Extracted:
    sniff.check_zip_office(data, extension, "a Word document")
    return read_docx(data, limits.max_bytes)


def _odt(data: bytes, extension: str, limits: Limits) -> Extracted:
    sniff.check_zip_office(data, extension, "an OpenDocument text file")
    return read_odt(data, limits.max_bytes)


def _pdf(data: bytes, extension: str, limits: Limits) -> Extracted:
    sniff.check_pdf(data)
    return read_pdf(data, limits.pdf_max_pages, limits.pdf_seconds)


_READERS: dict[str, Callable[[bytes, str, Limits], Extracted]] = {
    "txt": _text,
    "md": _text,
    "html": _html,
    "vtt": _subtitles,
    "srt": _subtitles,
    "docx": _docx,
    "odt": _odt,
    "pdf": _pdf,
}
