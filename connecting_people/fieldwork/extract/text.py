"""Decoding text files whose encoding nobody wrote down, and reading .txt and .md transcripts."""

from __future__ import annotations

import codecs

import charset_normalizer

from connecting_people.lib.boms import bom_encoding, bom_name

from .base import Extracted, ExtractionError
from .sniff import utf16_without_bom
from .turns import find_turns

# Browsers read these declared charsets as windows-1252, because files labelled latin-1 or ASCII are in
# practice written on Windows, with its curly quotes, dashes and euro sign; we do the same.
_WESTERN_ALIASES = {
    "iso8859-1",
    "latin-1",
    "latin1",
    "iso-8859-1",
    "ascii",
    "us-ascii",
    "iso8859_1",
    "latin_1",
}

# charset_normalizer scores several encodings nearly the same on short Western text (it often prefers
# cp1250, where £ is Ł); within this much "chaos" of its best guess we take cp1252 instead.
_CP1252_MARGIN = 0.1


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode(data: bytes, declared: str = "") -> tuple[str, str]:
    """The text and the encoding it was read with: BOM, then UTF-8, then a declared charset, then a guess."""
    bom = bom_encoding(data)
    if bom:
        try:
            return data.decode(bom), bom
        except UnicodeDecodeError:
            name = bom_name(bom)
            raise ExtractionError(
                f"The file starts with a {name} byte-order mark but is not valid {name} text. "
                "Save it again as UTF-8 and import it again."
            ) from None
    utf16 = utf16_without_bom(data) if b"\x00" in data else None
    if utf16:
        return data.decode(utf16), utf16
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if declared:
        decoded = _decode_declared(data, declared)
        if decoded:
            return decoded
    return _guess(data)


def decode_text(data: bytes, declared: str = "") -> tuple[str, str]:
    """The text of a file read as text, with its newlines normalised, and the encoding it was read with."""
    decoded, encoding = decode(data, declared)
    refuse_nul(decoded)
    return normalise_newlines(decoded), encoding


def refuse_nul(text: str) -> None:
    """A byte-order mark, or UTF-16 without one, lets zero bytes past the check for binary files, and a
    zero code unit decodes to a NUL: not text (a damaged file), and PostgreSQL cannot store it."""
    at = text.find("\x00")
    if at != -1:
        line = normalise_newlines(text[:at]).count("\n") + 1
        raise ExtractionError(
            f"Line {line} holds a NUL character (a zero byte), which is not text: the file may be damaged. "
            "Delete the character, or save the file again as UTF-8, and import it again."
        )


def _decode_declared(data: bytes, declared: str) -> tuple[str, str] | None:
    try:
        name = codecs.lookup(declared).name
    except LookupError:
        return None
    if name in _WESTERN_ALIASES or declared.lower() in _WESTERN_ALIASES:
        name = "cp1252"
    try:
        return data.decode(name), name
    except UnicodeDecodeError:
        return None


def _guess(data: bytes) -> tuple[str, str]:
    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    cp1252 = _try_decode(data, "cp1252")
    if best is None:
        return (cp1252, "cp1252") if cp1252 is not None else (data.decode("latin-1"), "latin-1")
    if cp1252 is not None:
        if "cp1252" in best.could_be_from_charset:
            return cp1252, "cp1252"
        if any(m.encoding == "cp1252" and m.chaos <= best.chaos + _CP1252_MARGIN for m in matches):
            return cp1252, "cp1252"
        # With no coherent language found the guess is noise; short English notes with a £ or a curly
        # quote look like this. Mostly-ASCII rules out the CJK encodings, where nearly every byte is high.
        if best.coherence < 0.1 and sum(ch > "\x7f" for ch in cp1252) * 2 <= len(cp1252.strip()):
            return cp1252, "cp1252"
    guessed = _try_decode(data, best.encoding)
    if guessed is None:
        guessed = data.decode(best.encoding, errors="replace")
    return guessed, best.encoding


def _try_decode(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def read_plain(data: bytes, fmt: str) -> Extracted:
    """A .txt or .md file: kept as written (Markdown is not rendered), newlines normalised."""
    text, encoding = decode_text(data)
    if not text.strip():
        raise ExtractionError("The file contains no text, only blank space.")
    return Extracted(text=text, format=fmt, turns=find_turns(text), encoding=encoding)
