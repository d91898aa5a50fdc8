"""Reading fieldwork files: every format, every refusal, and turn offsets that survive any Unicode.

Every fixture is built here, in code: python-docx, odfpy, cairosvg and pypdf write the documents.
"""

from __future__ import annotations

import io
import struct
import zipfile

import cairosvg
import docx
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from odf.opendocument import OpenDocumentSpreadsheet, OpenDocumentText
from odf.table import Table, TableCell, TableColumn, TableRow
from odf.text import H, LineBreak, P, S, Span, Tab
from pypdf import PdfReader, PdfWriter

from connecting_people.fieldwork.extract import (
    SUPPORTED_EXTENSIONS,
    Extracted,
    ExtractionError,
    Turn,
    extract,
)

pytestmark: list[pytest.MarkDecorator] = []


def spoken(result: Extracted) -> list[tuple[str, str]]:
    return [(turn.speaker, result.text[turn.start : turn.end]) for turn in result.turns]


def assert_well_formed(result: Extracted) -> None:
    previous_end = 0
    for turn in result.turns:
        assert previous_end <= turn.start < turn.end <= len(result.text)
        previous_end = turn.end
        # The label stays in the text, just before the words.
        assert result.text[: turn.start].rstrip().endswith(f"{turn.speaker}:")


def refused(data: bytes, filename: str, **kwargs: int) -> str:
    with pytest.raises(ExtractionError) as caught:
        extract(data, filename, **kwargs)
    return str(caught.value)


# --- Plain text and Markdown ----------------------------------------------------------------------------

TRANSCRIPT = """Interview 4, day centre
Date: 3 March 2024
Location: Leeds

Interviewer: How long have you volunteered here?
P3: About two years. We start at 10:30 most days.
I said to her: come along.

Mary Jones: And the café 👩🏽‍🍳 helps.
"""


def test_txt_speaker_turns_point_at_the_words() -> None:
    result = extract(TRANSCRIPT.encode(), "interview.TXT")
    assert result.format == "txt" and result.encoding == "utf-8"
    assert result.text == TRANSCRIPT
    assert spoken(result) == [
        ("Interviewer", "How long have you volunteered here?"),
        ("P3", "About two years. We start at 10:30 most days.\nI said to her: come along."),
        ("Mary Jones", "And the café 👩🏽‍🍳 helps."),
    ]
    assert_well_formed(result)
    assert all(turn.time == "" for turn in result.turns)


def test_newlines_are_normalised_and_offsets_follow() -> None:
    result = extract(b"Q: Ready?\r\nA: Yes.\rStill A.\r\n", "qa.txt")
    assert result.text == "Q: Ready?\nA: Yes.\nStill A.\n"
    assert spoken(result) == [("Q", "Ready?"), ("A", "Yes.\nStill A.")]


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("Note: remember to ask about transport.\nThe rest is prose.", "a lone label is not a conversation"),
        ("Date: 4 May\nLocation: Hull\nAttendees: six\nSummary: good", "field labels are not speakers"),
        ("Monday: visited the hub.\nTuesday: wrote notes.", "days are not speakers"),
        ("10:30: arrived\n11:15: left", "times are not speakers"),
        ("She said: fine.\nThe manager told us: no.", "a colon mid-sentence is not a label"),
        ("Next Steps: book rooms\nKey Findings: many", "title-case headings are not speakers"),
        ("See https://example.org: it explains.\nhttp://x.org: too", "addresses are not speakers"),
    ],
)
def test_no_spurious_turns(text: str, why: str) -> None:
    assert extract(text.encode(), "notes.txt").turns == (), why


def test_label_forms() -> None:
    text = (
        "[00:01:02] Interviewer: timestamped\n"
        "**Sam:** bold label\n"
        "**Mary Jones**: bold name\n"
        "Participant 4: numbered role\n"
        "worker a: lower-case role\n"
        "P3 (volunteer): qualified\n"
        "Siân O\u2019Brien: curly apostrophe\n"
        "Jose\u0301: decomposed accent\n"
        "FACILITATOR:\n"
        "words on the next line\n"
    )
    result = extract(text.encode(), "t.md")
    assert result.format == "md"
    assert spoken(result) == [
        ("Interviewer", "timestamped"),
        ("Sam", "bold label"),
        ("Mary Jones", "bold name"),
        ("Participant 4", "numbered role"),
        ("worker a", "lower-case role"),
        ("P3 (volunteer)", "qualified"),
        ("Siân O\u2019Brien", "curly apostrophe"),
        ("Jose\u0301", "decomposed accent"),
        ("FACILITATOR", "words on the next line"),
    ]
    assert [turn.time for turn in result.turns] == ["00:01:02.000"] + [""] * 8


