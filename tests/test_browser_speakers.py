"""In Debian's Chromium, at desktop and phone sizes: a researcher merges two speaker labels of a transcript
("R1" and "Resp 1") into one participant, and the codings of the source say who said them."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from connecting_people.fieldwork.actions import do_save_participant
from connecting_people.fieldwork.coding import do_code_passage, locate
from connecting_people.fieldwork.importing import ImportItem, import_one
from connecting_people.fieldwork.models import Excerpt, Participant, Source, SpeakerAlias
from connecting_people.interventions.models import Component

from .conftest import Cast, sign_in

pytestmark = pytest.mark.browser

INTERVIEW = (
    "Interviewer: How did you start?\n\nR1: At the allotment, on a wet Tuesday.\n\n"
    "Interviewer: And now?\n\nResp 1: I go every week with my neighbour.\n"
)


@pytest.mark.parametrize(
    "viewport", [{"width": 1280, "height": 900}, {"width": 360, "height": 780}], ids=["desktop", "phone"]
)
def test_researcher_merges_two_labels_into_one_participant(
    browser, live_server, live_cast: Cast, viewport: dict[str, int]
) -> None:  # type: ignore[no-untyped-def]
    site, researcher = live_cast.fieldwork["site"], live_cast.users["researcher"]
    morwenna = do_save_participant(
        None, Participant(site=site, pseudonym="Morwenna", perspective="individual")
    )
    result = import_one(
        researcher,
        live_cast.orgs["fernhill"],
        ImportItem("morwenna.txt", INTERVIEW.encode, site=site, participants=[morwenna]),
    )
    source = Source.objects.get(pk=result.source_id)
    component = Component.objects.get(version=live_cast.published, key="well-being")
    for words in ("on a wet Tuesday", "every week with my neighbour"):
        do_code_passage(
            researcher, source, locate(source.text, None, None, words), components=[component], kind="example"
        )
    assert set(Excerpt.objects.filter(source=source).values_list("participant", flat=True)) == {None}

    page = browser.new_page(viewport=viewport)
    sign_in(page, live_server, "researcher")
    page.goto(f"{live_server.url}/fieldwork/sources/{source.pk}/")
    page.get_by_text("Speakers and participants").click()
    page.get_by_label("R1", exact=True).select_option(label="Morwenna")
    page.get_by_label("Resp 1", exact=True).select_option(label="Morwenna")
    page.get_by_role("button", name="Save speakers").click()
    expect(page.locator(".messages")).to_contain_text(
        "Saved who speaks under each label. 2 coding(s) re-attributed."
    )
    codings = page.locator("ol.codings").inner_text()
    assert "said by R1 (individual accessing services)" in codings
    assert "said by Resp 1 (individual accessing services)" in codings
    assert page.evaluate(
        "document.documentElement.scrollWidth <= window.innerWidth"
    )  # nothing runs off a phone
    assert sorted(SpeakerAlias.objects.filter(source=source).values_list("label", "participant")) == [
        ("R1", morwenna.pk),
        ("Resp 1", morwenna.pk),
    ]
    assert set(Excerpt.objects.filter(source=source).values_list("participant", "perspective")) == {
        (morwenna.pk, "individual")
    }
    page.close()
