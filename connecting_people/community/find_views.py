"""Finding opportunities in the organisation's directory with a person, and suggesting one to them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from connecting_people.accounts.requests import AuthenticatedHttpRequest
from connecting_people.practice.actions import do_record_person_view, do_suggest_link
from connecting_people.practice.getters import get_person_for_user
from connecting_people.practice.models import CommunityLink, LinkState

from .actions import CheckFinding, do_check_service
from .find import PER_PAGE, Filters, card, check_due_before, search, with_card_details
from .find_forms import CheckForm, FindForm
from .getters import directory_for_user, get_service_for_user


def _query(data: QueryDict) -> str:
    """The search as a query string, with only the form's own fields (and no page number)."""
    kept = QueryDict(mutable=True)
    for name in FindForm.base_fields:
        value = data.get(name)
        if isinstance(value, str) and value:
            kept[name] = value
    return kept.urlencode()


@login_required
def find(request: AuthenticatedHttpRequest) -> HttpResponse:
    services = directory_for_user(request.user)
    form = FindForm(request.GET, user=request.user)
    valid = form.is_valid()
    person = form.cleaned_data.get("person") if valid else None
    filters = form.filters() if valid else Filters()
    found = search(services, filters, timezone.localdate())
    page = Paginator(with_card_details(found), PER_PAGE).get_page(request.GET.get("page"))
    due_before = check_due_before()
    cards = [card(service, due_before, filters.near) for service in page]
    states: dict[int, str] = {}
    if person is not None:
        do_record_person_view(request.user, person, "community links, finding opportunities")
        links = CommunityLink.objects.filter(person=person, service__in=[c.service.pk for c in cards])
        states = {
            service_id: LinkState(state).label
            for service_id, state in links.exclude(state=LinkState.STOPPED).values_list("service_id", "state")
        }
    return render(
        request,
        "community/find.html",
        {
            "form": form,
            "person": person,
            "page": page,
            "rows": [(c, states.get(c.service.pk, "")) for c in cards],
            "query": _query(request.GET),
        },
    )


@login_required
@require_POST
def suggest(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    service = get_service_for_user(request.user, pk)
    back = QueryDict(request.POST.get("back", ""))
    target = reverse("directory:find") + f"?{_query(back)}#service-{service.pk}"
    chosen = request.POST.get("person", "")
    if not chosen.isdigit():
        messages.error(request, "Choose who you are finding with first.")
        return redirect(target)
    person = get_person_for_user(request.user, int(chosen), write=True)
    name = person.preferred_name or person.full_name
    if CommunityLink.objects.filter(person=person, service=service).exclude(state=LinkState.STOPPED).exists():
        messages.info(request, f"“{service.name}” is already one of {name}’s links.")
    else:
        do_suggest_link(request.user, person, service=service)
        messages.success(request, f"Suggested “{service.name}” to {name}. It is on their page, to move on.")
    return redirect(target)


@login_required
@require_POST
def check(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """What a worker found when they checked an entry: two clicks from its card."""
    service = get_service_for_user(request.user, pk)
    target = reverse("directory:find") + f"?{_query(QueryDict(request.POST.get('back', '')))}"
    form = CheckForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"Nothing was recorded for “{service.name}”: choose what you found.")
        return redirect(target + f"#service-{service.pk}")
    finding = form.cleaned_data["finding"]
    do_check_service(request.user, service, finding, form.cleaned_data["note"])
    said = {
        CheckFinding.STILL_RUNNING: f"“{service.name}” marked as checked today.",
        CheckFinding.MOVED: (
            f"“{service.name}” is marked as moved, for whoever keeps the directory to update."
        ),
        CheckFinding.STOPPED: f"“{service.name}” is marked as no longer running and is no longer offered.",
    }[finding]
    messages.success(request, said)
    return redirect(target + ("" if finding == CheckFinding.STOPPED else f"#service-{service.pk}"))