# What transcription services write: a header line with the speaker and the time into the recording,
# then the words. (speaker, seconds into the recording, paragraphs of words)
CALL = [
    ("Jane Doe", 3, ["Thanks for making the time.", "Shall we start with the café?"]),
    ("Siân O’Brien", 11, ["Yes. I go on Tuesdays, 10:30 till noon."]),
    ("Jane Doe", 3725, ["And who do you see there?"]),
    ("Speaker 3", 3731, ["Me, mostly! [laughs]"]),
]


def clock(seconds: int, hours_always: bool) -> str:
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return (
        f"{hours:02d}:{minutes:02d}:{secs:02d}"
        if hours_always
        else (f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}")
    )


def otter_txt() -> bytes:
    """Otter's text export: "Name  M:SS" (two spaces), the words, a blank line between turns, CRLF."""
    turns = [f"{who}  {clock(at, False)}\n" + "\n".join(words) for who, at, words in CALL]
    return ("\n\n".join(turns) + "\n").replace("\n", "\r\n").encode()


def zoom_txt() -> bytes:
    """Zoom's text transcript: "Name<tab>HH:MM:SS", the words on the next line, no blank lines."""
    return "".join(f"{who}\t{clock(at, True)}\n" + " ".join(words) + "\n" for who, at, words in CALL).encode()


def rev_clock(at: int) -> str:
    """MM:SS, or HH:MM:SS past the first hour."""
    return clock(at, True) if at >= 3600 else clock(at, True)[3:]


def rev_txt() -> bytes:
    """Rev's transcript: "Name (MM:SS):" on its own line, the words below it."""
    return "".join(
        f"{who} ({rev_clock(at)}):\n" + " ".join(words) + "\n\n" for who, at, words in CALL
    ).encode()


def teams_docx() -> bytes:
    """Teams' Word transcript: a title and date, then a paragraph "Name   M:SS" before each turn's words."""
    document = docx.Document()
    document.add_paragraph("Fernhill check-in-20260912_100000-Meeting Recording")
    document.add_paragraph("12 September 2026, 10:00AM")
    for who, at, words in CALL:
        document.add_paragraph(f"{who}   {clock(at, False)}")
        document.add_paragraph(" ".join(words))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "filename", "joiner", "header"),
    [
        (otter_txt(), "otter.txt", "\n", "{}  {}"),
        (zoom_txt(), "zoom.txt", " ", "{}\t{}"),
        (teams_docx(), "teams.docx", " ", "{}   {}"),
        (rev_txt(), "rev.txt", " ", "{} ({}):"),
    ],
    ids=["otter", "zoom", "teams", "rev"],
)
def test_transcription_services_header_lines_start_turns_with_their_times(
    data: bytes, filename: str, joiner: str, header: str
) -> None:
    result = extract(data, filename)
    assert spoken(result) == [(who, joiner.join(words)) for who, _, words in CALL]
    assert [turn.time for turn in result.turns] == [
        "00:00:03.000",
        "00:00:11.000",
        "01:02:05.000",
        "01:02:11.000",
    ]

    # The header line stays in the text, just before the words.
    def written(at: int) -> str:
        return rev_clock(at) if filename == "rev.txt" else clock(at, filename == "zoom.txt")

    assert [result.text[: turn.start].rstrip().rsplit("\n", 1)[-1] for turn in result.turns] == [
        header.format(who, written(at)) for who, at, _ in CALL
    ]


def test_header_times_past_the_first_hour_in_minutes_are_kept_as_hours() -> None:
    """Some tools count minutes on past 59 ("75:10"); with hours written, the minutes stop at 59."""
    text = "Jane Doe  0:04\nHello.\n\nSam  59:58\nHi.\n\nJane Doe  75:10\nStill here.\n\nSam  1:75:10\nNo.\n"
    result = extract(text.encode(), "otter.txt")
    assert [(turn.speaker, turn.time) for turn in result.turns] == [
        ("Jane Doe", "00:00:04.000"),
        ("Sam", "00:59:58.000"),
        ("Jane Doe", "01:15:10.000"),
    ]
    assert spoken(result)[-1] == ("Jane Doe", "Still here.\n\nSam  1:75:10\nNo.")  # no time: no new turn


@pytest.mark.parametrize(
    ("text", "why"),
    [
        (
            "Welcome  10:00\nCoffee and introductions.\n\nWorkshop  10:30\nIn small groups.\n\n"
            "Lunch  12:30\nProvided.\n",
            "a programme's items each come once",
        ),
        (
            "Welcome  10:00\nIntro.\n\nBreak  10:45\nTea.\n\n"
            "Workshop  11:00\nGroups.\n\nBreak  15:00\nTea.\n",
            "a programme's times are times of day, not minutes into a recording",
        ),
        ("Sam  9:00\nOpens.\nJo  13:00\nShift.\nSam  17:00\nCloses.\n", "a rota"),
        ("Sam Smith  9:02\nIn.\nJo Bloggs  9:10\nIn.\nSam Smith  16:55\nOut.\n", "a sign-in sheet"),
        ("Arrived  0:30\nQuiet.\nArrived  0:45\nBusy.\n", "one speaker is no conversation"),
        ("Jane Doe  0:03\nHello.\nSam  0:01\nHi.\nJane Doe  0:09\nBye.\n", "times that go back"),
        ("Monday  9:30\nVisited the hub.\nMonday  14:00\nWrote notes.\n", "days are not speakers"),
        ("Jane Doe 0:03\nHello.\nSam 0:05\nHi.\nJane Doe 0:09\nBye.\n", "one space before a time is prose"),
        ("Jane Doe  0:75\nHello.\nSam  0:80\nHi.\nJane Doe  0:99\nBye.\n", "not a time"),
    ],
)
def test_lines_that_only_look_like_header_lines_start_no_turns(text: str, why: str) -> None:
    assert extract(text.encode(), "notes.txt").turns == (), why


