"""Addresses of pages, worked out once per process: a page that prints many links (a person's timeline,
the navigation on every page) should not run Django's URL resolver for each of them."""

from __future__ import annotations

from functools import lru_cache

from django.urls import get_script_prefix, get_urlconf, reverse


@lru_cache(maxsize=50_000)
def _reverse(urlconf: str | None, prefix: str, name: str, args: tuple[object, ...]) -> str:
    return reverse(name, urlconf=urlconf, args=args)


def link(name: str, *args: object) -> str:
    """reverse(name, args=args), remembered: an address depends only on the URL configuration, the
    script prefix and the arguments, none of which change while the process runs."""
    return _reverse(get_urlconf(), get_script_prefix(), name, args)
