"""The header's search: one query over what the signed-in user may see, grouped by kind. People by
reference for staff who may open their records (through practice's getter); coded excerpts and sources
for researchers (the fieldwork finder the search page uses, so the same rules and withdrawals apply); the
sections of the published guide for everyone (the index the guide's own search reads)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.http import Http404
from django.urls import reverse
from django.utils.safestring import SafeString

from connecting_people.accounts.models import User
from connecting_people.fieldwork import finder, search
from connecting_people.fieldwork.getters import require_fieldwork
from connecting_people.guide.builds import document_of
from connecting_people.guide.getters import released_draft
from connecting_people.guide.render_html import search_guide
from connecting_people.practice.getters import people_for_user
from connecting_people.practice.models import Person

SHOWN = 5  # per kind; each group links to its full list where there is one


@dataclass
class Group:
    kind: str  # "people", "excerpts", "sources", "guide"
    heading: str
    hits: list[dict[str, Any]] = field(default_factory=list)  # url, title, detail, snippet
    more: bool = False
    more_url: str = ""
    note: str = ""  # why nothing could be searched here (a query the evidence search refuses)


def _people(user: User, q: str) -> Group:
    found = list(
        people_for_user(user)
        .select_related(None)
        .filter(reference__icontains=q)
        .only("pk", "reference", "full_name", "preferred_name")
        .order_by("reference")[: SHOWN + 1]
    )
    return Group(
        "people",
        "People",
        [
            {"url": reverse("practice:person", args=[p.pk]), "title": p.reference, "detail": _name(p)}
            for p in found[:SHOWN]
        ],
        more=len(found) > SHOWN,
        more_url=reverse("practice:people"),
    )


def _name(person: Person) -> str:
    return person.preferred_name or person.full_name


def _evidence(user: User, q: str) -> list[Group]:
    team = require_fieldwork(user)
    excerpts = Group("excerpts", "Coded excerpts")
    sources = Group("sources", "Sources")
    try:
        query = search.parse_query(q)
    except search.SearchQueryError as exc:
        excerpts.note = str(exc)
        return [excerpts]
    found_excerpts = (
        finder.excerpts(team, query, finder.Filters())
        .select_related("source")
        .defer("source__text", "source__turns")
    )
    for excerpt in found_excerpts[:SHOWN]:
        excerpts.hits.append(
            {
                "url": reverse("fieldwork:source", args=[excerpt.source_id]) + f"#excerpt-{excerpt.pk}",
                "title": excerpt.source.title,
                "snippet": _snippet(excerpt.text, query),
            }
        )
    found_sources = finder.sources(team, query, finder.Filters())
    for source in found_sources[:SHOWN]:
        sources.hits.append(
            {
                "url": reverse("fieldwork:source", args=[source.pk]),
                "title": source.title,
                "snippet": _snippet(source.text, query),
            }
        )
    base = reverse("fieldwork:search")
    excerpts.more = found_excerpts.count() > SHOWN
    excerpts.more_url = f"{base}?{urlencode({'q': q, 'scope': 'excerpts'})}"
    sources.more = found_sources.count() > SHOWN
    sources.more_url = f"{base}?{urlencode({'q': q, 'scope': 'sources'})}"
    return [excerpts, sources]


def _snippet(text: str, query: search.ParsedQuery) -> SafeString:
    return search.highlight(search.snippet(text, query))


def _guide(q: str) -> Group:
    group = Group("guide", "The guide")
    try:
        draft = released_draft()
    except Http404:
        group.note = "No guide has been released yet."
        return group
    hits = search_guide(document_of(draft), q)
    group.hits = [
        {
            "url": reverse("guide:public_page", kwargs={"page": entry["url"]}),
            "title": entry["title"],
            "detail": entry["part"],
        }
        for entry in hits[:SHOWN]
    ]
    group.more = len(hits) > SHOWN
    group.more_url = reverse("guide:public_page", kwargs={"page": "search.html"}) + "?" + urlencode({"q": q})
    return group


def site_search(user: User, q: str) -> list[Group]:
    """Every kind this user may search, in the order the results page shows them."""
    caps = user.caps
    groups = []
    if caps.can_view_person_records:
        groups.append(_people(user, q))
    if caps.can_handle_fieldwork:
        groups.extend(_evidence(user, q))
    groups.append(_guide(q))
    return groups
