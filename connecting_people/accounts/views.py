from __future__ import annotations

from django.conf import settings
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from connecting_people.lib.local_url import local_url

from . import throttle
from .actions import do_change_password
from .requests import AuthenticatedHttpRequest


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    return local_url(request, candidate) or settings.LOGIN_REDIRECT_URL


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def login_view(request: HttpRequest) -> HttpResponse:
    form = AuthenticationForm(request, data=request.POST or None)
    wait = None
    if request.method == "POST":
        username = (request.POST.get("username") or "").strip()
        ticket = throttle.reserve(username, throttle.request_address(request))
        if not isinstance(ticket, throttle.Ticket):
            wait = max(1, -(-int(ticket.total_seconds()) // 60))  # whole minutes, rounded up
            form = AuthenticationForm(request)
            form.initial["username"] = username
        elif form.is_valid():
            throttle.succeeded(ticket)
            login(request, form.get_user())
            return redirect(_next_url(request))
    return render(
        request,
        "accounts/login.html",
        {
            "form": form,
            "locked": wait is not None,
            "wait_minutes": wait,
            "next": request.POST.get("next") or request.GET.get("next") or "",
        },
        status=429 if wait is not None else 200,
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect(settings.LOGOUT_REDIRECT_URL)


@sensitive_post_parameters()
@login_required
def password_change(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        do_change_password(request.user, request.user, form.cleaned_data["new_password1"])
        update_session_auth_hash(request, request.user)
        return redirect("accounts:password_done")
    return render(request, "accounts/password_change.html", {"form": form})


@login_required
def password_done(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/password_done.html")
