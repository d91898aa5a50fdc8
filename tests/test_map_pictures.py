"""Maps as pictures and the person's own view (issue 14, findings 3, 4, 7 and 8): the comparison draws
both maps and marks who is new, gone, closer and further; labels keep clear of the middle and of each
other; the person reads plain words and a chart of their circles, never the research measures, under a
title without the staff reference; their steps stay in place when ticked; and the forms ask one question
about paid professionals, offer a date picker and list components in the model's order."""

from __future__ import annotations

import datetime as dt
import importlib
import re

from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from connecting_people.interventions.parts import PART_ORDER
from connecting_people.practice.actions import do_save_action
from connecting_people.practice.map_drawing import (
    FONT_SIZE,
    ME,
    SIZE,
    Box,
    draw,
    place_label,
    short_label,
    text_width,
)
from connecting_people.practice.map_forms import MemberForm
from connecting_people.practice.maps import do_new_map, do_remove_member, do_save_member
from connecting_people.practice.models import GoalAction, MapMember, NetworkMap
from connecting_people.practice.page import steps_done_sentence
from connecting_people.practice.work_forms import SessionForm

from .conftest import Cast

RESEARCH_WORDS = ("Effective size", "Density", "share of pairs", "How many know each other", "Measures")


def two_maps(cast: Cast) -> tuple[NetworkMap, NetworkMap, dict[str, str]]:
    """A constructed pair: Ann moves closer, Ben further, Cat stays, Dev goes and Eve comes."""
    person, worker = cast.people["HAR-2"], cast.users["manager"]
    before = do_new_map(worker, person, dt.date(2026, 5, 1))
    for label, circle in [("Ann", 2), ("Ben", 1), ("Cat", 3), ("Dev", 2)]:
        do_save_member(worker, MapMember(map=before, label=label, relationship="friend", circle=circle))
    after = do_new_map(worker, person, dt.date(2026, 9, 1))
    members = {m.label: m for m in after.members.all()}
    for label, circle in [("Ann", 1), ("Ben", 3)]:
        members[label].circle = circle
        do_save_member(worker, members[label])
    do_remove_member(worker, members["Dev"])
    do_save_member(worker, MapMember(map=after, label="Eve", relationship="paid", circle=2))
    keys = {m.label: str(m.key) for m in [*before.members.all(), *after.members.all()]}
    return before, after, keys


def marks_in(svg: str) -> dict[str, str]:
    """Member key -> the mark drawn on it, read from the drawing."""
    return dict(re.findall(r'data-key="([^"]+)" data-circle="\d+" data-mark="([a-z]+)"', svg))


def figures(page: str) -> list[str]:
    return re.findall(r"<svg .*?</svg>", page, flags=re.S)


def test_the_comparison_draws_both_maps_and_marks_what_changed(cast: Cast) -> None:
    _before, after, keys = two_maps(cast)
    page = cast.client("worker").get(reverse("practice:map_compare", args=[after.pk]))
    assert page.status_code == 404  # HAR-2 is not the worker's
    page = cast.client("manager").get(reverse("practice:map_compare", args=[after.pk])).content.decode()
    drawn_before, drawn_after = figures(page)[-2:]
    assert marks_in(drawn_before) == {keys["Dev"]: "lost"}
    # Staff read about the person, never "your map".
    assert "1 person or place moved closer to the person: Ann." in page
    assert "1 person or place is no longer on the map: Dev." in page and "your map" not in page.lower()
    assert marks_in(drawn_after) == {keys["Ann"]: "closer", keys["Ben"]: "further", keys["Eve"]: "new"}
    # Each drawing is an image with its own title and description, and the marks are named in words.
    assert 'aria-labelledby="before-title before-desc"' in drawn_before
    assert 'aria-labelledby="after-title after-desc"' in drawn_after
    assert "Dev: friend, circle 2, every month, strong tie; no longer on the map" in drawn_before
    assert "Ann: friend, circle 1, every month, strong tie; closer now" in drawn_after
    assert (
        "Eve: paid professional or service, circle 2" in drawn_after and "a service; new since" in drawn_after
    )
    # The legend shows each mark with its words, and the table gives the same changes.
    legend = page[
        page.index('<ul class="map-legend"') : page.index("</ul>", page.index('<ul class="map-legend"'))
    ]
    for words in ("New since the map before", "No longer on the map", "Closer now", "Further away now"):
        assert words in legend
    table = page[page.index('<table class="map-changes">') :]
    rows = re.findall(
        r'<tr><th scope="row">(\w+)</th><td>([^<]+)</td><td>([^<]+)</td><td>([^<]+)</td></tr>', table
    )
    assert rows == [
        ("Eve", "New", "—", "2"),
        ("Ann", "Closer", "2", "1"),
        ("Ben", "Further away", "1", "3"),
        ("Dev", "No longer on the map", "2", "—"),
    ]
    assert "Effective size" in page and "Density" in page  # staff still read the measures


