"""What an import did, for the page and the command: per source, per coder, and every loss."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

UNCHANGED = "unchanged"


@dataclass
class SourceResult:
    name: str
    status: str  # imported, added, updated, unchanged, failed
    message: str


@dataclass
class RefiReport:
    sources: list[SourceResult] = field(default_factory=list)
    components_matched: list[str] = field(default_factory=list)
    tags_created: list[str] = field(default_factory=list)
    codings_by_coder: Counter[str] = field(default_factory=Counter)
    notes: int = 0
    sets: int = 0
    links: int = 0
    losses: list[str] = field(default_factory=list)

    @property
    def coder_rows(self) -> list[tuple[str, int]]:
        return sorted(self.codings_by_coder.items())

    def count(self, status: str) -> int:
        return sum(1 for s in self.sources if s.status == status)

    @property
    def summary(self) -> str:
        parts = [
            _count(self.count(status), label)
            for status, label in (
                ("imported", "source imported"),
                ("added", "source added to"),
                ("updated", "source updated"),
                ("unchanged", "source unchanged"),
                ("failed", "source failed"),
            )
            if self.count(status) or status == "imported"
        ]
        coded = sum(self.codings_by_coder.values())
        return (
            ", ".join(parts)
            + f"; {_count(coded, 'coding')} by {_count(len(self.codings_by_coder), 'coder')}; "
            f"{_count(len(self.components_matched), 'code')} matched model components, "
            f"{len(self.tags_created)} kept as free tags; {_count(self.notes, 'note')}, "
            f"{_count(self.sets, 'set')}, {_count(self.links, 'link')}"
        )


def _count(n: int, noun: str) -> str:
    """“1 source imported”, “2 sources imported”: the first word takes the plural."""
    first, _, rest = noun.partition(" ")
    return f"{n} {first}{'' if n == 1 else 's'}" + (f" {rest}" if rest else "")


def report_lines(report: RefiReport) -> Iterator[str]:
    for item in report.sources:
        yield f"  {item.status:<9} {item.name}: {item.message}"
    for coder, count in sorted(report.codings_by_coder.items()):
        yield f"  coder     {coder}: {count} codings"
    for loss in report.losses:
        yield f"  not kept  {loss}"
    yield report.summary + "."
