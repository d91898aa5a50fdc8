"""Curation that judges fit: the shortlist ranked by relevance to the component as well as balance, with
why each passage is offered; warnings on passages (placeholders, time stamps, minutes, reflection, notes
and documents that are not a participant's voice, repeats), answered as the name check's questions are;
a release refused while any is open, and never with a placeholder, a time stamp or a quote used twice."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from connecting_people.fieldwork.coding import do_code_passage, locate
from connecting_people.fieldwork.importing import ImportItem, import_one
from connecting_people.fieldwork.models import Excerpt, Source
from connecting_people.guide.actions import (
    GuideError,
    WarningsOpen,
    do_answer_warning,
    do_choose_example,
    do_make_draft,
    do_release,
    do_save_example,
)
from connecting_people.guide.curation import (
    Passage,
    Rarity,
    Topic,
    Warn,
    attribution,
    rank,
    text_findings,
)
from connecting_people.guide.models import Example, WarningAnswer
from connecting_people.interventions.models import Component

from .conftest import Cast

TOPIC = Topic(
    "Build a relationship",
    "Be reliable, listen well and say a little about yourself.",
    "Trust grows in the first weeks when the worker turns up when they said they would.",
    ("What do we have in common?",),
)
ON_TOPIC = Passage(
    2, "Trust came in the first weeks: she was reliable, and she listened.", "quote", "", 1, "worker"
)
OFF_TOPIC = Passage(
    1, "The room at the community centre costs twenty-two pounds an hour.", "example", "", 2, "manager"
)
RARITY = Rarity.of([ON_TOPIC.text, OFF_TOPIC.text, "The bus was late again.", "We went to the library."])


def test_a_passage_about_the_components_words_outranks_an_off_topic_one() -> None:
    ranked = rank([OFF_TOPIC, ON_TOPIC], TOPIC, RARITY)
    assert [c.passage.id for c in ranked] == [2, 1]  # though the off-topic one is coded as an example
    first, second = ranked
    assert first.reasons[0].startswith("matches: ") and {"trust", "reliable", "first", "weeks"} <= set(
        first.reasons[0].removeprefix("matches: ").split(", ")
    )
    assert "coded as a quote to use" in first.reasons
    assert "from a site not yet in this section" in first.reasons
    assert "a voice not yet in this section (worker)" in first.reasons
    assert second.reasons[0] == "shares no telling word with this stage: check that it fits"
    assert first.fit == 1.0 and second.fit == 0.0


def test_word_forms_and_the_coders_memo_count() -> None:
    listens = Passage(3, "She listens, and she turned up when she said.", "example", "", 1, "worker")
    memo = Passage(
        4, "We went for tea.", "example", "Shows trust growing: reliable from the start.", 2, "worker"
    )
    plain = Passage(5, "We went for a walk.", "example", "", 3, "worker")
    ranked = rank([plain, memo, listens], TOPIC, RARITY)
    assert [c.passage.id for c in ranked] == [3, 4, 5]
    assert set(ranked[0].matches) == {
        "listens",
        "turned",
    }  # "listen" in the summary, "turns" in the description
    assert "the coder's memo mentions: " in " ".join(ranked[1].reasons)
    assert "trust" in ranked[1].memo_matches


def test_balance_is_still_a_factor() -> None:
    """Two passages that fit equally: the one from a site already chosen in the section goes second."""
    same_site = Passage(6, "Trust came in the first weeks.", "example", "", 1, "worker")
    new_site = Passage(7, "Trust came in the first weeks.", "example", "", 2, "individual")
    ranked = rank([same_site, new_site], TOPIC, RARITY, chosen=[(1, "worker")])
    assert [c.passage.id for c in ranked] == [7, 6]


@pytest.mark.parametrize(
    ("text", "source_kind", "has_participant", "expected"),
    [
        (
            "Back at the café, [name] asked what [name] had liked.",
            "interview",
            True,
            {("placeholder", "[name]")},
        ),
        ("We cut a bit […] and carried on.", "interview", True, {("placeholder", "[…]")}),
        (
            "14.30. Arrived at the hall.\r\nTea at 15:05.",
            "interview",
            True,
            {("time_stamp", "14.30"), ("time_stamp", "15:05")},
        ),
        ("Met at 9.05 pm, then went home.", "interview", True, {("time_stamp", "9.05 pm")}),
        ("It costs £1.50 and it's 2.5 miles; pi is 3.14159.", "interview", True, set()),
        (
            "Agenda item two.\r\nPresent: members and the librarian\r\nApologies: none",
            "interview",
            True,
            {("register", "Present"), ("register", "Apologies")},
        ),
        ("Reflection: the welcome felt rehearsed.", "interview", True, {("reflection", "Reflection")}),
        (
            "Two maps side by side.\n\nReflections: the review was visual.\n"
            "Analytic notes: endings named early.",
            "field_notes",
            True,
            {("reflection", "Reflections"), ("reflection", "Analytic notes"), ("not_a_voice", "field_notes")},
        ),
        (
            "Café crowded. I wondered whether it was too loud for her.",
            "field_notes",
            True,
            {("reflection", "I wondered"), ("not_a_voice", "field_notes")},
        ),
        ("Élodie’s group meets at the café.", "observation", True, {("not_a_voice", "observation")}),
        ("Our support is free.", "site_document", False, {("not_a_voice", "site_document")}),
        ("We always meet at the same time.", "interview", False, {("not_a_voice", "no participant")}),
        ("We always meet at the same time.", "interview", True, set()),
    ],
)
def test_warnings_of_each_kind(
    text: str, source_kind: str, has_participant: bool, expected: set[tuple[str, str]]
) -> None:
    found = text_findings(text, source_kind, has_participant)
    assert {(f.kind, f.detail) for f in found} == expected
    assert all(f.hard == (f.kind in ("placeholder", "time_stamp")) for f in found)


@pytest.mark.parametrize(
    ("args", "kwargs", "expected"),
    [
        (
            ("worker", "support worker", "third_sector", "adults with mental health problems"),
            {},
            "A support worker at a third-sector project for adults with mental health problems",
        ),
        (
            ("worker", "the co-ordinator of a service-user-led group", "service_user_led", "adults"),
            {},
            "A co-ordinator of a service-user-led group",
        ),
        (
            ("funder", "a commissioner at a local council", "third_sector", "adults"),
            {},
            "A commissioner at a local council",
        ),
        (
            ("volunteer", "service-user-led group member", "service_user_led", "adults"),
            {},
            "A service-user-led group member at a project for adults",
        ),
        (
            ("individual", "a woman who moved to the area", "third_sector", "older people"),
            {},
            "A woman who moved to the area, at a third-sector project for older people",
        ),
        (
            ("individual", "", "third_sector", "older people"),
            {"source_kind": "field_notes"},
            "From a researcher's field notes at a third-sector project for older people",
        ),
        (
            ("worker", "support worker", "statutory", ""),
            {"source_kind": "observation"},
            "From an observation at a statutory project",
        ),
        (
            ("", "", "third_sector", "older people"),
            {"source_kind": "site_document", "has_participant": False},
            "From a site document of a third-sector project for older people",
        ),
        (
            ("", "", "third_sector", ""),
            {"source_kind": "interview", "has_participant": False},
            "From an interview at a third-sector project",
        ),
        (
            ("", "", "third_sector", ""),
            {"source_kind": "focus_group", "has_participant": False},
            "From a focus group at a third-sector project",
        ),
    ],
)
def test_attribution_wording(args: tuple[str, str, str, str], kwargs: dict[str, Any], expected: str) -> None:
    assert attribution(*args, **kwargs) == expected
    assert not attribution(*args, **kwargs).startswith("Someone")


# --- Through the database and the web -------------------------------------------------------------------


def _notes(cast: Cast, guide: dict[str, Any], text: str, kind: str = "field_notes") -> Excerpt:
    """A source of the given kind at Riverside, with the whole of `text` coded to the guide's component."""
    researcher = cast.users["researcher"]
    result = import_one(
        researcher,
        cast.orgs["fernhill"],
        ImportItem(f"notes-{abs(hash(text))}.txt", text.encode, site=guide["sites"]["riverside"], kind=kind),
    )
    source = Source.objects.get(pk=result.source_id)
    return do_code_passage(
        researcher,
        source,
        locate(source.text, None, None, source.text),
        components=[guide["component"]],
        kind="example",
    )


