"""The gold-standard organisation: the rating scale (editable data), choosing the exemplar site for each
component, the procedures with their provenance, and comparing an organisation with the gold standard."""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from pathlib import Path

import yaml

from connecting_people.accounts.models import Organisation, Region
from connecting_people.fieldwork.evidence import evidence_passages
from connecting_people.fieldwork.models import Site
from connecting_people.interventions.models import Component
from connecting_people.interventions.parts import Part

from .curation import setting_words
from .document import GoldDoc, JourneyDoc, ProcedureDoc
from .models import GoldProfile, Guide, JourneyStage, Procedure, SelfRating, SiteRating

DEFAULT_SCALE = Path(__file__).resolve().parent / "data" / "rating_scale.yaml"


@dataclass(frozen=True)
class Level:
    score: int
    label: str
    anchor: str


@dataclass(frozen=True)
class Scale:
    name: str
    levels: tuple[Level, ...]
    minimum_evidence: int = 3
    near_tie: float = 0.25
    strength_from: int | None = None  # the lowest score worth keeping; None: the level below the top

    @property
    def top(self) -> int:
        return max(level.score for level in self.levels)

    @property
    def strength(self) -> int:
        """The lowest self-rating the tailored guide calls a strength to keep, whatever the gold
        standard's own rating: matching a gold standard that is itself "occasionally" is no strength."""
        return self.strength_from if self.strength_from is not None else self.levels[-2].score

    def label(self, score: int) -> str:
        return next((level.label for level in self.levels if level.score == score), str(score))

    def choices(self) -> list[tuple[int, str]]:
        return [(level.score, f"{level.score}. {level.label}: {level.anchor}") for level in self.levels]


class ScaleError(ValueError):
    pass


