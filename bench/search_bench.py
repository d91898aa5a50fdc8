"""Fieldwork search and coverage at scale (issue 3).

Targets: search p95 <= 50 ms for two-word queries with two filters over 100,000 excerpts, on SQLite
and on PostgreSQL, and within 3x of raw SQLite FTS5 on the same data (measured in the same run);
the coverage page over 100,000 excerpts renders in under 300 ms.

Run:  .venv/bin/python bench/search_bench.py                      (SQLite, scratch file)
      .venv/bin/python bench/search_bench.py --postgres           (PostgreSQL database cpi_bench, recreated)
Options: --sources 2000 --per-source 50 --queries 200"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from pathlib import Path

import scratch
from django.db import connection, transaction
from django.test import Client

from connecting_people.accounts.models import Organisation, User
from connecting_people.fieldwork import evidence_counts, finder, search
from connecting_people.fieldwork.models import Excerpt, ExcerptComponent, Participant, Site, Source
from connecting_people.fieldwork.vocab import Perspective
from connecting_people.interventions import actions, modelfile
from connecting_people.interventions.models import Component

VOCAB = [
    "allotment",
    "walk",
    "choir",
    "bus",
    "fare",
    "café",
    "garden",
    "group",
    "club",
    "worker",
    "friend",
    "neighbour",
    "volunteer",
    "library",
    "confidence",
    "anxious",
    "trust",
    "review",
    "goal",
    "plan",
    "together",
    "weekly",
    "football",
    "pottery",
    "art",
    "class",
    "peer",
    "support",
    "tenant",
    "housing",
    "money",
    "time",
    "lonely",
    "family",
    "sister",
    "brother",
    "kitchen",
    "cooking",
    "swimming",
    "music",
    "church",
    "mosque",
    "park",
    "dog",
    "coffee",
    "train",
    "ticket",
    "college",
    "course",
    "job",
    "interview",
    "manager",
    "funder",
    "partnership",
    "referral",
]


pct = scratch.percentile


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--sources", type=int, default=2000)
    parser.add_argument("--per-source", type=int, default=50)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    scratch.setup()

    rng = random.Random(11)
    model_file = (
        Path(__file__).resolve().parent.parent / "connecting_people/interventions/data/default_model.yaml"
    )
    version = actions.do_import_version(None, modelfile.parse(model_file.read_text()), publish=True)
    components = list(Component.objects.filter(version=version))
    team = Organisation.objects.create(name="Bench team", sector="university", region="london")
    researcher = User.objects.create(username="bench", organisation=team, role="researcher")
    sites = [
        Site.objects.create(
            team=team,
            name=f"Site {i}",
            region=rng.choice(["london", "wales", "east"]),
            sector=rng.choice(["statutory", "third_sector"]),
        )
        for i in range(8)
    ]
    people = [
        Participant.objects.create(site=s, pseudonym=f"P{j}", perspective=p)
        for s in sites
        for j, p in enumerate(Perspective.values)
    ]

    total = args.sources * args.per_source
    print(f"Generating {args.sources} sources and {total:,} excerpts ({connection.vendor})...", flush=True)
    started = time.perf_counter()
    with transaction.atomic():
        for batch_start in range(0, args.sources, 200):
            batch = []
            for i in range(batch_start, min(args.sources, batch_start + 200)):
                sentences = [
                    " ".join(rng.choice(VOCAB) for _ in range(rng.randint(8, 20))) + "."
                    for _ in range(args.per_source)
                ]
                batch.append(
                    Source(
                        team=team,
                        title=f"Source {i}",
                        kind="interview",
                        site=rng.choice(sites),
                        original=f"bench/{i}",
                        original_name=f"{i}.txt",
                        file_format="txt",
                        size=1,
                        content_hash=f"{i:064d}",
                        text="\n\n".join(sentences),
                    )
                )
            created = Source.objects.bulk_create(batch)
            excerpts, fts = [], []
            for source in created:
                if not source.pk:
                    source = Source.objects.get(content_hash=source.content_hash)
                cursor_pos = 0
                for sentence in source.text.split("\n\n"):
                    person = rng.choice(people)
                    excerpts.append(
                        Excerpt(
                            source=source,
                            start=cursor_pos,
                            end=cursor_pos + len(sentence),
                            text=sentence,
                            kind=rng.choice(["example", "tip", "barrier", "quote"]),
                            participant=person,
                            perspective=person.perspective,
                            coder=researcher,
                        )
                    )
                    cursor_pos += len(sentence) + 2
            made = Excerpt.objects.bulk_create(excerpts, batch_size=2000)
            if not made or made[0].pk is None:
                made = list(Excerpt.objects.filter(source__in=created).order_by("id"))
            ExcerptComponent.objects.bulk_create(
                [ExcerptComponent(excerpt=e, component=c) for e in made for c in rng.sample(components, 2)],
                batch_size=5000,
            )
            fts = [("excerpt", e.pk, team.pk, search.normalise(e.text)) for e in made]
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {search.TABLE_NAME} (kind, obj_id, team_id, body) VALUES (%s, %s, %s, %s)",
                    fts,
                )
    counting = time.perf_counter()
    evidence_counts.recount(team.pk)  # what the coding actions keep, built once for the bulk-loaded codings
    print(f"  evidence counts built in {time.perf_counter() - counting:.1f} s", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"  generated in {time.perf_counter() - started:.0f} s", flush=True)

    queries = []
    for _ in range(args.queries):
        words = " ".join(rng.sample(VOCAB, 2))
        filters = finder.Filters(
            perspective=rng.choice(Perspective.values), component=rng.choice(components).key
        )
        queries.append((words, filters))

    def run_filtered(words: str, filters: finder.Filters) -> None:
        results = finder.excerpts(team.pk, search.parse_query(words), filters)
        results.count()
        list(results[:20])

    def run_raw(words: str) -> None:
        query = search.parse_query(words)
        search.raw_ids("excerpt", team.pk, query, 20)

    for words, filters in queries[:10]:  # warm caches
        run_filtered(words, filters)
    timings, raw = [], []
    for words, filters in queries:
        t0 = time.perf_counter()
        run_filtered(words, filters)
        timings.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        run_raw(words)
        raw.append((time.perf_counter() - t0) * 1000)
    print(
        f"search, 2 words + 2 filters (count + first page of 20): p50 {pct(timings, 50):.1f} ms, p95 {pct(timings, 95):.1f} ms"
    )
    print(
        f"raw index query (2 words, first 20 ids, no filters):    p50 {pct(raw, 50):.1f} ms, p95 {pct(raw, 95):.1f} ms"
    )
    print(f"ratio of p95s: {pct(timings, 95) / max(pct(raw, 95), 0.001):.1f}x")

    client = Client()
    client.force_login(researcher)
    client.get("/fieldwork/coverage/")
    cover = []
    for _ in range(10):
        t0 = time.perf_counter()
        response = client.get("/fieldwork/coverage/")
        cover.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200
    print(
        f"coverage page over {Excerpt.objects.count():,} excerpts: p50 {statistics.median(cover):.0f} ms, max {max(cover):.0f} ms"
    )


if __name__ == "__main__":
    main()
