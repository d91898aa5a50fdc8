"""The guide as a PDF (WeasyPrint) and as a Word file (python-docx), both from the same document as the
web site. Both are deterministic: the same draft gives the same bytes, whenever it is rebuilt."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from docx import Document as Word
from docx.enum.text import WD_BREAK
from weasyprint import CSS, HTML

from connecting_people.interventions.diagram import render_svg
from connecting_people.lib.markdown import render_markdown

from .document import Document, SectionDoc
from .render_html import groups, version_from

PRINT_CSS = Path(__file__).resolve().parent / "print.css"


def _long_date(iso: str) -> str:
    return dt.date.fromisoformat(iso).strftime("%-d %B %Y")


def _parts(doc: Document) -> list[tuple[str, str, list[tuple[SectionDoc, list[Any], SectionDoc | None]]]]:
    """(part, label, [(section, [(group, heading, blocks)], the paired section)]) in reading order."""
    return [
        (
            part,
            label,
            [(s, groups(s), doc.section(s.pair_key) if s.pair_key else None) for s in doc.sections_in(part)],
        )
        for part, label in doc.parts
    ]


def print_html(doc: Document) -> str:
    version = version_from(doc.diagram) if doc.diagram else None
    svg = (
        render_svg(version, href=lambda c: f"#s-{c.key}", id_prefix="print-diagram")
        if version and version.components
        else ""
    )
    return render_to_string(
        "guide/print.html", {"doc": doc, "parts": _parts(doc), "svg": svg, "dated": _long_date(doc.dated)}
    )


def render_pdf(doc: Document) -> bytes:
    html = HTML(string=print_html(doc), base_url=str(PRINT_CSS.parent))
    # A fixed identifier and no creation time, so the same draft always gives the same file.
    return html.write_pdf(
        stylesheets=[CSS(filename=str(PRINT_CSS))],
        pdf_identifier=f"cpi-guide-{doc.number}".encode(),
        uncompressed_pdf=False,
    )


def render_gold_pdf(doc: Document) -> bytes:
    """The gold-standard organisation on its own, for a manager or a commissioner to read."""
    alone = replace(
        doc,
        guide_title=f"{doc.guide_title}: the gold-standard organisation",
        parts=(),
        sections=(),
        changes=(),
        diagram={},
        foreword=(
            "A fictitious organisation that works, at every stage of the model, the way the organisation "
            "rated best for that stage works. Each procedure says what kind of service it was drawn from; "
            "none names a site."
        ),
    )
    return render_pdf(alone)


class _Blocks(HTMLParser):
    """Sanitised Markdown HTML (a small, known set of tags) into paragraphs of runs for Word."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, list[tuple[str, bool, bool]]]] = []  # (style, [(text, bold, italic)])
        self.style = "Normal"
        self.bold = self.italic = 0
        self.lists: list[str] = []
        self.current: list[tuple[str, bool, bool]] | None = None

    def _open(self, style: str) -> list[tuple[str, bool, bool]]:
        self._close()
        self.current = []
        self.style = style
        return self.current

    def _close(self) -> None:
        if self.current and "".join(t for t, *_ in self.current).strip():
            self.blocks.append((self.style, self.current))
        self.current = None

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in ("ul", "ol"):
            self.lists.append(tag)
        elif tag == "li":
            self._open("List Number" if self.lists and self.lists[-1] == "ol" else "List Bullet")
        elif tag == "p":
            self._open(self.style if self.current is not None and self.style.startswith("List") else "Normal")
        elif tag in ("h3", "h4", "h5", "h6"):
            self._open("Heading 4")
        elif tag == "blockquote":
            self._open("Quote")
        elif tag in ("strong", "b"):
            self.bold += 1
        elif tag in ("em", "i"):
            self.italic += 1
        elif tag == "br" and self.current is not None:
            self.current.append(("\n", False, False))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
            self._close()
        elif tag in ("p", "li", "h3", "h4", "h5", "h6", "blockquote"):
            self._close()
        elif tag in ("strong", "b"):
            self.bold -= 1
        elif tag in ("em", "i"):
            self.italic -= 1

    def handle_data(self, data: str) -> None:
        current = self.current
        if current is None:
            if not data.strip():
                return
            current = self._open("Normal")
        current.append((data, self.bold > 0, self.italic > 0))


