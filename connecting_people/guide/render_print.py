"""The guide as a PDF (WeasyPrint) and as a Word file (python-docx), both from the same document as the
web site. Both are deterministic: the same draft gives the same bytes, whenever it is rebuilt."""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import zipfile
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils.formats import date_format
from docx import Document as Word
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from connecting_people.interventions.diagram import render_svg, svg_to_png
from connecting_people.lib.markdown import render_markdown
from connecting_people.lib.pdf import write_pdf

from .document import Document, FrontMatter, SectionDoc
from .render_html import drawing, groups, version_from

PRINT_CSS = Path(__file__).resolve().parent / "print.css"


# A section's written parts after the model's description, in reading order, each under its heading.
def _long_date(iso: str) -> str:
    return date_format(dt.date.fromisoformat(iso), "DATE_FORMAT")


def _parts(doc: Document) -> list[tuple[str, str, list[tuple[SectionDoc, list[Any], SectionDoc | None]]]]:
    """(part, label, [(section, [(group, heading, [(block, its paragraphs)])], the paired section)]) in
    reading order."""
    return [
        (
            part,
            label,
            [
                (
                    s,
                    [
                        (key, heading, [(b, b.paragraphs) for b in blocks])
                        for key, heading, blocks in groups(s)
                    ],
                    doc.section(s.pair_key) if s.pair_key else None,
                )
                for s in doc.sections_in(part)
            ],
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
        "guide/print.html",
        {
            "doc": doc,
            "parts": _parts(doc),
            "svg": svg,
            "dated": _long_date(doc.dated),
            "part_intros": {part: doc.part_intro(part) for part, _label in doc.parts},
            "tool_titles": {t.key: t.title for t in doc.tools},
            "tools": [(t, drawing(t, "print")) for t in doc.tools],
        },
    )


def render_pdf(doc: Document) -> bytes:
    # A fixed identifier and no creation time, so the same draft always gives the same file.
    return write_pdf(
        print_html(doc),
        stylesheets=[PRINT_CSS],
        base_url=PRINT_CSS.parent,
        identifier=f"cpi-guide-{doc.number}",
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
        front=FrontMatter(),
        tools=(),
        foreword=(
            "A fictitious organisation that works, at every stage of the model, the way the organisation "
            "rated best for that stage works. Each procedure says what kind of service it was drawn from; "
            "none names a site."
        ),
    )
    return render_pdf(alone)


class _Blocks(HTMLParser):
    """Sanitised Markdown HTML (a small, known set of tags) into paragraphs of runs for Word. Line ends in
    the source (its wrapping) are spaces, as a browser shows them; only `<br>` (a hard break) breaks."""

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
            self.blocks.append((self.style, _trimmed(self.current)))
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
            self.current.append((HARD_BREAK, False, False))

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
        current.append((WHITESPACE.sub(" ", data), self.bold > 0, self.italic > 0))


HARD_BREAK = "\n"
WHITESPACE = re.compile(r"\s+")


def _trimmed(runs: list[tuple[str, bool, bool]]) -> list[tuple[str, bool, bool]]:
    """No space at the start or end of a line: after a hard break or at either end of the paragraph."""
    out: list[tuple[str, bool, bool]] = []
    for n, (text, bold, italic) in enumerate(runs):
        if text == HARD_BREAK:
            if out:
                out[-1] = (out[-1][0].rstrip(), *out[-1][1:])
            out.append((text, bold, italic))
            continue
        if not out or out[-1][0] == HARD_BREAK or out[-1][0].endswith(" "):
            text = text.lstrip()
        if n == len(runs) - 1:
            text = text.rstrip()
        if text:
            out.append((text, bold, italic))
    return out


def _markdown_into(document: Any, text: str) -> None:
    parser = _Blocks()
    parser.feed(str(render_markdown(text)))
    parser.close()
    parser._close()
    for style, runs in parser.blocks:
        paragraph = document.add_paragraph(style=style)
        for text_run, bold, italic in runs:
            run = paragraph.add_run()
            if text_run == HARD_BREAK:
                run.add_break(WD_BREAK.LINE)
                continue
            run.text = text_run
            run.bold, run.italic = bold or None, italic or None


def _section_texts(document: Any, s: SectionDoc) -> None:
    """A section's own writing, in reading order: the model's description, then each written part under
    its heading (the same order as the PDF and the web page)."""
    _markdown_into(document, s.description)
    written = [("Introduction", s.introduction), ("What good looks like", s.good_practice), *s.furniture()]
    for heading, text in written:
        if text:
            document.add_heading(heading, level=3)
            _markdown_into(document, text)


def _field(paragraph: Any, instruction: str, shown: str) -> None:
    """A Word field (PAGE, NUMPAGES, TOC) in the paragraph, showing `shown` until Word updates it."""

    def char(kind: str) -> Any:
        run = paragraph.add_run()
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        run._r.append(element)
        return run

    char("begin")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    paragraph.add_run()._r.append(code)
    char("separate")
    paragraph.add_run(shown)
    char("end")


def _page_furniture(word: Any, doc: Document) -> None:
    """A4 pages; the guide's title and the draft's label running at the top, page numbers at the foot;
    Word asked to update the fields (the contents) when the file is opened."""
    section = word.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.text = f"{doc.guide_title} ({doc.label})"
    header.style = word.styles["Header"]
    footer = section.footer.paragraphs[0]
    footer.style = word.styles["Footer"]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.add_run("Page ")
    _field(footer, "PAGE", "1")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES", "1")
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    word.settings.element.append(update)


def _quote_styles(word: Any) -> None:
    """Quotes set for reading: upright, indented with a rule down the left, kept with their attribution."""
    quote = word.styles["Quote"]
    quote.font.italic = False
    quote.paragraph_format.left_indent = Mm(8)
    quote.paragraph_format.keep_with_next = True
    borders = OxmlElement("w:pBdr")
    left = OxmlElement("w:left")
    for name, value in (("val", "single"), ("sz", "12"), ("space", "8"), ("color", "1F5F63")):
        left.set(qn(f"w:{name}"), value)
    borders.append(left)
    quote.element.get_or_add_pPr().append(borders)


def _diagram(word: Any, doc: Document) -> None:
    """The model's diagram as a picture (drawn by the same code as the web's), described for a reader who
    cannot see it by the drawing's own title and description."""
    version = version_from(doc.diagram) if doc.diagram else None
    if not (version and version.components):
        return
    svg = render_svg(version, href=lambda c: f"#s-{c.key}", id_prefix="word-diagram")
    word.add_picture(io.BytesIO(svg_to_png(svg)), width=Mm(170))
    picture = word.paragraphs[-1]
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    described = ". ".join(html.unescape(m) for m in re.findall(r"<(?:title|desc)[^>]*>([^<]*)</", svg)[:2])
    for properties in picture._p.iter(qn("wp:docPr")):
        properties.set("descr", described)


def render_docx(doc: Document) -> bytes:
    word = Word()
    created = dt.datetime.fromisoformat(doc.dated + "T00:00:00")
    props = word.core_properties
    props.title, props.author, props.last_modified_by = (
        f"{doc.guide_title} ({doc.label})",
        "Connecting People",
        "Connecting People",
    )
    props.language = "en-GB"
    props.created = props.modified = props.last_printed = created
    props.revision = 1
    _page_furniture(word, doc)
    _quote_styles(word)
    word.add_heading(doc.guide_title, level=0)
    word.add_paragraph(
        f"{doc.label}, {_long_date(doc.dated)}. Built on version {doc.model_label} of {doc.model_name}."
    )
    word.add_paragraph("Examples are attributed by role and setting, never by name.")
    word.add_paragraph("Contents", style="TOC Heading")
    _field(
        word.add_paragraph(),
        'TOC \\o "1-2" \\h \\z \\u',
        "The contents appear here when Word updates the fields (it offers to when the file is opened).",
    )
    _front_into(word, doc)
    for part, label, sections in _parts(doc):
        word.add_heading(label, level=1).paragraph_format.page_break_before = True
        _part_intro_into(word, doc, part)
        for s, evidence, pair in sections:
            word.add_heading(s.title, level=2)
            if s.voice:
                word.add_paragraph().add_run(s.voice).bold = True
            if s.summary:
                word.add_paragraph(s.summary)
            if pair is not None:
                word.add_paragraph(
                    (
                        f"The other side of this stage, on the {pair.part_label.lower()}: “{pair.title}”. "
                        f"{pair.summary}"
                    ).strip()
                )
            _section_texts(word, s)
            _tools_line(word, doc, s)
            for _key, heading, blocks in evidence:
                word.add_heading(heading, level=3)
                for b, texts in blocks:
                    for text in texts:
                        word.add_paragraph(text, style="Quote")
                    word.add_paragraph(f"— {b.attribution}").paragraph_format.space_after = Pt(12)
    _tools_into(word, doc)
    if doc.procedures:
        word.add_heading(doc.gold_heading, level=1)
        word.add_paragraph(doc.gold_lead)
        if doc.gold.portrait:
            _markdown_into(word, doc.gold.portrait)
        word.add_paragraph(doc.gold_coverage)
        for _kind, heading, intro, stages in doc.gold_journey:
            word.add_heading(heading, level=2)
            word.add_paragraph(intro)
            for number, stage in enumerate(stages, 1):
                word.add_heading(f"{number}. {stage.title}", level=3)
                _markdown_into(word, stage.text)
                if stage.links:
                    applies = ", ".join(title for _key, title in stage.links)
                    word.add_paragraph(f"Procedures that apply: {applies}.").runs[0].italic = True
        word.add_heading("The procedures, component by component", level=2)
        for p in doc.procedures:
            word.add_heading(p.title, level=3)
            if not p.is_gold:
                word.add_paragraph(
                    f"No site in the study yet reaches “{p.short_of}” on this component."
                    if p.text
                    else "Not yet written."
                )
                continue
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
        word.add_heading(f"What changed in this {'release' if doc.release else 'draft'}", level=1)
        for line in doc.changes:
            word.add_paragraph(line, style="List Bullet")
    raw = io.BytesIO()
    word.save(raw)
    with zipfile.ZipFile(raw) as src:
        # Word wants [Content_Types].xml first; the rest in a fixed order.
        names = sorted(src.namelist(), key=lambda name: (name != "[Content_Types].xml", name))
        return fixed_zip([(name, src.read(name)) for name in names], created)


def _front_into(word: Any, doc: Document) -> None:
    """About this guide and the rest of the front matter, as the site's "About this guide" page has it."""
    front = doc.front
    word.add_heading("About this guide", level=1).paragraph_format.page_break_before = True
    _markdown_into(word, doc.foreword)
    _diagram(word, doc)
    for heading, text in (
        ("Who it is for and how to use it", front.audience),
        ("The intervention and the two wheels", front.intervention),
    ):
        if text:
            word.add_heading(heading, level=2)
            _markdown_into(word, text)
    evidence = front.evidence
    if evidence.sites:
        word.add_heading("The evidence behind the guide", level=2)
        word.add_paragraph(evidence.summary())
        for caption, _heading, rows in evidence.tables():
            word.add_paragraph().add_run(caption).bold = True
            table = word.add_table(rows=0, cols=2)
            table.style = "Light List"
            for label, n in rows:
                cells = table.add_row().cells
                cells[0].text, cells[1].text = label, str(n)
    if front.key_messages:
        word.add_heading("Key messages", level=2)
        for message in front.key_messages:
            word.add_paragraph(message, style="List Bullet")
    if front.glossary:
        word.add_heading("Glossary", level=2)
        for term, text in front.glossary:
            paragraph = word.add_paragraph()
            paragraph.add_run(term).bold = True
            paragraph.add_run(f": {text}")
    if front.references:
        word.add_heading("References", level=2)
        for reference in front.references:
            word.add_paragraph(reference)
    if front.acknowledgements:
        word.add_heading("Acknowledgements", level=2)
        _markdown_into(word, front.acknowledgements)


def _part_intro_into(word: Any, doc: Document, part: str) -> None:
    voice, intro = doc.part_intro(part)
    if voice:
        word.add_paragraph().add_run(voice).bold = True
    _markdown_into(word, intro)


def _tools_line(word: Any, doc: Document, s: SectionDoc) -> None:
    tools = doc.section_tools(s)
    if tools:
        word.add_paragraph(
            f"Printable {'tool' if len(tools) == 1 else 'tools'} at the end of the guide: "
            + ", ".join(t.title for t in tools)
            + "."
        )


def _tools_into(word: Any, doc: Document) -> None:
    if not doc.tools:
        return
    word.add_heading("Printable tools", level=1).paragraph_format.page_break_before = True
    for n, t in enumerate(doc.tools):
        word.add_heading(t.title, level=2).paragraph_format.page_break_before = n > 0
        word.add_paragraph(t.purpose)
        svg = drawing(t, "word")
        if svg:
            word.add_picture(io.BytesIO(svg_to_png(svg)), width=Mm(165))
            described = html.unescape(re.findall(r"<title[^>]*>([^<]*)</", svg)[0])
            for properties in word.paragraphs[-1]._p.iter(qn("wp:docPr")):
                properties.set("descr", described)
        _markdown_into(word, t.body)


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
