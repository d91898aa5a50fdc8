"""Plain error pages: a specific message, never a stack trace. A page under a reviewer's personal link
(/consult/r/...) keeps the reviewer's layout, with no account to sign in to; under the public ORUK API
(/api/oruk/...) the refusal is the API's JSON, not a page."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import TooManyFilesSent
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse

from connecting_people.community.middleware import refusal, under_api
from connecting_people.lib.local_url import local_url

from .middleware import NulInRequest

NUL_IN_API = (
    "The address or a parameter held a NUL character (a zero byte), which is not text, so nothing was "
    "looked up."
)


def _by_reviewer_link(request: HttpRequest) -> bool:
    """Whether the address is under a reviewer's personal link, whose holder has no account."""
    return request.path.startswith(reverse("consult:review", args=["-"]).removesuffix("-/"))


def _page(
    request: HttpRequest, status: int, title: str, message: str, back: str | None = None
) -> HttpResponse:
    template = "consult/review_error.html" if _by_reviewer_link(request) else "core/error.html"
    context = {"title": title, "message": message, "back": back}
    body: str
    try:
        body = render_to_string(template, context, request=request)
    except Exception:
        body = f"<!doctype html><title>{title}</title><h1>{title}</h1><p>{message}</p>"
    return HttpResponse(body, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if under_api(request):
        nul = isinstance(exception, NulInRequest)
        return refusal(request, 400, NUL_IN_API if nul else "")
    if isinstance(exception, TooManyFilesSent):
        most = settings.DATA_UPLOAD_MAX_NUMBER_FILES
        return _page(
            request,
            400,
            "Too many files at once",
            f"One upload takes at most {most} files, and more were chosen. Nothing was imported: go back, "
            f"choose up to {most} and send the rest afterwards.",
        )
    if isinstance(exception, NulInRequest):
        return _page(
            request,
            400,
            "Bad request",
            "The address or the form held a NUL character (a zero byte), which is not text, so nothing was "
            "done. Go back, type the words again rather than pasting them, and try again.",
        )
    return _page(
        request, 400, "Bad request", "The request could not be understood. Please go back and try again."
    )


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = (
        str(exception) if exception and str(exception) else "Your role does not give you access to this page."
    )
    return _page(request, 403, "Not allowed", message)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if under_api(request):
        return refusal(request, 404)
    if _by_reviewer_link(request):
        return _page(
            request,
            404,
            "This link does not open anything",
            "Check that you copied the whole link from the email the research team sent you. If it still "
            "does not open, reply to that email and they will send you a new one.",
        )
    return _page(
        request,
        404,
        "Not found",
        "There is nothing here, or it is not shared with your organisation or role.",
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent from a page kept open too long, or sent after signing in or out in another window
    (`CSRF_FAILURE_VIEW`): nothing was saved, and the person is told so in plain words, never the
    technical reason Django gives."""
    return _page(
        request,
        403,
        "This form has expired",
        "Nothing was saved, because the page with the form had been open a long time, or you signed in "
        "or out in another window since you opened it. Go back to the page, reload it, and send the form "
        "again.",
        back=_came_from(request),
    )


def _came_from(request: HttpRequest) -> str | None:
    """The page on this site that the form was sent from, to go back to (None for any other)."""
    referer = urlsplit(request.headers.get("Referer", ""))
    if referer.netloc != request.get_host():
        return None
    return local_url(request, referer.path + (f"?{referer.query}" if referer.query else ""))


def server_error(request: HttpRequest) -> HttpResponse:
    if under_api(request):
        return refusal(request, 500)
    return _page(
        request,
        500,
        "Something went wrong",
        "The problem has been logged. Nothing you entered was saved partially; please try again later.",
    )
