"""The gold-standard organisation: the rating scale as data, the exemplar (ties, near-ties, the evidence
threshold), procedures with provenance, and a manager's self-assessment with the tailored guide."""

from __future__ import annotations

import csv
import datetime as dt
import io
import subprocess
from fractions import Fraction
from html import escape
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from docx import Document as Word

from connecting_people.accounts.actions import do_create_user
from connecting_people.audit.models import AuditEntry
from connecting_people.guide.actions import (
    do_make_draft,
    do_release,
    do_save_section,
    do_save_site_rating,
)
from connecting_people.guide.builds import document_of, render
from connecting_people.guide.checks import rating_scale_check
from connecting_people.guide.gold import (
    DEFAULT_SCALE,
    Gap,
    ScaleError,
    choose,
    exemplars,
    parse_scale,
    scale,
    strengths_and_gaps,
)
from connecting_people.guide.models import (
    Draft,
    GoldProfile,
    Guide,
    JourneyStage,
    PlannedAction,
    SelfRating,
)
from connecting_people.interventions.models import Component

from .conftest import Cast, guide_with_drafts
from .pdfcheck import assert_tagged


def test_exemplar_choice_with_ties_and_the_evidence_threshold() -> None:
    scores = {1: [5, 4], 2: [4, 5], 3: [5, 5], 4: [4, 4], 5: [3]}
    evidence = {1: 6, 2: 3, 3: 2, 4: 8, 5: 9}
    result = choose(scores, evidence, component_id=7, minimum=3, near_tie=Fraction(1, 2))
    # Site 3 is rated highest but has too little evidence; 1 and 2 tie on 4.5 and 1 has more evidence.
    assert [s.site_id for s in result.ineligible] == [3]
    assert result.best.site_id == 1 and [s.site_id for s in result.tied] == [1, 2]
    assert result.runner_up.site_id == 4  # site 2 ties with the exemplar, so it is not the runner-up
    assert [s.site_id for s in result.near] == [4]  # 4.0 is within 0.5 of 4.5
    lonely = choose({9: [2]}, {9: 1}, component_id=7, minimum=3)
    assert lonely.best is None and lonely.runner_up is None