def test_markdown_is_kept_as_written() -> None:
    source = (
        "# Focus group\n\n*Site B*\n\nFacilitator: Welcome, [all](x).\n\nVolunteer: Thanks **everyone**.\n"
    )
    result = extract(source.encode(), "fg.md")
    assert result.text == source
    assert spoken(result) == [("Facilitator", "Welcome, [all](x)."), ("Volunteer", "Thanks **everyone**.")]


RUSSIAN = "Интервьюер: Расскажите, пожалуйста, о вашей работе в центре.\n"
CURLY = "Interviewer: She said \u201cit\u2019s \u00a35 a week\u201d \u2013 fair?\nP3: Yes, \u00a35.\n"


@pytest.mark.parametrize(
    ("data", "text", "encodings"),
    [
        (CURLY.encode("utf-8"), CURLY, {"utf-8"}),
        (CURLY.encode("utf-8-sig"), CURLY, {"utf-8-sig"}),
        (CURLY.encode("utf-16"), CURLY, {"utf-16"}),
        (b"\xfe\xff" + CURLY.encode("utf-16-be"), CURLY, {"utf-16"}),
        (CURLY.encode("utf-16-le"), CURLY, {"utf-16-le"}),
        (CURLY.encode("cp1252"), CURLY, {"cp1252"}),
        ("\u201cit\u2019s \u00a35\u201d".encode("cp1252"), "\u201cit\u2019s \u00a35\u201d", {"cp1252"}),
        (
            "Intervieweur : Café crème à la façon, très bien, naïve, déjà vu, £10.\n".encode("latin-1"),
            "Intervieweur : Café crème à la façon, très bien, naïve, déjà vu, £10.\n",
            {"cp1252", "latin-1"},
        ),
        ("Zoë".encode("latin-1"), "Zoë", {"cp1252", "latin-1"}),
        (RUSSIAN.encode("cp1251"), RUSSIAN, {"cp1251", "mac_cyrillic"}),
    ],
    ids=[
        "utf-8",
        "utf-8-bom",
        "utf-16-bom-le",
        "utf-16-bom-be",
        "utf-16-no-bom",
        "cp1252",
        "cp1252-short",
        "latin-1",
        "latin-1-short",
        "cp1251",
    ],
)
def test_encodings(data: bytes, text: str, encodings: set[str]) -> None:
    result = extract(data, "t.txt")
    assert result.text == text
    assert result.encoding in encodings


def test_utf16_transcript_offsets() -> None:
    result = extract(CURLY.encode("utf-16"), "t.txt")
    assert spoken(result) == [
        ("Interviewer", "She said \u201cit\u2019s \u00a35 a week\u201d \u2013 fair?"),
        ("P3", "Yes, \u00a35."),
    ]


def test_blank_text_file_is_refused() -> None:
    assert "no text" in refused(b" \r\n\t\n", "t.txt")


# --- HTML -------------------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html><head><title>Secret title</title><style>p { color: red }</style>
<script>alert("head script")</script></head>
<body onload="steal()">
<h1>Interview &amp; notes</h1>
<p onclick="evil()" style="x"><b>Interviewer:</b>   How&rsquo;s   the centre&nbsp;going?
 Costs &pound;5 &#8212; &quot;fine&quot;.</p>
