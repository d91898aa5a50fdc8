"""Finding speaker turns ("Interviewer: ...", "P3: ...", "Sam: ...") in plain text, with exact offsets."""

from __future__ import annotations

import functools
import re
import unicodedata

from .base import Turn

# Roles researchers write as speaker labels; matched without regard to case and with an optional number or
# letter ("Participant 3", "Worker A"). Multi-word roles are here so that "Key worker" is not taken for a
# heading by the stop-word rule below.
_ROLES = (
    "interviewer",
    "interviewee",
    "facilitator",
    "co-facilitator",
    "moderator",
    "researcher",
    "co-researcher",
    "peer researcher",
    "worker",
    "volunteer",
    "manager",
    "participant",
    "respondent",
    "speaker",
    "service user",
    "user",
    "carer",
    "parent",
    "practitioner",
    "staff",
    "observer",
    "funder",
    "key worker",
    "support worker",
    "social worker",
    "link worker",
    "peer worker",
    "project worker",
    "team leader",
    "question",
    "answer",
    "int",
    "resp",
    "person",
    "member",
    "group",
    "all",
    "unknown",
    "unidentified",
    "q",
    "a",
)
_ROLE = re.compile(
    "(?:"
    + "|".join(re.escape(role) for role in sorted(_ROLES, key=len, reverse=True))
    + r")(?:[ \t]*\d{1,3}|[ \t]+[A-Z])?",
    re.IGNORECASE,
)
# Anonymised participant codes: P3, R12, FG2, SU-4.
_CODE = re.compile(r"[A-Z]{1,3}[ -]?\d{1,4}[a-z]?")
# A qualifier after the label, as in "P3 (worker):".
_QUALIFIER = re.compile(r"[ \t]*\([^()\n]{1,30}\)\Z")

# Capitalised words that start field labels, headings and dates in notes rather than naming a speaker.
# A document of "Date: ..." and "Location: ..." lines must not read as a conversation between Date and
# Location.
_NOT_SPEAKERS = frozenset(
    {
        "note",
        "notes",
        "nb",
        "ps",
        "pps",
        "date",
        "dates",
        "time",
        "times",
        "duration",
        "location",
        "locations",
        "place",
        "venue",
        "site",
        "setting",
        "settings",
        "present",
        "attendees",
        "attendance",
        "absent",
        "apologies",
        "subject",
        "re",
        "fw",
        "fwd",
        "title",
        "summary",
        "agenda",
        "minutes",
        "action",
        "actions",
        "outcome",
        "outcomes",
        "aim",
        "aims",
        "purpose",
        "objective",
        "objectives",
        "context",
        "background",
        "observation",
        "observations",
        "reflection",
        "reflections",
        "comment",
        "comments",
        "memo",
        "reference",
        "references",
        "ref",
        "refs",
        "source",
        "sources",
        "theme",
        "themes",
        "code",
        "codes",
        "tag",
        "tags",
        "keyword",
        "keywords",
        "key",
        "version",
        "status",
        "author",
        "authors",
        "from",
        "to",
        "cc",
        "bcc",
        "sent",
        "tel",
        "telephone",
        "phone",
        "mobile",
        "email",
        "e-mail",
        "web",
        "website",
        "url",
        "address",
        "total",
        "subtotal",
        "step",
        "steps",
        "tip",
        "tips",
        "warning",
        "caution",
        "important",
        "update",
        "updates",
        "example",
        "examples",
        "definition",
        "details",
        "detail",
        "info",
        "information",
        "issue",
        "issues",
        "item",
        "items",
        "point",
        "points",
        "finding",
        "findings",
        "questions",
        "answers",
        "next",
        "further",
        "other",
        "additional",
        "general",
        "overall",
        "final",
        "conclusion",
        "conclusions",
        "recommendation",
        "recommendations",
        "result",
        "results",
        "method",
        "methods",
        "task",
        "tasks",
        "goal",
        "goals",
        "plan",
        "plans",
        "day",
        "days",
        "week",
        "weeks",
        "month",
        "months",
        "year",
        "years",
        "session",
        "sessions",
        "interview",
        "interviews",
        "transcript",
        "transcription",
        "project",
        "study",
        "phase",
        "part",
        "section",
        "chapter",
        "page",
        "figure",
        "fig",
        "table",
        "appendix",
        "name",
        "age",
        "gender",
        "role",
        "organisation",
        "organization",
        "agency",
        "team",
        "department",
        "job",
        "position",
        "ethnicity",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "july",
        "september",
        "october",
        "november",
        "december",
        "yes",
        "no",
        "also",
        "however",
        "but",
        "and",
        "so",
        "then",
        "well",
        "ok",
        "okay",
        "please",
        "thanks",
        "thank",
        "hi",
        "hello",
        "dear",
        "regards",
    }
)