def test_the_scale_is_editable_data(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    assert [level.score for level in scale().levels] == [1, 2, 3, 4, 5]
    custom = tmp_path / "scale.yaml"
    custom.write_text(
        "name: Three steps\nlevels:\n  - {score: 0, label: No}\n  - {score: 1, label: Partly}\n"
        "  - {score: 2, label: Fully}\nminimum_evidence: 1\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("CPI_RATING_SCALE", str(custom))
    assert scale().top == 2 and scale().minimum_evidence == 1
    for bad, message in [
        ("levels: [", "not valid YAML"),
        ("levels: []", "at least two levels"),
        ("levels:\n  - {score: 1, label: A}\n  - {score: 1, label: B}\n", "same score"),
        ("levels:\n  - {score: one, label: A}\n  - {score: 2, label: B}\n", "whole-number score"),
    ]:
        with pytest.raises(ScaleError, match=message):
            parse_scale(bad)


def test_ratings_from_several_researchers_are_averaged_in_the_web(
    cast: Cast, guide: dict[str, Any], tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    # Moorside has four coded excerpts on the component, Canal Street three: ask for four.
    custom = tmp_path / "scale.yaml"
    custom.write_text(
        DEFAULT_SCALE.read_text(encoding="utf-8").replace("minimum_evidence: 3", "minimum_evidence: 4"),
        encoding="utf-8",
    )
    monkeypatch.setenv("CPI_RATING_SCALE", str(custom))
    client = cast.client("researcher")
    url = reverse("guide:gold_component", args=[guide["guide"].pk, "build-relationship"])
    moorside, canal = guide["sites"]["moorside"], guide["sites"]["canal"]
    cited = guide["excerpts"]["M-W-0"].pk
    response = client.post(
        url, {"rate": "1", "rating-site": moorside.pk, "rating-score": "4", "rating-excerpts": [cited]}
    )
    assert response.status_code == 302
    wrong = client.post(
        url, {"rate": "1", "rating-site": canal.pk, "rating-score": "5", "rating-excerpts": [cited]}
    )
    assert (
        wrong.status_code == 400 and "Choose evidence from the site you are rating." in wrong.content.decode()
    )
    # A second researcher of the same team rates Moorside 5: the average is 4.5.

    second = do_create_user(
        None,
        password="x-long-password-1",
        username="researcher2",
        organisation=cast.orgs["fernhill"],
        role="researcher",
    )
    do_save_site_rating(second, guide["guide"], guide["component"], moorside.pk, 5, "", [])
    do_save_site_rating(second, guide["guide"], guide["component"], canal.pk, 5, "", [])
    best = exemplars(guide["guide"])[guide["component"].pk]
    assert best.best.site_id == moorside.pk and best.best.average == 4.5 and best.best.raters == 2
    assert [s.site_id for s in best.ineligible] == [canal.pk]  # rated 5, but three excerpts are not enough
    page = client.get(url).content.decode()
    assert (
        "Exemplar: <strong>Moorside Hub</strong>, average 4.50 from 2 raters, 4 passages of evidence." in page
    )
    assert "We walked to the allotment together" in page  # the exemplar's practice beside the editor
    overview = client.get(reverse("guide:gold", args=[guide["guide"].pk])).content.decode()
    assert "Moorside Hub (4.50, 2, 4)" in overview


def pdf_text(data: bytes, tmp_path: Path) -> str:
    """The text of a PDF as pdftotext reads it, lines joined."""
    path = tmp_path / "out.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True)
    return " ".join(out.stdout.split())


def release_again(cast: Cast, guide: Guide) -> Draft:
    researcher = cast.users["researcher"]
    return do_release(researcher, do_make_draft(researcher, guide))


def test_procedure_provenance_is_kept_inside_and_anonymised_outside(cast: Cast, tmp_path: Path) -> None:
    objects = guide_with_drafts(cast)
    procedure = document_of(objects["draft"]).procedure("build-relationship")
    assert procedure is not None and procedure.is_gold
    assert procedure.provenance["exemplars"][0]["site"] == objects["sites"]["moorside"].pk
    assert sorted(procedure.provenance["excerpts"]) == sorted(
        objects["excerpts"][f"M-W-{n}"].pk for n in range(3)
    )
    assert (
        procedure.public_provenance
        == "Drawn from practice observed at a service-user-led project in the North West."
    )
    page = (
        cast.client("anonymous")
        .get(reverse("guide:public_page", args=["gold-standard.html"]))
        .content.decode()
    )
    assert "Every new member is welcomed at the door" in page and "Moorside" not in page
    # The team's page names the site the procedure was drawn from, and the excerpts it cites.
    team = cast.client("researcher").get(reverse("guide:gold", args=[objects["guide"].pk])).content.decode()
    assert "Moorside Hub (5.00, 1, 4)" in team and "Written, citing 3 excerpts" in team
    # And standalone, as its own PDF: the procedures, none of the guide's sections, no site named.
    alone = pdf_text(render(document_of(objects["draft"]), ["gold"])["gold"], tmp_path)
    assert "the gold-standard organisation" in alone and "Every new member is welcomed at the door" in alone
    assert "In practice" not in alone and "Moorside" not in alone
    whole = pdf_text(render(document_of(objects["draft"]), ["pdf"])["pdf"], tmp_path)
    assert "Every new member is welcomed at the door" in whole and "Moorside" not in whole


def test_every_component_is_listed_and_a_weak_exemplar_is_not_held_up(cast: Cast, tmp_path: Path) -> None:
    objects = guide_with_drafts(cast)
    guide, researcher = objects["guide"], cast.users["researcher"]
    # The team re-rates the exemplar "Occasionally" (2.0): its procedure is written, but not gold practice.
    do_save_site_rating(researcher, guide, objects["component"], objects["sites"]["moorside"].pk, 2, "", [])
    release = release_again(cast, guide)
    page = (
        cast.client("anonymous")
        .get(reverse("guide:public_page", args=["gold-standard.html"]))
        .content.decode()
    )
    titles = [c.title for c in guide.version.components_in_order()]
    assert all(escape(t) in page for t in titles)  # every component of the model, in one list
    assert "It has a procedure for 0 of the 28 components of the model." in page
    assert "every one of the" not in page
    assert page.count("Not yet written.") == 27
    assert "Every new member is welcomed" not in page  # 2.0 is not held up as gold practice
    assert "no site in the study yet reaches “Routinely” on this component" in page
    text = pdf_text(render(document_of(release), ["gold"])["gold"], tmp_path)
    assert "0 of the 28 components" in text and "Every new member is welcomed" not in text
    team = cast.client("researcher").get(reverse("guide:gold", args=[guide.pk])).content.decode()
    assert "Written, not held up:</strong> no site reaches “Routinely”" in team
    assert "Procedures are written for 0 of 28 components" in team


def test_profile_and_journey_are_edited_and_published(cast: Cast, tmp_path: Path) -> None:
    objects = guide_with_drafts(cast)
    guide = objects["guide"]
    client = cast.client("researcher")
    gold_url = reverse("guide:gold", args=[guide.pk])
    saved = client.post(
        gold_url, {"name": "Brookside Links", "portrait": "A made-up service of nine workers."}
    )
    assert saved.status_code == 302
    profile = GoldProfile.objects.get(guide=guide)
    assert AuditEntry.objects.filter(object_type="guide.goldprofile", object_id=str(profile.pk)).exists()
    assert client.post(gold_url, {"name": ""}).status_code == 400
    build = objects["component"]
    new = reverse("guide:journey_new", args=[guide.pk])
    assert client.get(new).status_code == 200
    response = client.post(
        new,
        {
            "kind": "journey",
            "title": "First meetings",
            "text": "A regular time, somewhere the person chooses.",
            "position": "2",
            "components": [build.pk],
        },
    )
    assert response.status_code == 302
    stage = JourneyStage.objects.get(guide=guide)
    assert [c.key for c in stage.components.all()] == ["build-relationship"]
    assert AuditEntry.objects.filter(object_type="guide.journeystage", object_id=str(stage.pk)).exists()
    client.post(new, {"kind": "organisation", "title": "Supervision", "text": "Monthly.", "position": "9"})
    overview = client.get(gold_url).content.decode()
    assert "First meetings" in overview and "Procedures: Build a relationship" in overview
    release = release_again(cast, guide)
    page = (
        cast.client("anonymous")
        .get(reverse("guide:public_page", args=["gold-standard.html"]))
        .content.decode()
    )
    assert "Brookside Links: the gold-standard organisation" in page
    assert "Brookside Links is not a real organisation. It is a composite" in page
    assert "A made-up service of nine workers." in page
    journey, behind = page.index("a person’s journey"), page.index("Behind the work")
    assert journey < page.index("First meetings") < behind < page.index("Supervision")
    assert '<a href="#gs-build-relationship">Build a relationship</a>' in page
    text = pdf_text(render(document_of(release), ["pdf"])["pdf"], tmp_path)
    assert "Brookside Links" in text and "First meetings" in text and "Moorside" not in text
    # Word carries the same organisation: name, portrait, the journey with what applies, then the procedures.
    word = Word(io.BytesIO(render(document_of(release), ["docx"])["docx"]))
    lines = [(p.style.name if p.style else "", p.text) for p in word.paragraphs]
    start = lines.index(("Heading 1", "Brookside Links: the gold-standard organisation"))
    gold = lines[start:]
    assert gold[1][1].startswith("Brookside Links is not a real organisation. It is a composite")
    assert ("Normal", "A made-up service of nine workers.") in gold
    assert ("Heading 3", "1. First meetings") in gold and ("Heading 2", "Behind the work") in gold
    assert ("Normal", "Procedures that apply: Build a relationship.") in gold
    assert gold.index(("Heading 3", "1. First meetings")) < gold.index(
        ("Heading 2", "The procedures, component by component")
    )
    # Taking a point out is audited too.
    supervision = JourneyStage.objects.get(title="Supervision")
    url = reverse("guide:journey_stage", args=[guide.pk, supervision.pk])
    assert client.post(url, {"delete": "1"}).status_code == 302
    assert not JourneyStage.objects.filter(pk=supervision.pk).exists()
    assert AuditEntry.objects.filter(object_type="guide.journeystage", action="delete").exists()
    assert cast.client("manager").get(new).status_code == 403


def test_self_assessment_gap_and_tailored_guide(cast: Cast, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # No evidence threshold, so a rating alone makes an exemplar for a second component.
    custom = tmp_path / "scale.yaml"
    custom.write_text(
        DEFAULT_SCALE.read_text(encoding="utf-8").replace("minimum_evidence: 3", "minimum_evidence: 0"),
        encoding="utf-8",
    )
    monkeypatch.setenv("CPI_RATING_SCALE", str(custom))
    objects = guide_with_drafts(cast)
    guide, researcher = objects["guide"], cast.users["researcher"]
    section = objects["section"]
    section.introduction = "Trust is built by turning up when you said you would."
    section.good_practice = "The person knows when they will next see their worker."
    do_save_section(researcher, section)
    components = {c.key: c for c in guide.version.components.all()}
    # A second gap, as large as the first, later in the model: ties go in model order.
    do_save_site_rating(
        researcher, guide, components["help-move-on"], objects["sites"]["moorside"].pk, 4, "", []
    )
    release_again(cast, guide)
    manager = cast.client("manager")
    build, welcome = objects["component"], components["get-to-know-worker"]
    ratings = {
        f"c{build.pk}": "2",  # 3.00 below Moorside's 5
        f"c{welcome.pk}": "5",  # a strength
        f"c{components['help-move-on'].pk}": "1",  # 3.00 below too, later in the model
        f"c{components['review-together'].pk}": "3",  # "Often": no gold standard to compare, no strength
    }
    assert manager.post(reverse("guide:self_assessment"), ratings).status_code == 302
    page = manager.get(reverse("guide:self_assessment")).content.decode()
    assert "4 of 28 rated" in page and "3.00 below" in page and "<svg" in page
    bad = manager.post(reverse("guide:self_assessment"), {f"c{build.pk}": "9"})
    assert "“Build a relationship”: choose a rating from the scale." in bad.content.decode()
    assert SelfRating.objects.get(component=build).score == 2  # the bad value changed nothing
    tailored = manager.get(reverse("guide:tailored")).content.decode()
    keep, grow, also, plan = (
        tailored.index(h) for h in ("Keep doing", "Where to grow", "Also rated", "Your action plan")
    )
    assert keep < grow < also < plan
    assert "Get to know the worker</strong>" in tailored[keep:grow]  # rated 5: a strength
    assert "Review together" not in tailored[keep:grow]  # "Often" is not a strength
    gaps_part = tailored[grow:also]
    assert gaps_part.index("1. Build a relationship") < gaps_part.index("2. Help the person move on")
    # At a glance, before the first gap: every gap linked in the same order, then the plan.
    glance = gaps_part[: gaps_part.index("1. Build a relationship")]
    assert glance.index('href="#t-build-relationship"') < glance.index('href="#t-help-move-on"')
    assert "At a glance: 2 gaps" in glance and 'href="#plan"' in glance
    assert 'id="t-build-relationship"' in gaps_part and 'id="plan"' in tailored
    assert "3.00 below the gold standard" in gaps_part
    assert "Every new member is welcomed at the door" in gaps_part  # the gold-standard procedure
    assert "Trust is built by turning up when you said you would." in gaps_part  # the stage's guidance
    assert "The person knows when they will next see their worker." in gaps_part
    assert "We always meet at the same time each week" in gaps_part  # the section's example
    assert "Not yet written." in gaps_part  # no procedure for moving on
    assert "24 of 28 components are not rated yet" in tailored and "(not rated yet)" not in tailored
    # The action plan: one row per gap the manager means to work on, saved with its audit entry.
    form = {
        "plan-TOTAL_FORMS": "1",
        "plan-INITIAL_FORMS": "0",
        "plan-MIN_NUM_FORMS": "0",
        "plan-MAX_NUM_FORMS": "1000",
        "plan-0-component": str(build.pk),
        "plan-0-action": "=cmd|' /C calc'!A0",
        "plan-0-owner": "Team leader, Sam",
        "plan-0-first_step": "Agree meeting times at the next team meeting.",
        "plan-0-due": "2027-03-01",
    }
    wrong = manager.post(reverse("guide:tailored"), {**form, "plan-0-component": str(welcome.pk)})
    assert wrong.status_code == 400 and PlannedAction.objects.count() == 0  # not a gap
    saved = manager.post(reverse("guide:tailored"), form)
    assert saved.status_code == 302
    row = PlannedAction.objects.get()
    assert row.organisation == cast.orgs["harbourside"] and row.due == dt.date(2027, 3, 1)
    assert AuditEntry.objects.filter(object_type="guide.plannedaction", object_id=str(row.pk)).exists()
    again = manager.get(reverse("guide:tailored")).content.decode()
    assert "Team leader, Sam" in again and 'value="2027-03-01"' in again and 'type="date"' in again
    harbourside = cast.orgs["harbourside"].pk
    csv_response = manager.get(reverse("guide:plan_csv", args=[harbourside]))
    rows = list(csv.reader(io.StringIO(csv_response.content.decode())))
    assert rows[0][:3] == ["Gap", "Gap to the gold standard", "Action"]
    assert rows[1][:4] == ["Build a relationship", "3.00", "'=cmd|' /C calc'!A0", "Team leader, Sam"]
    pdf = manager.get(reverse("guide:tailored_pdf", args=[harbourside]))
    assert (
        pdf["Content-Type"] == "application/pdf"
        and "guide-for-harbourside-connections.pdf" in pdf["Content-Disposition"]
    )
    assert_tagged(pdf.content, "The guide for Harbourside Connections")
    text = pdf_text(pdf.content, tmp_path)
    assert text.index("Keep doing") < text.index("1. Build a relationship") < text.rindex("The action plan")
    assert "Every new member is welcomed at the door" in text and "Team leader, Sam" in text
    assert "Agree meeting times at the next team meeting." in text
    # Another organisation's manager never reaches this plan; their own has no rows.
    other = cast.client("other_manager")
    assert other.get(reverse("guide:plan_csv", args=[harbourside])).status_code == 404
    assert other.get(reverse("guide:tailored_pdf", args=[harbourside])).status_code == 404
    assert "Team leader, Sam" not in other.get(reverse("guide:tailored")).content.decode()
    assert cast.client("worker").get(reverse("guide:tailored")).status_code == 403
    assert "4 of 28" not in other.get(reverse("guide:self_assessment")).content.decode()
    # Taking the row out of the plan is audited.
    removed = manager.post(
        reverse("guide:tailored"),
        {
            **form,
            "plan-TOTAL_FORMS": "1",
            "plan-INITIAL_FORMS": "1",
            "plan-0-id": str(row.pk),
            "plan-0-DELETE": "on",
        },
    )
    assert removed.status_code == 302 and not PlannedAction.objects.exists()
    assert AuditEntry.objects.filter(object_type="guide.plannedaction", action="delete").exists()


def test_a_broken_scale_file_gets_a_plain_message(cast: Cast, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]

    objects = guide_with_drafts(cast)
    broken = tmp_path / "scale.yaml"
    broken.write_text("levels: [", encoding="utf-8")
    monkeypatch.setenv("CPI_RATING_SCALE", str(broken))
    page = cast.client("researcher").get(reverse("guide:gold", args=[objects["guide"].pk]))
    assert page.status_code == 503 and "not valid YAML" in page.content.decode()
    assert cast.client("manager").get(reverse("guide:self_assessment")).status_code == 503

    drafts = Draft.objects.count()
    assert (
        cast.client("researcher").post(reverse("guide:draft_new", args=[objects["guide"].pk])).status_code
        == 503
    )
    assert Draft.objects.count() == drafts
    assert [e.id for e in rating_scale_check()] == ["guide.E001"]
    monkeypatch.setenv("CPI_RATING_SCALE", str(tmp_path / "missing.yaml"))
    assert "There is no rating scale file" in rating_scale_check()[0].msg


def test_matching_a_weak_gold_standard_is_not_a_strength() -> None:
    """Rated 2 ("Occasionally") where the gold standard is also 2 is not praised as one to keep."""
    on = parse_scale(DEFAULT_SCALE.read_text(encoding="utf-8"))
    assert on.strength == 4 and on.label(2) == "Occasionally"
    rows = [
        Gap(Component(key=key, title=key, order=n), own, gold)
        for n, (key, own, gold) in enumerate(
            [
                ("weak-match", 2, Fraction(2)),
                ("strong-match", 4, Fraction(4)),
                ("top", 5, Fraction(5)),
                ("short", 3, Fraction(9, 2)),
                ("unrated", None, Fraction(3)),
            ]
        )
    ]
    keep, short, rest = strengths_and_gaps(rows, on)
    assert [g.component.key for g in keep] == ["strong-match", "top"]
    assert [g.component.key for g in short] == ["short"]
    assert [g.component.key for g in rest] == ["weak-match", "unrated"]
    without = parse_scale(
        "levels:\n  - {score: 1, label: No}\n  - {score: 2, label: Some}\n  - {score: 3, label: Yes}\n"
    )
    assert without.strength == 2  # by default, the level below the top
    with pytest.raises(ScaleError, match="strength_from"):
        parse_scale("strength_from: 7\nlevels:\n  - {score: 1, label: No}\n  - {score: 2, label: Yes}\n")
