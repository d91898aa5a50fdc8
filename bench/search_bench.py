"""Fieldwork search and coverage at a million excerpts (issue 13).

Targets at 1,000,000 excerpts, on SQLite and on PostgreSQL: search p95 under 100 ms, and within 2x of
the bare index query for the same words measured in the same run; the coverage page under 300 ms.

The text is generated from a Zipf-distributed vocabulary (30,000 made-up word forms, the word of rank r
drawn with probability proportional to 1/r, with a few dozen of the project's domain words placed among
them), so a common word matches most excerpts and a rare one a handful, as in real transcripts. The
queries are a mix: a rare word, a mid-frequency word, two words, a phrase taken from the corpus and a
common word, each alone and with the filters the search page offers.

Each run builds its million excerpts afresh in the scratch database of bench/scratch.py (a few minutes):
SQLite in a new temporary folder, which it names so that --reuse FOLDER can measure the same data
again; PostgreSQL in the database cpi_bench, recreated.

Run:  .venv/bin/python bench/search_bench.py [--reuse FOLDER]
      .venv/bin/python bench/search_bench.py --postgres
Options: --sources 20000 --per-source 50 --queries 300"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import numpy  # noqa: E402
import scratch  # noqa: E402
from corpus import Corpus  # noqa: E402

pct = scratch.percentile


def connect() -> None:
    """The scratch database of bench/scratch.py (configured when it was imported): created afresh, or with
    --reuse FOLDER the SQLite data an earlier run left there, migrated so an index change is rebuilt as
    on an upgrade."""
    from django.conf import settings
    from django.core.management import call_command

    if scratch.REUSE is None:
        scratch.setup()
    else:
        call_command("migrate", verbosity=0)
    if not scratch.POSTGRES:
        print(f"SQLite data in {settings.VAR_DIR} (measure it again with --reuse {settings.VAR_DIR})")


EXCERPT_COLUMNS = [
    "id",
    "source_id",
    "start",
    "end",
    "text",
    "kind",
    "memo",
    "speaker",
    "participant_id",
    "perspective",
    "coder_id",
    "created_at",
    "updated_at",
    "guid",
    "revision",
]


def insert(model: Any, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    """Rows straight into a table: COPY on PostgreSQL, one prepared INSERT on SQLite."""
    from django.db import connection

    table = model._meta.db_table
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(
                f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})", rows
            )


def build(args: argparse.Namespace) -> None:
    """Generate the team, its sites and participants, sources and coded excerpts, the search index
    (through `search.index_new`, the import path) and the passage counts the actions keep."""
    from django.db import connection, transaction
    from django.utils import timezone

    from connecting_people.accounts.models import Organisation, User
    from connecting_people.fieldwork import evidence_counts, search
    from connecting_people.fieldwork.models import Excerpt, ExcerptComponent, Participant, Site, Source
    from connecting_people.fieldwork.vocab import ExcerptKind, Perspective
    from connecting_people.interventions import actions, modelfile
    from connecting_people.interventions.models import Component

    corpus = Corpus(11)
    rng = corpus.rng
    model_file = ROOT / "connecting_people/interventions/data/default_model.yaml"
    version = actions.do_import_version(None, modelfile.parse(model_file.read_text()), publish=True)
    components = list(Component.objects.filter(version=version))
    team = Organisation.objects.create(name="Bench team", sector="university", region="london")
    coders = [
        User.objects.create(username=f"coder{i}", organisation=team, role="researcher") for i in range(4)
    ]
    sites = [
        Site.objects.create(
            team=team,
            name=f"Site {i}",
            region=rng.choice(["london", "wales", "east", "north_west"]),
            sector=rng.choice(["statutory", "third_sector"]),
        )
        for i in range(12)
    ]
    people = {
        s.pk: [
            Participant.objects.create(site=s, pseudonym=f"P{s.pk}-{j}", perspective=p)
            for j, p in enumerate(Perspective.values)
        ]
        for s in sites
    }
    total = args.sources * args.per_source
    print(f"Generating {args.sources:,} sources and {total:,} excerpts ({connection.vendor})...", flush=True)
    started = time.perf_counter()
    draws = corpus.draws
    kinds = numpy.array(ExcerptKind.values, dtype=object)
    now = timezone.now()
    stamp = now if connection.vendor == "postgresql" else now.strftime("%Y-%m-%d %H:%M:%S")
    next_excerpt = 1
    batch_size = 500
    for batch_start in range(0, args.sources, batch_size):
        with transaction.atomic():
            texts = []
            sources = []
            for i in range(batch_start, min(args.sources, batch_start + batch_size)):
                sentences = corpus.sentences(args.per_source)
                texts.append(sentences)
                sources.append(
                    Source(
                        team=team,
                        title=f"Interview {i}",
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
            created = Source.objects.bulk_create(sources)
            Source.participants.through.objects.bulk_create(
                [
                    Source.participants.through(source=source, participant=p)
                    for source in created
                    for p in people[source.site_id]
                ]
            )
            rows, links = [], []
            n = len(created) * args.per_source
            who = draws.integers(0, len(Perspective.values), size=n).tolist()
            unattributed = (draws.random(n) < 0.1).tolist()
            kind = kinds[draws.integers(0, len(kinds), size=n)].tolist()
            coder = draws.integers(0, len(coders), size=n).tolist()
            first = draws.integers(0, len(components), size=n)
            second = (first + draws.integers(1, len(components), size=n)) % len(components)
            j = 0
            for source, sentences in zip(created, texts, strict=True):
                here = people[source.site_id]
                position = 0
                for sentence in sentences:
                    person = None if unattributed[j] else here[who[j]]
                    rows.append(
                        (
                            next_excerpt + j,
                            source.pk,
                            position,
                            position + len(sentence),
                            sentence,
                            kind[j],
                            "",
                            "",
                            person.pk if person else None,
                            person.perspective if person else "",
                            coders[coder[j]].pk,
                            stamp,
                            stamp,
                            "",
                            1,
                        )
                    )
                    position += len(sentence) + 2
                    j += 1
            for e, a, b in zip(
                range(next_excerpt, next_excerpt + n), first.tolist(), second.tolist(), strict=True
            ):
                links.append((e, components[a].pk, stamp))
                links.append((e, components[b].pk, stamp))
            next_excerpt += n
            insert(Excerpt, EXCERPT_COLUMNS, rows)
            insert(ExcerptComponent, ["excerpt_id", "component_id", "coded_at"], links)
            search.index_new(
                "source", team.pk, [(s.pk, search.source_body(s.title, s.text)) for s in created]
            )
            search.index_new("excerpt", team.pk, [(row[0], row[4]) for row in rows])
        done = min(args.sources, batch_start + batch_size)
        if done % 2000 == 0 or done == args.sources:
            print(f"  {done * args.per_source:,} excerpts, {time.perf_counter() - started:.0f} s", flush=True)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in (Excerpt, ExcerptComponent):
                table = model._meta.db_table
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
                )
    counting = time.perf_counter()
    evidence_counts.recount(team.pk)  # what the coding actions keep, built once for the bulk-loaded codings
    print(f"  passage counts built in {time.perf_counter() - counting:.0f} s", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"  generated in {time.perf_counter() - started:.0f} s", flush=True)


def timed(samples: list[float], work: Callable[[], Any]) -> Any:
    t0 = time.perf_counter()
    result = work()
    samples.append((time.perf_counter() - t0) * 1000)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--sources", type=int, default=20_000)
    parser.add_argument("--per-source", type=int, default=50)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--reuse", metavar="FOLDER", help="an earlier SQLite run's data, measured again")
    args = parser.parse_args()
    connect()

    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from connecting_people.accounts.models import Organisation, User
    from connecting_people.fieldwork import finder, search
    from connecting_people.fieldwork.models import Excerpt, Site
    from connecting_people.fieldwork.vocab import ExcerptKind, Perspective
    from connecting_people.interventions.models import Component

    wanted = args.sources * args.per_source
    if Excerpt.objects.count() != wanted:
        if Excerpt.objects.exists():
            sys.exit("The reused data holds another number of excerpts: run without --reuse.")
        build(args)
    with connection.cursor() as cursor:
        # Statistics for indexes a migration may have added since the build, and on PostgreSQL the
        # visibility map autovacuum keeps, which index-only scans read.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    team = Organisation.objects.get(name="Bench team")
    researcher = User.objects.get(username="coder0")
    sites = list(Site.objects.filter(team=team))
    keys = sorted(set(Component.objects.filter(version__status="published").values_list("key", flat=True)))
    print(f"{Excerpt.objects.count():,} excerpts ({connection.vendor})", flush=True)

    corpus = Corpus(23)
    rng = corpus.rng
    phrases = [
        " ".join(text.rstrip(".").split()[i : i + 2])
        for text in Excerpt.objects.filter(pk__in=[rng.randint(1, wanted) for _ in range(200)]).values_list(
            "text", flat=True
        )
        for i in [0]
    ]
    makers: dict[str, Callable[[], str]] = {
        "rare word": lambda: corpus.rank(5000, 30000),
        "mid word": lambda: corpus.rank(100, 1000),
        "two words": lambda: f"{corpus.rank(20, 400)} {corpus.rank(20, 400)}",
        "phrase": lambda: f'"{rng.choice(phrases)}"',
        "common word": lambda: corpus.rank(1, 10),
    }
    offers: list[Callable[[], dict[str, str]]] = [
        lambda: {},
        lambda: {"perspective": rng.choice(Perspective.values)},
        lambda: {"component": rng.choice(keys), "perspective": rng.choice(Perspective.values)},
        lambda: {"kind": rng.choice(ExcerptKind.values), "site": rng.choice(sites).name},
        lambda: {"region": "wales", "researcher": "coder1"},
    ]
    queries = [
        (label, makers[label](), rng.choice(offers)())
        for _ in range(args.queries // len(makers))
        for label in makers
    ]

    def run_search(words: str, filters: dict[str, str]) -> int:
        """What the page does: the matches (counted up to the cap), the first page, its snippets."""
        query = search.parse_query(words)
        results = (
            finder.excerpts(team.pk, query, finder.Filters(**filters))
            .select_related("source__site", "coder")
            .defer("source__text", "source__turns")
            .prefetch_related("components")
        )
        for item in results[:20]:
            search.snippet(item.text, query)
        return results.count()

    def run_raw(words: str) -> int:
        return len(search.raw_ids("excerpt", team.pk, search.parse_query(words)))

    for _label, words, filters in queries[:20]:  # warm caches
        run_search(words, filters)
        run_raw(words)
    timings: dict[str, list[float]] = {label: [] for label in makers}
    raw: dict[str, list[float]] = {label: [] for label in makers}
    counts: dict[str, list[int]] = {label: [] for label in makers}
    for label, words, filters in queries:
        counts[label].append(timed(timings[label], lambda: run_search(words, filters)))
        timed(raw[label], lambda: run_raw(words))
    every = [t for samples in timings.values() for t in samples]
    every_raw = [t for samples in raw.values() for t in samples]
    print(f"{'query':<12} {'n':>4} {'matches (median)':>17} {'search p50/p95 ms':>18} {'raw p50/p95 ms':>15}")
    for label in makers:
        print(
            f"{label:<12} {len(timings[label]):>4} {statistics.median(counts[label]):>17,.0f} "
            f"{pct(timings[label], 50):>8.1f} {pct(timings[label], 95):>8.1f} "
            f"{pct(raw[label], 50):>7.1f} {pct(raw[label], 95):>7.1f}"
        )
    print(
        f"search (finder, count up to the cap, first page of 20 with snippets): "
        f"p50 {pct(every, 50):.1f} ms, p95 {pct(every, 95):.1f} ms"
    )
    print(
        f"bare index query (same words, no filters, up to the cap):            "
        f"p50 {pct(every_raw, 50):.1f} ms, p95 {pct(every_raw, 95):.1f} ms"
    )
    print(f"ratio of p95s: {pct(every, 95) / max(pct(every_raw, 95), 0.001):.2f}x")

    client = Client()
    client.force_login(researcher)
    pages: list[float] = []
    for _label, words, filters in queries[: min(100, len(queries))]:
        response = timed(pages, lambda: client.get(reverse("fieldwork:search"), {"q": words, **filters}))
        assert response.status_code == 200
    print(f"search page (HTTP, form and template): p50 {pct(pages, 50):.1f} ms, p95 {pct(pages, 95):.1f} ms")

    client.get(reverse("fieldwork:coverage"))
    cover: list[float] = []
    for by in ["perspective", "site"] * 5:
        response = timed(cover, lambda: client.get(reverse("fieldwork:coverage"), {"by": by}))
        assert response.status_code == 200
    print(f"coverage page: p50 {statistics.median(cover):.0f} ms, max {max(cover):.0f} ms")


if __name__ == "__main__":
    main()
