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
    losses: list[str] = field(default_factory=list)

    @property
    def coder_rows(self) -> list[tuple[str, int]]:
        return sorted(self.codings_by_coder.items())

    def count(self, status: str) -> int:
        return sum(1 for s in self.sources if s.status == status)

    @property
    def summary(self) -> str:
        parts = [f"{self.count(s)} {label}" for s, label in (
            ("imported", "sources imported"), ("added", "added to sources we hold"), ("updated", "updated"),
            ("unchanged", "unchanged"), ("failed", "failed")) if self.count(s) or s in ("imported", "failed")]
        coded = sum(self.codings_by_coder.values())
        return (", ".join(parts) + f"; {coded} codings by {len(self.codings_by_coder)} coder"
                f"{'s' if len(self.codings_by_coder) != 1 else ''}; {len(self.components_matched)} codes matched model "
                f"components, {len(self.tags_created)} kept as free tags; {self.notes} notes, {self.sets} sets")


def report_lines(report: RefiReport) -> Iterator[str]:
    for item in report.sources:
        yield f"  {item.status:<9} {item.name}: {item.message}"
    for coder, count in sorted(report.codings_by_coder.items()):
        yield f"  coder     {coder}: {count} codings"
    for loss in report.losses:
        yield f"  not kept  {loss}"
    yield report.summary + "."
