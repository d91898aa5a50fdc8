"""In Debian's Chromium: each role signs in, opens the model, clicks a wheel segment and reaches
the component page; a keyboard user reaches a segment by Tab; a researcher edits and publishes a draft."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect
from pypdf import PdfReader

from connecting_people.consult.models import Reviewer, Round
from connecting_people.consult.tokens import digest
from connecting_people.fieldwork.coding import do_code_passage, locate
from connecting_people.fieldwork.models import Excerpt, Source
from connecting_people.guide.builds import document_of, render
from connecting_people.interventions.models import Component
from connecting_people.practice.map_drawing import SIZE
from connecting_people.practice.maps import do_save_member
from connecting_people.practice.models import MapMember, MapTie

from .conftest import ACTORS, ARTIFACTS, Cast, axe_problems, build_guide, guide_with_drafts, sign_in

pytestmark = pytest.mark.browser


def test_every_role_reaches_a_component_from_the_diagram(browser, live_server, live_cast: Cast) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(exist_ok=True)
    external: list[str] = []
    for username in [a for a in ACTORS if a != "anonymous"]:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.on(
            "request", lambda r: external.append(r.url) if not r.url.startswith(live_server.url) else None
        )
        sign_in(page, live_server, username)
        page.get_by_role("link", name="The model").first.click()
        page.wait_for_url("**/model/")
        diagram = page.locator(".diagram-wide svg.cpi-diagram")
        assert diagram.is_visible() and not page.locator(".diagram-narrow svg").is_visible()
        if username == "researcher":
            diagram.screenshot(path=str(ARTIFACTS / "model-diagram.png"))
        diagram.locator('a[data-key="find-opportunities"]').click()
        page.wait_for_url("**/c/find-opportunities/")
        assert page.get_by_role("heading", level=1).inner_text() == "Find opportunities"
        assert diagram.locator('a.is-current[data-key="find-opportunities"]').count() == 1
        context.close()
    assert external == []  # nothing is requested from outside this server
    assert (ARTIFACTS / "model-diagram.png").stat().st_size > 10_000


def test_keyboard_reaches_a_wheel_segment(browser, live_server, live_cast: Cast) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    sign_in(page, live_server, "individual")
    page.goto(f"{live_server.url}/model/")
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('data-key')") == "get-to-know-worker":
            break
    else:
        pytest.fail("Tab never reached the 'get to know the worker' segment")
    label = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert label == "1. Get to know the worker (Individual wheel, stage 1 of 8)"
    page.keyboard.press("Enter")
    page.wait_for_url("**/c/get-to-know-worker/")
    page.close()


def test_researcher_edits_and_publishes_a_draft(browser, live_server, live_cast: Cast) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 390, "height": 844})  # a phone
    sign_in(page, live_server, "researcher")
    page.goto(f"{live_server.url}/model/v/{live_cast.draft.pk}/")
    phone_diagram = page.locator(".diagram-narrow svg.cpi-diagram")
    assert phone_diagram.is_visible() and not page.locator(".diagram-wide svg").is_visible()
    phone_diagram.screenshot(path=str(ARTIFACTS / "model-diagram-phone.png"))
    # On a phone the stages are listed under each wheel in type that stays readable.
    row = phone_diagram.locator('a[data-key="review-together"]')
    assert row.bounding_box()["height"] >= 24 and page.evaluate("document.documentElement.scrollWidth") <= 390
    row.click()
    page.get_by_role("link", name="Edit this component").click()
    page.get_by_label("Title").fill("Review progress together")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/c/review-together/")
    assert page.get_by_role("heading", level=1).inner_text() == "Review progress together"
    page.goto(f"{live_server.url}/model/v/{live_cast.draft.pk}/")
    page.get_by_role("button", name="Publish version 1.1").click()
    assert "It can no longer be changed" in page.locator(".messages").inner_text()
    page.goto(f"{live_server.url}/model/diff/?a={live_cast.published.pk}&b={live_cast.draft.pk}")
    assert page.locator("ins", has_text="progress").count() >= 1
    page.close()


def test_researcher_uploads_and_codes_by_mouse_and_by_keyboard(
    browser, live_server, live_cast: Cast, tmp_path
) -> None:  # type: ignore[no-untyped-def]

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, live_server, "researcher")
    page.goto(f"{live_server.url}/fieldwork/import/")
    transcript = tmp_path / "garden-interview.txt"
    transcript.write_text(
        "Interviewer: What changed?\n\nP1: I joined the café 👨‍👩‍👧 garden club, and now I go every "
        "Thursday.\n\n"
        "Interviewer: Who helped?\n\nP1: Wren came with me the first time.\n",
        encoding="utf-8",
    )
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"not really a pdf")
    page.get_by_label("Files").set_input_files([str(transcript), str(broken)])
    page.get_by_label("Site (optional)").select_option(label="Riverside Project")
    page.get_by_role("button", name="Import").click()

    # The upload went up with a progress bar; the import's own page reports each file.
    expect(page.get_by_role("heading", level=2)).to_have_text("Finished", timeout=10_000)
    expect(page.get_by_role("status")).to_contain_text("1 imported, 0 skipped as duplicates, 1 failed")
    expect(page.get_by_role("row").filter(has_text="broken.pdf")).to_contain_text("is not a PDF")
    page.get_by_role(
        "link",
        name=re.compile(
            r"^txt, \d+ words, 4 speaker turns; no participant linked yet: link one on its page$"
        ),
    ).click()
    source = Source.objects.get(original_name="garden-interview.txt")
    page.wait_for_url(f"**/fieldwork/sources/{source.pk}/")
    page.wait_for_load_state("load")  # coding.js (deferred) must be listening before we select

    # By mouse: select a passage that contains an emoji sequence, as a person would by dragging.
    wanted = "I joined the café 👨‍👩‍👧 garden club"
    page.evaluate(
        """(wanted) => {
            const body = document.getElementById('source-text');
            const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
            let node = walker.nextNode();
            while (node.data.indexOf(wanted) === -1) node = walker.nextNode();
            const index = node.data.indexOf(wanted);
            const range = document.createRange();
            range.setStart(node, index); range.setEnd(node, index + wanted.length);
            const selection = window.getSelection(); selection.removeAllRanges(); selection.addRange(range);
        }""",
        wanted,
    )
    expect(page.locator("#code-form [name=end]")).not_to_have_value("")
    assert page.locator("#code-form [name=quote]").input_value() == wanted
    page.get_by_label("Individual wheel · Try something new").check()
    page.get_by_label("Real-life example").check()
    page.get_by_role("button", name="Save coding").click()
    page.wait_for_url(f"**/fieldwork/sources/{source.pk}/#excerpt-*")
    excerpt = Excerpt.objects.get(source=source)
    assert excerpt.text == wanted and excerpt.speaker == "P1"
    assert page.locator("#source-text mark").first.inner_text() == wanted

    # By keyboard: type the words into the passage box, tick a component with the space bar, save with Enter.
    page.get_by_role("textbox", name="Passage").focus()
    page.keyboard.type("Wren came with me the first time.")
    page.get_by_label("Worker wheel · Link and introduce").focus()
    page.keyboard.press("Space")
    page.get_by_label("Practical tip").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Save coding").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_contain_text("Coded “Wren came with me")
    assert sorted(Excerpt.objects.filter(source=source).values_list("text", flat=True)) == [
        wanted,
        "Wren came with me the first time.",
    ]
    page.screenshot(path=str(ARTIFACTS / "coding-workbench.png"), full_page=True)
    page.close()


def test_researcher_searches_with_filters(browser, live_server, live_cast: Cast) -> None:  # type: ignore[no-untyped-def]

    source = Source.objects.get(pk=live_cast.fieldwork["source"])
    component = Component.objects.get(version=live_cast.published, key="find-opportunities")
    do_code_passage(
        live_cast.users["researcher"],
        source,
        locate(source.text, None, None, "At the allotment, on a wet Tuesday."),
        components=[component],
        kind="example",
    )
    page = browser.new_page(viewport={"width": 390, "height": 844})
    sign_in(page, live_server, "researcher")
    page.goto(f"{live_server.url}/fieldwork/search/")
    page.get_by_label("Words to find").fill("wet allotment")
    page.get_by_label("Component").select_option(label="Find opportunities")
    page.get_by_label("Perspective").select_option(label="Individual accessing services")
    page.get_by_role("button", name="Search").click()
    assert "1 excerpt found" in page.get_by_role("status").inner_text()
    assert page.locator(".snippet mark").all_inner_texts() == ["allotment", "wet"]
    page.get_by_label("Perspective").select_option(label="Worker")
    page.get_by_role("button", name="Search").click()
    assert "0 excerpts found" in page.get_by_role("status").inner_text()
    page.close()


def test_worker_records_a_session_and_the_person_reads_it(browser, live_server, live_cast: Cast) -> None:  # type: ignore[no-untyped-def]
    person = live_cast.people["HAR-1"]
    page = browser.new_page(viewport={"width": 820, "height": 1180})  # a tablet
    sign_in(page, live_server, "worker")
    page.goto(f"{live_server.url}/people/")
    page.get_by_role("link", name="Alys Penrose").click()
    page.get_by_role("link", name="Record or plan a session").click()
    assert "Ask how the choir taster went" in page.locator("main").inner_text()
    page.get_by_label("Date").fill("2026-11-21")  # the browser's date picker takes an ISO date
    page.get_by_label("Place").fill("Allotment")
    page.get_by_label("Worker wheel · Review together").check()
    page.get_by_label("Shared notes").fill("Alys chose the next two tasters herself.")
    page.get_by_label("Private reflections").fill("SECRET-REFLECTION")
    page.get_by_role("button", name="Save session").click()
    page.wait_for_url(f"**/people/{person.pk}/")
    assert "Alys chose the next two tasters herself." in page.locator("main").inner_text()
    page.close()

    own = browser.new_page(viewport={"width": 390, "height": 844})
    sign_in(own, live_server, "individual")
    own.get_by_role("link", name="My plan").first.click()
    text = own.locator("main").inner_text()
    assert "Alys chose the next two tasters herself." in text and "SECRET-REFLECTION" not in own.content()
    own.get_by_role("button", name="Done: Go to the choir taster").click()
    own.wait_for_url(f"**/people/{person.pk}/#step-*")
    assert "marked done" in own.locator(".messages").inner_text()
    own.close()


def test_worker_and_person_move_people_on_the_map_by_drag_and_by_keyboard(
    browser, live_server, live_cast: Cast
) -> None:  # type: ignore[no-untyped-def]

    network_map = live_cast.practice["map"]
    bea = network_map.members.get(label="Aunt Bea")
    assert bea.circle == 1
    page = browser.new_page(viewport={"width": 820, "height": 1180})  # a tablet, as in a home visit
    sign_in(page, live_server, "worker")
    page.goto(f"{live_server.url}/people/maps/{network_map.pk}/")
    drawing = page.locator("#map-editor svg")
    svg = drawing.bounding_box()
    scale = svg["width"] / SIZE
    centre, inner = SIZE / 2, float(drawing.get_attribute("data-inner"))
    ring = float(drawing.get_attribute("data-ring"))
    member = page.locator(f'.map-member[data-key="{bea.key}"] .map-hit').bounding_box()
    page.mouse.move(member["x"] + member["width"] / 2, member["y"] + member["height"] / 2)
    page.mouse.down()
    target = (svg["x"] + (centre + inner + 2.5 * ring) * scale, svg["y"] + centre * scale)
    page.mouse.move(*target, steps=8)
    page.mouse.up()
    expect(page.locator(f'.map-member[data-key="{bea.key}"]')).to_have_attribute(
        "data-circle", "3"
    )  # saved, reloaded
    page.wait_for_load_state("load")
    assert MapMember.objects.get(pk=bea.pk).circle == 3
    page.close()

    own = browser.new_page(viewport={"width": 390, "height": 844})
    sign_in(own, live_server, "individual")
    own.goto(f"{live_server.url}/people/maps/{network_map.pk}/")
    own.locator(f'.map-member[data-key="{bea.key}"]').focus()
    own.keyboard.press("ArrowLeft")
    expect(own.locator(f'.map-member[data-key="{bea.key}"]')).to_have_attribute("data-circle", "2")
    assert MapMember.objects.get(pk=bea.pk).circle == 2
    expect(own.locator(f'.map-member[data-key="{bea.key}"]')).to_be_focused()  # focus comes back after saving
    own.wait_for_load_state("load")
    own.close()


def test_person_compares_two_maps(browser, live_server, live_cast: Cast) -> None:  # type: ignore[no-untyped-def]

    network_map = live_cast.practice["map"]
    do_save_member(
        live_cast.users["worker"],
        MapMember(
            map=network_map,
            label="Walking group",
            kind="group",
            relationship="group_member",
            circle=2,
            frequency="weekly",
        ),
    )
    page = browser.new_page(viewport={"width": 390, "height": 844})
    sign_in(page, live_server, "individual")
    page.get_by_role("link", name="My plan").first.click()
    page.get_by_role("link", name="what changed since the one before").click()
    summary = page.get_by_role("region", name="In short").inner_text()
    assert "You have 1 person or place on your map who was not there before: Walking group." in summary
    assert "You now have 1 more person you see every week or more." in summary
    page.close()


def test_worker_reviews_the_work_and_records_who_knows_whom(browser, live_server, live_cast: Cast) -> None:  # type: ignore[no-untyped-def]

    person = live_cast.people["HAR-1"]
    network_map = live_cast.practice["map"]
    do_save_member(live_cast.users["worker"], MapMember(map=network_map, label="Cal from choir", circle=2))
    page = browser.new_page(viewport={"width": 390, "height": 844})  # a phone
    sign_in(page, live_server, "worker")
    page.goto(f"{live_server.url}/people/{person.pk}/")
    page.get_by_role("link", name="Review the work together").click()
    summary = page.get_by_role("region", name="What changed since 10 November 2026").inner_text()
    assert "We did not meet in this period." in summary
    page.get_by_label("What we agreed for the next weeks").fill("Alys will try the Tuesday choir.")
    page.get_by_role("button", name="Save the review").click()
    assert "Alys will try the Tuesday choir." in page.locator("main").inner_text()
    assert "The next one is due on" in page.locator(".messages").inner_text()
    page.get_by_role("link", name="Alys").first.click()
    timeline = page.get_by_role("list", name="Timeline").inner_text()
    assert timeline.index("Review") < timeline.index("2 November 2026 · Session")

    # Ties by keyboard only: open Aunt Bea, tick Cal with the space bar, save with Enter.
    page.goto(f"{live_server.url}/people/members/{live_cast.practice['member'].pk}/")
    box = page.get_by_label("Cal from choir")
    box.focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Save who they know").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/people/maps/{network_map.pk}/")
    assert "1 added, 0 removed" in page.locator(".messages").inner_text()
    assert MapTie.objects.filter(map=network_map).count() == 1
    page.close()


def test_the_preview_catches_up_with_text_typed_before_its_script_loaded(
    browser, live_server, live_cast: Cast
) -> None:  # type: ignore[no-untyped-def]
    """On a slow connection the page is shown, and typed in, before its scripts arrive."""
    build_guide(live_cast)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, live_server, "researcher")
    page.get_by_role("link", name="Guide", exact=True).click()
    page.get_by_role("link", name="The Connecting People guide").click()
    page.wait_for_load_state("load")  # the guide's page has the script too; only the section's is held
    held = []
    page.route("**/preview.js", lambda route: held.append(route))
    page.get_by_role("link", name="Build a relationship").click()
    page.get_by_label("Introduction (Markdown)").fill("Meet at **the same time** every week.")
    expect(page.locator("#introduction-preview strong")).to_have_count(0)
    assert len(held) == 1
    held[0].continue_()
    expect(page.locator("#introduction-preview strong")).to_have_text("the same time")


def test_researcher_writes_a_section_with_live_preview_and_curates_an_example(
    browser, live_server, live_cast: Cast
) -> None:  # type: ignore[no-untyped-def]

    objects = build_guide(live_cast)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, live_server, "researcher")
    page.get_by_role("link", name="Guide", exact=True).click()
    page.get_by_role("link", name="The Connecting People guide").click()
    page.get_by_role("link", name="Build a relationship").click()
    page.get_by_label("Introduction (Markdown)").fill("Meet at **the same time** every week.")
    # The preview follows the typing, rendered as it will be published.
    expect(page.locator("#introduction-preview strong")).to_have_text("the same time")
    page.get_by_role("button", name="Save the section").click()
    expect(page.locator(".messages")).to_contain_text("Saved “Build a relationship”")
    # The shortlist offers one excerpt from each site first; choose the first one.
    shortlist = page.locator("#shortlist + p + ol > li")
    expect(shortlist.first).to_be_visible()
    first_text = shortlist.first.locator("blockquote").inner_text()
    shortlist.first.get_by_role("button", name="Choose this excerpt").click()
    expect(page.locator(".messages")).to_contain_text("Added under")
    wording = page.get_by_label("Published wording")
    assert wording.input_value() == first_text.strip()
    wording.fill(first_text.strip().rstrip(".") + ", without fail.")
    page.get_by_role("button", name="Save the examples").click()
    expect(page.locator(".messages")).to_contain_text("Saved 1 example.")
    page.screenshot(path=str(ARTIFACTS / "guide-section-examples.png"), full_page=True)
    assert objects["section"].examples.get().wording.endswith("without fail.")
    # Make a draft, release it, and read it without signing in.
    page.goto(f"{live_server.url}/guide/work/{objects['guide'].pk}/")
    page.get_by_role("button", name="Make a new draft").click()
    expect(page.locator(".messages")).to_contain_text("passed the anonymisation check")
    page.get_by_role("button", name="Release draft 0.1").click()
    expect(page.locator(".messages")).to_contain_text("is now public")
    page.close()

    public = browser.new_page(viewport={"width": 390, "height": 844})  # a phone, not signed in
    public.goto(f"{live_server.url}/guide/")
    expect(public.get_by_role("heading", level=1)).to_have_text("The Connecting People guide")
    # On a phone the diagram is the one-column drawing, its stages listed in readable type.
    public.locator(".diagram-narrow svg a[href='build-relationship.html']").click()
    expect(public.get_by_role("heading", level=1)).to_have_text("Build a relationship")
    expect(public.locator("main")).to_contain_text("without fail.")
    public.get_by_label("Search the guide").fill("without fail")
    public.get_by_label("Search the guide").press("Enter")
    expect(public.locator("#search-status")).to_contain_text("1 section matches")
    expect(public.locator("#search-results a")).to_have_text("Build a relationship")
    public.close()


def test_published_guide_has_no_serious_accessibility_problems(browser, live_server, live_cast: Cast) -> None:  # type: ignore[no-untyped-def]

    guide_with_drafts(live_cast)
    context = browser.new_context(
        bypass_csp=True
    )  # only so that the test can inject axe; the pages are served as usual
    page = context.new_page()
    problems = []
    for path in (
        "",
        "build-relationship.html",
        "gold-standard.html",
        "search.html?q=same+time",
        "changes.html",
    ):
        response = page.goto(
            f"{live_server.url}/guide/0.1/{path}"
            if path != "changes.html"
            else f"{live_server.url}/guide/0.1/"
        )
        assert response.status == 200
        problems += axe_problems(page, path or "index")
    context.close()
    assert not problems, "\n".join(problems)


def test_the_pdf_guide_looks_right_as_page_images(live_cast: Cast, tmp_path) -> None:  # type: ignore[no-untyped-def]

    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        pytest.fail("pdftoppm is missing: `make system-deps` installs Debian's poppler-utils.")
    objects = guide_with_drafts(live_cast)
    pdf = tmp_path / "guide.pdf"
    pdf.write_bytes(render(document_of(objects["draft"]), ["pdf"])["pdf"])
    subprocess.run([pdftoppm, "-r", "50", "-png", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) > 30  # a cover, the contents, a page per section

    def ink(path: Path) -> float:
        """Share of pixels that are not white: a blank or broken page has next to none."""
        image = Image.open(path).convert("L")
        histogram = image.histogram()
        return 1 - sum(histogram[245:]) / sum(histogram)

    assert all(ink(p) > 0.002 for p in pages)
    ARTIFACTS.mkdir(exist_ok=True)
    for n in (1, 2):  # the cover and the contents
        shutil.copy(pages[n - 1], ARTIFACTS / f"guide-pdf-page-{n}.png")
    # The page of the section with chosen evidence, found by its text.

    texts = [page.extract_text() for page in PdfReader(str(pdf)).pages]
    number = next(
        n
        for n, text in enumerate(texts)
        if "We always meet at the same time" in text and "In practice" not in texts[0]
    )
    assert ink(pages[number]) > ink(pages[1]) / 4
    shutil.copy(pages[number], ARTIFACTS / "guide-pdf-section.png")


def test_reviewer_page_and_open_call_have_no_serious_accessibility_problems(
    browser, live_server, live_cast: Cast
) -> None:  # type: ignore[no-untyped-def]

    objects = guide_with_drafts(live_cast)
    now = timezone.now()
    round_ = Round.objects.create(
        team=live_cast.orgs["fernhill"],
        title="A round",
        draft=objects["release"],
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=7),
    )
    token = "axe-token-" + "q" * 30
    Reviewer.objects.create(
        round=round_, name="Ana", email="ana@example.org", perspective="worker", token_hash=digest(token)
    )
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    problems = []
    for path in (
        f"/consult/r/{token}/",
        f"/consult/r/{token}/sections/build-relationship/",
        f"/consult/r/{token}/submit/",
        "/consult/offer/",
    ):
        page.goto(f"{live_server.url}{path}")
        problems += axe_problems(page, path)
    context.close()
    assert not problems, "\n".join(problems)


def test_researcher_builds_the_files_in_the_background_and_downloads_them(
    browser, live_server, live_cast: Cast
) -> None:  # type: ignore[no-untyped-def]

    objects = guide_with_drafts(live_cast)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, live_server, "researcher")
    page.goto(f"{live_server.url}/guide/drafts/{objects['draft'].pk}/")
    for label in ("PDF", "Word (.docx)", "The gold-standard organisation on its own (PDF)"):
        page.get_by_label(label, exact=True).uncheck()
    page.get_by_role("button", name="Build the files").click()
    expect(page.locator(".messages")).to_contain_text("you can carry on working")
    # The page is not held up: it polls the build, and the link appears when the file is ready.
    link = page.get_by_role("link", name="Download the web site")
    expect(link).to_be_visible(timeout=30_000)
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "guide-draft-0.2.zip"
    page.close()
