"""Word (.docx) and OpenDocument (.odt) files: zip archives checked for bombs before anything is inflated."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator

import docx
from lxml import etree
from odf.element import Element, Node
from odf.namespaces import DRAWNS, OFFICENS, TABLENS, TEXTNS
from odf.opendocument import load as load_odf

from .base import Extracted, ExtractionError, describe_size, join_paragraphs
from .turns import find_turns, table_row_paragraphs

_MAX_MEMBERS = 10_000
_MAX_RATIO = 100
# Below this much inflated data, a high ratio (a page of repeated spaces, say) harms nobody.
_RATIO_FLOOR = 1024 * 1024
_ODT_MIMETYPE = "application/vnd.oasis.opendocument.text"
_OTHER_ODF = {
    "application/vnd.oasis.opendocument.spreadsheet": "an OpenDocument spreadsheet (.ods)",
    "application/vnd.oasis.opendocument.presentation": "an OpenDocument presentation (.odp)",
    "application/vnd.oasis.opendocument.graphics": "an OpenDocument drawing (.odg)",
}


def open_zip(data: bytes, max_bytes: int, kind: str) -> zipfile.ZipFile:
    """The archive, once its directory shows it will not inflate to something dangerous.

    The check trusts the declared sizes, which is safe because zipfile stops reading a member at its
    declared size (and then fails its CRC check), so a member cannot inflate beyond what it declares.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, OSError):
        raise ExtractionError(
            f"The {kind} is damaged: its zip structure could not be read. "
            "Open it in your word processor, save it again and import it again."
        ) from None
    if len(members) > _MAX_MEMBERS:
        raise ExtractionError(
            f"The {kind} holds {len(members):,} files inside it, which is too many to be a real document."
        )
    if any(member.flag_bits & 0x1 for member in members):
        raise ExtractionError(
            f"The {kind} is password-protected. Remove the password, save it and import it again."
        )
    inflated = sum(member.file_size for member in members)
    limit = 10 * max_bytes
    if inflated > limit:
        raise ExtractionError(
            f"The {kind} would expand to {describe_size(inflated)} when unpacked, over the "
            f"{describe_size(limit)} limit, so it was not opened (it may be a zip bomb)."
        )
    if inflated > _RATIO_FLOOR and inflated > _MAX_RATIO * len(data):
        raise ExtractionError(
            f"The {kind} would expand from {describe_size(len(data))} to {describe_size(inflated)} when "
            f"unpacked, more than {_MAX_RATIO} times its size, so it was not opened (it may be a zip bomb)."
        )
    return archive


def _read_small(archive: zipfile.ZipFile, name: str, limit: int = 4096) -> bytes:
    try:
        member = archive.getinfo(name)
    except KeyError:
        return b""
    return archive.read(member) if member.file_size <= limit else b""


# --- Word ---------------------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
# Deleted tracked changes, text boxes and drawings (anchored elsewhere, and duplicated in a fallback copy),
# field instructions and formatting hold no words of the paragraph itself.
_WORD_SKIPPED = frozenset(
    {
        f"{_W}del",
        f"{_W}moveFrom",
        f"{_W}drawing",
        f"{_W}pict",
        f"{_W}object",
        f"{_MC}AlternateContent",
        f"{_W}instrText",
        f"{_W}delText",
        f"{_W}rPr",
        f"{_W}pPr",
        f"{_W}fldData",
        f"{_W}sectPr",
        f"{_W}tblPr",
        f"{_W}tcPr",
        f"{_W}trPr",
        f"{_W}sdtPr",
    }
)


def read_docx(data: bytes, max_bytes: int) -> Extracted:
    with open_zip(data, max_bytes, "Word document") as archive:
        names = set(archive.namelist())
        if "word/document.xml" not in names:
            raise ExtractionError(_not_word_message(archive, names))
    try:
        body = docx.Document(io.BytesIO(data)).element.body
        paragraphs = list(_word_blocks(body))
    except ExtractionError:
        raise
    except Exception as error:  # python-docx and lxml raise many kinds of error for one cause: a damaged file
        raise ExtractionError(
            "The Word document is damaged and could not be read. Open it in Word, save it again as .docx "
            "and import it again."
        ) from error
    text = join_paragraphs(paragraphs)
    if not text:
        raise ExtractionError("The Word document contains no text (pictures and text boxes are not read).")
    return Extracted(text=text, format="docx", turns=find_turns(text))


