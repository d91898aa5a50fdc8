"""The types every reader returns, and the one error they raise."""

from __future__ import annotations

from dataclasses import dataclass

from .speakers import speaker_key

SUPPORTED_EXTENSIONS: tuple[str, ...] = (
    ".txt",
    ".md",
    ".docx",
    ".odt",
    ".html",
    ".htm",
    ".pdf",
    ".vtt",
    ".srt",
)


@dataclass(frozen=True)
class Turn:
    """One speaker's turn: ``text[start:end]`` is what they said, without the "Speaker: " label."""

    speaker: str
    start: int
    end: int
    time: str = ""

    @property
    def key(self) -> str:
        """Who is speaking, whatever the spelling of the label: see ``speakers.speaker_key``."""
        return speaker_key(self.speaker)


@dataclass(frozen=True)
class Extracted:
    """Plain text read from an imported file, with the speaker turns found in it."""

    text: str
    format: str
    turns: tuple[Turn, ...] = ()
    encoding: str = ""
    pages: int = 0


@dataclass(frozen=True)
class Limits:
    """What reading one file may cost: its size, and for a PDF its pages and the processor time spent."""

    max_bytes: int
    pdf_max_pages: int
    pdf_seconds: float


class ExtractionError(Exception):
    """A specific, user-facing message (plain UK English, no stack trace), e.g. 'The PDF is encrypted ...'."""


def describe_size(size: int) -> str:
    """A byte count as people read it: "512 bytes", "40.0 KB", "25.3 MB"."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size} byte" if size == 1 else f"{size} bytes"


def join_paragraphs(paragraphs: list[str]) -> str:
    """Paragraphs stripped, empty ones dropped, separated by one blank line."""
    return "\n\n".join(p for p in (para.strip() for para in paragraphs) if p)