<div>P3: It&#39;s fine<br>really <span>ok</span>.</div>
<script type="text/javascript">document.write("<p>injected</p>")</script>
<noscript>Enable JavaScript</noscript>
<!-- a hidden comment -->
<table><tr><th>Worker</th><td>We meet <i>weekly</i>.</td></tr><tr><td>a</td><td>b</td><td>c</td></tr></table>
<ul><li>one</li><li>two</li></ul>
</body></html>"""


def test_html_text_without_markup_scripts_or_styles() -> None:
    result = extract(PAGE.encode(), "page.html")
    assert result.format == "html" and result.encoding == "utf-8"
    assert result.text == (
        "Interview & notes\n\n"
        'Interviewer: How\u2019s the centre\u00a0going? Costs \u00a35 \u2014 "fine".\n\n'
        "P3: It's fine\nreally ok.\n\n"
        "Worker: We meet weekly.\n\na\n\nb\n\nc\n\none\n\ntwo"
    )
    for leaked in (
        "<",
        ">",
        "alert",
        "steal",
        "evil",
        "injected",
        "Secret",
        "color",
        "Enable",
        "comment",
        "&amp;",
    ):
        assert leaked not in result.text
    assert spoken(result) == [
        ("Interviewer", 'How\u2019s the centre\u00a0going? Costs \u00a35 \u2014 "fine".'),
        ("P3", "It's fine\nreally ok."),
        ("Worker", "We meet weekly.\n\na\n\nb\n\nc\n\none\n\ntwo"),
    ]


def test_html_unclosed_script_and_head_hide_nothing_else() -> None:
    result = extract(b"<html><head><title>t</title><body><p>Kept</p><script>alert(1)", "a.htm")
    assert result.text == "Kept"
    result = extract(b"<p>One</p><script src='x'/>alert(2)</script><svg/><p>Two</p>", "b.html")
    assert result.text == "One\n\nTwo"


def test_html_declared_charset() -> None:
    page = (
        '<html><head><meta charset="windows-1252"></head><body><p>\u201cCaf\u00e9\u201d \u00a33</p></body>'
        "</html>"
    )
    result = extract(page.encode("cp1252"), "old.htm")
    assert result.text == "\u201cCaf\u00e9\u201d \u00a33"
    assert result.encoding == "cp1252"


def test_html_without_text_is_refused() -> None:
    assert "no readable text" in refused(b"<html><script>x()</script></html>", "a.html")


# --- Word ---------------------------------------------------------------------------------------------------


def make_docx() -> bytes:
    document = docx.Document()
    document.add_heading("Interview with a link worker", level=1)
    document.add_paragraph("Interviewer: What does a good week look like? 👍🏽")
    paragraph = document.add_paragraph("Worker: Seeing people get out.")
    paragraph.add_run().add_break()
    paragraph.add_run("Even just to the shop — \u05e9\u05dc\u05d5\u05dd.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Interviewer"
    table.cell(0, 1).text = "And the café?"
    table.cell(1, 0).text = "Worker:"
    table.cell(1, 1).text = "Everyone comes."
    document.add_paragraph("")
    document.add_paragraph("Researcher: Thank you.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_paragraphs_tables_and_turns() -> None:
    result = extract(make_docx(), "Interview.DOCX")
    assert result.format == "docx" and result.encoding == ""
    assert result.text == (
        "Interview with a link worker\n\n"
        "Interviewer: What does a good week look like? 👍🏽\n\n"
        "Worker: Seeing people get out.\nEven just to the shop — \u05e9\u05dc\u05d5\u05dd.\n\n"
        "Interviewer: And the café?\n\n"
        "Worker: Everyone comes.\n\n"
        "Researcher: Thank you."
    )
    assert spoken(result) == [
        ("Interviewer", "What does a good week look like? 👍🏽"),
        ("Worker", "Seeing people get out.\nEven just to the shop — \u05e9\u05dc\u05d5\u05dd."),
        ("Interviewer", "And the café?"),
        ("Worker", "Everyone comes."),
        ("Researcher", "Thank you."),
    ]
    assert_well_formed(result)


def test_docx_without_text_is_refused() -> None:
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    assert "contains no text" in refused(buffer.getvalue(), "empty.docx")


# --- OpenDocument -------------------------------------------------------------------------------------------


def make_odt() -> bytes:
    document = OpenDocumentText()
    heading = H(outlinelevel=1)
    heading.addText("Focus group, site C")
    document.text.addElement(heading)
    first = P()
    first.addText("Facilitator: Who  uses ")
    span = Span()
    span.addText("the hub")
    first.addElement(span)
    first.addText("?")
    first.addElement(S(c=2))
    first.addText("Anyone")
    first.addElement(Tab())
    first.addText("at all?")
    document.text.addElement(first)
    second = P()
    second.addText("Sam: Me 👨‍👩‍👧")
    second.addElement(LineBreak())
    second.addText("most days.")
    document.text.addElement(second)
    table = Table()
    table.addElement(TableColumn(numbercolumnsrepeated=2))
    row = TableRow()
    for text in ("Volunteer", "Fridays, mostly."):
        cell = TableCell()
        cell.addElement(P(text=text))
        row.addElement(cell)
    table.addElement(row)
    document.text.addElement(table)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_odt_paragraphs_headings_spans_spaces_and_turns() -> None:
    result = extract(make_odt(), "fg.odt")
    assert result.format == "odt"
    assert result.text == (
        "Focus group, site C\n\n"
        "Facilitator: Who uses the hub?  Anyone\tat all?\n\n"
        "Sam: Me 👨‍👩‍👧\nmost days.\n\n"
        "Volunteer: Fridays, mostly."
    )
    assert spoken(result) == [
        ("Facilitator", "Who uses the hub?  Anyone\tat all?"),
        ("Sam", "Me 👨‍👩‍👧\nmost days."),
        ("Volunteer", "Fridays, mostly."),
    ]


def test_odt_that_is_a_spreadsheet_is_refused() -> None:
    buffer = io.BytesIO()
    OpenDocumentSpreadsheet().save(buffer)
    assert "spreadsheet" in refused(buffer.getvalue(), "sheet.odt")


# --- PDF ----------------------------------------------------------------------------------------------------

SVG_TEXT = """<svg xmlns="http://www.w3.org/2000/svg" width="420" height="120">
<text x="10" y="30" font-family="DejaVu Sans" font-size="14">Interviewer: How long have you worked \
here?</text>
<text x="10" y="60" font-family="DejaVu Sans" font-size="14">P3: About three years, caf\u00e9 \u00a3</text>
</svg>"""
SVG_IMAGE = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">'
    '<rect width="60" height="40" fill="red"/></svg>'
)


def make_pdf(svg: str = SVG_TEXT) -> bytes:
    return cairosvg.svg2pdf(bytestring=svg.encode())


def encrypted(pdf: bytes, user_password: str, owner_password: str | None = None) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password, owner_password)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_pdf_text_layer_and_turns() -> None:
    pdf = make_pdf()
    assert "three years" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    result = extract(pdf, "transcript.pdf")
    assert result.format == "pdf" and result.pages == 1
    assert spoken(result) == [
        ("Interviewer", "How long have you worked here?"),
        ("P3", "About three years, caf\u00e9 \u00a3"),
    ]


def test_pdf_pages_are_joined_with_a_blank_line() -> None:
    writer = PdfWriter()
    for svg in (SVG_TEXT, SVG_TEXT.replace("How long", "Why")):
        writer.append(PdfReader(io.BytesIO(make_pdf(svg))))
    buffer = io.BytesIO()
    writer.write(buffer)
    result = extract(buffer.getvalue(), "two.pdf")
    assert result.pages == 2
    assert result.text.count("\n\n") == 1
    assert [speaker for speaker, _ in spoken(result)] == ["Interviewer", "P3", "Interviewer", "P3"]


def test_image_only_pdf_is_refused() -> None:
    assert "image-only PDF with no text layer; run OCR first" in refused(make_pdf(SVG_IMAGE), "scan.pdf")


def test_password_protected_pdf_is_refused() -> None:
    message = refused(encrypted(make_pdf(), "secret"), "locked.pdf")
    assert "password-protected" in message and "encrypted" in message


def test_pdf_encrypted_only_against_copying_still_opens() -> None:
    result = extract(encrypted(make_pdf(), "", "owner-secret"), "restricted.pdf")
    assert "three years" in result.text


def test_damaged_pdf_is_refused() -> None:
    assert "PDF is damaged" in refused(b"%PDF-1.7\n1 0 obj << /Type /Catalog\ngarbage", "broken.pdf")
    assert "PDF is damaged" in refused(make_pdf()[:600], "truncated.pdf")


# --- WebVTT and SubRip --------------------------------------------------------------------------------------

VTT = """WEBVTT - interview 7
Kind: captions

