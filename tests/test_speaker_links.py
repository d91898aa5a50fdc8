"""Speakers as researchers mean them: labels that differ only in case, spacing, colons or a number written on
are one speaker, and a researcher links a source's labels to participants (merging "R1" and "Resp 1" into
Morwenna), after which the source's codings say who said them."""

from __future__ import annotations

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from connecting_people.accounts.actions import do_save_organisation
from connecting_people.accounts.models import Organisation, Region, Sector
from connecting_people.audit.models import AuditEntry
from connecting_people.fieldwork.actions import do_save_participant
from connecting_people.fieldwork.coding import do_code_passage, locate
from connecting_people.fieldwork.extract.speakers import distinct_speakers, speaker_key
from connecting_people.fieldwork.importing import ImportItem, import_one
from connecting_people.fieldwork.models import Excerpt, Participant, Source, SpeakerAlias
from connecting_people.interventions.models import Component

from .conftest import Cast

# --- Label normalisation, as a plain function ---------------------------------------------------------------

WORDS = st.text(st.characters(categories=("Lu", "Ll")), min_size=1, max_size=12)
NUMBERS = st.integers(min_value=0, max_value=9999)


@given(st.text(max_size=40))
def test_a_key_is_its_own_key(label: str) -> None:
    assert speaker_key(speaker_key(label)) == speaker_key(label)


@given(WORDS, NUMBERS, st.text(" \t", max_size=3), st.text(":", max_size=3))
def test_case_glued_numbers_colons_and_spaces_do_not_change_the_speaker(
    word: str, number: int, space: str, colons: str
) -> None:
    written = {
        f"{word}{number}",
        f"{word} {number}",
        f"{word.upper()} {number}:",
        f"{space}{word.lower()}  {number}{colons}{space}",
        f"{word}-{number}",
    }
    assert len({speaker_key(label) for label in written}) == 1


@given(WORDS, NUMBERS, NUMBERS)
def test_different_numbers_stay_different_speakers(word: str, first: int, second: int) -> None:
    assert (speaker_key(f"{word}{first}") == speaker_key(f"{word} {second}")) == (first == second)


@given(WORDS, WORDS)
def test_different_words_stay_different_speakers(first: str, second: str) -> None:
    assert (speaker_key(first) == speaker_key(second)) == (first.casefold() == second.casefold())


def test_examples() -> None:
    assert {
        speaker_key(label) for label in ("Interviewer1", "Interviewer 1", "INTERVIEWER 1:", " interviewer 1 ")
    } == {"interviewer 1"}
    assert (
        speaker_key("Co-facilitator") == "co-facilitator"
        and speaker_key("SU-4") == speaker_key("SU 4") == "su 4"
    )
    assert distinct_speakers(["Interviewer1", "P1", "INTERVIEWER 1", "P 1", "Resp 1"]) == [
        "Interviewer1",
        "P1",
        "Resp 1",
    ]


# --- Transcripts through the importer -----------------------------------------------------------------------

MIXED = (
    "Interviewer1: How did you first meet?\n\nP1: At the allotment.\n\nINTERVIEWER 1: And then?\n\n"
    "P 1: We kept going back.\n\nInterviewer 1: Thank you.\n"
)


def test_spellings_of_one_label_are_one_speaker_and_the_text_is_kept(cast: Cast) -> None:
    result = import_one(
        cast.users["researcher"], cast.orgs["fernhill"], ImportItem("mixed.txt", MIXED.encode)
    )
    source = Source.objects.get(pk=result.source_id)
    assert source.text == MIXED  # the labels stay as written
    assert [turn["speaker"] for turn in source.turns] == [
        "Interviewer1",
        "P1",
        "INTERVIEWER 1",
        "P 1",
        "Interviewer 1",
    ]
    assert [turn["key"] for turn in source.turns] == ["interviewer 1", "p 1"] * 2 + ["interviewer 1"]
    # Two speakers, so an interview rather than a focus group of five.
    assert source.kind == "interview" and source.speakers == ["Interviewer1", "P1"]
    page = cast.client("researcher").get(reverse("fieldwork:source", args=[source.pk])).content.decode()
    assert "5 speaker turns (Interviewer1, P1)" in page


