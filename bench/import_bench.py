"""Fieldwork import speed through `cpi fieldwork import` (the one import loop the web's jobs use too).

Target (issue 13): 1,000 plain transcripts of 5,000 words at 500 files/s or more. Also times .docx
files, and, as the peer, inserting the same texts into a bare SQLite FTS5 table.
Run: .venv/bin/python bench/import_bench.py [--txt 1000] [--docx 60] [--words 5000] [--postgres]
Uses a scratch database and media folder in a temporary directory (bench/scratch.py; with --postgres
the database cpi_bench on 127.0.0.1, recreated)."""

from __future__ import annotations

import argparse
import io
import sqlite3
import tempfile
import time
from pathlib import Path

import docx
import scratch
from corpus import Corpus
from django.core.management import call_command

from connecting_people.accounts.models import Organisation
from connecting_people.fieldwork import search

CONTRACTIONS = ["I'm", "I'd", "don't", "it's", "we'd", "you're", "that's", "can't"]


def transcript(corpus: Corpus, words: int) -> str:
    """About `words` words of interview: the interviewer's short questions and the participant's longer
    answers, in sentences from the Zipf vocabulary, with the punctuation people transcribe (commas,
    contractions, quoted speech, "[laughs]")."""
    turns, count, speaker = [], 0, 0
    rng = corpus.rng
    while count < words:
        asking = speaker % 2 == 0
        sentences = corpus.sentences(rng.randint(1, 2) if asking else rng.randint(2, 7))
        if asking:
            sentences[-1] = sentences[-1][:-1] + "?"
        for i, sentence in enumerate(sentences):
            head, _, tail = sentence.partition(" ")
            roll = rng.random()
            if roll < 0.15:
                sentence = f"{rng.choice(CONTRACTIONS)} {tail or head}"
            elif roll < 0.3 and tail:
                sentence = f"{head}, {tail}"
            elif roll < 0.35 and tail:
                sentence = f'{head} said "{tail[:-1]}".'
            sentences[i] = sentence
        if not asking and rng.random() < 0.1:
            sentences.append("[laughs]")
        text = " ".join(sentences)
        turns.append(f"{'Interviewer' if asking else 'P1'}: {text}")
        count += len(text.split())
        speaker += 1
    return "\n\n".join(turns) + "\n"


def docx_bytes(text: str) -> bytes:
    document = docx.Document()
    for paragraph in text.split("\n\n"):
        document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def fts5_seconds(texts: list[str]) -> float:
    """The peer: the same texts into a bare FTS5 table, in one transaction."""
    with tempfile.TemporaryDirectory() as folder:
        db = sqlite3.connect(Path(folder) / "peer.sqlite3")
        db.execute("CREATE VIRTUAL TABLE peer USING fts5(body)")
        start = time.perf_counter()
        with db:
            db.executemany("INSERT INTO peer (body) VALUES (?)", [(t,) for t in texts])
        elapsed = time.perf_counter() - start
        db.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--txt", type=int, default=1000)
    parser.add_argument("--docx", type=int, default=60)
    parser.add_argument("--words", type=int, default=5000)
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args()
    vendor = scratch.setup()
    Organisation.objects.create(name="Bench team", sector="university", region="london")
    corpus = Corpus(7)
    print(f"{vendor}: generating {args.txt} .txt and {args.docx} .docx transcripts of ~{args.words} words...")
    texts = [transcript(corpus, args.words) for _ in range(args.txt)]
    docs = [docx_bytes(transcript(corpus, args.words)) for _ in range(args.docx)]
    with tempfile.TemporaryDirectory() as folder:
        for label, files, ext in (
            ("plain text", [t.encode() for t in texts], "txt"),
            (".docx", docs, "docx"),
        ):
            if not files:
                continue
            batch = Path(folder) / ext
            batch.mkdir()
            for i, data in enumerate(files):
                (batch / f"s{i:05}.{ext}").write_bytes(data)
            out = io.StringIO()
            start = time.perf_counter()
            call_command("fieldwork", "import", str(batch), "--team", "Bench team", stdout=out)
            elapsed = time.perf_counter() - start
            summary = out.getvalue().strip().splitlines()[-1]
            print(
                f"{label:>10}: {len(files)} files in {elapsed:.2f} s = {len(files) / elapsed:.0f} files/s "
                f"({summary})"
            )
    start = time.perf_counter()
    for text in texts:
        search.normalise(text)
    print(
        f"  indexing: search.normalise alone, in this one process, takes {time.perf_counter() - start:.2f} s "
        f"for the {len(texts)} plain texts"
    )
    peer = fts5_seconds(texts)
    print(
        f"      peer: the same {len(texts)} texts into a bare SQLite FTS5 table in {peer:.2f} s "
        f"= {len(texts) / peer:.0f} texts/s"
    )


if __name__ == "__main__":
    main()