def parse_scale(text: str) -> Scale:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ScaleError(f"The rating scale is not valid YAML: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("levels"), list) or len(data["levels"]) < 2:
        raise ScaleError("The rating scale needs a list of at least two levels.")
    levels = []
    for n, item in enumerate(data["levels"], 1):
        if (
            not isinstance(item, dict)
            or not isinstance(item.get("score"), int)
            or not str(item.get("label", "")).strip()
        ):
            raise ScaleError(f"Level {n} of the rating scale needs a whole-number score and a label.")
        levels.append(Level(item["score"], str(item["label"]).strip(), str(item.get("anchor", "")).strip()))
    if len({level.score for level in levels}) != len(levels):
        raise ScaleError("Two levels of the rating scale have the same score.")
    strength = data.get("strength_from")
    if strength is not None and strength not in {level.score for level in levels}:
        raise ScaleError("strength_from must be the score of one of the rating scale's levels.")
    return Scale(
        str(data.get("name", "Rating")),
        tuple(sorted(levels, key=lambda lv: lv.score)),
        int(data.get("minimum_evidence", 3)),
        float(data.get("near_tie", 0.25)),
        strength,
    )


@lru_cache(maxsize=4)
def _load(path: str, mtime: float) -> Scale:
    return parse_scale(Path(path).read_text(encoding="utf-8"))


def scale() -> Scale:
    path = os.environ.get("CPI_RATING_SCALE") or str(DEFAULT_SCALE)
    try:
        mtime = Path(path).stat().st_mtime
    except OSError:
        raise ScaleError(f"There is no rating scale file at {path}.") from None
    return _load(path, mtime)


# --- Choosing the exemplar -----------------------------------------------------------------------


@dataclass
class SiteScore:
    site_id: int
    average: Fraction  # exact; rounded only when shown (lib/rounding.py)
    raters: int
    evidence: int  # passages of evidence from the site on the component (fieldwork.evidence)
    eligible: bool


@dataclass
class Exemplar:
    component_id: int
    ranked: list[SiteScore] = field(default_factory=list)  # eligible sites, best first
    ineligible: list[SiteScore] = field(default_factory=list)
    near_tie: Fraction = Fraction(1, 4)

    @property
    def best(self) -> SiteScore | None:
        return self.ranked[0] if self.ranked else None

    @property
    def tied(self) -> list[SiteScore]:
        """Sites rated exactly as high as the best."""
        return [s for s in self.ranked if self.best and s.average == self.best.average]

    @property
    def near(self) -> list[SiteScore]:
        """Other sites within the near-tie margin of the best (but not exactly tied), on exact averages."""
        return [
            s for s in self.ranked[1:] if self.best and 0 < self.best.average - s.average <= self.near_tie
        ]

    @property
    def runner_up(self) -> SiteScore | None:
        """The best site rated below the exemplar: sites tied with it are not runners-up."""
        below = [s for s in self.ranked if self.best and s.average < self.best.average]
        return below[0] if below else None


def exact(value: float | int | str) -> Fraction:
    """A margin from the scale file as an exact fraction (0.25 -> 1/4), via its decimal text."""
    return Fraction(str(value))


def choose(
    scores: dict[int, list[int]],
    evidence: dict[int, int],
    component_id: int,
    minimum: int,
    near_tie: Fraction = Fraction(1, 4),
) -> Exemplar:
    """scores: site -> raters' scores; evidence: site -> passages. Highest exact average wins among sites
    with at least `minimum` passages; ties are broken by more evidence, then by site id, and shown."""
    result = Exemplar(component_id, near_tie=near_tie)
    for site_id, values in scores.items():
        if not values:
            continue
        entry = SiteScore(
            site_id,
            Fraction(sum(values), len(values)),
            len(values),
            evidence.get(site_id, 0),
            evidence.get(site_id, 0) >= minimum,
        )
        (result.ranked if entry.eligible else result.ineligible).append(entry)
    result.ranked.sort(key=lambda s: (-s.average, -s.evidence, s.site_id))
    result.ineligible.sort(key=lambda s: (-s.average, s.site_id))
    return result


def exemplars(guide: Guide) -> dict[int, Exemplar]:
    """Component id -> its exemplar, from the guide's ratings and the team's evidence, counted by the one
    rule (`evidence_passages`: distinct passages, matched by key across published versions)."""
    s = scale()
    scores: dict[int, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    for component_id, site_id, score in SiteRating.objects.filter(guide=guide).values_list(
        "component_id", "site_id", "score"
    ):
        scores[component_id][site_id].append(score)
    keys = dict(Component.objects.filter(pk__in=list(scores)).values_list("key", "id"))
    evidence: dict[int, Counter[int]] = defaultdict(Counter)
    for passage in evidence_passages(guide.team_id, list(keys), sited=True):
        if passage.site_id is not None:  # always, with sited=True
            evidence[keys[passage.key]][passage.site_id] += 1
    return {
        cid: choose(by_site, evidence[cid], cid, s.minimum_evidence, exact(s.near_tie))
        for cid, by_site in scores.items()
    }


def public_provenance(sites: list[Site]) -> str:
    """'Drawn from practice observed at a service-user-led project in London.' No site names."""
    regions = dict(Region.choices)
    places = []
    for site in sites:
        place = setting_words(site.sector, "", kind="project")
        if site.region:
            the = "" if site.region in ("london", "wales", "scotland", "northern_ireland") else "the "
            place += f" in {the}{regions.get(site.region, site.region)}"
        if place not in places:
            places.append(place)
    if not places:
        return ""
    return (
        "Drawn from practice observed at "
        + (places[0] if len(places) == 1 else ", ".join(places[:-1]) + " and " + places[-1])
        + "."
    )


def procedures_for(guide: Guide) -> tuple[ProcedureDoc, ...]:
    """Every component in model order: its procedure (empty where none is written yet), whether any site
    reaches the scale's strength level on it (a procedure drawn from practice rated below it is not held
    up as gold), internal provenance (exemplar and runner-up, averages, the excerpts the ratings cite)
    and its anonymised public line."""
    written = dict(Procedure.objects.filter(guide=guide).exclude(text="").values_list("component_id", "text"))
    s = scale()
    chosen = exemplars(guide)
    site_ids = {s.site_id for e in chosen.values() for s in e.tied + ([e.runner_up] if e.runner_up else [])}
    sites = Site.objects.in_bulk(site_ids)
    cited: dict[tuple[int, int], list[int]] = defaultdict(list)
    for rating in SiteRating.objects.filter(guide=guide, component_id__in=list(written)).prefetch_related(
        "excerpts"
    ):
        cited[(rating.component_id, rating.site_id)] += [e.pk for e in rating.excerpts.all()]
    parts = dict(Part.choices)
    out = []
    for component in guide.version.components_in_order():
        exemplar = chosen.get(component.pk)
        best = exemplar.tied if exemplar else []
        reaches = bool(best) and best[0].average >= s.strength
        out.append(
            ProcedureDoc(
                key=component.key,
                title=component.title,
                text=written.get(component.pk, ""),
                public_provenance=(
                    public_provenance([sites[b.site_id] for b in best if b.site_id in sites])
                    if reaches and component.pk in written
                    else ""
                ),
                provenance={
                    "exemplars": [
                        {
                            "site": b.site_id,
                            "average": float(b.average),
                            "raters": b.raters,
                            "evidence": b.evidence,
                        }
                        for b in best
                    ],
                    "runner_up": (
                        {"site": exemplar.runner_up.site_id, "average": float(exemplar.runner_up.average)}
                        if exemplar and exemplar.runner_up
                        else None
                    ),
                    "excerpts": sorted({pk for b in best for pk in cited[(component.pk, b.site_id)]}),
                },
                part_label=parts.get(component.part, component.part),
                short_of="" if reaches else s.label(s.strength),
            )
        )
    return tuple(out)


def gold_doc(guide: Guide) -> GoldDoc:
    """The profile and the journey, each stage naming its components in model order."""
    profile = GoldProfile.objects.filter(guide=guide).first()
    order = {c.pk: n for n, c in enumerate(guide.version.components_in_order())}
    stages = JourneyStage.objects.filter(guide=guide).prefetch_related("components")
    return GoldDoc(
        name=profile.name if profile else "",
        portrait=profile.portrait if profile else "",
        journey=tuple(
            JourneyDoc(
                stage.kind,
                stage.title,
                stage.text,
                tuple(
                    (c.key, c.title)
                    for c in sorted(stage.components.all(), key=lambda c: order.get(c.pk, len(order)))
                    if c.pk in order
                ),
            )
            for stage in stages
        ),
    )


# --- An organisation against the gold standard ----------------------------------------------------


@dataclass
class Gap:
    component: Component
    own: int | None  # the organisation's self-rating
    gold: Fraction | None  # the exemplar's exact average

    @property
    def gap(self) -> Fraction | None:
        return None if self.own is None or self.gold is None else self.gold - self.own

    @property
    def above(self) -> Fraction | None:
        """How far the organisation rated itself above the gold standard, when it did."""
        return -self.gap if self.gap is not None and self.gap < 0 else None


def gaps(guide: Guide, organisation: Organisation | None) -> list[Gap]:
    """An organisation's self-assessment against the gold standard, every component in model order."""
    return gaps_for(
        guide,
        dict(
            SelfRating.objects.filter(guide=guide, organisation=organisation).values_list(
                "component_id", "score"
            )
        ),
    )


def gaps_for(guide: Guide, own: dict[int, int]) -> list[Gap]:
    """Ratings on the scale (component id -> score; an organisation's or a worker's own practice)
    against the gold standard, every component in model order."""
    chosen = exemplars(guide)
    rows = []
    for c in guide.version.components_in_order():
        exemplar = chosen.get(c.pk)
        best = exemplar.best if exemplar is not None else None
        rows.append(Gap(c, own.get(c.pk), best.average if best is not None else None))
    return rows


def strengths_and_gaps(rows: list[Gap], on: Scale) -> tuple[list[Gap], list[Gap], list[Gap]]:
    """(keep doing, largest gaps first, everything else), from rows in model order. A strength is rated
    at least `on.strength` in absolute terms and not below the gold standard; a gap is any shortfall,
    the largest exact gap first and equal gaps in model order."""
    keep = [g for g in rows if g.own is not None and g.own >= on.strength and not (g.gap and g.gap > 0)]
    place = {id(g): n for n, g in enumerate(rows)}
    short = sorted(
        [g for g in rows if g.gap is not None and g.gap > 0],
        key=lambda g: (-(g.gap or 0), place[id(g)]),
    )
    rest = [g for g in rows if g not in keep and g not in short]
    return keep, short, rest