def test_a_label_written_differently_from_the_pseudonym_still_finds_the_participant(cast: Cast) -> None:
    p1 = cast.fieldwork["participant"]
    result = import_one(
        cast.users["researcher"],
        cast.orgs["fernhill"],
        ImportItem("mixed.txt", MIXED.encode, site=cast.fieldwork["site"], participants=[p1]),
    )
    source = Source.objects.get(pk=result.source_id)
    excerpt = do_code_passage(
        cast.users["researcher"],
        source,
        locate(source.text, None, None, "We kept going back."),
        components=[Component.objects.get(version=cast.published, key="well-being")],
        kind="example",
    )
    assert (excerpt.speaker, excerpt.participant, excerpt.perspective) == ("P 1", p1, "individual")


# --- Linking labels to participants -------------------------------------------------------------------------

INTERVIEW = (
    "Interviewer: How did you start?\n\nR1: At the allotment, on a wet Tuesday.\n\n"
    "Interviewer: And now?\n\nResp 1: I go every week with my neighbour.\n\nInterviewer: Thank you.\n"
)


def morwenna_interview(cast: Cast) -> tuple[Source, Participant, list[Excerpt]]:
    site, researcher = cast.fieldwork["site"], cast.users["researcher"]
    morwenna = do_save_participant(
        None, Participant(site=site, pseudonym="Morwenna", perspective="individual")
    )
    result = import_one(
        researcher,
        cast.orgs["fernhill"],
        ImportItem("morwenna.txt", INTERVIEW.encode, site=site, participants=[morwenna]),
    )
    source = Source.objects.get(pk=result.source_id)
    component = Component.objects.get(version=cast.published, key="well-being")
    excerpts = [
        do_code_passage(
            researcher, source, locate(source.text, None, None, words), components=[component], kind="example"
        )
        for words in ("At the allotment, on a wet Tuesday.", "I go every week with my neighbour.", "And now?")
    ]
    return source, morwenna, excerpts


def attribution(excerpts: list[Excerpt]) -> list[tuple[str, str | None, str]]:
    rows = []
    for excerpt in excerpts:
        excerpt.refresh_from_db()
        rows.append(
            (
                excerpt.speaker,
                excerpt.participant.pseudonym if excerpt.participant else None,
                excerpt.perspective,
            )
        )
    return rows


def test_merging_two_labels_into_one_participant_re_attributes_the_codings(cast: Cast) -> None:
    source, morwenna, excerpts = morwenna_interview(cast)
    assert attribution(excerpts) == [("R1", None, ""), ("Resp 1", None, ""), ("Interviewer", None, "")]
    client = cast.client("researcher")
    page = client.get(reverse("fieldwork:source", args=[source.pk])).content.decode()
    assert 'id="speakers-form"' in page and ">R1</label>" in page and ">Resp 1</label>" in page
    last_entry = AuditEntry.objects.latest("id").pk
    response = client.post(
        reverse("fieldwork:link_speakers", args=[source.pk]),
        {"speaker_0": "", "speaker_1": morwenna.pk, "speaker_2": morwenna.pk},
        follow=True,
    )
    assert response.redirect_chain[-1][0].endswith(f"/fieldwork/sources/{source.pk}/#speakers")
    assert "Saved who speaks under each label. 2 coding(s) re-attributed." in response.content.decode()
    # The text and the labels as written are untouched; who said it now follows the link.
    assert attribution(excerpts) == [
        ("R1", "Morwenna", "individual"),
        ("Resp 1", "Morwenna", "individual"),
        ("Interviewer", None, ""),
    ]
    assert sorted(
        SpeakerAlias.objects.filter(source=source).values_list("speaker_key", "label", "participant")
    ) == [("r 1", "R1", morwenna.pk), ("resp 1", "Resp 1", morwenna.pk)]
    entries = AuditEntry.objects.filter(pk__gt=last_entry).exclude(
        action="view"
    )  # the page read after is a view
    assert sorted((e.object_type, e.action) for e in entries) == [
        ("fieldwork.excerpt", "update"),
        ("fieldwork.excerpt", "update"),
        ("fieldwork.speakeralias", "create"),
        ("fieldwork.speakeralias", "create"),
    ]
    moved = AuditEntry.objects.get(
        object_type="fieldwork.excerpt", object_id=str(excerpts[0].pk), action="update"
    )
    assert moved.changes == {"participant": [None, morwenna.pk], "perspective": ["", "individual"]}
    # The form shows the links it saved, and new codings follow them too.
    page = client.get(reverse("fieldwork:source", args=[source.pk])).content.decode()
    assert page.count(f'<option value="{morwenna.pk}" selected>') == 2
    later = do_code_passage(
        cast.users["researcher"],
        source,
        locate(source.text, None, None, "on a wet Tuesday"),
        components=[Component.objects.get(version=cast.published, key="well-being")],
        kind="example",
    )
    assert (later.participant, later.perspective) == (morwenna, "individual")