def _not_word_message(archive: zipfile.ZipFile, names: set[str]) -> str:
    if "content.xml" in names:
        mimetype = _read_small(archive, "mimetype").decode("ascii", "replace").strip()
        if mimetype == _ODT_MIMETYPE:
            return "This is an OpenDocument text file named .docx. Rename it to .odt and import it again."
        return "This is an OpenDocument file, not a Word document."
    if "xl/workbook.xml" in names:
        return "This is an Excel workbook, not a Word document."
    if "ppt/presentation.xml" in names:
        return "This is a PowerPoint presentation, not a Word document."
    return "The file is a zip archive but not a Word document: it has no word/document.xml inside it."


def _word_blocks(parent: etree._Element) -> Iterator[str]:
    """The paragraphs of a body, cell or content control in order, tables row by row."""
    for child in parent:
        tag = child.tag
        if tag == f"{_W}p":
            yield _word_paragraph(child)
        elif tag == f"{_W}tbl":
            for row in _word_descend(child, f"{_W}tr"):
                cells = ["\n".join(_word_blocks(cell)) for cell in _word_descend(row, f"{_W}tc")]
                yield from table_row_paragraphs(cells)
        elif isinstance(tag, str) and tag not in _WORD_SKIPPED:
            # Content controls (w:sdt), custom XML and inserted tracked changes wrap ordinary paragraphs.
            yield from _word_blocks(child)


def _word_descend(parent: etree._Element, tag: str) -> Iterator[etree._Element]:
    """Children with this tag, looking through the wrappers (content controls, custom XML) Word puts round
    them."""
    for child in parent:
        if child.tag == tag:
            yield child
        elif isinstance(child.tag, str) and child.tag not in _WORD_SKIPPED and child.tag != f"{_W}tbl":
            yield from _word_descend(child, tag)


def _word_paragraph(paragraph: etree._Element) -> str:
    parts: list[str] = []
    _word_inline(paragraph, parts)
    return "".join(parts)


def _word_inline(parent: etree._Element, parts: list[str]) -> None:
    for child in parent:
        tag = child.tag
        if not isinstance(tag, str) or tag in _WORD_SKIPPED:
            continue
        if tag == f"{_W}t":
            parts.append(child.text or "")
        elif tag == f"{_W}tab":
            parts.append("\t")
        elif tag in (f"{_W}br", f"{_W}cr"):
            parts.append("\n")
        elif tag == f"{_W}noBreakHyphen":
            parts.append("-")
        else:
            _word_inline(child, parts)


# --- OpenDocument -------------------------------------------------------------------------------------

# Tracked deletions, comments, footnotes and generated indexes (a table of contents repeats the headings).
_ODF_SKIPPED = frozenset(
    {
        (TEXTNS, "tracked-changes"),
        (OFFICENS, "annotation"),
        (OFFICENS, "annotation-end"),
        (TEXTNS, "note"),
        (TEXTNS, "table-of-content"),
        (TEXTNS, "alphabetical-index"),
        (TEXTNS, "illustration-index"),
        (TEXTNS, "table-index"),
        (TEXTNS, "object-index"),
        (TEXTNS, "user-index"),
        (TEXTNS, "bibliography"),
        (TEXTNS, "sequence-decls"),
        (TEXTNS, "variable-decls"),
        (TEXTNS, "user-field-decls"),
        (DRAWNS, "frame"),
        (OFFICENS, "forms"),
        (TABLENS, "table-columns"),
        (TABLENS, "table-column"),
    }
)
# ODF collapses these, like HTML; extra spaces are written as <text:s text:c="n"/>.
_ODF_SPACE = re.compile(r"[ \t\r\n]+")
_MAX_SPACES = 1000


