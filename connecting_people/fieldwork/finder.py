"""Searching the team's evidence with filters: shared by the web page and `cpi fieldwork search`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from connecting_people.interventions.models import Component, VersionStatus
from connecting_people.lib.forms import as_id

from . import search
from .evidence import usable_excerpts, withdrawn_scope
from .models import Excerpt, ExcerptComponent, Source


@dataclass
class Filters:
    component: str = ""  # component key (in any published version)
    kind: str = ""  # excerpt kind
    perspective: str = ""
    site: str = ""  # site name or id
    region: str = ""
    sector: str = ""
    researcher: str = ""  # coder's user name

    def applied(self) -> dict[str, str]:
        return {k: v for k, v in self.__dict__.items() if v}


@dataclass
class Hit:
    kind: str  # "excerpt" or "source"
    obj: Any
    snippet: str
    rank: float
    extra: dict[str, Any] = field(default_factory=dict)


def _site_filter(queryset: QuerySet[Any], prefix: str, filters: Filters) -> QuerySet[Any]:
    if filters.site:
        site_id = as_id(filters.site)
        queryset = (
            queryset.filter(**{f"{prefix}site_id": site_id})
            if site_id is not None
            else queryset.filter(**{f"{prefix}site__name__iexact": filters.site})
        )
    if filters.region:
        queryset = queryset.filter(**{f"{prefix}site__region": filters.region})
    if filters.sector:
        queryset = queryset.filter(**{f"{prefix}site__sector": filters.sector})
    return queryset


def excerpts(team_id: int, query: search.ParsedQuery, filters: Filters) -> search.Results[Excerpt]:
    found = usable_excerpts(Excerpt.objects.filter(source__team_id=team_id), team_id)
    found = _site_filter(found, "source__", filters)
    if filters.component:
        # EXISTS rather than a join, so an excerpt coded to the component in two versions is one row
        # and no DISTINCT stops the search reading matches in index order.
        components = Component.objects.filter(key=filters.component, version__status=VersionStatus.PUBLISHED)
        found = found.filter(
            Exists(
                ExcerptComponent.objects.filter(
                    excerpt_id=OuterRef("pk"), component_id__in=list(components.values_list("pk", flat=True))
                )
            )
        )
    if filters.kind:
        found = found.filter(kind=filters.kind)
    if filters.perspective:
        found = found.filter(perspective=filters.perspective)
    if filters.researcher:
        found = found.filter(coder__username=filters.researcher)
    return search.matching(found, "excerpt", query)


def sources(team_id: int, query: search.ParsedQuery, filters: Filters) -> search.Results[Source]:
    """Sources whose text matches. A source any withdrawn participant took part in is left out whole."""
    _people, withdrawn_sources = withdrawn_scope(team_id)
    found = Source.objects.filter(team_id=team_id).exclude(pk__in=withdrawn_sources)
    found = _site_filter(found, "", filters)
    if filters.perspective:
        found = found.filter(
            Exists(
                Source.participants.through.objects.filter(
                    source_id=OuterRef("pk"), participant__perspective=filters.perspective
                )
            )
        )
    return search.matching(found, "source", query).defer("turns")
