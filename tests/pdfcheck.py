"""Checks on the PDFs the app writes, shared by the tests of each: tagged for assistive technology, with
a document language and title, and its pages as text and as images kept in `test-artifacts/`."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

from pypdf import PdfReader


def assert_tagged(pdf: bytes, title: str) -> None:
    """A tagged PDF (a structure tree, marked content) in British English, showing its title."""
    reader = PdfReader(io.BytesIO(pdf))
    catalog = reader.trailer["/Root"]
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "en-GB"
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"])
    assert reader.metadata is not None and title in str(reader.metadata.title)


def page_texts(pdf: Path) -> list[str]:
    """Each page's text as pdftotext lays it out (Poppler), in order."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True, text=True)
    return text.stdout.split("\f")[:-1]


def page_images(pdf: Path, folder: Path, prefix: str) -> list[Path]:
    """The pages as PNG images (pdftoppm), for a person to look at."""
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", "50", str(pdf), str(folder / prefix)], check=True)
    return sorted(folder.glob(f"{prefix}-*.png"))
