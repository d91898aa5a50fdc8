"""Times the intervention-model operations on generated models of growing size.

The foundation issue sets no speed target; this records where the time goes so later
issues can see a change. Run: .venv/bin/python bench/model_bench.py [--sizes 30,200,1000]
It uses a scratch SQLite database in a temporary folder unless DATABASE_URL is set."""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

import scratch

from connecting_people.interventions import actions, diagram, modelfile
from connecting_people.interventions.data import ComponentData, LinkData, VersionData
from connecting_people.interventions.diff import diff_versions
from connecting_people.interventions.store import version_data


def timed(fn: Callable[[], object], repeat: int = 5) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="30,200,1000", help="components per generated model")
    args = parser.parse_args()
    scratch.setup()

    parts = ["prerequisites", "worker_wheel", "individual_wheel", "agency", "outcomes"]
    print(
        f"{'components':>10} {'parse ms':>9} {'import ms':>10} {'load ms':>8} {'diagram ms':>11} "
        f"{'diff ms':>8} {'yaml KB':>8}"
    )
    for size in [int(s) for s in args.sizes.split(",")]:
        comps = []
        for i in range(size):
            part = parts[i % len(parts)]
            links = (LinkData(f"c{i - 1}", "related"),) if i else ()
            comps.append(
                ComponentData(
                    f"c{i}",
                    part,
                    f"Component number {i}",
                    "A summary sentence. " * 3,
                    "A paragraph of description.\n\n- a point\n- another point\n" * 3,
                    ("What helps?", "What gets in the way?"),
                    links,
                )
            )
        data = VersionData(f"bench-{size}", "Bench model", "1", "", tuple(comps))
        text = modelfile.dump(data)
        parse_ms = timed(lambda: modelfile.parse(text), 3)
        start = time.perf_counter()
        version = actions.do_import_version(None, data, publish=True)
        import_ms = (time.perf_counter() - start) * 1000
        load_ms = timed(lambda: version_data(version))
        stored = version_data(version)
        diagram_ms = timed(lambda: diagram.render_svg(stored, lambda c: f"/c/{c.key}"))
        changed = VersionData(
            data.model_key,
            data.model_name,
            "2",
            "",
            tuple(
                c
                if i % 7
                else ComponentData(c.key, c.part, c.title + " (revised)", c.summary, c.description + " More.")
                for i, c in enumerate(data.components)
            ),
        )
        diff_ms = timed(lambda: diff_versions(data, changed), 3)
        print(
            f"{size:>10} {parse_ms:>9.1f} {import_ms:>10.1f} {load_ms:>8.1f} {diagram_ms:>11.1f} "
            f"{diff_ms:>8.1f} {len(text) / 1024:>8.0f}"
        )


if __name__ == "__main__":
    main()
