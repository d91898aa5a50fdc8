"""The coding workbench's text: numbered lines, speaker labels set apart, one colour per component, and
the text itself unchanged, so the offsets a browser counts in a selection are the server's."""

from __future__ import annotations

import html
import re

from django.urls import reverse

from connecting_people.fieldwork.coding import do_code_passage, locate
from connecting_people.fieldwork.importing import ImportItem, import_one
from connecting_people.fieldwork.models import Source
from connecting_people.interventions.models import Component

from .conftest import Cast

# How transcription services and researchers write: labels with times, an accented name, a blank line
# between turns, markup-like text that must stay text, a line with no label.
TEXT = (
    "Interviewer: Where did you meet Zoë?\r\n\r\n"
    "Resp 1: At the lido <b>café</b>, on the Tuesday swim.\r\n"
    "We still go every week.\r\n\r\n"
    "Interviewer: And the choir?\r\n\r\n"
    "Resp 1: The choir that meets at St Anne's took me in.\r\n"
)


def test_the_text_is_unchanged_under_lines_labels_and_marks(cast: Cast) -> None:
    researcher, team = cast.users["researcher"], cast.orgs["fernhill"]
    result = import_one(researcher, team, ImportItem("lido.txt", lambda: TEXT.encode("utf-8")))
    source = Source.objects.get(pk=result.source_id)
    model = {c.key: c for c in Component.objects.filter(version=cast.published)}
    # Two codings that overlap and cross a line; the later stage coded first.
    first = do_code_passage(
        researcher,
        source,
        locate(source.text, None, None, "We still go every week"),
        components=[model["find-opportunities"]],
        kind="example",
    )
    second = do_code_passage(
        researcher,
        source,
        locate(source.text, None, None, "on the Tuesday swim.\nWe still go"),
        components=[model["build-relationship"], model["find-opportunities"]],
        kind="example",
    )
    page = cast.client("researcher").get(reverse("fieldwork:source", args=[source.pk])).content.decode()
    body = page.split('id="source-text"', 1)[1].split(">", 1)[1].split("</div>", 1)[0]
    assert html.unescape(re.sub(r"<[^>]+>", "", body)) == source.text  # offsets line up
    assert "&lt;b&gt;café&lt;/b&gt;" in body  # markup in a transcript stays words
    numbered = re.findall(r'<span class="line" data-line="(\d+)">', body)
    assert numbered == ["1", "2", "3", "4", "5"] and body.count('<span class="line blank">') == 3
    assert '<span class="turn-speaker">Resp 1: </span>At the lido' in body
    assert re.search(r'data-line="3"><mark[^>]*>We still go', body)  # a line without a label has none
    # "Build a relationship" comes before "Find opportunities" in the model: it gets the first colour,
    # and the passage coded to both is drawn in it; where the two overlap the mark says so.
    assert f'<mark class="code-c0" data-excerpts="{second.pk}">on the Tuesday swim.' in body
    assert re.search(
        rf'<mark class="code-c0 overlap" data-excerpts="({first.pk} {second.pk}|{second.pk} {first.pk})">We '
        r"still go",
        body,
    )
    assert f'<mark class="code-c1" data-excerpts="{first.pk}"> every week' in body
    legend = page.split('class="code-legend"', 1)[1].split("</ul>", 1)[0]
    assert legend.index("Build a relationship") < legend.index("Find opportunities")
    assert f'id="excerpt-{second.pk}" class="coding code-c0"' in page
    assert f'id="excerpt-{first.pk}" class="coding code-c1"' in page


def test_saving_a_coding_quotes_whole_words(cast: Cast) -> None:
    researcher, team = cast.users["researcher"], cast.orgs["fernhill"]
    source = Source.objects.get(
        pk=import_one(researcher, team, ImportItem("l.txt", lambda: TEXT.encode())).source_id
    )
    passage = "The choir that meets at St Anne's took me in."
    component = Component.objects.get(version=cast.published, key="find-opportunities")
    response = cast.client("researcher").post(
        reverse("fieldwork:code", args=[source.pk]),
        {"quote": passage, "components": [component.pk], "kind": "example"},
        follow=True,
    )
    message = response.content.decode().split('class="messages"', 1)[1].split("</", 1)[0]
    assert "Coded “The choir that meets at St Anne&#x27;s took me in.” to 1 component(s)." in message


