"""The research team's side of a consultation: rounds, reviewers, comments, the report, the outbox and
the open call's queue; and the open call itself, which anyone can use."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from connecting_people.accounts.requests import AuthenticatedHttpRequest
from connecting_people.accounts.throttle import request_address
from connecting_people.guide.models import Draft

from .actions import (
    ConsultError,
    do_decide_offer,
    do_invite,
    do_invite_csv,
    do_new_link,
    do_reply,
    do_resolve,
    do_revoke,
    do_save_round,
    do_send_reminders,
)
from .anchoring import Selector, locate
from .forms import InviteFileForm, InviteForm, OfferForm, RoundForm
from .getters import (
    consultation_team,
    get_comment_for_user,
    get_reviewer_for_user,
    get_round_for_user,
    offers_for_user,
    rounds_for_user,
)
from .mail import link_for
from .models import CommentStatus, Offer, OfferStatus, OutboxMessage, ReviewerPerspective, Round
from .report import build, build_report, report_csv, report_pdf
from .text import draft_sections


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not request.user.caps.can_edit_guide and request.user.caps.can_review_by_account:
        return redirect("consult:mine")
    team_id = consultation_team(request.user)
    rounds = rounds_for_user(request.user)
    form = RoundForm(
        request.POST or None,
        team_id=team_id,
        initial={
            "opens_at": timezone.localtime().strftime("%d/%m/%Y %H:%M"),
            "consensus": 0.7,
            "reminder_days": 3,
        },
    )
    if request.method == "POST" and form.is_valid():
        round_ = form.save(commit=False)
        round_.team_id = team_id
        round_.questions = form.cleaned_data["question_lines"]
        try:
            do_save_round(request.user, round_)
        except ConsultError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Round created. Invite reviewers below.")
            return redirect("consult:round", pk=round_.pk)
    return render(
        request,
        "consult/home.html",
        {
            "rounds": rounds,
            "form": form,
            "waiting": offers_for_user(request.user).filter(status=OfferStatus.WAITING).count(),
        },
        status=400 if form.errors else 200,
    )


@login_required
def round_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    round_ = get_round_for_user(request.user, pk)
    invite = InviteForm(request.POST if "invite" in request.POST else None)
    upload = InviteFileForm(request.POST if "upload" in request.POST else None, request.FILES or None)
    report_rows = None
    new_link = None
    if request.method == "POST":
        if "invite" in request.POST and invite.is_valid():
            try:
                do_invite(request.user, round_, **invite.cleaned_data)
            except ConsultError as exc:
                invite.add_error(None, str(exc))
            else:
                messages.success(request, f"Invitation sent to {invite.cleaned_data['email']}.")
                return redirect("consult:round", pk=round_.pk)
        elif "upload" in request.POST and upload.is_valid():
            try:
                report_rows = do_invite_csv(request.user, round_, upload.cleaned_data["file"].read())
            except ConsultError as exc:
                upload.add_error("file", str(exc))
        elif request.POST.get("publish") in ("on", "off"):
            round_.publish_response = request.POST["publish"] == "on"
            do_save_round(request.user, round_)
            messages.success(
                request,
                "The response will be published with the next release."
                if round_.publish_response
                else "The response will not be published.",
            )
            return redirect("consult:round", pk=round_.pk)
        elif request.POST.get("new_link") in ("send", "copy"):
            wanted = request.POST.get("reviewer", "")
            reviewer = round_.reviewers.filter(pk=int(wanted)).first() if wanted.isdigit() else None
            if reviewer is None:
                raise Http404("No such reviewer in this round")
            try:
                token = do_new_link(request.user, reviewer, send=request.POST["new_link"] == "send")
            except ConsultError as exc:
                messages.error(request, str(exc))
                return redirect("consult:round", pk=round_.pk)
            if request.POST["new_link"] == "send":
                messages.success(
                    request, f"A new link is on its way to {reviewer.email}; the old one no longer works."
                )
                return redirect("consult:round", pk=round_.pk)
            new_link = (reviewer, link_for(token))
        elif "remind" in request.POST:
            sent = do_send_reminders(round_=round_)
            messages.success(
                request,
                f"{sent} reminder{'s' if sent != 1 else ''} sent."
                if sent
                else "Nobody is due a reminder yet.",
            )
            return redirect("consult:round", pk=round_.pk)
    reviewers = list(round_.reviewers.all())
    return render(
        request,
        "consult/round.html",
        {
            "round": round_,
            "reviewers": reviewers,
            "invite": invite,
            "upload": upload,
            "report_rows": report_rows,
            "new_link": new_link,
            "submitted": sum(1 for r in reviewers if r.submitted_at),
            "perspectives": ReviewerPerspective.choices,
        },
        status=400 if invite.errors or upload.errors else 200,
    )


@login_required
@require_POST
def revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    reviewer = get_reviewer_for_user(request.user, pk)
    do_revoke(request.user, reviewer)
    messages.success(request, f"{reviewer.name}'s link no longer opens.")
    return redirect("consult:round", pk=reviewer.round_id)


def _latest_texts(round_: Round) -> tuple[str, dict[str, str]]:
    """The newest draft of the round's guide, and its sections' text, to re-anchor comments in."""
    if round_.draft is None:
        return "", {}
    newest = Draft.objects.filter(guide_id=round_.draft.guide_id).order_by("-created_at", "-id").first()
    if newest is None or newest.pk == round_.draft_id:
        return "", {}
    return newest.number, {s.key: s.text for s in draft_sections(newest)}


@login_required
def comments(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:

    round_ = get_round_for_user(request.user, pk)
    perspective, status = request.GET.get("perspective", ""), request.GET.get("status", "")
    sections = build_report(
        round_,
        perspective=perspective if perspective in ReviewerPerspective.values else "",
        status=status if status in CommentStatus.values else "",
    )
    number, texts = _latest_texts(round_)
    for section in sections:
        for c in section.comments:
            c.anchor = (
                locate(texts[section.key], Selector(c.exact, c.prefix, c.suffix, c.position))
                if number and section.key in texts
                else None
            )
    return render(
        request,
        "consult/comments.html",
        {
            "round": round_,
            "sections": sections,
            "perspectives": ReviewerPerspective.choices,
            "statuses": CommentStatus.choices,
            "perspective": perspective,
            "status": status,
            "newest": number,
        },
    )


@login_required
@require_POST
def comment_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    found = get_comment_for_user(request.user, pk)
    try:
        if request.POST.get("reply", "").strip():
            do_reply(request.user, found, request.POST["reply"])
            messages.success(request, "Reply saved.")
        else:
            do_resolve(
                request.user,
                found,
                request.POST.get("status", ""),
                request.POST.get("changed_in", ""),
                request.POST.get("reason", ""),
            )
            messages.success(request, f"Comment marked “{found.get_status_display().lower()}”.")
    except ConsultError as exc:
        messages.error(request, str(exc))

    kept = {k: request.POST.get(f"keep_{k}", "") for k in ("perspective", "status")}
    query = urlencode({k: v for k, v in kept.items() if v})
    return redirect(
        reverse("consult:comments", args=[found.reviewer.round_id])
        + (f"?{query}" if query else "")
        + f"#c-{found.pk}"
    )


@login_required
def report(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    round_ = get_round_for_user(request.user, pk)
    found = build(round_)
    fmt = request.GET.get("format", "")
    if fmt == "csv":
        response = HttpResponse(report_csv(found), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="consultation-{round_.pk}.csv"'
        return response
    if fmt == "pdf":
        response = HttpResponse(report_pdf(found), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="consultation-{round_.pk}.pdf"'
        return response
    return render(
        request,
        "consult/report.html",
        {"round": round_, "report": found},
    )


@login_required
def outbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    team = rounds_for_user(request.user)
    sent = OutboxMessage.objects.filter(round__in=team).select_related("round")[:200]
    return render(request, "consult/outbox.html", {"messages_sent": sent})


def _posted_id(request: HttpRequest, name: str) -> int:
    """The id posted as `name`, or 0 (which matches nothing) when it is not a whole number."""
    value = request.POST.get(name, "")
    return int(value) if value.isdecimal() else 0


@login_required
def offers(request: AuthenticatedHttpRequest) -> HttpResponse:
    queue = offers_for_user(request.user)
    if request.method == "POST":
        offer = queue.filter(pk=_posted_id(request, "offer")).first()
        if offer is None:
            messages.error(request, "That offer is no longer in the queue.")
        else:
            accept = request.POST.get("decision") == "accept"
            round_ = rounds_for_user(request.user).filter(pk=_posted_id(request, "round")).first()
            try:
                do_decide_offer(request.user, offer, accept, round_)
            except ConsultError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(
                    request, f"Invited {offer.name}." if accept else f"Declined {offer.name}'s offer."
                )
        return redirect("consult:offers")
    open_rounds = [r for r in rounds_for_user(request.user) if r.state != "closed"]
    return render(request, "consult/offers.html", {"offers": queue[:200], "rounds": open_rounds})


# --- The open call (public) -----------------------------------------------------------------------

OFFERS_PER_HOUR = 3


def _address_hash(request: HttpRequest) -> str:
    address = request_address(request) or ""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()


def offer_new(request: HttpRequest) -> HttpResponse:
    """Anyone may offer to contribute. A honeypot field, a size limit and a limit per address keep the
    queue for people; the offer waits for a researcher."""
    now = timezone.now()
    open_rounds = Round.objects.filter(opens_at__lte=now, closes_at__gt=now).order_by("closes_at", "id")
    if not open_rounds.exists():
        return render(
            request, "consult/offer.html", {"closed": True}, status=400 if request.method == "POST" else 200
        )
    if request.method == "POST" and int(request.META.get("CONTENT_LENGTH") or 0) > 20_000:
        return render(
            request,
            "consult/offer.html",
            {"form": OfferForm(open_rounds=open_rounds), "error": "That was too much text to send."},
            status=400,
        )
    form = OfferForm(request.POST or None, open_rounds=open_rounds)
    if request.method == "POST":
        if request.POST.get("website"):
            return render(request, "consult/offer_thanks.html")  # a robot: say thanks, keep nothing
        if form.is_valid():
            # Kept first, then counted with the others from this address: however many arrive at once,
            # no more than the limit stay (the k-th kept sees at least k). One over the limit is taken back.
            offer = form.save(commit=False)
            offer.address_hash = _address_hash(request)
            with transaction.atomic():
                offer.save()
            recent = Offer.objects.filter(
                address_hash=offer.address_hash, created_at__gte=timezone.now() - timedelta(hours=1)
            ).count()
            if recent > OFFERS_PER_HOUR:
                Offer.objects.filter(pk=offer.pk).delete()
                return render(
                    request,
                    "consult/offer.html",
                    {
                        "form": form,
                        "error": "We have had several offers from your connection in the last hour. "
                        "Please try again later.",
                    },
                    status=429,
                )
            return render(request, "consult/offer_thanks.html")
    return render(request, "consult/offer.html", {"form": form}, status=400 if form.errors else 200)
