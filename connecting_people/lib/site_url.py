"""Every link the site gives out (in an email, a reminder sent by a background job, or on a page to copy
into a message) starts with the site's own address, `CPI_SITE_URL`, never with whatever address the
request that made it came in on: a link made behind a proxy, or by a command with no request at all,
must still open for the person it is given to."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse


def site_url(path: str) -> str:
    """The full address of `path` (which starts with "/") on this site."""
    return str(settings.CPI_SITE_URL).rstrip("/") + path


def site_reverse(name: str, *args: object) -> str:
    """The full address of the named view, as `reverse` would give its path."""
    return site_url(reverse(name, args=list(args)))