def read_odt(data: bytes, max_bytes: int) -> Extracted:
    with open_zip(data, max_bytes, "OpenDocument file") as archive:
        names = set(archive.namelist())
        mimetype = _read_small(archive, "mimetype").decode("ascii", "replace").strip()
        if mimetype in _OTHER_ODF:
            raise ExtractionError(f"This is {_OTHER_ODF[mimetype]}, not an OpenDocument text file (.odt).")
        if "content.xml" not in names:
            if "word/document.xml" in names:
                raise ExtractionError(
                    "This is a Word document named .odt. Rename it to .docx and import it again."
                )
            raise ExtractionError(
                "The file is a zip archive but not an OpenDocument text file: it has no content.xml inside "
                "it."
            )
        if b"encryption-data" in _read_small(archive, "META-INF/manifest.xml", limit=1024 * 1024):
            raise ExtractionError(
                "The OpenDocument file is password-protected. Open it, remove the password, save it and "
                "import it again."
            )
    try:
        document = load_odf(io.BytesIO(data))
        paragraphs: list[str] = []
        _odf_blocks(document.text, paragraphs)
    except ExtractionError:
        raise
    except Exception as error:  # odfpy surfaces SAX, zip and key errors alike for a damaged file
        raise ExtractionError(
            "The OpenDocument file is damaged and could not be read. Open it, save it again as .odt and "
            "import it again."
        ) from error
    text = join_paragraphs(paragraphs)
    if not text:
        raise ExtractionError("The OpenDocument file contains no text (pictures and frames are not read).")
    return Extracted(text=text, format="odt", turns=find_turns(text))


def _odf_blocks(parent: Element, out: list[str]) -> None:
    for child in parent.childNodes:
        if child.nodeType != Node.ELEMENT_NODE or child.qname in _ODF_SKIPPED:
            continue
        if child.qname in ((TEXTNS, "p"), (TEXTNS, "h")):
            out.append(_odf_paragraph(child))
        elif child.qname == (TABLENS, "table-row"):
            cells: list[str] = []
            for cell in child.childNodes:
                if cell.nodeType == Node.ELEMENT_NODE and cell.qname == (TABLENS, "table-cell"):
                    content: list[str] = []
                    _odf_blocks(cell, content)
                    cells.append("\n".join(content))
            out.extend(table_row_paragraphs(cells))
        else:
            # Lists, list items, sections, tables and header rows hold paragraphs further down.
            _odf_blocks(child, out)


def _odf_paragraph(paragraph: Element) -> str:
    parts: list[str] = []
    _odf_inline(paragraph, parts, collapsible=True)
    return "".join(parts)


def _odf_inline(parent: Element, parts: list[str], *, collapsible: bool) -> bool:
    """Append the words under parent; return whether the text so far ends in a collapsible space."""
    for child in parent.childNodes:
        if child.nodeType == Node.TEXT_NODE:
            piece = _ODF_SPACE.sub(" ", child.data)
            if collapsible and piece.startswith(" "):
                piece = piece[1:]
            if piece:
                parts.append(piece)
                collapsible = piece.endswith(" ")
        elif child.nodeType != Node.ELEMENT_NODE or child.qname in _ODF_SKIPPED:
            continue
        elif child.qname == (TEXTNS, "s"):
            count = child.getAttrNS(TEXTNS, "c")
            # The count is capped: a hostile text:c="999999999" would otherwise fill memory with spaces.
            parts.append(" " * min(int(count) if count and count.isdigit() else 1, _MAX_SPACES))
            collapsible = False
        elif child.qname == (TEXTNS, "tab"):
            parts.append("\t")
            collapsible = False
        elif child.qname == (TEXTNS, "line-break"):
            parts.append("\n")
            collapsible = True
        else:
            # Spans, links, bookmarks, fields and ruby: their text is part of the paragraph.
            collapsible = _odf_inline(child, parts, collapsible=collapsible)
    return collapsible