NOTE recorded on the phone,
consent confirmed

STYLE
::cue { color: yellow }

intro
00:01.000 --> 00:04.000 align:start position:10%
<v Sam>Hello <b>there</b> &amp; <c.loud>welcome</c></v>

00:00:04.500 --> 00:00:06.000
<v Sam>still <00:00:05.000>me

3
00:00:06.000 --> 00:00:08.250 line:0
<v.loud Mary Jones>Hi Sam 😀
<v Sam>Hi Mary

00:09.000 --> 00:10.000
and then some
"""


def test_vtt_voices_notes_short_times_and_merging() -> None:
    result = extract(VTT.encode(), "call.vtt")
    assert result.format == "vtt" and result.encoding == "utf-8"
    assert (
        result.text
        == "Sam: Hello there & welcome still me\n\nMary Jones: Hi Sam 😀\n\nSam: Hi Mary and then some"
    )
    assert spoken(result) == [
        ("Sam", "Hello there & welcome still me"),
        ("Mary Jones", "Hi Sam 😀"),
        ("Sam", "Hi Mary and then some"),
    ]
    assert [turn.time for turn in result.turns] == ["00:00:01.000", "00:00:06.000", "00:00:06.000"]
    for leaked in ("NOTE", "consent", "color", "intro", "<", "-->"):
        assert leaked not in result.text


def test_vtt_name_prefixes_like_video_calls_write() -> None:
    vtt = (
        "WEBVTT\n\n1\n00:00:00.500 --> 00:00:03.000\nRiya Shah: Can you hear me?\n\n2\n"
        "00:00:03.000 --> 00:00:05.000\nP2: Yes.\n"
    )
    result = extract(vtt.encode(), "zoom.vtt")
    assert result.turns == (Turn("Riya Shah", 11, 27, "00:00:00.500"), Turn("P2", 33, 37, "00:00:03.000"))
    assert spoken(result) == [("Riya Shah", "Can you hear me?"), ("P2", "Yes.")]


def test_vtt_malformed_timing_line_names_the_line() -> None:
    vtt = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nfine\n\ncue-2\n00:00:02.000 --> 00:00:0x.000\nbroken\n"
    assert "Line 7" in refused(vtt.encode(), "bad.vtt")
    assert "Line 3" in refused(b"WEBVTT\n\n00:01.000 -> 00:02.000\ntext\n", "bad.vtt")
    assert "Line 3" in refused(b"WEBVTT\n\n00:01.000 --> 00:72.000\ntext\n", "bad.vtt")


def test_vtt_needs_its_header() -> None:
    assert "WEBVTT" in refused(b"00:01.000 --> 00:02.000\nhello\n", "nohead.vtt")
    assert "Rename it to .vtt" in refused(VTT.encode(), "misnamed.srt")


SRT = """1
00:00:01,000 --> 00:00:04,000
Interviewer: How long
have you <i>worked</i> here?

