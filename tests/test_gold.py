"""The gold-standard organisation: the rating scale as data, the exemplar (ties, near-ties, the evidence
threshold), procedures with provenance, and a manager's self-assessment with the tailored guide."""

from __future__ import annotations

import io
from fractions import Fraction
from typing import Any

import pytest
from django.urls import reverse
from pypdf import PdfReader

from connecting_people.accounts.actions import do_create_user
from connecting_people.guide.actions import do_save_site_rating
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
from connecting_people.guide.models import Draft, SelfRating
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


def test_procedure_provenance_is_kept_inside_and_anonymised_outside(cast: Cast) -> None:
    objects = guide_with_drafts(cast)
    procedure = document_of(objects["draft"]).procedures[0]
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
    # And standalone, as its own PDF: the procedures, none of the guide's sections.

    alone = render(document_of(objects["draft"]), ["gold"])["gold"]
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(alone)).pages)
    assert "the gold-standard organisation" in text and "Every new member is welcomed at the door" in text
    assert "In practice" not in text and "Moorside" not in text


def test_self_assessment_gap_and_tailored_guide(cast: Cast) -> None:
    objects = guide_with_drafts(cast)
    manager = cast.client("manager")
    build = objects["component"]
    welcome = objects["guide"].version.components.get(key="get-to-know-worker")
    response = manager.post(reverse("guide:self_assessment"), {f"c{build.pk}": "2", f"c{welcome.pk}": "5"})
    assert response.status_code == 302
    assert SelfRating.objects.filter(organisation=cast.orgs["harbourside"]).count() == 2
    page = manager.get(reverse("guide:self_assessment")).content.decode()
    assert "2 of 28 rated" in page and "3.00 below" in page and "<svg" in page
    bad = manager.post(reverse("guide:self_assessment"), {f"c{build.pk}": "9"})
    assert "“Build a relationship”: choose a rating from the scale." in bad.content.decode()
    assert SelfRating.objects.get(component=build).score == 2  # the bad value changed nothing
    tailored = manager.get(reverse("guide:tailored")).content.decode()
    keep, grow, rest = (tailored.index(h) for h in ("Keep doing", "Where to grow", "Everything else"))
    assert keep < grow < rest
    assert tailored.index("Get to know the worker") < grow  # rated 5: a strength
    section = tailored[grow:rest]
    assert "Build a relationship" in section and "3.00 below the gold standard" in section
    assert "Every new member is welcomed at the door" in section  # the gold-standard procedure
    assert "We always meet at the same time each week" in section  # the tip
    pdf = manager.get(reverse("guide:tailored") + "?format=pdf")
    assert (
        pdf["Content-Type"] == "application/pdf"
        and "guide-for-harbourside-connections.pdf" in pdf["Content-Disposition"]
    )
    assert_tagged(pdf.content, "The guide for Harbourside Connections")

    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert (
        text.index("Keep doing") < text.index("Where to grow")
        and "Every new member is welcomed at the door" in text
    )
    assert cast.client("worker").get(reverse("guide:tailored")).status_code == 403
    assert cast.client("other_manager").get(reverse("guide:self_assessment")).status_code == 200
    assert (
        "2 of 28" not in cast.client("other_manager").get(reverse("guide:self_assessment")).content.decode()
    )


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
