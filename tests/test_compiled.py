"""Queries compiled once per process (core.compiled) give what the ORM gives, for any keys; the caseload
pages built on them page like Django's paginator and stay cheap."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Count
from django.urls import reverse

from connecting_people.core.compiled import DATE_PROBE, INT_PROBES, CompiledQuery
from connecting_people.practice.actions import do_save_person, do_save_session
from connecting_people.practice.models import Person, Session

from .conftest import Cast


def test_compiled_query_gives_the_orm_rows_for_every_key(cast: Cast) -> None:
    harbourside, northbridge = cast.orgs["harbourside"], cast.orgs["northbridge"]
    for n, day in enumerate([dt.date(2026, 1, 5), dt.date(2026, 2, 9), dt.date(2026, 3, 2)]):
        do_save_session(None, Session(person=cast.people["HAR-2"], date=day, minutes=30 + n), [])

    def build(shape: object, organisation_id: int, since: dt.date):  # type: ignore[no-untyped-def]
        people = Person.objects.select_related("organisation").filter(organisation_id=organisation_id)
        if shape == "values":
            return (
                people.annotate(n=Count("sessions"))
                .filter(sessions__date__gte=since)
                .order_by("reference")
                .values("reference", "n", "created_at")
            )
        return people.filter(sessions__date__gte=since).distinct().order_by("reference")

    compiled = CompiledQuery(build, (INT_PROBES[0], DATE_PROBE))
    for organisation in (harbourside, northbridge, harbourside):
        for since in (dt.date(2000, 1, 1), dt.date(2026, 2, 1), dt.date(2030, 1, 1)):
            assert list(compiled(organisation.pk, since, shape="values")) == list(
                build("values", organisation.pk, since)
            )
            got = list(compiled(organisation.pk, since, shape="people"))
            assert got == list(build("people", organisation.pk, since))
            # select_related objects come filled in, without a query of their own
            assert all(p._state.fields_cache["organisation"].name == organisation.name for p in got)


def test_compiled_query_refuses_prefetch_and_falls_back_when_a_key_is_written_into_the_sql(
    cast: Cast,
) -> None:
    with pytest.raises(ValueError, match="cannot prefetch"):
        list(
            CompiledQuery(
                lambda _s, pk: Person.objects.filter(pk=pk).prefetch_related("workers"), INT_PROBES[:1]
            )(1)
        )
    # A key used in Python (here as a slice bound) ends up in the SQL text: every call then uses the ORM.
    sliced = CompiledQuery(
        lambda _s, n: Person.objects.order_by("reference")[: abs(n) % 10 or 1], INT_PROBES[:1]
    )
    assert [p.reference for p in sliced(2)] == ["HAR-1", "HAR-2"]
    assert [p.reference for p in sliced(1)] == ["HAR-1"]


def test_caseload_pages_and_clamps_like_the_paginator(cast: Cast, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    harbourside = cast.orgs["harbourside"]
    for n in range(118):
        do_save_person(
            None, Person(reference=f"HAR-P{n:03d}", full_name=f"Paged {n}", organisation=harbourside), []
        )
    client = cast.client("manager")
    url = reverse("practice:people")
    # 120 people in the organisation: 50, 50, 20
    first, third = client.get(url).content.decode(), client.get(url + "?page=3").content.decode()
    assert "Page 1 of 3" in first and "HAR-1<" in first and "HAR-P047" in first and "HAR-P048" not in first
    assert "Page 3 of 3" in third and "HAR-P117" in third and "HAR-P097" not in third and "HAR-P098" in third
    assert "Page 3 of 3" in client.get(url + "?page=99").content.decode()  # past the end: the last page
    assert "Page 1 of 3" in client.get(url + "?page=nonsense").content.decode()
    # A worker's first page, not full, needs no count: session, user and two queries for the rows.
    worker = cast.client("worker")
    worker.get(url)
    with django_assert_num_queries(4):
        page = worker.get(url).content.decode()
    assert "HAR-1" in page and "HAR-2" not in page and "HAR-P000" not in page


def test_record_ids_the_database_cannot_hold_are_not_found(cast: Cast) -> None:
    client = cast.client("worker")
    for pk in ("99999999999999999999", "9223372036854775808", "0"):
        assert client.get(f"/people/{pk}/").status_code == 404
    assert client.get(reverse("practice:person", args=[cast.people["HAR-1"].pk])).status_code == 200
