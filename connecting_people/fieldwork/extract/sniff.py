"""Recognise what a file really is from its first bytes, so a misnamed file fails with a useful message."""

from __future__ import annotations

import unicodedata

from connecting_people.lib.boms import bom_encoding

from .base import ExtractionError

ZIP = "zip"
OLE = "ole"
PDF = "pdf"
RTF = "rtf"

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", ZIP),
    (b"PK\x05\x06", ZIP),  # an empty archive: only the end-of-directory record
    (b"PK\x07\x08", ZIP),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", OLE),
    (b"%PDF-", PDF),
    (b"{\\rtf", RTF),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"\x1f\x8b", "gzip"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"Rar!\x1a\x07", "rar"),
)

_DESCRIPTIONS = {
    ZIP: "a zip archive (such as a Word .docx or OpenDocument .odt file)",
    OLE: (
        "an old-style Microsoft Office file (such as a Word 97-2003 .doc) or a password-protected Office file"
    ),
    PDF: "a PDF",
    RTF: "a Rich Text Format (RTF) file",
    "png": "a PNG image",
    "jpeg": "a JPEG image",
    "gif": "a GIF image",
    "gzip": "a gzip archive",
    "7z": "a 7-Zip archive",
    "rar": "a RAR archive",
}

# PDF readers accept a little junk (a mail header, say) before the signature; so do we.
_PDF_HEADER_WINDOW = 1024


def signature(data: bytes) -> str | None:
    """The kind of file the first bytes announce, or None for no known signature."""
    for magic, kind in _SIGNATURES:
        if data.startswith(magic):
            return kind
    return None


def describe(kind: str) -> str:
    return _DESCRIPTIONS[kind]


def utf16_without_bom(data: bytes) -> str | None:
    """The UTF-16 codec to use when the bytes look like UTF-16 text saved without a byte-order mark."""
    if len(data) < 2 or len(data) % 2:
        return None
    pairs = len(data) // 2
    zeros_even = data[0::2].count(0)
    zeros_odd = data[1::2].count(0)
    # Text in Latin scripts has a zero in one half of most code units and almost never in the other.
    if zeros_odd >= pairs * 0.3 and zeros_even <= pairs * 0.02:
        encoding = "utf-16-le"
    elif zeros_even >= pairs * 0.3 and zeros_odd <= pairs * 0.02:
        encoding = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    # Binary data can pass the zero-byte test by chance; as UTF-16 it then reads as control characters,
    # unassigned code points and private-use ones.
    odd = sum(1 for ch in text if unicodedata.category(ch) in ("Cc", "Cn", "Co") and ch not in "\t\n\r\f")
    return encoding if odd * 20 < len(text) else None


def check_text(data: bytes, extension: str) -> None:
    """Refuse a binary file that has been named as text (.txt, .md, .html, .vtt, .srt)."""
    if bom_encoding(data):
        return
    kind = signature(data)
    if kind == RTF:
        raise ExtractionError(
            f"This file is named {extension} but is a Rich Text Format (RTF) file. "
            "Open it in a word processor and save it as .docx or as plain text (.txt), then import it again."
        )
    if kind:
        raise ExtractionError(
            f"This file is named {extension} but is really {describe(kind)}. "
            "Rename it with the right extension, or save it in one of the supported formats."
        )
    if b"\x00" in data and not utf16_without_bom(data):
        raise ExtractionError(
            f"This file is named {extension} but contains binary data, so it is not a text file. "
            "Check you chose the right file, or save it as plain text."
        )


def check_zip_office(data: bytes, extension: str, name: str) -> None:
    """Refuse a .docx or .odt that is not a zip archive, with the likeliest reason."""
    kind = signature(data)
    if kind == ZIP:
        return
    if kind == OLE:
        raise ExtractionError(
            f"This file is password-protected or in the old Word 97-2003 (.doc) format, which cannot be read "
            f"as {extension}. Remove the password, or open it in your word processor and save it as .docx, "
            "then import it again."
        )
    if kind == RTF:
        raise ExtractionError(
            f"This file is named {extension} but is a Rich Text Format (RTF) file. "
            "Open it in your word processor and save it as .docx, then import it again."
        )
    if kind == PDF or (kind is None and b"%PDF-" in data[:_PDF_HEADER_WINDOW]):
        raise ExtractionError(
            f"This file is named {extension} but is really a PDF. Rename it to .pdf and import it again."
        )
    detail = f" (it looks like {describe(kind)})" if kind else ""
    raise ExtractionError(
        f"This file is named {extension} but is not {name}: it is not a zip archive{detail}. "
        "Check you chose the right file."
    )


def check_pdf(data: bytes) -> None:
    """Refuse a .pdf without the %PDF signature near its start."""
    if b"%PDF-" in data[:_PDF_HEADER_WINDOW]:
        return
    kind = signature(data)
    detail = f" It looks like {describe(kind)}." if kind else ""
    raise ExtractionError(
        f"This file is named .pdf but is not a PDF: it does not start with the PDF signature “%PDF”.{detail} "
        "Check you chose the right file."
    )
