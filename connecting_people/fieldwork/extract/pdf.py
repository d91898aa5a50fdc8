"""The text layer of a PDF, page by page; scanned pages without one are refused rather than read as empty,
and so is a PDF with more pages, or costing more processor time, than the limits allow."""

from __future__ import annotations

import io
import time

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError
from pypdf.generic import DictionaryObject

from .base import Extracted, ExtractionError
from .pages import readable_text
from .turns import find_turns

_DAMAGED = (
    "The PDF is damaged and could not be read. Open it in a PDF viewer, save or print it as a new PDF "
    "and import that."
)
_PROTECTED = (
    "The PDF is encrypted and password-protected, so its text cannot be read. Open it with the password, "
    "save a copy without the password and import that."
)
_IMAGE_ONLY = (
    "This is an image-only PDF with no text layer; run OCR first (for example with your scanner's software "
    "or ocrmypdf), then import the result."
)


def _declared_pages(reader: PdfReader) -> int:
    """The page count the PDF states, read without walking its page tree (which takes seconds for tens of
    thousands of pages); 0 if it states none. The walked count is checked too, as the stated one can be
    wrong."""
    try:
        pages = reader.root_object["/Pages"]
        count = pages["/Count"] if isinstance(pages, DictionaryObject) else 0
    except (KeyError, TypeError):
        return 0
    return int(count) if isinstance(count, int) else 0


def _check_pages(count: int, max_pages: int) -> None:
    if count > max_pages:
        raise ExtractionError(
            f"The PDF has {count:,} pages; the limit is {max_pages:,}. Split it into smaller PDFs and import "
            "those."
        )


def read_pdf(data: bytes, max_pages: int, seconds: float) -> Extracted:
    """The PDF's text, refused if it has more than `max_pages` pages or reading it takes more than `seconds`
    of this thread's processor time (checked before and between pages)."""
    started = time.thread_time()
    try:
        reader = PdfReader(io.BytesIO(data))
        # An empty user password opens PDFs that are encrypted only to restrict printing or copying.
        if reader.is_encrypted and not reader.decrypt(""):
            raise ExtractionError(_PROTECTED)
        _check_pages(_declared_pages(reader), max_pages)
        count = len(reader.pages)
        _check_pages(count, max_pages)
        pages: list[str] = []
        for page in reader.pages:
            if time.thread_time() - started > seconds:
                raise ExtractionError(
                    f"Reading the PDF's text took more than the limit of {seconds:g} seconds of processor "
                    f"time (stopped after {len(pages):,} of {count:,} pages). Split it into smaller PDFs and "
                    "import those."
                )
            pages.append(page.extract_text() or "")
    except ExtractionError:
        raise
    except FileNotDecryptedError:
        raise ExtractionError(_PROTECTED) from None
    except DependencyError:
        # AES encryption needs a cryptography library that is not installed, password or no password.
        raise ExtractionError(
            "The PDF is encrypted in a way this installation cannot open (AES). Save a copy without "
            "encryption or password and import that."
        ) from None
    except Exception as error:  # pypdf's failures on a damaged file vary with the damage
        raise ExtractionError(_DAMAGED) from error
    if not pages:
        raise ExtractionError("The PDF has no pages.")
    text = readable_text(pages)
    if not text:
        raise ExtractionError(_IMAGE_ONLY)
    return Extracted(text=text, format="pdf", turns=find_turns(text), pages=len(pages))
