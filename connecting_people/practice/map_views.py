"""Network maps: draw with the person, redraw later, compare."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_POST

from connecting_people.accounts.requests import AuthenticatedHttpRequest
from connecting_people.interventions.diagram import svg_to_png
from connecting_people.lib.rounding import percent, shown

from .actions import do_record_person_view
from .getters import get_map_for_user, get_member_for_user, get_person_for_user
from .map_drawing import MARKS, draw, legend_icon
from .map_forms import MemberForm, NewMapForm
from .maps import do_new_map, do_remove_member, do_save_member, do_set_ties, snapshot, ties_of
from .models import MapMember, NetworkMap
from .network import NO_PAIRS, Mark, compare, measures, network_type


@login_required
def map_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = get_person_for_user(request.user, pk)
    form = NewMapForm(request.POST or None, initial={"drawn_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        new = do_new_map(
            request.user,
            person,
            form.cleaned_data["drawn_on"],
            form.cleaned_data["circles"],
            form.cleaned_data["note"],
        )
        messages.success(
            request,
            "New map started" + (" from the last one: everyone is carried forward." if new.based_on else "."),
        )
        return redirect("practice:map", pk=new.pk)
    if request.method == "GET":
        do_record_person_view(request.user, person, "the date of the last network map, to start a new one")
    return render(
        request,
        "practice/map_new.html",
        {"form": form, "person": person, "previous": person.maps.order_by("-drawn_on").first()},
    )


@login_required
def map_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    network_map = get_map_for_user(request.user, pk)
    do_record_person_view(
        request.user,
        network_map.person,
        f"network map of {date_format(network_map.drawn_on, 'SHORT_DATE_FORMAT')}",
    )
    return _map_page(request, network_map, MemberForm(circles=network_map.circles, prefix="new"))


def _map_page(
    request: AuthenticatedHttpRequest, network_map: NetworkMap, form: MemberForm, status: int = 200
) -> HttpResponse:
    members = list(network_map.members.all())
    m = measures(snapshot(network_map))
    own = request.user.caps.is_individual
    # The person reads what changed in words; the measures are for staff.
    changes = (
        compare(snapshot(network_map.based_on), snapshot(network_map)).summary()
        if own and network_map.based_on is not None
        else []
    )
    return render(
        request,
        "practice/map.html",
        {
            "map": network_map,
            "person": network_map.person,
            "members": members,
            "form": form,
            # draw() escapes every piece of text it puts in the SVG.
            "svg": mark_safe(draw(network_map, members, move_url=_move_url)),
            "own": own,
            "measures": m,
            "type": network_type(m),
            "changes": changes,
            "earlier": network_map.person.maps.exclude(pk=network_map.pk).order_by("-drawn_on"),
        },
        status=status,
    )


@login_required
@require_POST
def member_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    network_map = get_map_for_user(request.user, pk)
    form = MemberForm(request.POST, circles=network_map.circles, prefix="new")
    if form.is_valid():
        member = form.save(commit=False)
        member.map = network_map
        do_save_member(request.user, member)
        messages.success(request, f"Added {member.label} to the map.")
        return redirect("practice:map", pk=network_map.pk)
    return _map_page(request, network_map, form, status=400)


@login_required
def member_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    member = get_member_for_user(request.user, pk)
    form = MemberForm(request.POST or None, instance=member, circles=member.map.circles)
    if request.method == "POST" and form.is_valid():
        do_save_member(request.user, form.save(commit=False))
        return redirect("practice:map", pk=member.map_id)
    if request.method == "GET":
        do_record_person_view(
            request.user,
            member.map.person,
            f"someone on the network map of {date_format(member.map.drawn_on, 'SHORT_DATE_FORMAT')}",
        )
    knows = ties_of(member)
    others = [(m, m.pk in knows) for m in member.map.members.exclude(pk=member.pk)]
    return render(
        request,
        "practice/member_form.html",
        {"form": form, "member": member, "map": member.map, "others": others},
    )


@login_required
@require_POST
def member_ties(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Who this member knows among the others on the map (ties feed density and effective size)."""
    member = get_member_for_user(request.user, pk)
    chosen = {int(v) for v in request.POST.getlist("knows") if v.isdigit()}
    added, removed = do_set_ties(request.user, member, chosen)
    messages.success(request, f"Saved who {member.label} knows ({added} added, {removed} removed).")
    return redirect("practice:map", pk=member.map_id)