def test_labels_keep_clear_of_the_middle_and_of_each_other(cast: Cast) -> None:
    person, worker = cast.people["HAR-2"], cast.users["manager"]
    network_map = do_new_map(worker, person, dt.date(2026, 5, 1))
    names = ["Cousin Dee", "Sunita (CPN)", "Maz from the garden", "Garden group", "Neighbour upstairs", "Mum"]
    for i, name in enumerate(names):
        do_save_member(
            worker, MapMember(map=network_map, label=name, relationship="family", circle=1 + i % 2)
        )
    svg = draw(network_map, list(network_map.members.all()))
    assert f'viewBox="0 0 {SIZE} {SIZE}"' in svg and 'class="network-map"' in svg
    boxes = []
    for x, y, anchor, text in re.findall(
        r'<text x="([\d.]+)" y="([\d.]+)" text-anchor="(\w+)" font-size="'
        + str(FONT_SIZE)
        + r'" fill="#1b2628"[^>]*>([^<]+)</text>',
        svg,
    ):
        width = text_width(text)
        left = {"middle": float(x) - width / 2, "start": float(x), "end": float(x) - width}[anchor]
        boxes.append(Box(left, float(y) - FONT_SIZE, left + width, float(y) + 4))
    assert len(boxes) == len(names)
    middle = Box(SIZE / 2 - ME, SIZE / 2 - ME, SIZE / 2 + ME, SIZE / 2 + ME)
    assert all(box.overlap(middle) == 0 for box in boxes)
    assert all(a.overlap(b) == 0 for i, a in enumerate(boxes) for b in boxes[i + 1 :])
    assert all(box.left >= 0 and box.top >= 0 and box.right <= SIZE and box.bottom <= SIZE for box in boxes)
    # A label whose first place would cover the middle goes elsewhere.
    spot = place_label(SIZE / 2, SIZE / 2 - 60, "Cousin Dee", [middle])
    assert spot.box.overlap(middle) == 0


def test_the_steps_done_are_said_as_the_person_would_say_them() -> None:
    assert [steps_done_sentence(done, steps) for done, steps in [(0, 1), (1, 1), (0, 3), (2, 3), (3, 3)]] == [
        "You have one step of your own to do.",
        "You have done your one step.",
        "You have 3 steps of your own to do.",
        "You have done 2 of your 3 steps.",
        "You have done all 3 of your steps.",
    ]


def test_the_person_reads_plain_words_and_never_the_measures(cast: Cast) -> None:
    person = cast.people["HAR-1"]
    network_map = cast.practice["map"]
    me, worker = cast.client("individual"), cast.client("worker")
    aunt = network_map.members.get()
    aunt.circle = 2
    do_save_member(cast.users["worker"], aunt)
    own = {
        "record": me.get(reverse("practice:person", args=[person.pk])).content.decode(),
        "map": me.get(reverse("practice:map", args=[network_map.pk])).content.decode(),
        "comparison": me.get(reverse("practice:map_compare", args=[network_map.pk])).content.decode(),
    }
    for name, page in own.items():
        for words in RESEARCH_WORDS:
            assert words not in page, f"{words!r} on the person's {name} page"
        assert person.reference not in page, f"the staff reference on the person's {name} page"
    assert (
        "<title>My plan · Connecting People</title>" in own["record"] and "<h1>My plan</h1>" in own["record"]
    )
    # Their page opens with what changed and what they have done, in words.
    news = own["record"][own["record"].index('<h2 id="news-heading">In short</h2>') :]
    news = news[: news.index("</section>")]
    assert (
        "1 person or place is further away now: Aunt Bea." in news
        and "You have one step of your own to do." in news
    )
    assert "1 person or place is further away now: Aunt Bea." in own["map"]
    assert "1 person or place is further away now: Aunt Bea." in own["comparison"]
    # The chart of their circles, with the same counts as a table.
    assert '<title id="circles-title">How your circles changed</title>' in own["record"]
    assert "1 June 2026: 1 in circle 1, 0 in circle 2, 0 in circle 3." in own["record"]
    table = own["record"][own["record"].index("The same as a table") :]
    assert re.search(r"<th scope=\"row\">1 November 2026</th><td>0</td><td>1</td><td>0</td>", table)
    staff = {
        "map": worker.get(reverse("practice:map", args=[network_map.pk])).content.decode(),
        "comparison": worker.get(reverse("practice:map_compare", args=[network_map.pk])).content.decode(),
    }
    assert "Effective size" in staff["map"] and "How many know each other" in staff["map"]
    assert "Density" in staff["comparison"] and "Effective size" in staff["comparison"]
    record = worker.get(reverse("practice:person", args=[person.pk])).content.decode()
    assert person.reference in record


