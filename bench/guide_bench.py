"""Guide builds at scale (issue 4).

Targets: with 1,000 published examples across the default model, the HTML site within 10 s, the PDF
within 90 s and the Word file within 20 s on a 2-core machine; rebuilding the HTML after changing one
section within 2 s (unchanged pages are reused); the anonymisation check over such a guide, with 2,000
registered names, within 2 s.

Run:  .venv/bin/python bench/guide_bench.py [--examples 1000] [--names 2000] [--postgres]
Uses a scratch database in a temporary folder (or recreates cpi_bench on 127.0.0.1 with --postgres)."""

from __future__ import annotations

import argparse
import random
import time
from dataclasses import replace
from typing import Any

import scratch
from django.core.cache import cache
from scratch import sentence

from connecting_people.accounts.models import Organisation
from connecting_people.fieldwork.models import Excerpt, ExcerptComponent, Participant, Site, Source
from connecting_people.guide import document as docmod
from connecting_people.guide import render_html
from connecting_people.guide.actions import do_create_guide, do_make_draft
from connecting_people.guide.assemble import names_to_check
from connecting_people.guide.builds import document_of
from connecting_people.guide.models import Example
from connecting_people.guide.render_print import render_docx, render_pdf
from connecting_people.interventions import actions, modelfile
from connecting_people.lib.anonymise import Checker

FIRST = [
    "Ab",
    "Bel",
    "Cor",
    "Dun",
    "El",
    "Fen",
    "Gar",
    "Hal",
    "Ish",
    "Jor",
    "Kel",
    "Lor",
    "Mab",
    "Nor",
    "Os",
    "Pel",
]
LAST = ["ridge", "worth", "combe", "ley", "stow", "ford", "mere", "holt", "wick", "by", "thorpe", "ton"]


class CountingCache:
    """Django's cache, counting what is put in it."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.sets = inner, 0

    def get(self, key: str) -> Any:
        return self.inner.get(key)

    def set(self, key: str, value: Any, timeout: int) -> None:
        self.sets += 1
        self.inner.set(key, value, timeout)


def generate(examples: int, names: int, rng: random.Random) -> object:
    path = scratch.ROOT / "connecting_people/interventions/data/default_model.yaml"
    version = actions.do_import_version(None, modelfile.parse(path.read_text()), publish=True)
    team = Organisation.objects.create(name="Bench research team", sector="university", region="yorkshire")
    sites = [
        Site.objects.create(
            team=team,
            name=f"{rng.choice(FIRST)}{rng.choice(LAST)} Project {i}",
            region="london",
            sector=rng.choice(["third_sector", "statutory", "service_user_led"]),
            client_group="adults with mental health problems",
            agreed_to_be_named=i % 2 == 0,
            host_organisation=f"{rng.choice(FIRST)}{rng.choice(LAST)} Trust {i}",
        )
        for i in range(10)
    ]
    people = Participant.objects.bulk_create(
        [
            Participant(
                site=sites[i % 10],
                pseudonym=f"P{i}",
                perspective=rng.choice(["worker", "individual", "volunteer"]),
                real_name=(
                    f"{rng.choice(FIRST)}{rng.choice(FIRST).lower()} {rng.choice(FIRST)}{rng.choice(LAST)}"
                ),
                consent_to_quote=True,
            )
            for i in range(names)
        ]
    )
    people = list(Participant.objects.filter(site__team=team).order_by("id"))
    sources = [
        Source.objects.create(
            team=team,
            title=f"Interview {i}",
            kind="interview",
            site=sites[i % 10],
            original=f"bench/{i}.txt",
            original_name=f"{i}.txt",
            file_format="txt",
            size=1,
            content_hash=f"{i:064d}",
            text=" ".join(sentence(rng, 30) for _ in range(40)),
        )
        for i in range(50)
    ]
    guide = do_create_guide(None, team, version)
    sections = list(guide.sections.select_related("component"))
    excerpts = Excerpt.objects.bulk_create(
        [
            Excerpt(
                source=sources[i % 50],
                start=0,
                end=100,
                text=" ".join(sentence(rng, rng.randint(15, 60)) for _ in range(2)),
                kind="example",
                participant=people[i % len(people)],
                perspective="worker",
            )
            for i in range(examples)
        ]
    )
    excerpts = list(Excerpt.objects.filter(source__team=team).order_by("id"))
    ExcerptComponent.objects.bulk_create(
        [
            ExcerptComponent(excerpt=e, component=sections[i % len(sections)].component)
            for i, e in enumerate(excerpts)
        ]
    )
    groups = ["example", "tip", "helps"]
    Example.objects.bulk_create(
        [
            Example(
                section=sections[i % len(sections)],
                excerpt=e,
                group=groups[i % 3],
                position=i,
                wording=e.text,
                attribution=(
                    "A support worker at a third-sector project for adults with mental health problems"
                ),
            )
            for i, e in enumerate(excerpts)
        ]
    )
    for section in sections:
        section.introduction = "\n\n".join(sentence(rng, 40) for _ in range(3))
        section.good_practice = "- " + "\n- ".join(sentence(rng, 12) for _ in range(3))
        section.save()
    return guide


def timed(label: str, fn, *args):  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    result = fn(*args)
    seconds = time.perf_counter() - t0
    print(f"{label:<58} {seconds:7.2f} s", flush=True)
    return result, seconds


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--examples", type=int, default=1000)
    parser.add_argument("--names", type=int, default=2000)
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args()
    vendor = scratch.setup()
    rng = random.Random(4)
    print(
        f"Generating a guide with {args.examples:,} examples and {args.names:,} registered participants on "
        f"{vendor}..."
    )
    guide = generate(args.examples, args.names, rng)

    draft, _ = timed("snapshot a draft (assemble + anonymisation check)", do_make_draft, None, guide)
    doc = document_of(draft)
    texts = docmod.published_texts(doc)
    names = names_to_check(guide.team_id)
    words = sum(len(text.split()) for _where, text in texts)
    leaks, _ = timed(
        f"anonymisation check alone ({len(names):,} names, {words:,} words)",
        lambda: Checker(names).scan(texts),
    )
    assert not leaks
    cache.clear()
    counting = CountingCache(cache)
    render_html.cache = counting  # counts the pages rendered afresh (each one is put in the cache)
    site, _ = timed(
        f"HTML site, cold ({sum(len(s.blocks) for s in doc.sections):,} examples)",
        render_html.render_site,
        doc,
    )
    timed("PDF", render_pdf, doc)
    timed("Word (.docx)", render_docx, doc)
    section = guide.sections.order_by("id")[3]
    section.introduction += "\n\nOne more paragraph, changed for the rebuild."
    section.save()
    newer, _ = timed("snapshot the next draft after changing one section", do_make_draft, None, guide)
    changed = document_of(newer)
    timed("HTML site of the next draft (every page shows its number)", render_html.render_site, changed)
    # The same draft number with one section changed (what a researcher previews while writing): only
    # that section's page, the search index and the pages that are never cached are rendered again.

    before = counting.sets
    same = replace(changed, number=doc.number, changes=doc.changes)
    again, _ = timed("HTML site, one section changed, same draft number", render_html.render_site, same)
    differing = sorted(name for name in again if again[name] != site.get(name))
    print(f"  pages rendered afresh: {counting.sets - before}; files that differ: {', '.join(differing)}")


if __name__ == "__main__":
    main()