def test_a_transcript_with_nobody_linked_asks_for_a_participant(cast: Cast) -> None:
    researcher, team = cast.users["researcher"], cast.orgs["fernhill"]
    alone = import_one(researcher, team, ImportItem("alone.txt", lambda: TEXT.encode()))
    assert alone.message.endswith("; no participant linked yet: link one on its page")
    notes = import_one(researcher, team, ImportItem("notes.txt", lambda: b"Arrived at ten. Rain."))
    assert "no participant" not in notes.message  # field notes have no speakers to attribute
    page = cast.client("researcher").get(reverse("fieldwork:source", args=[alone.source_id])).content.decode()
    assert "Nobody is linked to this transcript." in page
    assert '<details class="panel" id="source-details" open>' in page  # the form to tick them, open
    linked = cast.client("researcher").get(reverse("fieldwork:source", args=[cast.fieldwork["source"]]))
    assert "Nobody is linked" not in linked.content.decode()


def test_labels_written_above_the_words_are_set_apart_too(cast: Cast) -> None:
    """Otter's "Name  0:03" and Rev's "Name (00:03):" stand on their own line above the words; a label
    alone on its line ("FACILITATOR:") too. Each is marked as the speaker's, and the text still lines up."""
    text = (
        "Jane Doe  0:02\nHow did you first hear about the group?\n\n"
        "P4  0:09\nMy neighbour took me along.\n\n"
        "Jane Doe  0:15\nAnd now?\n\n"
        "Rev (00:20):\nWe go every week.\n\n"
        "FACILITATOR:\nThank you.\n"
    )
    researcher, team = cast.users["researcher"], cast.orgs["fernhill"]
    result = import_one(researcher, team, ImportItem("otter.txt", lambda: text.encode()))
    source = Source.objects.get(pk=result.source_id)
    assert [turn["speaker"] for turn in source.turns] == ["Jane Doe", "P4", "Jane Doe", "Rev", "FACILITATOR"]
    page = cast.client("researcher").get(reverse("fieldwork:source", args=[source.pk])).content.decode()
    body = page.split('id="source-text"', 1)[1].split(">", 1)[1].split("</div>", 1)[0]
    assert html.unescape(re.sub(r"<[^>]+>", "", body)) == source.text
    assert re.findall(r'<span class="turn-speaker">([^<]*)</span>', body) == [
        "Jane Doe  0:02",
        "P4  0:09",
        "Jane Doe  0:15",
        "Rev (00:20):",
        "FACILITATOR:",
    ]


def test_a_turns_time_from_a_subtitle_file_is_shown_beside_its_label(cast: Cast) -> None:
    """A Teams or Zoom .vtt gives each turn the time into the recording; the page shows it beside the
    label (drawn by the stylesheet, so the text and its offsets stay the file's). A label that already
    shows its time (Otter's "Jane Doe  0:02") gets no second one."""
    vtt = (
        "WEBVTT\n\n"
        "00:00:05.000 --> 00:00:09.000\n<v Riya Shah>Can you hear me?</v>\n\n"
        "00:01:05.500 --> 00:01:09.000\n<v P2>Yes, loud and clear.</v>\n\n"
        "01:02:03.000 --> 01:02:05.000\n<v Riya Shah>Thank you.</v>\n"
    )
    researcher, team = cast.users["researcher"], cast.orgs["fernhill"]
    source_id = import_one(researcher, team, ImportItem("call.vtt", lambda: vtt.encode())).source_id
    source = Source.objects.get(pk=source_id)
    page = cast.client("researcher").get(reverse("fieldwork:source", args=[source.pk])).content.decode()
    body = page.split('id="source-text"', 1)[1].split(">", 1)[1].split("</div>", 1)[0]
    assert html.unescape(re.sub(r"<[^>]+>", "", body)) == source.text
    assert re.findall(r'<span class="turn-speaker" data-time="([^"]+)">([^<]*)</span>', body) == [
        ("0:05", "Riya Shah: "),
        ("1:05", "P2: "),
        ("1:02:03", "Riya Shah: "),
    ]
    otter = "Jane Doe  0:02\nHello?\n\nSam  0:05\nHi.\n\nJane Doe  0:09\nBye.\n"
    otter_id = import_one(researcher, team, ImportItem("otter.txt", lambda: otter.encode())).source_id
    page = cast.client("researcher").get(reverse("fieldwork:source", args=[otter_id])).content.decode()
    assert page.count('<span class="turn-speaker">') == 3 and "data-time" not in page
