from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.http import HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.safestring import SafeString

from connecting_people.accounts.models import Region, User
from connecting_people.accounts.requests import AuthenticatedHttpRequest
from connecting_people.accounts.roles import Role
from connecting_people.interventions.models import Component, ModelVersion, VersionStatus
from connecting_people.lib.forms import choice_field

from . import finder, search
from .getters import require_fieldwork
from .models import Excerpt, Source
from .vocab import ExcerptKind, Perspective, SiteSector

CHOICES_SECONDS = 24 * 60 * 60  # the key changes with a publish; this only lets an unused list go


def component_choices() -> list[tuple[str, str]]:
    """Every published component key with its title: in the model's order (the newest published
    version's), then any key only older versions have. Published versions never change and a new one is
    the newest, so the list is cached under the newest published version (its id and when it was
    published) and is read again only after a publish."""
    newest = (
        ModelVersion.objects.filter(status=VersionStatus.PUBLISHED)
        .order_by("-published_at", "-id")
        .values_list("pk", "published_at")
        .first()
    )
    if newest is None:
        return []
    pk, published_at = newest
    cache_key = f"fieldwork:search:components:{pk}:{published_at.isoformat() if published_at else ''}"
    choices: list[tuple[str, str]] | None = cache.get(cache_key)
    if choices is None:
        seen = {c.key: c.title for c in ModelVersion.objects.get(pk=pk).components_in_order()}
        for key, title in (
            Component.objects.filter(version__status=VersionStatus.PUBLISHED)
            .order_by("part", "order")
            .values_list("key", "title")
        ):
            seen.setdefault(key, title)
        choices = list(seen.items())
        cache.set(cache_key, choices, CHOICES_SECONDS)
    return choices


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Words to find",
        max_length=300,
        help_text='All the words must appear; put a phrase in "double quotes".',
    )
    scope = forms.ChoiceField(
        choices=[("excerpts", "Coded excerpts"), ("sources", "Whole sources")],
        initial="excerpts",
        required=False,
        label="Search in",
    )
    component = forms.ChoiceField(required=False, label="Component")
    kind = forms.ChoiceField(required=False, choices=[("", "Any kind"), *ExcerptKind.choices])
    perspective = forms.ChoiceField(required=False, choices=[("", "Any perspective"), *Perspective.choices])
    site = forms.CharField(required=False, max_length=200, label="Site name")
    region = forms.ChoiceField(required=False, choices=[("", "Any region"), *Region.choices])
    sector = forms.ChoiceField(required=False, choices=[("", "Any sector"), *SiteSector.choices])
    researcher = forms.ChoiceField(required=False, label="Coded by")

    def __init__(self, data: QueryDict | None = None, *, team: int) -> None:
        super().__init__(data)
        choice_field(self, "component").choices = [("", "Any component"), *component_choices()]
        # The team's researchers by name (the value stays the user name the command line takes).
        coders = [
            (user.username, user.display_name)
            for user in User.objects.filter(organisation_id=team, role=Role.RESEARCHER).order_by(
                "first_name", "last_name", "username"
            )
        ]
        choice_field(self, "researcher").choices = [("", "Anyone"), *coders]


@login_required
def search_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    team = require_fieldwork(request.user)
    form = SearchForm(request.GET or None, team=team)
    page: Page[Source] | Page[Excerpt] | None = None
    hits: list[tuple[Source | Excerpt, SafeString]] = []  # each result with its highlighted snippet
    more = False
    error = ""
    scope = "excerpts"
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        scope = data["scope"] or "excerpts"
        filters = finder.Filters(
            **{
                k: data[k]
                for k in ("component", "kind", "perspective", "site", "region", "sector", "researcher")
            }
        )
        try:
            query = search.parse_query(data["q"])
        except search.SearchQueryError as exc:
            error = str(exc)
        else:
            results: search.Results[Any] = (
                finder.sources(team, query, filters).select_related("site")
                if scope == "sources"
                else finder.excerpts(team, query, filters)
                .select_related("source__site", "coder")
                .defer("source__text", "source__turns")
                .prefetch_related("components")
            )
            page = Paginator(results, 20).get_page(request.GET.get("page"))
            more = results.more
            hits = [(item, search.highlight(search.snippet(item.text, query))) for item in page]
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "fieldwork/search.html",
        {
            "form": form,
            "page": page,
            "hits": hits,
            "error": error,
            "scope": scope,
            "more": more,
            "cap": search.CAP,
            "query": params.urlencode(),
        },
    )
