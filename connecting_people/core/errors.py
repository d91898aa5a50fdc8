"""Plain error pages: a specific message, never a stack trace."""

from django.conf import settings
from django.core.exceptions import TooManyFilesSent
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from .middleware import NulInRequest


def _page(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    body: str
    try:
        body = render_to_string("core/error.html", {"title": title, "message": message}, request=request)
    except Exception:
        body = f"<!doctype html><title>{title}</title><h1>{title}</h1><p>{message}</p>"
    return HttpResponse(body, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
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
    return _page(
        request,
        404,
        "Not found",
        "There is nothing here, or it is not shared with your organisation or role.",
    )


def server_error(request: HttpRequest) -> HttpResponse:
    return _page(
        request,
        500,
        "Something went wrong",
        "The problem has been logged. Nothing you entered was saved partially; please try again later.",
    )
