"""Printable tools a section can link to: a blank network map, a goal sheet, review questions. Each is data
(key, title, what it is for, its printable content in Markdown, and optionally a drawing), copied into a
draft when the draft is made, so an old draft prints the tool as it was. Our own words."""

from __future__ import annotations

from dataclasses import dataclass
from math import cos, radians, sin


@dataclass(frozen=True)
class Tool:
    key: str
    title: str
    purpose: str  # what it is for, one or two sentences
    body: str  # Markdown: the printable content
    drawing: str = ""  # "circles": a blank network map drawn above the body


TOOLS = (
    Tool(
        key="network-map",
        title="Network map",
        purpose=(
            "A blank map to draw the person's network on together: the people, groups and places in their "
            "life, the closest in the middle. Date it, keep it, and draw it again at review."
        ),
        body=(
            "**How to use it**\n\n"
            "1. Write the date at the top.\n"
            "2. Start in the middle with the person, then add the people they feel closest to in the "
            "inner circle.\n"
            "3. Add people they see less often, groups they go to and places they like in the middle "
            "and outer circles.\n"
            "4. Use the four areas of the circle for family, friends and neighbours, groups and "
            "activities, and services and professionals.\n"
            "5. Put a star by anyone they would like to see more of, and anyone they have lost touch "
            "with.\n\n"
            "Date: ____________________"
        ),
        drawing="circles",
    ),
    Tool(
        key="goal-sheet",
        title="Goal sheet",
        purpose=(
            "A sheet for writing down a goal in the person's own words, with the first small step and "
            "who will do what before you next meet."
        ),
        body=(
            "**My goal, in my own words**\n\n"
            "______________________________________________\n\n"
            "**Why it matters to me**\n\n"
            "______________________________________________\n\n"
            "**The first small step**\n\n"
            "______________________________________________\n\n"
            "| Who | Will do what | By when |\n"
            "| --- | --- | --- |\n"
            "| Me |   |   |\n"
            "| My worker |   |   |\n\n"
            "**How we will know it has worked**\n\n"
            "______________________________________________\n\n"
            "Date we agreed this: ____________  Date we will look at it again: ____________"
        ),
    ),
    Tool(
        key="review-questions",
        title="Review questions",
        purpose=(
            "Questions to talk through together at a review, starting from what the person says has "
            "changed. Use the ones that fit; you do not need all of them."
        ),
        body=(
            "- Compared with last time, who is new in your life, and who have you seen more of?\n"
            "- Is there anyone you have lost touch with or see less of? How do you feel about that?\n"
            "- What have you tried since we last looked? What went well, and what was hard?\n"
            "- Which of your goals still matter to you? Which would you change or drop?\n"
            "- What got in the way, and what could make it easier next time?\n"
            "- What would you like to try next, and how much help do you want with it?\n"
            "- Is there anything you could now do without me?\n"
            "- Shall we draw your network map again and put it beside the last one?"
        ),
    ),
)

BY_KEY = {t.key: t for t in TOOLS}
CHOICES = [(t.key, t.title) for t in TOOLS]


def page_name(key: str) -> str:
    return f"tool-{key}.html"


# The blank network map: three rings (close, middle, outer) split into four areas, drawn for an A4 page.
AREAS = ("Family", "Friends and neighbours", "Groups and activities", "Services and professionals")
RINGS = (("Close", 90), ("Middle", 170), ("Outer", 250))


def circles_svg(id_prefix: str = "map") -> str:
    width, height, cx, cy = 920, 600, 460, 300
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{id_prefix}-title" class="tool-drawing">'
        f'<title id="{id_prefix}-title">A blank network map: three circles around the person, close, '
        f"middle and outer, divided into four areas: {', '.join(AREAS[:-1]).lower()} and "
        f"{AREAS[-1].lower()}.</title>"
    ]
    for _label, r in reversed(RINGS):
        parts.append(f'<circle cx="{cx}" cy="{cy}" r="{r}" fill="none" stroke="#333" stroke-width="2"/>')
    for angle in (45, 135, 225, 315):
        x1, y1 = cx + 30 * cos(radians(angle)), cy + 30 * sin(radians(angle))
        x2, y2 = cx + 250 * cos(radians(angle)), cy + 250 * sin(radians(angle))
        parts.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#777" '
            f'stroke-width="1.5" stroke-dasharray="6 4"/>'
        )
    parts.append(f'<circle cx="{cx}" cy="{cy}" r="30" fill="#fff" stroke="#333" stroke-width="2"/>')
    parts.append(f'<text x="{cx}" y="{cy + 6}" text-anchor="middle" font-size="18">Me</text>')
    for label, r in RINGS:
        parts.append(
            f'<text x="{cx}" y="{cy - r + 20}" text-anchor="middle" font-size="15" fill="#333">{label}</text>'
        )
    # The four areas' names outside the outer ring: top, right, bottom, left; long ones on two lines.
    spots = (
        (cx, cy - 262, "middle"),
        (cx + 262, cy, "start"),
        (cx, cy + 280, "middle"),
        (cx - 262, cy, "end"),
    )
    for (x, y, anchor), area in zip(spots, AREAS, strict=True):
        head, _, tail = area.partition(" and ")
        lines = [f"{head} and", tail] if tail and anchor != "middle" else [area]
        spans = "".join(
            f'<tspan x="{x}" dy="{0 if n == 0 else 20}">{line}</tspan>' for n, line in enumerate(lines)
        )
        parts.append(
            f'<text x="{x}" y="{y - 10 * (len(lines) - 1) + 6}" text-anchor="{anchor}" font-size="17" '
            f'font-weight="bold">{spans}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
