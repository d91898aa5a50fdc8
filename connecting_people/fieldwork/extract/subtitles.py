"""WebVTT and SubRip captions, as exported by video-call and transcription tools, turned into turns."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from .base import Extracted, ExtractionError, Turn
from .text import decode_text
from .turns import recording_time, speaker_at

_SRT_TIME = r"(\d{1,3}):(\d{1,2}):(\d{1,2})[,.](\d{1,3})"
_SRT_TIMING = re.compile(rf"{_SRT_TIME}[ \t]*-->[ \t]*{_SRT_TIME}(?:[ \t].*)?")
# WebVTT allows the hours to be left out ("01:02.500"); cue settings may follow the end time.
_VTT_TIME = r"(?:(\d{1,3}):)?(\d{1,2}):(\d{1,2})[.,](\d{1,3})"
_VTT_TIMING = re.compile(rf"{_VTT_TIME}[ \t]*-->[ \t]*{_VTT_TIME}(?:[ \t].*)?")
# A line that starts like a time but did not parse as a timing line was meant to be one.
_TIMING_LIKE = re.compile(r"\s*\d+:\d")
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?[ \t]+([^>]*)>")
_TAG = re.compile(r"<[^>\n]*>")
_ASS_OVERRIDE = re.compile(r"\{\\[^}]*\}")  # SubRip files converted from ASS keep codes like {\an8}


@dataclass
class _Cue:
    time: str
    lines: list[str]


@dataclass
class _Segment:
    speaker: str
    time: str
    words: list[str]
    voiced: bool  # the speaker came from a WebVTT voice tag, which is never a false positive


def read_subtitles(data: bytes, fmt: str) -> Extracted:
    decoded, encoding = decode_text(data)
    lines = decoded.split("\n")
    cues = _parse_vtt(lines) if fmt == "vtt" else _parse_srt(lines)
    text, turns = _assemble(_segments(cues, fmt))
    if not text:
        raise ExtractionError(f"The {fmt.upper()} file has no captions with text in them.")
    return Extracted(text=text, format=fmt, turns=turns, encoding=encoding)


def _blocks(lines: list[str], first: int) -> list[tuple[int, list[str]]]:
    """Runs of non-blank lines from lines[first:], each with the 1-based number of its first line."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    for index in range(first, len(lines)):
        line = lines[index]
        if line.strip():
            if not current:
                blocks.append((index + 1, current))
            current.append(line)
        else:
            current = []
    return blocks


def _timing_error(fmt: str, number: int, line: str) -> ExtractionError:
    example = "00:00:01,000 --> 00:00:04,000" if fmt == "srt" else "00:00:01.000 --> 00:00:04.000"
    shown = line.strip()
    if len(shown) > 60:
        shown = shown[:57] + "..."
    return ExtractionError(
        f"Line {number} of the {fmt.upper()} file is not a valid timing line: expected something like "
        f"“{example}”, found “{shown}”."
    )


def _format_time(hours: str | None, minutes: str, seconds: str, fraction: str) -> str | None:
    if int(minutes) > 59 or int(seconds) > 59:
        return None
    return recording_time(int(hours or 0), int(minutes), int(seconds), fraction)


def _parse_timing(pattern: re.Pattern[str], line: str) -> str | None:
    """The cue's start as HH:MM:SS.mmm, or None when the line is not a well-formed timing line."""
    match = pattern.fullmatch(line.strip())
    if not match:
        return None
    groups = match.groups()
    start = _format_time(*groups[0:4])
    end = _format_time(*groups[4:8])
    return start if start and end else None


def _parse_srt(lines: list[str]) -> list[_Cue]:
    if lines and lines[0].startswith("WEBVTT"):
        raise ExtractionError("This is a WebVTT file named .srt. Rename it to .vtt and import it again.")
    cues: list[_Cue] = []
    for number, block in _blocks(lines, 0):
        has_index = block[0].strip().isdigit()
        timing_at = 1 if has_index else 0
        if timing_at < len(block) and "-->" in block[timing_at]:
            time = _parse_timing(_SRT_TIMING, block[timing_at])
            if time is None:
                raise _timing_error("srt", number + timing_at, block[timing_at])
            cues.append(_Cue(time, block[timing_at + 1 :]))
        elif has_index or _TIMING_LIKE.match(block[0]) or not cues:
            bad = block[timing_at] if timing_at < len(block) else block[0]
            raise _timing_error("srt", number + min(timing_at, len(block) - 1), bad)
        else:
            # A blank line inside a caption's text splits it in two; the rest still belongs to that caption.
            cues[-1].lines.extend(block)
    return cues


