"""Web pages and Word's "Save as web page" files as plain text: no markup, scripts or styles survive."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from .base import Extracted, ExtractionError, join_paragraphs
from .text import decode_text
from .turns import find_turns, table_row_paragraphs

# Content that is never meant to be read as the page's text.
_SKIPPED = frozenset(
    {
        "script",
        "style",
        "head",
        "title",
        "template",
        "noscript",
        "svg",
        "math",
        "iframe",
        "object",
        "canvas",
        "select",
    }
)
_RAW_TEXT = frozenset({"script", "style", "title", "iframe", "noscript"})
_BLOCKS = frozenset(
    {
        "p",
        "div",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "blockquote",
        "pre",
        "section",
        "article",
        "header",
        "footer",
        "main",
        "nav",
        "aside",
        "figure",
        "figcaption",
        "address",
        "hr",
        "form",
        "fieldset",
        "details",
        "summary",
        "caption",
        "body",
        "html",
    }
)
_CELLS = frozenset({"td", "th"})
# HTML collapses only these; a non-breaking space is meant to stay.
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)


class _TextParser(HTMLParser):
    """Collects the page's paragraphs; table rows go through the same speaker-column rule as Word tables."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self._buffer: list[str] = []
        self._skipping: dict[str, int] = {}
        self._row: list[str] | None = None
        self._cell: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            # A page that never closes <head> would otherwise lose its whole body.
            self._skipping.pop("head", None)
            self._skipping.pop("title", None)
        if tag in _SKIPPED:
            self._skipping[tag] = self._skipping.get(tag, 0) + 1
        elif tag == "br":
            self._buffer.append("\n")
        elif tag in _BLOCKS:
            self._flush()
        elif tag == "tr" or tag == "table":
            self._end_row()
            if tag == "tr":
                self._row = []
        elif tag in _CELLS:
            self._end_cell()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # Browsers ignore the slash in <script/>: what follows up to </script> is still script, so skip it.
        # A self-closing <svg/> or <select/> really is empty and must not hide the rest of the page.
        if tag in _RAW_TEXT or tag not in _SKIPPED:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            if self._skipping.get(tag):
                self._skipping[tag] -= 1
        elif tag in _BLOCKS:
            self._flush()
        elif tag == "tr" or tag == "table":
            self._end_row()
        elif tag in _CELLS:
            self._end_cell()

    def handle_data(self, data: str) -> None:
        if not any(self._skipping.values()):
            self._buffer.append(_HTML_SPACE.sub(" ", data))

    def close(self) -> None:
        super().close()
        self._end_row()
        self._flush()

    def _flush(self) -> None:
        lines = "".join(self._buffer).split("\n")
        self._buffer.clear()
        # Spaces from adjacent inline elements ("<b>a </b> b") collapse as a browser shows them; this also
        # flattens indentation inside <pre>, which transcripts do not rely on.
        text = "\n".join(re.sub(" {2,}", " ", line).strip() for line in lines).strip()
        if not text:
            return
        if self._row is not None:
            self._cell.append(text)
        else:
            self.paragraphs.append(text)

    def _end_cell(self) -> None:
        self._flush()
        if self._row is not None and self._cell:
            self._row.append("\n".join(self._cell))
        self._cell = []

    def _end_row(self) -> None:
        self._end_cell()
        if self._row:
            self.paragraphs.extend(table_row_paragraphs(self._row))
        self._row = None


def read_html(data: bytes, fmt: str) -> Extracted:
    declared = _META_CHARSET.search(data[:4096])
    decoded, encoding = decode_text(data, declared[1].decode("ascii") if declared else "")
    parser = _TextParser()
    parser.feed(decoded)
    parser.close()
    text = join_paragraphs(parser.paragraphs)
    if not text:
        raise ExtractionError("The web page contains no readable text.")
    return Extracted(text=text, format=fmt, turns=find_turns(text), encoding=encoding)