_MAX_NAME = 30
_NAME_PUNCTUATION = "'\u2019-."  # straight and curly apostrophes, hyphens, initials

_TIMESTAMP = r"\d{1,2}(?::\d{2}){1,2}(?:[.,]\d{1,3})?"
_CLOCK = re.compile(r"(?:(\d{1,2}):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?")
# A label at the start of a line: optional indent, an optional timestamp as transcription services write
# them ("[00:01:23] Sam: ..."), optional Markdown bold ("**Sam:**" or "**Sam**:"), then the label, the time
# in brackets as Rev writes it ("Sam (01:23):"), and a colon. The colon must be followed by white space or
# the end of the line, so "10:30" and "http://" never qualify.
_LABEL_LINE = re.compile(
    r"[ \t]*"
    rf"(?:(?P<before>\[{_TIMESTAMP}\]|\({_TIMESTAMP}\)|{_TIMESTAMP}(?=[ \t]))[ \t]*)?"
    r"(?P<mark>\*\*|__)?"
    r"(?P<label>[^\s:*_\[(][^:\n*]{0,59}?)"
    rf"(?:[ \t]*\((?P<after>{_TIMESTAMP})\))?"
    r"[ \t]*(?(mark)(?:\*\*|__)?:(?:\*\*|__)?|:)"
    r"(?=\s|\Z)"
)


# A line holding only a speaker and the time into the recording, their words on the lines after it, as
# transcription services write: Otter "Jane Doe  0:03", Zoom's text file "Jane Doe<tab>00:01:05", Teams
# "Jane Doe   1:02:07". Two spaces or a tab before the time, so "Monday 10:30" in notes is not one.
_HEADER_LINE = re.compile(
    rf"[ \t]*(?P<label>[^\s:*_\[(][^:\n\t]{{0,59}}?)(?:\t|[ \t]{{2,}})(?P<time>{_TIMESTAMP})[ \t]*"
)


@functools.lru_cache(maxsize=1024)  # a transcript repeats a few labels on hundreds of lines
def is_speaker_label(label: str) -> bool:
    """Whether a label written before a colon names a speaker (a role, a participant code or a name)."""
    base = _QUALIFIER.sub("", label.strip())
    if not base:
        return False
    if _ROLE.fullmatch(base) or _CODE.fullmatch(base):
        return True
    return _is_name(base)


def _is_name(label: str) -> bool:
    if len(label) > _MAX_NAME:
        return False
    words = label.split(" ")
    if len(words) > 2 or any(word.lower().rstrip(".") in _NOT_SPEAKERS for word in words):
        return False
    return all(_is_name_word(word) for word in words)


def _is_name_word(word: str) -> bool:
    if not word or unicodedata.category(word[0]) not in ("Lu", "Lt"):
        return False
    # Marks (category M) keep decomposed accents such as "Jose\u0301" a single name.
    return all(unicodedata.category(ch)[0] in "LM" or ch in _NAME_PUNCTUATION for ch in word[1:])


def clock(stamp: str) -> str:
    """A time into the recording as written ("1:23", "00:01:23,5", or "75:10" past the first hour) as
    subtitles give it (HH:MM:SS.mmm), or "" when it is no time (a second past 59, or a minute past 59
    beside the hours)."""
    match = _CLOCK.search(stamp)
    if not match:
        return ""
    hours, minutes, seconds, fraction = match.groups()
    if int(seconds) > 59 or (hours is not None and int(minutes) > 59):
        return ""
    hours_on, minutes_left = divmod(int(minutes), 60)
    return recording_time(int(hours or 0) + hours_on, minutes_left, int(seconds), fraction or "")


