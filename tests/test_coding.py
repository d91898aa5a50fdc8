"""Coding passages to the model: by selection offsets or by quoted words, exact for any Unicode,
each researcher's codings their own, evidence per component without withdrawn participants' words."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from connecting_people.accounts.actions import do_create_user
from connecting_people.audit.models import AuditEntry
from connecting_people.fieldwork.coding import CodingError, locate
from connecting_people.fieldwork.importing import ImportItem, import_one
from connecting_people.fieldwork.models import Excerpt, Source
from connecting_people.interventions.models import Component

from .conftest import Cast

UNICODE = (
    "Interviewer: Tell me 👋🏽 about it?\n\nP1: Café de Flore\u0301 with שלום friends 👨‍👩‍👧 every "
    "week.\n\nInterviewer: Good.\n\nP1: Yes.\n"
)


def component(cast: Cast, key: str) -> Component:
    return Component.objects.get(version=cast.published, key=key)


def code(client, source_pk: int, **data):  # type: ignore[no-untyped-def]
    return client.post(reverse("fieldwork:code", args=[source_pk]), data)


def unicode_source(cast: Cast) -> Source:
    result = import_one(
        cast.users["researcher"],
        cast.orgs["fernhill"],
        ImportItem(
            "unicode.txt",
            UNICODE.encode,
            site=cast.fieldwork["site"],
            participants=[cast.fieldwork["participant"]],
        ),
    )
    return Source.objects.get(pk=result.source_id)


def test_code_by_offsets_is_exact_for_any_unicode(cast: Cast) -> None:
    source = unicode_source(cast)
    wanted = "Café de Flore\u0301 with שלום friends 👨‍👩‍👧"
    start = source.text.index(wanted)
    response = code(
        cast.client("researcher"),
        source.pk,
        start=start,
        end=start + len(wanted),
        quote=wanted,
        components=[component(cast, "build-connections-confidence").pk],
        kind="example",
        memo="lovely",
    )
    assert response.status_code == 302
    excerpt = Excerpt.objects.get(source=source)
    assert excerpt.text == wanted and excerpt.speaker == "P1"
    assert excerpt.participant == cast.fieldwork["participant"] and excerpt.perspective == "individual"
    entry = AuditEntry.objects.filter(object_type="fieldwork.excerpt", action="create").latest("id")
    assert entry.changes["components"] == [None, ["build-connections-confidence"]]


def test_keyboard_path_codes_by_quoted_words(cast: Cast) -> None:
    source = unicode_source(cast)
    client = cast.client("researcher")
    ok = code(
        client,
        source.pk,
        quote="with  שלום\nfriends",
        components=[component(cast, "find-opportunities").pk],
        kind="tip",
    )
    assert ok.status_code == 302
    assert Excerpt.objects.get(source=source).text == "with שלום friends"
    twice = code(
        client,
        source.pk,
        quote="Interviewer:",
        components=[component(cast, "find-opportunities").pk],
        kind="tip",
    )
    assert twice.status_code == 400 and "appear 2 times" in twice.content.decode()
    absent = code(
        client,
        source.pk,
        quote="not in the text",
        components=[component(cast, "find-opportunities").pk],
        kind="tip",
    )
    assert "are not in the text" in absent.content.decode()
    no_component = code(client, source.pk, quote="Yes.", kind="tip")
    assert no_component.status_code == 400 and Excerpt.objects.filter(source=source).count() == 1


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40),
    st.text(min_size=0, max_size=20),
    st.text(min_size=0, max_size=20),
)
def test_locate_round_trips_offsets(middle: str, before: str, after: str) -> None:
    text = before + middle + after
    start, end = len(before), len(before) + len(middle)
    if not middle.strip():
        return
    passage = locate(text, start, end, "")
    assert text[passage.start : passage.end] == middle.strip()


def test_locate_refuses_bad_selections() -> None:
    for start, end in [(5, 2), (0, 999), (3, 3)]:
        try:
            locate("some text here", start, end, "")
        except CodingError:
            continue
        raise AssertionError(f"{start}-{end} was accepted")


def test_each_researcher_edits_only_their_own_codings_and_conflicts_are_caught(cast: Cast) -> None:
    colleague = do_create_user(
        None,
        password="another-long-passphrase-1",
        username="colleague",
        organisation=cast.orgs["fernhill"],
        role="researcher",
    )
    source_pk = cast.fieldwork["source"]
    code(
        cast.client("researcher"),
        source_pk,
        quote="At the allotment",
        components=[component(cast, "find-opportunities").pk],
        kind="example",
    )
    mine = Excerpt.objects.get(source_id=source_pk)
    other = cast.client("researcher")
    other.force_login(colleague)
    assert other.get(reverse("fieldwork:excerpt_edit", args=[mine.pk])).status_code == 403
    assert other.post(reverse("fieldwork:excerpt_delete", args=[mine.pk])).status_code == 403
    page = other.get(reverse("fieldwork:source", args=[source_pk])).content.decode()
    assert "At the allotment" in page and f'href="/fieldwork/codings/{mine.pk}/edit/"' not in page
    # Two tabs open on the same coding: the second save does not overwrite the first.
    client = cast.client("researcher")
    form = {
        "quote": "At the allotment",
        "components": [component(cast, "find-opportunities").pk],
        "kind": "tip",
        "revision": 1,
    }
    assert (
        client.post(reverse("fieldwork:excerpt_edit", args=[mine.pk]), {**form, "memo": "first"}).status_code
        == 302
    )
    stale = client.post(reverse("fieldwork:excerpt_edit", args=[mine.pk]), {**form, "memo": "second"})
    assert "changed elsewhere since you opened it" in stale.content.decode()
    assert Excerpt.objects.get(pk=mine.pk).memo == "first"


def test_evidence_for_a_component_groups_and_leaves_out_withdrawn_participants(cast: Cast) -> None:
    client = cast.client("researcher")
    goal = component(cast, "find-opportunities")
    code(
        client,
        cast.fieldwork["source"],
        quote="At the allotment, on a wet Tuesday.",
        components=[goal.pk],
        kind="example",
    )
    page = client.get(reverse("fieldwork:evidence", args=[goal.pk])).content.decode()
    assert "Individual accessing services (1)" in page and "Riverside Project" in page
    assert "No evidence yet from: Worker, Volunteer" in page
    client.post(
        reverse("fieldwork:participant_withdraw", args=[cast.fieldwork["participant"].pk]),
        {"withdrawn_on": dt.date.today().strftime("%d/%m/%Y"), "confirm": "on"},
    )
    page = client.get(reverse("fieldwork:evidence", args=[goal.pk])).content.decode()
    assert "At the allotment" not in page and "0 passages of evidence" in page


def test_other_roles_cannot_code(cast: Cast) -> None:
    for actor in ("worker", "manager", "reviewer", "admin"):
        response = code(
            cast.client(actor),
            cast.fieldwork["source"],
            quote="At the allotment",
            components=[component(cast, "find-opportunities").pk],
            kind="tip",
        )
        assert response.status_code == 403, actor
    assert not Excerpt.objects.filter(source_id=cast.fieldwork["source"]).exists()