def _markdown_into(document: Any, text: str) -> None:
    parser = _Blocks()
    parser.feed(str(render_markdown(text)))
    parser.close()
    parser._close()
    for style, runs in parser.blocks:
        paragraph = document.add_paragraph(style=style)
        for text_run, bold, italic in runs:
            run = paragraph.add_run(text_run)
            run.bold, run.italic = bold or None, italic or None


def render_docx(doc: Document) -> bytes:
    word = Word()
    created = dt.datetime.fromisoformat(doc.dated + "T00:00:00")
    props = word.core_properties
    props.title, props.author, props.last_modified_by = (
        f"{doc.guide_title} ({doc.label})",
        "Connecting People",
        "Connecting People",
    )
    props.created = props.modified = props.last_printed = created
    props.revision = 1
    word.add_heading(doc.guide_title, level=0)
    word.add_paragraph(
        f"{doc.label}, {_long_date(doc.dated)}. Built on version {doc.model_label} of {doc.model_name}."
    )
    word.add_paragraph("Examples are attributed by role and setting, never by name.", style="Intense Quote")
    if doc.foreword:
        word.add_heading("About this guide", level=1)
        _markdown_into(word, doc.foreword)
    for _part, label, sections in _parts(doc):
        word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        word.add_heading(label, level=1)
        for s, evidence, _pair in sections:
            word.add_heading(s.title, level=2)
            if s.summary:
                word.add_paragraph(s.summary)
            pair = doc.section(s.pair_key) if s.pair_key else None
            if pair is not None:
                word.add_paragraph(
                    f"The other side of this stage, on the {pair.part_label.lower()}: “{pair.title}”. {pair.summary}".strip()
                )
            _markdown_into(word, s.description)
            if s.introduction:
                word.add_heading("In practice", level=3)
                _markdown_into(word, s.introduction)
            if s.good_practice:
                word.add_heading("What good looks like", level=3)
                _markdown_into(word, s.good_practice)
            for _key, heading, blocks in evidence:
                word.add_heading(heading, level=3)
                for b in blocks:
                    word.add_paragraph(b.text, style="Quote")
                    word.add_paragraph(f"— {b.attribution}")
    if doc.procedures:
        word.add_heading("The gold-standard organisation", level=1)
        for p in doc.procedures:
            word.add_heading(p.title, level=2)
            _markdown_into(word, p.text)
            if p.public_provenance:
                word.add_paragraph(p.public_provenance).runs[0].italic = True
    if doc.responses:
        word.add_heading("Response to consultation", level=1)
        for title, lines in doc.responses:
            word.add_heading(title, level=2)
            for line in lines:
                word.add_paragraph(line, style="List Bullet")
    if doc.changes:
        word.add_heading("What changed in this draft", level=1)
        for line in doc.changes:
            word.add_paragraph(line, style="List Bullet")
    raw = io.BytesIO()
    word.save(raw)
    with zipfile.ZipFile(raw) as src:
        # Word wants [Content_Types].xml first; the rest in a fixed order.
        names = sorted(src.namelist(), key=lambda name: (name != "[Content_Types].xml", name))
        return fixed_zip([(name, src.read(name)) for name in names], created)


def fixed_zip(members: list[tuple[str, bytes]], when: dt.datetime) -> bytes:
    """A zip of these files in this order, every entry dated `when`, so the same input always gives the
    same bytes (the Word file, and the web site as a download)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=when.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return out.getvalue()
