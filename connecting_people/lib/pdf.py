"""Every PDF the app writes goes through here (ORM-free): WeasyPrint's PDF/UA-1 variant, so each file
is tagged (a structure tree, figures with their alternative text, `/MarkInfo /Marked true`) and carries
its language and title from the HTML, which must therefore have both (`<html lang>`, `<title>`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from weasyprint import CSS, HTML

_LANG = re.compile(r"<html\b[^>]*\blang=\"[A-Za-z-]+\"", re.IGNORECASE)
_TITLE = re.compile(r"<title>[^<]*\S[^<]*</title>", re.IGNORECASE)


def write_pdf(
    html: str,
    *,
    stylesheets: Sequence[Path] = (),
    base_url: Path | None = None,
    identifier: str = "",
) -> bytes:
    """The page as a tagged PDF. A fixed `identifier` (and no creation time, which WeasyPrint writes only
    when the HTML has one) makes the same input give the same bytes."""
    if not _LANG.search(html) or not _TITLE.search(html):
        raise ValueError("A PDF needs a document language (<html lang>) and a title (<title>).")
    return HTML(string=html, base_url=str(base_url) if base_url else None).write_pdf(
        stylesheets=[CSS(filename=str(path)) for path in stylesheets],
        pdf_variant="pdf/ua-1",
        pdf_identifier=identifier.encode() or None,
    )