def test_unlinking_puts_the_codings_back_and_is_audited(cast: Cast) -> None:
    source, morwenna, excerpts = morwenna_interview(cast)
    client = cast.client("researcher")
    url = reverse("fieldwork:link_speakers", args=[source.pk])
    client.post(url, {"speaker_1": morwenna.pk, "speaker_2": morwenna.pk})
    response = client.post(url, {"speaker_1": morwenna.pk, "speaker_2": ""})
    assert response.status_code == 302
    assert attribution(excerpts)[:2] == [("R1", "Morwenna", "individual"), ("Resp 1", None, "")]
    assert list(SpeakerAlias.objects.filter(source=source).values_list("label", flat=True)) == ["R1"]
    assert AuditEntry.objects.filter(object_type="fieldwork.speakeralias", action="delete").count() == 1


def test_a_participant_not_in_the_source_is_refused_and_nothing_is_written(cast: Cast) -> None:
    source, morwenna, excerpts = morwenna_interview(cast)
    outsider = do_save_participant(
        None, Participant(site=cast.fieldwork["site"], pseudonym="Tamsin", perspective="worker")
    )
    audit_before = AuditEntry.objects.count()
    for stranger in (outsider.pk, cast.fieldwork["other_participant"].pk, "nonsense"):
        response = cast.client("researcher").post(
            reverse("fieldwork:link_speakers", args=[source.pk]),
            {"speaker_1": morwenna.pk, "speaker_2": stranger},
        )
        assert response.status_code == 400
        assert "Select a valid choice" in response.content.decode()
    assert not SpeakerAlias.objects.exists() and AuditEntry.objects.count() == audit_before
    assert attribution(excerpts)[1] == ("Resp 1", None, "")


def test_a_source_without_participants_or_speakers_says_what_to_do(cast: Cast) -> None:
    client = cast.client("researcher")
    result = import_one(
        cast.users["researcher"], cast.orgs["fernhill"], ImportItem("nobody.txt", INTERVIEW.encode)
    )
    page = client.get(reverse("fieldwork:source", args=[result.source_id])).content.decode()
    assert "Tick this source’s participants under “Assign this source to a site” first" in page
    assert 'id="speakers-form"' not in page
    notes = import_one(
        cast.users["researcher"], cast.orgs["fernhill"], ImportItem("notes.txt", lambda: b"Field notes only.")
    )
    response = client.post(
        reverse("fieldwork:link_speakers", args=[notes.source_id]), {"speaker_0": "1"}, follow=True
    )
    assert "This source has no speaker labels to link." in response.content.decode()
    assert not SpeakerAlias.objects.exists()


def migrate_fieldwork(to: str) -> None:
    MigrationExecutor(connection).migrate([("fieldwork", to)])


def test_turns_imported_before_speaker_keys_get_them_by_migration(
    transactional_db: None, settings, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    team = do_save_organisation(
        None, Organisation(name="Fernhill Research Unit", sector=Sector.UNIVERSITY, region=Region.YORKSHIRE)
    )
    result = import_one(None, team, ImportItem("mixed.txt", MIXED.encode))
    try:
        migrate_fieldwork("0008_speaker_aliases")
        # Only the column this migration is about: later migrations add columns the old schema lacks.
        turns = Source.objects.filter(pk=result.source_id).values_list("turns", flat=True)
        assert all("key" not in turn for turn in turns.get())
        migrate_fieldwork("0009_turn_speaker_keys")
        assert [turn["key"] for turn in turns.get()] == [
            "interviewer 1",
            "p 1",
        ] * 2 + ["interviewer 1"]
    finally:  # later tests need every migration applied again
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