def _parse_vtt(lines: list[str]) -> list[_Cue]:
    first = lines[0] if lines else ""
    if not (first.startswith("WEBVTT") and first[6:7] in ("", " ", "\t")):
        raise ExtractionError("This is not a WebVTT file: its first line must be “WEBVTT”.")
    # The header (WEBVTT plus any metadata lines) runs to the first blank line.
    header_end = next((index for index, line in enumerate(lines) if not line.strip()), len(lines))
    cues: list[_Cue] = []
    for number, block in _blocks(lines, header_end):
        head = block[0]
        if re.match(r"(NOTE|STYLE|REGION)(\s|$)", head):
            continue
        if "-->" in head:
            timing_at = 0
        elif len(block) > 1 and "-->" in block[1]:
            timing_at = 1  # the first line is a cue identifier
        elif _TIMING_LIKE.match(head) or not cues:
            raise _timing_error("vtt", number, head)
        else:
            cues[-1].lines.extend(block)
            continue
        time = _parse_timing(_VTT_TIMING, block[timing_at])
        if time is None:
            raise _timing_error("vtt", number + timing_at, block[timing_at])
        cues.append(_Cue(time, block[timing_at + 1 :]))
    return cues


def _clean(line: str, fmt: str) -> str:
    """Caption text without styling tags; only WebVTT escapes characters as HTML does (&amp;)."""
    text = _ASS_OVERRIDE.sub("", _TAG.sub("", line))
    return (html.unescape(text) if fmt == "vtt" else text).strip()


def _segments(cues: list[_Cue], fmt: str) -> list[_Segment]:
    """Each cue split where a line names a new speaker (a voice tag or a leading "Name:")."""
    segments: list[_Segment] = []
    for cue in cues:
        current: _Segment | None = None
        for raw in cue.lines:
            voice = _VOICE.search(raw) if fmt == "vtt" else None
            line = _clean(raw, fmt)
            speaker = html.unescape(voice[1]).strip() if voice else ""
            if speaker:
                current = _Segment(speaker, cue.time, [], voiced=True)
                segments.append(current)
                labelled = speaker_at(line, 0, len(line))
                # "<v Sam>Sam: hello" should not read "Sam: Sam: hello".
                if labelled and labelled[0] == current.speaker:
                    line = line[labelled[1] :].strip()
            else:
                labelled = speaker_at(line, 0, len(line))
                if labelled:
                    current = _Segment(labelled[0], cue.time, [], voiced=False)
                    segments.append(current)
                    line = line[labelled[1] :].strip()
                elif current is None:
                    current = _Segment("", cue.time, [], voiced=False)
                    segments.append(current)
            if line:
                current.words.append(line)
    return [segment for segment in segments if segment.words or segment.speaker]


def _assemble(segments: list[_Segment]) -> tuple[str, tuple[Turn, ...]]:
    """One paragraph per turn, or per caption when nobody is named; turns point at the words
    after "Name: "."""
    named = [segment for segment in segments if segment.speaker]
    # Like plain text, one "Note:" caption is not a conversation; a voice tag is always a speaker.
    with_speakers = any(segment.voiced for segment in named) or len(named) >= 2
    paragraphs: list[_Segment] = []
    for segment in segments:
        if not with_speakers:
            prefix = [f"{segment.speaker}:"] if segment.speaker else []
            paragraphs.append(_Segment("", segment.time, prefix + segment.words, voiced=False))
        elif paragraphs and paragraphs[-1].speaker and segment.speaker in ("", paragraphs[-1].speaker):
            # Captions often name the speaker only when it changes, and one turn often spans several
            # captions: both continue the turn, which keeps its first caption's time.
            paragraphs[-1].words.extend(segment.words)
        else:
            paragraphs.append(_Segment(segment.speaker, segment.time, list(segment.words), segment.voiced))
    parts: list[str] = []
    turns: list[Turn] = []
    offset = 0
    for paragraph in paragraphs:
        words = " ".join(paragraph.words)
        if not words:
            continue
        if parts:
            offset += 2  # the blank line between paragraphs
        if paragraph.speaker:
            start = offset + len(paragraph.speaker) + 2
            turns.append(
                Turn(speaker=paragraph.speaker, start=start, end=start + len(words), time=paragraph.time)
            )
            parts.append(f"{paragraph.speaker}: {words}")
        else:
            parts.append(words)
        offset += len(parts[-1])
    return "\n\n".join(parts), tuple(turns)
