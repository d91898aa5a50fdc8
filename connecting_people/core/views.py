from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from connecting_people.accounts.requests import AuthenticatedHttpRequest

from .search import site_search
from .start import start_for

QUERY_MAX = 300


def home(request: HttpRequest) -> HttpResponse:
    """Visitors read what this is; a signed-in user starts on what they have to do next."""
    user = request.user
    if user.is_authenticated:
        return render(request, "core/start.html", {"start": start_for(user)})
    return render(request, "core/home.html")


@login_required
def search(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The header's search box: everything the user may see that matches, grouped by kind."""
    q = " ".join(request.GET.get("q", "").split())[:QUERY_MAX]
    return render(
        request,
        "core/search.html",
        {"q": q, "header_query": q, "groups": site_search(request.user, q) if q else []},
    )