2
00:00:04,000 --> 00:00:06,500
P3: Three years.

3
00:00:06,500 --> 00:00:08,000
{\\an8}Maybe four.

4
00:00:08,000 --> 00:00:09,000
Interviewer: Thanks.
"""


def test_srt_name_speakers() -> None:
    result = extract(SRT.replace("\n", "\r\n").encode("cp1252"), "interview.srt")
    assert result.format == "srt"
    assert result.text == (
        "Interviewer: How long have you worked here?\n\nP3: Three years. Maybe four.\n\nInterviewer: Thanks."
    )
    assert spoken(result) == [
        ("Interviewer", "How long have you worked here?"),
        ("P3", "Three years. Maybe four."),
        ("Interviewer", "Thanks."),
    ]
    assert [turn.time for turn in result.turns] == ["00:00:01.000", "00:00:04.000", "00:00:08.000"]


def test_srt_without_speakers_has_a_paragraph_per_cue() -> None:
    srt = "1\n00:00:01,000 --> 00:00:02,000\nNote: first\n\n2\n00:00:02,000 --> 00:00:03,000\nsecond\n"
    result = extract(srt.encode(), "plain.srt")
    assert result.text == "Note: first\n\nsecond"
    assert result.turns == ()


def test_srt_malformed_timing_line_names_the_line() -> None:
    srt = SRT.replace("00:00:06,500 --> 00:00:08,000", "00:00:06,500 -> 00:00:08,000")
    message = refused(srt.encode(), "bad.srt")
    assert "Line 11" in message and "00:00:06,500 -> 00:00:08,000" in message


# --- Refusals before parsing --------------------------------------------------------------------------------


def test_supported_extensions() -> None:
    assert SUPPORTED_EXTENSIONS == (".txt", ".md", ".docx", ".odt", ".html", ".htm", ".pdf", ".vtt", ".srt")


@pytest.mark.parametrize("filename", ["notes.rtf", "archive.zip", "README", "old.doc"])
def test_unsupported_extension_names_the_supported_ones(filename: str) -> None:
    message = refused(b"anything", filename)
    assert ".txt, .md, .docx, .odt, .html, .htm, .pdf, .vtt, .srt" in message


def test_empty_and_oversized_files() -> None:
    assert refused(b"", "empty.docx") == "The file is empty."
    assert (
        refused(b"x" * 11, "big.txt", max_bytes=10)
        == "The file is 11 bytes; the limit for one file is 10 bytes."
    )
    assert "25.0 MB" in refused(b"x" * (25 * 1024 * 1024), "huge.pdf")


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
PNG = b"\x89PNG\r\n\x1a\n" + bytes(20)


@pytest.mark.parametrize(
    ("data", "filename", "expected"),
    [
        (OLE, "protected.docx", "password-protected or in the old Word 97-2003 (.doc) format"),
        (OLE, "protected.docx", "save it as .docx"),
        (OLE, "old.odt", "password-protected"),
        (b"%PDF-1.4\n...", "really-a-pdf.docx", "is really a PDF"),
        (b"{\\rtf1\\ansi hello}", "letter.docx", "Rich Text Format"),
        (b"just some text", "notes.docx", "not a zip archive"),
        (b"hello", "notes.pdf", "does not start with the PDF signature"),
        (PNG, "scan.pdf", "PNG image"),
        (b"PK\x03\x04" + bytes(40), "notes.txt", "is really a zip archive"),
        (b"%PDF-1.4\n", "notes.txt", "is really a PDF"),
        (PNG, "photo.md", "PNG image"),
        (b"\xff\xd8\xff\xe0" + bytes(20), "photo.html", "JPEG image"),
        (b"{\\rtf1 hi}", "notes.txt", "Rich Text Format"),
        (b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 4, "data.txt", "binary data"),
        (b"Interviewer: hi\x00\x00\x00\x01\x00\x00\x00\x02", "data.txt", "binary data"),
        (b"WEBVTT\x00\x00\x01", "call.vtt", "binary data"),
    ],
)
def test_files_that_are_not_what_their_name_says(data: bytes, filename: str, expected: str) -> None:
    assert expected in refused(data, filename)


@pytest.mark.parametrize(
    ("data", "filename", "line"),
    [
        ("\ufeffInterviewer: Hello?\r\n\r\nP1: Hel\x00lo.\r\n".encode(), "bom-utf8.txt", 3),
        ("\ufeffP1: Fine.\n\nP2: \x00".encode("utf-16-le"), "bom-utf16.md", 3),
        (
            "Interviewer: Hello?\nP1: Hel\x00lo there, it's a long answer.\n".encode("utf-16-le"),
            "no-bom.txt",
            2,
        ),
        ("\ufeffWEBVTT\n\n00:01.000 --> 00:02.000\n<v Sam>Hi\x00</v>\n".encode(), "call.vtt", 4),
        ("\ufeff<p>One</p>\n<p>Two\x00</p>".encode(), "page.html", 2),
    ],
)
def test_text_that_decodes_to_a_nul_is_refused_with_its_line(data: bytes, filename: str, line: int) -> None:
    """A byte-order mark (or UTF-16 without one) lets zero bytes through the binary check, and a zero
    code unit decodes to a NUL, which no text holds and PostgreSQL cannot store."""
    message = refused(data, filename)
    assert f"Line {line} holds a NUL character" in message and "damaged" in message


# --- Zip archives -------------------------------------------------------------------------------------------


def make_zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def declare_size(data: bytes, size: int) -> bytes:
    """The archive with its first central-directory entry claiming this uncompressed size."""
    entry = data.index(b"PK\x01\x02")
    return data[: entry + 24] + struct.pack("<I", size) + data[entry + 28 :]


def test_zip_bomb_with_a_huge_declared_size_is_refused_unopened() -> None:
    bomb = declare_size(make_zip({"word/document.xml": b"<w:document/>"}), 0xF0000000)
    message = refused(bomb, "bomb.docx")
    assert "3840.0 MB" in message and "zip bomb" in message


def test_zip_bomb_with_a_highly_compressible_member_is_refused() -> None:
    bomb = make_zip(
        {"word/document.xml": b"<w:t>" + b" " * (5 * 1024 * 1024) + b"</w:t>", "content.xml": b""}
    )
    assert len(bomb) < 50_000
    assert "more than 100 times its size" in refused(bomb, "bomb.docx")
    assert "more than 100 times its size" in refused(bomb, "bomb.odt")


def test_zip_expanding_past_ten_times_the_limit_is_refused() -> None:
    archive = make_zip({"word/document.xml": bytes(range(256)) * 400})
    assert "over the" in refused(archive, "big.docx", max_bytes=len(archive))


def test_corrupt_zip_is_refused() -> None:
    assert "zip structure could not be read" in refused(b"PK\x03\x04" + b"\x01" * 200, "broken.docx")
    assert "zip structure could not be read" in refused(make_docx()[:-100], "truncated.odt")


def test_zip_without_the_main_part_is_refused() -> None:
    assert "no word/document.xml" in refused(make_zip({"hello.txt": b"hi"}), "fake.docx")
    assert "no content.xml" in refused(make_zip({"hello.txt": b"hi"}), "fake.odt")
    assert "Rename it to .odt" in refused(make_odt(), "mixed-up.docx")
    assert "Rename it to .docx" in refused(make_docx(), "mixed-up.odt")
    assert "Excel workbook" in refused(make_zip({"xl/workbook.xml": b"<x/>"}), "sheet.docx")


def test_damaged_parts_inside_a_sound_zip_are_refused() -> None:
    assert "Word document is damaged" in refused(make_zip({"word/document.xml": b"<not xml"}), "bad.docx")
    assert "OpenDocument file is damaged" in refused(make_zip({"content.xml": b"<not xml"}), "bad.odt")


def test_password_protected_odt_is_refused() -> None:
    manifest = (
        b"<manifest:manifest><manifest:file-entry><manifest:encryption-data/></manifest:file-entry>"
        b"</manifest:manifest>"
    )
    archive = make_zip(
        {
            "mimetype": b"application/vnd.oasis.opendocument.text",
            "content.xml": b"\x93\x12",
            "META-INF/manifest.xml": manifest,
        }
    )
    assert "password-protected" in refused(archive, "secret.odt")


# --- Generated transcripts ----------------------------------------------------------------------------------

SPEAKERS = [
    "Interviewer",
    "Facilitator",
    "Researcher",
    "Worker",
    "Volunteer",
    "Manager",
    "Participant",
    "Respondent",
    "P3",
    "R12",
    "Q",
    "A",
    "Sam",
    "Mary Jones",
    "Zoë",
    "Siân",
    "Jose\u0301",
    "Ngozi Okafor",
    "O'Brien",
    "Participant 4",
    "Worker A",
    "Ελένη",
    "Дмитрий",
]
PIECES = [
    "👩‍👩‍👧",
    "👍🏽",
    "🏳️‍🌈",
    "🇬🇧",
    "e\u0301",
    "a\u0308\u0323",
    "\u05e9\u05dc\u05d5\u05dd",
    "\u0645\u0631\u062d\u0628\u0627",
    "\u200f",
    "\u200d",
    "\ufeff",
    "\u00a0",
    "\u3000",
    "\u2028",
    "10 30",
    "  ",
]
# Control characters, colons and newlines would change the transcript's structure, not just its words.
_WORD_CHARS = st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters=":\n\r")
SAYINGS = (
    st.lists(
        st.one_of(st.text(_WORD_CHARS, min_size=1, max_size=12), st.sampled_from(PIECES)),
        min_size=1,
        max_size=6,
    )
    .map(lambda parts: "".join(parts).strip())
    .filter(bool)
)
TURNS = st.lists(
    st.tuples(st.sampled_from(SPEAKERS), st.lists(SAYINGS, min_size=1, max_size=3), st.booleans()),
    min_size=2,
    max_size=6,
)


@settings(max_examples=100, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    turns=TURNS,
    separator=st.sampled_from(["\n", "\n\n", "\r\n", "\r\n\r\n"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]),
)
def test_generated_text_transcripts_keep_exact_offsets(
    turns: list[tuple[str, list[str], bool]], separator: str, encoding: str
) -> None:
    lines = []
    for speaker, sayings, label_alone in turns:
        if label_alone:
            lines.append(f"{speaker}:")
            lines.extend(sayings)
        else:
            lines.append(f"{speaker}: {sayings[0]}")
            lines.extend(sayings[1:])
    result = extract(separator.join(lines).encode(encoding), "generated.txt")
    expected = [
        (speaker, "\n".join(sayings) if separator.count("\n") == 1 else "\n\n".join(sayings))
        for speaker, sayings, _ in turns
    ]
    assert spoken(result) == expected
    assert_well_formed(result)
    assert all(a.end < b.start for a, b in zip(result.turns, result.turns[1:], strict=False))


@settings(max_examples=100, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(turns=TURNS, fmt=st.sampled_from(["srt", "vtt"]))
def test_generated_subtitles_keep_exact_offsets(turns: list[tuple[str, list[str], bool]], fmt: str) -> None:
    clean = [(speaker, [s for s in sayings if not set(s) & set("<>&{}")]) for speaker, sayings, _ in turns]
    clean = [(speaker, sayings) for speaker, sayings in clean if sayings]
    assume(clean)
    blocks = ["WEBVTT"] if fmt == "vtt" else []
    for index, (speaker, sayings) in enumerate(clean):
        stamp = (
            f"00:00:{index:02d}{',' if fmt == 'srt' else '.'}000 --> "
            f"00:00:{index:02d}{',' if fmt == 'srt' else '.'}900"
        )
        cue = [str(index + 1), stamp, *(f"{speaker}: {saying}" for saying in sayings)]
        blocks.append("\n".join(cue))
    result = extract("\n\n".join(blocks).encode(), f"generated.{fmt}")
    merged: list[tuple[str, str]] = []
    for speaker, sayings in clean:
        for saying in sayings:
            if merged and merged[-1][0] == speaker:
                merged[-1] = (speaker, f"{merged[-1][1]} {saying}")
            else:
                merged.append((speaker, saying))
    # One labelled caption alone is not a conversation; two or more are, even from one speaker.
    assert spoken(result) == (merged if sum(len(sayings) for _, sayings in clean) >= 2 else [])
    assert_well_formed(result)
    assert all(a.end < b.start for a, b in zip(result.turns, result.turns[1:], strict=False))


@settings(max_examples=30, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(turns=TURNS)
def test_generated_word_transcripts_keep_exact_offsets(turns: list[tuple[str, list[str], bool]]) -> None:
    # XML cannot hold these two non-characters, so Word files never contain them.
    turns = [
        (speaker, [s.replace("\ufffe", "").replace("\uffff", "").strip() or "x" for s in sayings], alone)
        for speaker, sayings, alone in turns
    ]
    document = docx.Document()
    for speaker, sayings, label_alone in turns:
        lines = [f"{speaker}:", *sayings] if label_alone else [f"{speaker}: {sayings[0]}", *sayings[1:]]
        for line in lines:
            document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    result = extract(buffer.getvalue(), "generated.docx")
    assert spoken(result) == [(speaker, "\n\n".join(sayings)) for speaker, sayings, _ in turns]
    assert_well_formed(result)
