"""Network measures, map comparison and the plain-language description, on plain values (no ORM),
so they can be checked against NetworkX and against hand-worked examples."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import networkx as nx
import yaml

TYPES_FILE = Path(__file__).resolve().parent / "data" / "network_types.yaml"


@dataclass(frozen=True)
class Alter:
    key: str
    label: str
    relationship: str
    circle: int
    is_service: bool = False
    frequency: str = ""
    support: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Snapshot:
    alters: tuple[Alter, ...]
    ties: tuple[tuple[str, str], ...] = ()  # pairs of alter keys who know each other


# What changed for one member between two maps, as the drawings mark it.
Mark = Literal["new", "lost", "closer", "further"]

NO_PAIRS = "— (fewer than two people, so no pairs)"


@dataclass(frozen=True)
class Measures:
    size: int
    beyond_services: int
    beyond_services_share: float
    diversity: int
    close_share: float
    family_share: float
    density: float | None  # None with fewer than two people on the map: there are no pairs
    effective_size: float


def graph(snapshot: Snapshot) -> nx.Graph:
    """The ego network: the person ('ego') tied to every alter, plus the ties between alters."""
    g = nx.Graph()
    g.add_node("ego")
    for alter in snapshot.alters:
        g.add_edge("ego", alter.key)
    keys = {a.key for a in snapshot.alters}
    g.add_edges_from((a, b) for a, b in snapshot.ties if a in keys and b in keys and a != b)
    return g


def measures(snapshot: Snapshot) -> Measures:
    n = len(snapshot.alters)
    keys = {a.key for a in snapshot.alters}
    ties = {frozenset(t) for t in snapshot.ties if len(set(t)) == 2 and set(t) <= keys}
    possible = n * (n - 1) / 2
    beyond = sum(1 for a in snapshot.alters if not a.is_service)
    return Measures(
        size=n,
        beyond_services=beyond,
        beyond_services_share=beyond / n if n else 0.0,
        diversity=len({a.relationship for a in snapshot.alters}),
        close_share=sum(1 for a in snapshot.alters if a.circle == 1) / n if n else 0.0,
        family_share=sum(1 for a in snapshot.alters if a.relationship == "family") / n if n else 0.0,
        # Density among the alters (the ego is tied to all of them by definition); undefined without a pair.
        density=len(ties) / possible if possible else None,
        # Burt's effective size for the ego: alters minus the redundancy of their ties to each other.
        effective_size=n - 2 * len(ties) / n if n else 0.0,
    )


@lru_cache(maxsize=4)
def _rules(path: str) -> list[dict[str, Any]]:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, list):
        raise ValueError(f"{path} must be a list of rules")
    return data


def network_type(m: Measures, path: str | None = None) -> dict[str, str]:
    checks = {
        "size_min": lambda v: m.size >= v,
        "size_max": lambda v: m.size <= v,
        "beyond_services_share_min": lambda v: m.beyond_services_share >= v,
        "beyond_services_share_max": lambda v: m.beyond_services_share <= v,
        "family_share_min": lambda v: m.family_share >= v,
        "diversity_min": lambda v: m.diversity >= v,
    }
    for rule in _rules(path or os.environ.get("CPI_NETWORK_TYPES_FILE", str(TYPES_FILE))):
        when = rule.get("when") or {}
        if all(checks[name](value) for name, value in when.items()):
            return {"key": rule["key"], "label": rule["label"], "explanation": rule.get("explanation", "")}
    return {"key": "", "label": "", "explanation": ""}


@dataclass
class Comparison:
    before: Measures
    after: Measures
    before_weekly: int
    after_weekly: int
    added: list[Alter] = field(default_factory=list)
    lost: list[Alter] = field(default_factory=list)
    closer: list[tuple[Alter, Alter]] = field(default_factory=list)  # (before, after)
    further: list[tuple[Alter, Alter]] = field(default_factory=list)
    support_changed: list[tuple[Alter, Alter]] = field(default_factory=list)

    def marks(self) -> tuple[dict[str, Mark], dict[str, Mark]]:
        """What to mark on each drawing, by member key: on the earlier map who is no longer there; on the
        later one who is new, who is closer and who is further away."""
        before: dict[str, Mark] = {a.key: "lost" for a in self.lost}
        after: dict[str, Mark] = {a.key: "new" for a in self.added}
        after.update({a.key: "closer" for _b, a in self.closer})
        after.update({a.key: "further" for _b, a in self.further})
        return before, after

    def summary(self, *, to_the_person: bool = True) -> list[str]:
        """Sentences in plain words: to the person about themselves ("you"), or to their worker about the
        person ("they"), so a worker's page never says "your map"."""
        lines = []
        map_words, to_them = ("your map", "you") if to_the_person else ("the map", "the person")

        def verb(n: int) -> str:
            return "is" if n == 1 else "are"

        def people(n: int) -> str:
            return f"{n} {'person or place' if n == 1 else 'people or places'}"

        def names(alters: list[Alter]) -> str:
            return ", ".join(a.label for a in alters) + "."

        if self.added:
            was = "was" if len(self.added) == 1 else "were"
            lines.append(
                f"You have {people(len(self.added))} on your map who {was} not there before: "
                if to_the_person
                else f"{people(len(self.added)).capitalize()} on the map {was} not there before: "
            )
            lines[-1] += names(self.added)
        if self.closer:
            lines.append(
                f"{people(len(self.closer)).capitalize()} moved closer to {to_them}: "
                + names([after for _before, after in self.closer])
            )
        if self.further:
            lines.append(
                f"{people(len(self.further)).capitalize()} {verb(len(self.further))} further away now: "
                + names([after for _before, after in self.further])
            )
        if self.lost:
            lines.append(
                f"{people(len(self.lost)).capitalize()} {verb(len(self.lost))} no longer on {map_words}: "
                + names(self.lost)
            )
        if self.after_weekly > self.before_weekly:
            more = self.after_weekly - self.before_weekly
            lines.append(
                f"{'You now have' if to_the_person else 'The person now has'} {more} more "
                f"{'person' if more == 1 else 'people'} {'you' if to_the_person else 'they'} see every week "
                "or more."
            )
        gained = self.after.beyond_services - self.before.beyond_services
        if gained > 0:
            lines.append(
                f"{gained} more of {'your' if to_the_person else 'their'} connections are outside services."
            )
        return lines or [f"{map_words.capitalize()} looks much the same as last time."]


def _weekly(snapshot: Snapshot) -> int:
    return sum(1 for a in snapshot.alters if a.frequency in ("daily", "weekly"))


def compare(old: Snapshot, new: Snapshot) -> Comparison:
    before = {a.key: a for a in old.alters}
    after = {a.key: a for a in new.alters}
    result = Comparison(
        before=measures(old), after=measures(new), before_weekly=_weekly(old), after_weekly=_weekly(new)
    )
    result.added = sorted((a for k, a in after.items() if k not in before), key=lambda a: a.label)
    result.lost = sorted((a for k, a in before.items() if k not in after), key=lambda a: a.label)
    for key in sorted(before.keys() & after.keys(), key=lambda k: after[k].label):
        b, a = before[key], after[key]
        if a.circle < b.circle:
            result.closer.append((b, a))
        elif a.circle > b.circle:
            result.further.append((b, a))
        if a.support != b.support:
            result.support_changed.append((b, a))
    return result