def test_the_persons_steps_look_different_from_the_workers_and_stay_in_place(cast: Cast) -> None:
    person, goal = cast.people["HAR-1"], cast.practice["goal"]
    do_save_action(
        cast.users["worker"],
        GoalAction(goal=goal, description="Buy a songbook", owner="person", due_on=dt.date(2026, 12, 1)),
    )
    me = cast.client("individual")
    url = reverse("practice:person", args=[person.pk])

    def steps() -> list[str]:
        return re.findall(
            r'<li class="step[^"]*" id="step-\d+">.*?<span class="step-text">([^<]+?)\s*<',
            me.get(url).content.decode(),
            flags=re.S,
        )

    order = steps()
    assert order == ["Buy a songbook", "Go to the choir taster", "Phone the choir leader"]
    page = me.get(url).content.decode()
    mine, theirs = cast.practice["person_action"], cast.practice["worker_action"]
    own_step = page[page.index(f'id="step-{mine.pk}"') :]
    assert own_step.index('<button type="submit" class="tick" aria-pressed="false"') < own_step.index("</li>")
    assert "Your step" in own_step[: own_step.index("</li>")]
    worker_step = page[page.index(f'id="step-{theirs.pk}"') :]
    worker_step = worker_step[: worker_step.index("</li>")]
    assert (
        '<span class="tick tick-theirs" aria-hidden="true">' in worker_step and "<button" not in worker_step
    )
    assert "Your worker’s step" in worker_step
    response = me.post(reverse("practice:action_toggle", args=[mine.pk]))
    assert response["Location"] == f"{url}#step-{mine.pk}"
    assert steps() == order  # ticked, and still where it was
    ticked = me.get(url).content.decode()
    ticked = ticked[ticked.index(f'id="step-{mine.pk}"') :]
    assert (
        'aria-pressed="true"' in ticked[: ticked.index("</li>")] and "Done" in ticked[: ticked.index("</li>")]
    )


def test_session_form_has_a_date_picker_the_models_order_and_marked_private_reflections(cast: Cast) -> None:
    person = cast.people["HAR-1"]
    page = cast.client("worker").get(reverse("practice:session_new", args=[person.pk])).content.decode()
    today = timezone.localdate().isoformat()
    assert re.search(rf'<input type="date" name="date" value="{today}"', page)
    assert (
        "Private reflections (staff only)" in page
        and 'class="private-field"' in page
        and "Staff only" in page
    )
    parts = [c.part for c in SessionForm(instance=person.sessions.first()).fields["components"].queryset]  # type: ignore[attr-defined]
    assert parts == sorted(parts, key=PART_ORDER.index) and parts[0] == "prerequisites"
    labels = re.findall(
        r'<label class="checkbox"><input type="checkbox" name="components"[^>]*> ([^<]+)</label>', page
    )
    assert labels[0].startswith("Pre-requisites ·") and labels[-1].startswith("Outcomes ·")
    # Both ways of writing a date are taken: the picker's ISO value and dd/mm/yyyy typed in a text box.
    for typed in ("2026-11-20", "21/11/2026"):
        response = cast.client("worker").post(
            reverse("practice:session_new", args=[person.pk]), {"date": typed, "status": "held"}
        )
        assert response.status_code == 302
    assert person.sessions.filter(date__in=[dt.date(2026, 11, 20), dt.date(2026, 11, 21)]).count() == 2


def test_a_paid_professional_is_asked_about_once(cast: Cast) -> None:
    form = MemberForm(circles=3)
    assert "is_service" not in form.fields
    assert [value for value, _label in form.fields["kind"].choices] == ["person", "group", "place"]  # type: ignore[attr-defined]
    assert ("paid", "Paid professional or service") in form.fields["relationship"].choices  # type: ignore[attr-defined]
    # The migration makes the three old answers one: any of them made someone a professional or service.
    network_map = cast.practice["map"]
    rows = {
        "by kind": dict(kind="professional", relationship="friend", is_service=False),
        "by tick": dict(kind="place", relationship="other", is_service=True),
        "by relationship": dict(kind="person", relationship="paid", is_service=False),
        "not one": dict(kind="group", relationship="group_member", is_service=False),
    }
    for label, fields in rows.items():
        member = do_save_member(None, MapMember(map=network_map, label=label))
        MapMember.objects.filter(pk=member.pk).update(**fields)  # as rows written before stood
    migration = importlib.import_module("connecting_people.practice.migrations.0007_one_service_question")
    migration.one_answer(apps, None)
    after = {m.label: (m.kind, m.relationship, m.is_service) for m in network_map.members.all()}
    assert after["by kind"] == ("person", "paid", True)
    assert after["by tick"] == ("place", "paid", True)
    assert after["by relationship"] == ("person", "paid", True)
    assert after["not one"] == ("group", "group_member", False)


def test_a_long_name_is_shortened_at_a_word_not_cut_mid_word() -> None:
    """The drawing's label; the whole name stays in the marker's title and the table beside it."""
    assert short_label("Aunt Bea", 22) == "Aunt Bea"
    assert short_label("Canalside Café (fictitious)", 24) == "Canalside Café"  # the aside goes first
    assert short_label("Eastgate Community Mental Health Team (fictitious)", 24) == "Eastgate Community…"
    assert short_label("Supercalifragilisticexpialidocious", 12) == "Supercalifr…"  # one word too long
    assert all(len(short_label("word " * n, 22)) <= 22 for n in range(1, 12))
