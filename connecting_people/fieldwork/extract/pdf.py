"""The text layer of a PDF, page by page; scanned pages without one are refused rather than read as empty."""

from __future__ import annotations

import io

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError

from .base import Extracted, ExtractionError, join_paragraphs
from .text import normalise_newlines
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


def read_pdf(data: bytes) -> Extracted:
    try:
        reader = PdfReader(io.BytesIO(data))
        # An empty user password opens PDFs that are encrypted only to restrict printing or copying.
        if reader.is_encrypted and not reader.decrypt(""):
            raise ExtractionError(_PROTECTED)
        pages = [page.extract_text() or "" for page in reader.pages]
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
    paragraphs = ["\n".join(line.rstrip() for line in normalise_newlines(page).split("\n")) for page in pages]
    text = join_paragraphs(paragraphs)
    if not text:
        raise ExtractionError(_IMAGE_ONLY)
    return Extracted(text=text, format="pdf", turns=find_turns(text), pages=len(pages))
