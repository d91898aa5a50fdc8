"""Fieldwork import speed: plain-text and .docx sources of about 5,000 words each.

Targets (issue 3): at least 100 plain-text sources per second and 20 .docx per second on SQLite on
a 2-core machine. Run: .venv/bin/python bench/import_bench.py [--txt 300] [--docx 60]
Uses a scratch database and media folder in a temporary directory unless DATABASE_URL is set."""

from __future__ import annotations

import argparse
import io
import random
import time

import docx
import scratch

from connecting_people.accounts.models import Organisation
from connecting_people.fieldwork.importing import IMPORTED, ImportItem, import_one

WORDS = [
    "community",
    "group",
    "walk",
    "allotment",
    "friend",
    "neighbour",
    "volunteer",
    "café",
    "library",
    "choir",
    "worker",
    "support",
    "confidence",
    "meeting",
    "bus",
    "ticket",
    "together",
    "plan",
    "review",
    "goal",
    "football",
    "club",
    "garden",
    "art",
    "class",
    "peer",
]


def transcript(rng: random.Random, words: int) -> str:
    turns, count, speaker = [], 0, 0
    while count < words:
        length = rng.randint(12, 60)
        label = "Interviewer" if speaker % 2 == 0 else "P1"
        turns.append(f"{label}: " + " ".join(rng.choice(WORDS) for _ in range(length)) + ".")
        count += length
        speaker += 1
    return "\n\n".join(turns) + "\n"


def docx_bytes(text: str) -> bytes:
    document = docx.Document()
    for paragraph in text.split("\n\n"):
        document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--txt", type=int, default=300)
    parser.add_argument("--docx", type=int, default=60)
    parser.add_argument("--words", type=int, default=5000)
    args = parser.parse_args()
    scratch.setup()

    team = Organisation.objects.create(name="Bench team", sector="university", region="london")
    rng = random.Random(7)
    print(f"Generating {args.txt} .txt and {args.docx} .docx sources of ~{args.words} words...")
    texts = [transcript(rng, args.words).encode() for _ in range(args.txt)]
    docs = [docx_bytes(transcript(rng, args.words)) for _ in range(args.docx)]
    for label, files, ext in (("plain text", texts, "txt"), (".docx", docs, "docx")):
        start = time.perf_counter()
        results = [
            import_one(None, team, ImportItem(f"s{i}.{ext}", lambda d=data: d))
            for i, data in enumerate(files)
        ]
        elapsed = time.perf_counter() - start
        imported = sum(1 for r in results if r.status == IMPORTED)
        print(f"{label:>10}: {imported} imported in {elapsed:.2f} s = {imported / elapsed:.0f} per second")


if __name__ == "__main__":
    main()
