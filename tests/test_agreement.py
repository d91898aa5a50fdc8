"""Inter-coder agreement: blind double coding, percentage agreement and Cohen's kappa per component
over sentences, checked against a worked example, and disagreements listed side by side."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from connecting_people.accounts.actions import do_create_user
from connecting_people.fieldwork.actions import do_save_participant, do_withdraw_participant
from connecting_people.fieldwork.agreement import AgreementError, cohen_kappa, compute, do_start_double_coding
from connecting_people.fieldwork.importing import ImportItem, import_one
from connecting_people.fieldwork.models import DoubleCoding, Participant, Source
from connecting_people.fieldwork.sentences import sentence_units
from connecting_people.interventions.models import Component

from .conftest import Cast


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


TEXT = (
    "We met at the café. She was nervous at first! Then we walked to the allotment. "
    "The bus was late. Did it help? It did.\nNext week: the choir. After that, the library. "
    "She found a buddy. They still meet."
)


def test_kappa_matches_a_worked_example() -> None:
    a = [True, True, False, False, True, False, False, False, True, False]
    b = [True, False, False, False, True, False, True, False, True, False]
    observed, kappa = cohen_kappa(a, b)
    # 8 of 10 agree; chance agreement 0.4*0.4 + 0.6*0.6 = 0.52; kappa = (0.8 - 0.52) / 0.48
    assert observed == pytest.approx(0.8) and kappa == pytest.approx(0.28 / 0.48)
    assert cohen_kappa([True, True], [True, True]) == (1.0, None)  # undefined when both never vary
    assert cohen_kappa([True, False], [False, True])[1] == pytest.approx(-1.0)


def test_sentences_are_the_units() -> None:
    units = [u.text for u in sentence_units(TEXT)]
    assert units[:3] == [
        "We met at the café.",
        "She was nervous at first!",
        "Then we walked to the allotment.",
    ]
    assert "Next week: the choir." in units and len(units) == 10


@pytest.fixture
def pair(cast: Cast) -> dict:
    colleague = do_create_user(
        None,
        password="another-long-passphrase-1",
        username="colleague",
        organisation=cast.orgs["fernhill"],
        role="researcher",
        first_name="Cole",
        last_name="Ashgrove",
    )
    result = import_one(
        None, cast.orgs["fernhill"], ImportItem("double.txt", TEXT.encode, site=cast.fieldwork["site"])
    )
    source = Source.objects.get(pk=result.source_id)
    first, second = cast.client("researcher"), cast.client("researcher")
    second.force_login(colleague)
    response = first.post(
        reverse("fieldwork:double_coding", args=[source.pk]),
        {"coder_a": cast.users["researcher"].pk, "coder_b": colleague.pk},
    )
    assert response.status_code == 302
    return {"source": source, "first": first, "second": second, "colleague": colleague}


def code(client, source: Source, words: str, key: str, cast: Cast) -> None:  # type: ignore[no-untyped-def]
    component = Component.objects.get(version=cast.published, key=key)
    response = client.post(
        reverse("fieldwork:code", args=[source.pk]),
        {"quote": words, "components": [component.pk], "kind": "example"},
    )
    assert response.status_code == 302, response.content.decode()[-3000:]


def test_double_coding_is_blind_until_both_are_done(cast: Cast, pair: dict) -> None:
    source, first, second = pair["source"], pair["first"], pair["second"]
    code(first, source, "Then we walked to the allotment. The bus was late.", "find-opportunities", cast)
    code(first, source, "She found a buddy.", "link-and-introduce", cast)
    code(second, source, "The bus was late. Did it help?", "find-opportunities", cast)
    code(second, source, "She found a buddy. They still meet.", "link-and-introduce", cast)
    page = second.get(reverse("fieldwork:source", args=[source.pk])).content.decode()
    assert (
        "only your own codings are shown" in page
        and "Then we walked to the allotment." not in page.split('id="codings-heading"')[1]
    )
    status = first.get(reverse("fieldwork:double_coding", args=[source.pk])).content.decode()
    assert "Cohen" in status and '<th scope="col">Cohen&#x27;s kappa</th>' not in status  # no figures yet
    first.post(reverse("fieldwork:double_coding_done", args=[DoubleCoding.objects.get().pk]))
    assert (
        "only your own codings are shown"
        in first.get(reverse("fieldwork:source", args=[source.pk])).content.decode()
    )
    second.post(reverse("fieldwork:double_coding_done", args=[DoubleCoding.objects.get().pk]))
    page = first.get(reverse("fieldwork:source", args=[source.pk])).content.decode()
    assert (
        "only your own codings are shown" not in page
        and "Did it help?" in page.split('id="codings-heading"')[1]
    )

    results = {r.key: r for r in compute(DoubleCoding.objects.get()).components}
    # find-opportunities over 10 sentences: A codes 3 and 4, B codes 4 and 5 -> agree on 8 of 10.
    opportunities = results["find-opportunities"]
    assert (opportunities.units_a, opportunities.units_b) == (2, 2)
    assert opportunities.agreement == pytest.approx(0.8)
    assert opportunities.kappa == pytest.approx((0.8 - 0.68) / (1 - 0.68))
    assert [u.text for u, _a, _b in opportunities.disagreements] == [
        "Then we walked to the allotment.",
        "Did it help?",
    ]
    introduce = results["link-and-introduce"]
    assert introduce.agreement == pytest.approx(0.9)
    page = first.get(reverse("fieldwork:double_coding", args=[source.pk])).content.decode()
    assert "Disagreements on “Find opportunities”" in page and "80%" in page
    # The coders are named by their names, as everywhere else, never by their usernames.
    text = _text(page)
    assert "Sentences coded (Rosa Penhallow / Cole Ashgrove)" in text
    assert '<th scope="col">Rosa Penhallow</th><th scope="col">Cole Ashgrove</th>' in page
    assert "researcher:" not in text and "colleague" not in text


def test_the_agreement_pages_name_the_coders_by_their_full_names(cast: Cast, pair: dict) -> None:
    source = pair["source"]
    page = pair["first"].get(reverse("fieldwork:double_coding", args=[source.pk])).content.decode()
    text = _text(page)
    assert "Rosa Penhallow and Cole Ashgrove" in text
    assert "Rosa Penhallow: still coding · Cole Ashgrove: still coding" in text
    assert (
        '<option value="{}">Cole Ashgrove</option>'.format(pair["colleague"].pk) in page
    )  # the choice of coders
    assert "researcher:" not in text and "(colleague)" not in text and "(researcher)" not in text
    overview = _text(pair["first"].get(reverse("fieldwork:agreement")).content.decode())
    assert "Rosa Penhallow and Cole Ashgrove" in overview and "Both still coding" in overview
    pair["second"].post(reverse("fieldwork:double_coding_done", args=[DoubleCoding.objects.get().pk]))
    overview = _text(pair["first"].get(reverse("fieldwork:agreement")).content.decode())
    assert "Cole Ashgrove done; Rosa Penhallow still coding" in overview
    outsider = do_create_user(
        None,
        password="a-fourth-long-passphrase",
        username="nb-res",
        organisation=cast.orgs["northbridge"],
        role="researcher",
        first_name="Nia",
        last_name="Brackley",
    )
    with pytest.raises(AgreementError, match="^Nia Brackley is not a researcher in this team.$"):
        do_start_double_coding(None, source, cast.users["researcher"], outsider)


def test_only_the_pair_marks_done_and_bad_pairs_are_refused(cast: Cast, pair: dict) -> None:
    source = pair["source"]
    same = pair["first"].post(
        reverse("fieldwork:double_coding", args=[source.pk]),
        {"coder_a": cast.users["researcher"].pk, "coder_b": cast.users["researcher"].pk},
    )
    assert "Choose two different researchers" in same.content.decode()
    again = pair["first"].post(
        reverse("fieldwork:double_coding", args=[source.pk]),
        {"coder_a": pair["colleague"].pk, "coder_b": cast.users["researcher"].pk},
    )
    assert "already double-code this source" in again.content.decode()
    outsider = do_create_user(
        None,
        password="a-third-long-passphrase",
        username="third",
        organisation=cast.orgs["fernhill"],
        role="researcher",
    )
    client = cast.client("researcher")
    client.force_login(outsider)
    client.post(reverse("fieldwork:double_coding_done", args=[DoubleCoding.objects.get().pk]))
    assert DoubleCoding.objects.get().done_a is None and DoubleCoding.objects.get().done_b is None


def test_withdrawn_words_leave_the_agreement_statistics(cast: Cast, pair: dict) -> None:
    source = pair["source"]
    speaker = do_save_participant(
        None, Participant(site=cast.fieldwork["site"], pseudonym="S9", perspective="individual")
    )
    source.participants.set([speaker])  # a one-person source: every unattributed passage could be theirs
    code(pair["first"], source, "She found a buddy.", "link-and-introduce", cast)
    code(pair["second"], source, "They still meet.", "link-and-introduce", cast)
    double = DoubleCoding.objects.get()
    assert {r.key for r in compute(double).components} == {"link-and-introduce"}
    do_withdraw_participant(cast.users["researcher"], speaker, dt.date(2026, 7, 1))
    assert compute(double).components == [] and compute(double).removed == 10