def test_the_section_page_says_why_and_warns(cast: Cast, guide: dict[str, Any]) -> None:
    notes = _notes(cast, guide, "14.30. Back at the café, [name] asked what had helped in the first weeks.")
    page = cast.client("researcher").get(reverse("guide:section", args=[guide["section"].pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Why it is offered:" in html and "matches: " in html and "coded as a real-life example" in html
    assert "a placeholder “[name]” is left in the wording" in html
    assert "a time stamp “14.30” from the notes" in html
    assert "not a participant&#x27;s voice: from a researcher&#x27;s field notes" in html
    example = do_choose_example(cast.users["researcher"], guide["section"], notes)
    assert example.attribution.startswith("From a researcher's field notes at a third-sector project")


def test_a_release_waits_for_answers_and_never_keeps_a_hard_warning(
    cast: Cast, guide: dict[str, Any]
) -> None:
    researcher, section = cast.users["researcher"], guide["section"]
    notes = do_choose_example(
        researcher, section, _notes(cast, guide, "She and her worker walked up together, slowly.")
    )
    stamped = do_choose_example(
        researcher, section, _notes(cast, guide, "10:15 we had tea first, then the walk.", "interview")
    )
    with pytest.raises(WarningsOpen) as refused:
        do_make_draft(researcher, guide["guide"], release=True)
    message = str(refused.value)
    assert "3 warnings on examples are not answered" in message  # the interview has no participant linked
    assert "a time stamp “10:15”" in message and "a researcher's field notes" in message
    draft = refused.value.draft
    assert draft.released_at is None and "Warning, “Build a relationship”" in draft.check_log
    client = cast.client("researcher")
    # A time stamp cannot be kept, whatever the reason.
    kept = client.post(
        reverse("guide:answer_warning", args=[stamped.pk]),
        {"kind": "time_stamp", "detail": "10:15", "reason": "It is fine"},
        follow=True,
    )
    assert "This cannot be kept as it is" in kept.content.decode()
    assert not WarningAnswer.objects.exists()
    # The field notes are kept with a reason, from the draft's page.
    answered = client.post(
        reverse("guide:answer_warning", args=[notes.pk]),
        {
            "kind": "not_a_voice",
            "detail": "field_notes",
            "reason": "Shows the walk up; attributed as notes.",
            "draft": draft.pk,
        },
    )
    assert answered.status_code == 302 and answered["Location"].endswith(
        f"/guide/drafts/{draft.pk}/#warnings"
    )
    assert WarningAnswer.objects.get().reason == "Shows the walk up; attributed as notes."
    do_answer_warning(
        researcher, stamped, Warn.NOT_A_VOICE, "no participant", "A worker said it; not recorded who."
    )
    released = client.post(reverse("guide:draft_release", args=[draft.pk]), follow=True)
    assert "cannot be released yet: 1 warning on an example is not answered" in released.content.decode()
    # Editing the wording fixes the time stamp: the next draft is released.
    stamped.wording = "We had tea first, then the walk."
    do_save_example(researcher, stamped)
    fixed = do_make_draft(researcher, guide["guide"], release=True)
    assert fixed.released_at is not None
    page = client.get(reverse("guide:draft", args=[fixed.pk])).content.decode()
    assert "No open warnings on the examples." in page and "Kept as they are (2)" in page


def test_the_same_quote_twice_is_never_released(cast: Cast, guide: dict[str, Any]) -> None:
    researcher, section = cast.users["researcher"], guide["section"]
    other = guide["guide"].sections.get(component__key="link-and-introduce")
    first = do_choose_example(researcher, section, guide["excerpts"]["R-W-0"])
    second = do_choose_example(researcher, other, guide["excerpts"]["M-W-0"])
    second.wording = first.wording
    do_save_example(researcher, second)
    draft = do_make_draft(researcher, guide["guide"])
    with pytest.raises(WarningsOpen, match="the same quote is also in “Link and introduce”"):
        do_release(researcher, draft)
    with pytest.raises(GuideError, match="cannot be kept"):
        do_answer_warning(researcher, second, Warn.SAME_WORDING, "build-relationship", "on purpose")
    # The same passage in two sections, worded differently, may be kept with a reason.
    Example.objects.filter(pk=second.pk).delete()
    again = do_choose_example(researcher, other, guide["excerpts"]["R-W-0"])
    again.wording = "We meet at one set time every week."
    do_save_example(researcher, again)
    draft = do_make_draft(researcher, guide["guide"])
    with pytest.raises(WarningsOpen, match="the same passage is also used in “Build a relationship”"):
        do_release(researcher, draft)
    do_answer_warning(
        researcher, again, Warn.REPEAT, "build-relationship", "The point is made twice on purpose."
    )
    do_answer_warning(researcher, first, Warn.REPEAT, "link-and-introduce", "As above.")
    assert do_release(researcher, draft).released_at is not None


def test_the_shortlist_warns_of_a_passage_used_elsewhere(cast: Cast, guide: dict[str, Any]) -> None:
    researcher = cast.users["researcher"]
    link = Component.objects.get(version=cast.published, key="link-and-introduce")
    excerpt = guide["excerpts"]["C-W-1"]
    excerpt.components.add(link)
    do_choose_example(researcher, guide["guide"].sections.get(component=link), excerpt)
    html = (
        cast.client("researcher").get(reverse("guide:section", args=[guide["section"].pk])).content.decode()
    )
    assert "Must be fixed if chosen:</strong> the same quote is also in “Link and introduce”" in html
