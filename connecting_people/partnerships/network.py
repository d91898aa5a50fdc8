"""The agencies' network on plain values (no ORM): an organisation, its partners on a date and the ties
between partners (two partners are tied when they co-delivered or co-designed the same activity), with the
NetworkX measures that matter here and what changed between two dates.

Brokerage is betweenness among the partners alone (the organisation itself is tied to every partner, so
with it in the graph no partner would ever lie between two others): a partner with high betweenness is the
one through which otherwise unconnected partners reach each other. Reliance is how many of the team's
workers made a link to the partner's groups, beside the counts of links made and people referred in."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import networkx as nx


@dataclass(frozen=True)
class PartnerPoint:
    key: str
    name: str
    kind: str  # the kind's label: Statutory, Voluntary, ...
    links: int = 0  # people's community links made to the partner's groups and activities
    referrals_in: int = 0  # people the partner referred to the organisation
    workers: int = 0  # the organisation's workers and managers who made those links


@dataclass(frozen=True)
class AgencyNetwork:
    on: dt.date
    centre: str  # the organisation's own name
    partners: tuple[PartnerPoint, ...]
    ties: tuple[tuple[str, str], ...]  # pairs of partner keys, each pair once
    team: int = 0  # the workers and managers who could make links


@dataclass(frozen=True)
class PartnerMeasure:
    partner: PartnerPoint
    ties: int  # other partners it is tied to
    betweenness: float  # 0 to 1, normalised over pairs of the other partners
    reliance: float | None  # share of the team who linked people to it; None with no team

    @property
    def is_broker(self) -> bool:
        return self.betweenness > 0


def partner_graph(network: AgencyNetwork) -> nx.Graph:
    """The partners and the ties between them, without the organisation at the centre."""
    g = nx.Graph()
    g.add_nodes_from(p.key for p in network.partners)
    keys = {p.key for p in network.partners}
    g.add_edges_from((a, b) for a, b in network.ties if a in keys and b in keys and a != b)
    return g


def measures(network: AgencyNetwork) -> list[PartnerMeasure]:
    """Each partner's measures, brokers first, then those the team relies on most, then by name."""
    g = partner_graph(network)
    between = nx.betweenness_centrality(g, normalized=True) if g.number_of_nodes() > 2 else {}
    found = [
        PartnerMeasure(
            partner=p,
            ties=g.degree(p.key),
            betweenness=float(between.get(p.key, 0.0)),
            reliance=p.workers / network.team if network.team else None,
        )
        for p in network.partners
    ]
    return sorted(found, key=lambda m: (-m.betweenness, -m.partner.workers, -m.partner.links, m.partner.name))


def density(network: AgencyNetwork) -> float | None:
    """The share of possible partner-to-partner ties that exist; None with fewer than two partners."""
    g = partner_graph(network)
    return float(nx.density(g)) if g.number_of_nodes() > 1 else None


def isolated(network: AgencyNetwork) -> list[str]:
    """Partners tied to no other partner: reached only through the organisation."""
    g = partner_graph(network)
    return sorted(p.name for p in network.partners if g.degree(p.key) == 0)


@dataclass(frozen=True)
class Change:
    joined: tuple[str, ...]  # partner names
    left: tuple[str, ...]
    ties_gained: tuple[tuple[str, str], ...]  # pairs of names
    ties_lost: tuple[tuple[str, str], ...]
    density_before: float | None
    density_after: float | None


def compare(before: AgencyNetwork, after: AgencyNetwork) -> Change:
    names = {p.key: p.name for p in (*before.partners, *after.partners)}
    was, now = {p.key for p in before.partners}, {p.key for p in after.partners}

    def pairs(network: AgencyNetwork) -> set[tuple[str, str]]:
        return {(min(a, b), max(a, b)) for a, b in network.ties}

    def named(found: set[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
        return tuple(sorted((min(names[a], names[b]), max(names[a], names[b])) for a, b in found))

    return Change(
        joined=tuple(sorted(names[k] for k in now - was)),
        left=tuple(sorted(names[k] for k in was - now)),
        ties_gained=named(pairs(after) - pairs(before)),
        ties_lost=named(pairs(before) - pairs(after)),
        density_before=density(before),
        density_after=density(after),
    )
