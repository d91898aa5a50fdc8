"""The anonymisation check catches real names however they are written, the names of everyone the system
knows, and asks about likely names nobody registered: a question on the draft page, answered and audited,
and no release while one is open."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from connecting_people.audit.models import AuditEntry
from connecting_people.fieldwork.actions import do_save_participant
from connecting_people.guide.actions import do_choose_example, do_make_draft, do_save_example
from connecting_people.guide.models import Draft, Example, NameQuestion
from connecting_people.guide.namelist import given_names
from connecting_people.lib.anonymise import Checker, likely_names, register_names

from .conftest import Cast

REGISTER = [
    ("Rhona Allonby", "real name", "participant P9"),
    ("Zoë Brontë", "real name", "participant P8"),
    ("Becky", "nickname", "participant P7"),
    ("P7", "pseudonym", "participant P7"),
    ("Castleby Peer Support Project", "site", "site 4"),
    ("Castleby Community Trust", "host organisation", "site 4"),
]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Mrs Allonby told us it helped.", "Mrs Allonby"),  # surname alone, with a title
        ("As R. Allonby put it, turn up.", "R. Allonby"),  # initial and surname
        ("It was ALLONBY's view all along.", "ALLONBY"),  # upper case, possessive
        ("Zoe Bronte came along.", "Zoe Bronte"),  # accents dropped
        ("ZOË BRONTË said so.", "ZOË BRONTË"),
        ("Then Al\u00adlonby said yes.", "Al\u00adlonby"),  # soft hyphen inside
        ("Then Allon\u200bby said yes.", "Allon\u200bby"),  # zero-width space inside
        ("Ｒｈｏｎａ came back.", "Ｒｈｏｎａ"),  # full-width letters (NFKC)
        ("Becky's idea was the walk.", "Becky"),  # a nickname in the register
        ("We went to the Castleby project on Fridays.", "Castleby"),  # a site's short form
        ("Funded by the castleby community trust.", "castleby community trust"),
    ],
)
def test_the_check_catches_a_name_however_it_is_written(text: str, found: str) -> None:
    leaks = Checker(register_names(REGISTER)).scan([("here", text)])
    assert [leak.found for leak in leaks] == [found]


def test_ordinary_words_are_not_names() -> None:
    checker = Checker(register_names([*REGISTER, ("Will Young", "user", "user 3")]))
    texts = [
        ("a", "They will come back, and young people too; the castle by the sea."),
        ("b", "A becky? No."),
    ]
    assert checker.scan(texts) == []


def test_likely_names_are_capitalised_given_names_never_written_in_lower_case() -> None:
    texts = [
        ("a", "Wren does a catch-up. Dilys rings me first. I finished with Kieran."),
        ("b", "Des had said see you next week. Will you come? I will. May was cold; we may go."),
    ]
    found = {c.found for c in likely_names(texts, given_names(), Checker(register_names(REGISTER)))}
    assert found == {"Wren", "Dilys", "Kieran", "Des"}


def _quote(cast: Cast, guide: dict[str, Any], wording: str) -> Example:
    researcher = cast.users["researcher"]
    example = do_choose_example(researcher, guide["section"], guide["excerpts"]["M-W-1"])
    example.wording = wording
    return do_save_example(researcher, example)


def test_everyone_with_an_account_is_checked_for(cast: Cast, guide: dict[str, Any]) -> None:
    # The cast's worker is Wil Carden: their surname alone, and their full name, are leaks.
    _quote(cast, guide, "Carden came with me the first time.")
    response = cast.client("researcher").post(reverse("guide:draft_new", args=[guide["guide"].pk]))
    assert response.status_code == 409 and "<strong>Carden</strong>" in response.content.decode()
    assert not Draft.objects.exists()


def test_a_nickname_in_the_register_is_checked_for(cast: Cast, guide: dict[str, Any]) -> None:
    speaker = guide["speakers"]["M-W"]
    speaker.nicknames = "Dil, Wyn"
    do_save_participant(cast.users["researcher"], speaker)
    _quote(cast, guide, "Wyn walked with me to the group.")
    response = cast.client("researcher").post(reverse("guide:draft_new", args=[guide["guide"].pk]))
    assert response.status_code == 409 and "<strong>Wyn</strong>" in response.content.decode()
    assert "Nickname of participant M-W" in response.content.decode()


def test_an_unregistered_name_is_a_question_that_blocks_release_until_answered(
    cast: Cast, guide: dict[str, Any]
) -> None:
    example = _quote(cast, guide, "Wren came with me the first time to pottery.")
    client = cast.client("researcher")
    made = client.post(reverse("guide:draft_new", args=[guide["guide"].pk]), follow=True)
    page = made.content.decode()
    assert "passed the anonymisation check" not in page
    assert "1 word looks like someone&#x27;s name" in page and "“Wren”" in page
    draft = Draft.objects.get()
    question = NameQuestion.objects.get(guide=guide["guide"])
    assert question.word == "wren" and question.is_open and question.raised_in == draft
    assert "“Wren” looks like a name" in draft.check_log and "release waits for an answer" in draft.check_log
    assert reverse("guide:answer_name", args=[question.pk]) in page

    refused = client.post(reverse("guide:draft_release", args=[draft.pk]), follow=True)
    assert "cannot be released yet" in refused.content.decode()
    assert Draft.objects.get().released_at is None

    # Replacing needs words to write instead; then it changes the guide's own text, audited.
    empty = client.post(
        reverse("guide:answer_name", args=[question.pk]),
        {"answer": "replaced", "replacement": " "},
        follow=True,
    )
    assert "Say what to write instead" in empty.content.decode()
    client.post(
        reverse("guide:answer_name", args=[question.pk]), {"answer": "replaced", "replacement": "my worker"}
    )
    question.refresh_from_db()
    assert question.answer == "replaced" and question.answered_by == cast.users["researcher"]
    assert Example.objects.get(pk=example.pk).wording == "my worker came with me the first time to pottery."
    entry = (
        AuditEntry.objects.filter(object_type="guide.namequestion", object_id=str(question.pk))
        .order_by("-id")
        .first()
    )
    assert (
        entry is not None and entry.changes["answer"] == ["", "replaced"] and "Wren" not in entry.object_repr
    )
    # The old draft still says it, so it stays unreleasable; a new draft is clean and releases.
    assert client.post(reverse("guide:draft_release", args=[draft.pk])).status_code == 302
    assert Draft.objects.get(pk=draft.pk).released_at is None
    client.post(reverse("guide:draft_new", args=[guide["guide"].pk]))
    newer = Draft.objects.exclude(pk=draft.pk).get()
    assert "Wren" not in str(newer.snapshot) and not NameQuestion.objects.filter(answer="").exists()
    client.post(reverse("guide:draft_release", args=[newer.pk]))
    assert Draft.objects.get(pk=newer.pk).released_at is not None


def test_not_a_person_is_answered_once_for_the_guide(cast: Cast, guide: dict[str, Any]) -> None:
    _quote(cast, guide, "We met at Ruby's, the café by the market.")
    client = cast.client("researcher")
    client.post(reverse("guide:draft_new", args=[guide["guide"].pk]))
    draft, question = Draft.objects.get(), NameQuestion.objects.get()
    assert question.found == "Ruby"
    other = cast.client("other_manager").post(
        reverse("guide:answer_name", args=[question.pk]), {"answer": "not_a_person"}
    )
    assert other.status_code in (403, 404) and NameQuestion.objects.get().is_open
    client.post(reverse("guide:answer_name", args=[question.pk]), {"answer": "not_a_person"})
    assert NameQuestion.objects.get().answer == "not_a_person"
    assert AuditEntry.objects.filter(object_type="guide.namequestion", action="update").exists()
    client.post(reverse("guide:draft_release", args=[draft.pk]))
    assert Draft.objects.get(pk=draft.pk).released_at is not None
    later = do_make_draft(cast.users["researcher"], guide["guide"])
    assert "answered earlier: not a person" in later.check_log


def test_the_command_refuses_a_release_with_questions_and_prints_the_reasons(
    cast: Cast, guide: dict[str, Any], tmp_path
) -> None:  # type: ignore[no-untyped-def]
    _quote(cast, guide, "I finished with Kieran in the spring.")
    out = StringIO()
    with pytest.raises(CommandError, match="cannot be released yet"):
        call_command(
            "guide", "build", "--release", "--format", "html", "--out", str(tmp_path / "out"), stdout=out
        )
    assert "“Kieran” looks like a name" in out.getvalue()
    draft = Draft.objects.get()
    assert draft.released_at is None and not draft.snapshot["release"]
    assert NameQuestion.objects.get().found == "Kieran"