def recording_time(hours: int, minutes: int, seconds: int, fraction: str) -> str:
    """A time into the recording as turns keep it, HH:MM:SS.mmm (a fraction of "5" is 500 ms)."""
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{fraction.ljust(3, '0')}"


def speaker_at(text: str, start: int, end: int) -> tuple[str, int, str] | None:
    """The speaker label at the start of the line text[start:end], where the words after it begin, and
    the time written with it ("" when none)."""
    match = _LABEL_LINE.match(text, start, end)
    if not match or not is_speaker_label(match["label"]):
        return None
    stamp = match["before"] or match["after"]
    return match["label"].strip(), match.end(), clock(stamp) if stamp else ""


def header_at(text: str, start: int, end: int) -> tuple[str, str] | None:
    """The speaker and time (HH:MM:SS.mmm, as subtitles give it) when the line text[start:end] is a
    speaker's header line."""
    match = _HEADER_LINE.fullmatch(text, start, end)
    if not match or not is_speaker_label(match["label"]):
        return None
    time = clock(match["time"])
    return (match["label"].strip(), time) if time else None


def trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span [start, end) without white space at either end, or None if nothing is left."""
    span = text[start:end]
    words = span.lstrip()
    start += len(span) - len(words)
    end = start + len(words.rstrip())
    return (start, end) if start < end else None


EARLIEST_FIRST_TURN = "00:05:00.000"  # a recording's first header line comes before this


def _recorded(headers: list[tuple[str, int, int, str]]) -> bool:
    """Whether header lines (speaker, words, line, time) read as a recording's: two speakers or more, one
    of them coming back (a conversation returns to its speakers), times that never go back, the first in
    the recording's first minutes. A programme ("Welcome  10:00", "Break  10:45", ..., "Break  15:00"),
    a rota or a sign-in sheet gives times of day, and its first is not minutes into anything."""
    speakers = [speaker for speaker, *_ in headers]
    times = [time for *_, time in headers]
    return (
        len(set(speakers)) >= 2
        and len(set(speakers)) < len(speakers)
        and times == sorted(times)
        and times[0] < EARLIEST_FIRST_TURN
    )


def find_turns(text: str) -> tuple[Turn, ...]:
    """Turns that begin at lines starting with a speaker label, or at a speaker's header line (their words
    start on the next line); unlabelled lines continue the current turn.

    Fewer than two turns are reported as none: a lone "Note:" or "Sam:" in a document is not a transcript.
    Header lines count only when they read as a recording's: see `_recorded`.
    """
    # speaker, where their words begin, where their line begins, the time into the recording
    starts: list[tuple[str, int, int, str]] = []
    headers: list[tuple[str, int, int, str]] = []
    position = 0
    while True:
        newline = text.find("\n", position)
        line_end = len(text) if newline == -1 else newline
        found = speaker_at(text, position, line_end)
        if found:
            starts.append((found[0], found[1], position, found[2]))
        elif text.find(":", position, line_end) != -1:
            header = header_at(text, position, line_end)
            if header:
                headers.append((header[0], line_end, position, header[1]))
        if newline == -1:
            break
        position = newline + 1
    if _recorded(headers):
        starts = sorted([*starts, *headers], key=lambda start: start[2])
    if len(starts) < 2:
        return ()
    turns: list[Turn] = []
    for index, (speaker, words_start, _, time) in enumerate(starts):
        region_end = starts[index + 1][2] if index + 1 < len(starts) else len(text)
        span = trim(text, words_start, region_end)
        if span:
            turns.append(Turn(speaker=speaker, start=span[0], end=span[1], time=time))
    return tuple(turns) if len(turns) >= 2 else ()


def table_row_paragraphs(cells: list[str]) -> list[str]:
    """A table row as paragraphs; a two-column "speaker | words" row becomes "Speaker: words"."""
    filled = [cell.strip() for cell in cells if cell.strip()]
    if len(filled) == 2 and "\n" not in filled[0]:
        label = filled[0].removesuffix(":").strip()
        if is_speaker_label(label):
            return [f"{label}: {filled[1]}"]
    return filled