@login_required
@require_POST
def member_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    member = get_member_for_user(request.user, pk)
    do_remove_member(request.user, member)
    messages.success(request, f"Took {member.label} off this map.")
    return redirect("practice:map", pk=member.map_id)


@login_required
def map_compare(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    newer = get_map_for_user(request.user, pk)
    other = request.GET.get("with", "")
    older_pk = int(other) if other.isdigit() else newer.based_on_id
    if older_pk is None:
        raise Http404("This is the first map; there is nothing earlier to compare it with.")
    older = get_map_for_user(request.user, older_pk)
    if older.person_id != newer.person_id:
        raise Http404("Those maps belong to different people.")
    if older.drawn_on > newer.drawn_on:
        older, newer = newer, older
    do_record_person_view(
        request.user,
        newer.person,
        f"network maps of {date_format(older.drawn_on, 'SHORT_DATE_FORMAT')} and "
        f"{date_format(newer.drawn_on, 'SHORT_DATE_FORMAT')} compared",
    )
    result = compare(snapshot(older), snapshot(newer))
    marks_before, marks_after = result.marks()
    own = request.user.caps.is_individual
    whose = "Your" if own else "The"
    return render(
        request,
        "practice/map_compare.html",
        {
            "older": older,
            "newer": newer,
            "person": newer.person,
            "result": result,
            "summary": result.summary(to_the_person=own),
            "own": own,
            "before_svg": _drawn(older, marks_before, "before", f"{whose} map before"),
            "after_svg": _drawn(newer, marks_after, "after", f"{whose} map now"),
            "legend": [(mark_safe(legend_icon(mark)), words) for mark, words in MARKS.items()],
            "rows": [
                ("People, groups and places", result.before.size, result.after.size),
                ("Outside services", result.before.beyond_services, result.after.beyond_services),
                ("Kinds of relationship", result.before.diversity, result.after.diversity),
                (
                    "Share in the closest circle",
                    percent(result.before.close_share),
                    percent(result.after.close_share),
                ),
                (
                    "Density (how many know each other)",
                    shown(result.before.density, 2, NO_PAIRS),
                    shown(result.after.density, 2, NO_PAIRS),
                ),
                (
                    "Effective size",
                    shown(result.before.effective_size, 1),
                    shown(result.after.effective_size, 1),
                ),
            ],
            "before_type": network_type(result.before),
            "after_type": network_type(result.after),
        },
    )


def _drawn(network_map: NetworkMap, marks: dict[str, Mark], id_prefix: str, heading: str) -> SafeString:
    """One of the two drawings a comparison shows side by side, headed with its date."""
    # draw() escapes every piece of text it puts in the SVG.
    return mark_safe(
        draw(
            network_map,
            list(network_map.members.all()),
            marks=marks,
            id_prefix=id_prefix,
            heading=f"{heading}, {date_format(network_map.drawn_on, 'DATE_FORMAT')}",
        )
    )


@login_required
def map_image(request: AuthenticatedHttpRequest, pk: int, fmt: str) -> HttpResponse:
    network_map = get_map_for_user(request.user, pk)
    do_record_person_view(
        request.user,
        network_map.person,
        f"network map of {date_format(network_map.drawn_on, 'SHORT_DATE_FORMAT')} as {fmt.upper()}",
    )
    svg = draw(network_map, list(network_map.members.all()))
    name = f"map-{network_map.drawn_on.isoformat()}"
    if fmt == "png":
        response = HttpResponse(svg_to_png(svg), content_type="image/png")
        response["Content-Disposition"] = f'attachment; filename="{name}.png"'
    else:
        response = HttpResponse(
            '<?xml version="1.0" encoding="UTF-8"?>\n' + svg, content_type="image/svg+xml"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.svg"'
    return response


def _move_url(member: MapMember) -> str:
    return reverse("practice:member_circle", args=[member.pk])


@login_required
@require_POST
def member_circle(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Move a member to another circle: what dragging or the arrow keys on the map send."""
    member = get_member_for_user(request.user, pk)
    raw = request.POST.get("circle", "")
    if not raw.isdigit() or not 1 <= int(raw) <= member.map.circles:
        return JsonResponse({"error": f"Choose a circle from 1 to {member.map.circles}."}, status=400)
    member.circle = int(raw)
    do_save_member(request.user, member)
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse({"circle": member.circle, "label": member.label})
    # From the list's Closer and Further buttons: back to the member's row, which shows the new circle.
    return redirect(reverse("practice:map", args=[member.map_id]) + f"#member-{member.pk}")
