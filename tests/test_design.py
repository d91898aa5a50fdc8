"""The one stylesheet and its documentation agree: every class `site.css` styles is used by a template,
a Python module or a script (no dead CSS), and is documented in docs/design.md with its purpose."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "connecting_people"
STYLESHEET = PACKAGE / "core" / "static" / "cpi" / "site.css"
DESIGN = ROOT / "docs" / "design.md"
# Classes made from a value where they are used: `tag-{{ status }}`, `f"code-c{index}"` and so on.
FAMILIES = {
    "tag-owner-": "tag-owner-{{",
    "tag-": "tag-{{",
    "code-c": 'f"code-c{',
    "heat-": "heat-{{",
    "evidence-": "evidence-{{",
    "message-": "message-{{",
}


def styled_classes() -> set[str]:
    css = re.sub(r"/\*.*?\*/", "", STYLESHEET.read_text(encoding="utf-8"), flags=re.S)
    selectors = [s for s in re.findall(r"([^{}]+)\{", css) if not s.strip().startswith("@")]
    return {c for s in selectors for c in re.findall(r"\.([a-zA-Z_][\w-]*)", s)}


def used_classes() -> tuple[set[str], str]:
    """Class names written in class attributes, set by scripts or named as strings in Python, and all the
    text (for the families made from a value)."""
    used: set[str] = set()
    everything = []
    for path in PACKAGE.rglob("*"):
        if path.suffix not in (".html", ".py", ".js") or "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8", errors="ignore")
        everything.append(text)
        for value in re.findall(r"class(?:Name)?\s*=\s*\\?\"([^\"\\]*)|class(?:Name)?\s*=\s*'([^']*)'", text):
            used.update(re.findall(r"[a-zA-Z_][\w-]*", " ".join(value)))
        for value in re.findall(r"(?:querySelector(?:All)?|closest)\(\s*[\"']([^\"']+)", text):
            used.update(re.findall(r"\.([\w-]+)", value))
        if path.suffix in (".js", ".py"):
            used.update(re.findall(r"[\"']([a-zA-Z_][\w-]*)[\"']", text))
    return used, "\n".join(everything)


def test_every_class_the_stylesheet_styles_is_used() -> None:
    used, everything = used_classes()
    dead = sorted(
        c
        for c in styled_classes() - used
        if not any(c.startswith(prefix) and pattern in everything for prefix, pattern in FAMILIES.items())
    )
    assert not dead, f"site.css styles classes nothing uses: {', '.join(dead)}"


def test_every_class_the_stylesheet_styles_is_documented() -> None:
    design = DESIGN.read_text(encoding="utf-8")
    named = set(re.findall(r"`([a-zA-Z_][\w-]*)`", design))
    for first, last in re.findall(r"`([a-z-]+\d)` … `([a-z-]+\d)`", design):  # `heat-0` … `heat-4`
        stem = first[:-1]
        named.update(f"{stem}{n}" for n in range(int(first[-1]), int(last[-1]) + 1))
    missing = sorted(styled_classes() - named)
    assert not missing, f"docs/design.md does not document: {', '.join(missing)}"
