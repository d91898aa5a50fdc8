"""Network maps: measures checked against NetworkX, carry-forward, comparison against a worked
example with a plain-language summary, network types from editable rules, and co-production."""

from __future__ import annotations

import datetime as dt
import io
from io import StringIO

import networkx as nx
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from connecting_people.practice.maps import all_measures, do_new_map, do_save_member, snapshot
from connecting_people.practice.models import MapMember, MapTie, NetworkMap
from connecting_people.practice.network import Alter, Snapshot, compare, graph, measures, network_type

from .conftest import Cast


@settings(max_examples=60, deadline=None)
@given(
    st.integers(min_value=1, max_value=25).flatmap(
        lambda n: st.tuples(
            st.just(n), st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=60)
        )
    )
)
def test_measures_match_networkx(case: tuple[int, list[tuple[int, int]]]) -> None:
    n, pairs = case
    alters = tuple(
        Alter(f"a{i}", f"A{i}", "friend" if i % 3 else "family", 1 + i % 3, is_service=i % 4 == 0)
        for i in range(n)
    )
    snap = Snapshot(alters, tuple((f"a{a}", f"a{b}") for a, b in pairs))
    m = measures(snap)
    g = graph(snap)
    alters_only = g.subgraph([a.key for a in alters])
    assert m.size == n and (
        m.density is None if n < 2 else m.density == pytest.approx(nx.density(alters_only))
    )
    assert m.effective_size == pytest.approx(nx.effective_size(g)["ego"])


def _snapshot(*rows: tuple[str, str, int, str]) -> Snapshot:
    return Snapshot(
        tuple(
            Alter(key, key.title(), relationship, circle, relationship == "paid", frequency)
            for key, relationship, circle, frequency in rows
        )
    )


def test_comparison_against_a_worked_example() -> None:
    before = _snapshot(
        ("mum", "family", 1, "weekly"),
        ("gp", "paid", 2, "monthly"),
        ("jo", "friend", 3, "less"),
        ("nurse", "paid", 2, "weekly"),
    )
    after = _snapshot(
        ("mum", "family", 1, "weekly"),
        ("gp", "paid", 3, "less"),
        ("jo", "friend", 1, "weekly"),
        ("choir", "group_member", 2, "weekly"),
        ("sam", "friend", 2, "weekly"),
    )
    result = compare(before, after)
    assert [a.key for a in result.added] == ["choir", "sam"] and [a.key for a in result.lost] == ["nurse"]
    assert [a.key for _b, a in result.closer] == ["jo"] and [a.key for _b, a in result.further] == ["gp"]
    assert (result.before.size, result.after.size) == (4, 5)
    assert (result.before.beyond_services, result.after.beyond_services) == (2, 4)
    lines = result.summary()
    assert "You have 2 people or places on your map who were not there before: Choir, Sam." in lines
    assert "You now have 2 more people you see every week or more." in lines
    assert "1 person or place moved closer to you: Jo." in lines
    assert (
        "1 person or place is further away now: Gp." in lines
        and "1 person or place is no longer on your map: Nurse." in lines
    )
    assert compare(before, before).summary() == ["Your map looks much the same as last time."]
    to_staff = result.summary(to_the_person=False)
    assert to_staff[:2] == [
        "2 people or places on the map were not there before: Choir, Sam.",
        "1 person or place moved closer to the person: Jo.",
    ]
    assert "The person now has 2 more people they see every week or more." in to_staff
    assert "2 more of their connections are outside services." in to_staff
    assert compare(before, before).summary(to_the_person=False) == [
        "The map looks much the same as last time."
    ]


def test_network_types_come_from_editable_rules(tmp_path) -> None:  # type: ignore[no-untyped-def]
    small_services = measures(
        _snapshot(("gp", "paid", 1, "weekly"), ("nurse", "paid", 2, "weekly"), ("mum", "family", 1, "daily"))
    )
    assert network_type(small_services)["key"] == "mostly_services"
    rules = tmp_path / "types.yaml"
    rules.write_text("- key: anything\n  label: Our own words\n  when: {}\n")
    assert network_type(small_services, str(rules))["label"] == "Our own words"


def test_a_new_map_carries_everyone_forward(cast: Cast) -> None:
    person, worker = cast.people["HAR-2"], cast.users["manager"]
    first = do_new_map(worker, person, dt.date(2026, 3, 1))
    mum = do_save_member(worker, MapMember(map=first, label="Mum", relationship="family", circle=1))
    do_save_member(worker, MapMember(map=first, label="Dr Rees", relationship="paid", circle=9))
    rees = MapMember.objects.get(map=first, label="Dr Rees")
    assert rees.circle == 3  # kept inside the map's circles
    assert rees.is_service and not mum.is_service  # a paid professional or service, from the relationship
    second = do_new_map(worker, person, dt.date(2026, 9, 1))
    assert second.based_on == first
    assert sorted((m.label, str(m.key)) for m in second.members.all()) == sorted(
        (m.label, str(m.key)) for m in first.members.all()
    )
    moved = second.members.get(key=mum.key)
    moved.circle = 2
    do_save_member(worker, moved)
    assert first.members.get(key=mum.key).circle == 1  # the earlier snapshot is untouched
    result = compare(snapshot(first), snapshot(second))
    assert [a.label for _b, a in result.further] == ["Mum"]


def test_worker_and_person_build_and_compare_a_map_in_the_web(cast: Cast) -> None:
    worker, me = cast.client("worker"), cast.client("individual")
    person = cast.people["HAR-1"]
    response = worker.post(
        reverse("practice:map_new", args=[person.pk]), {"drawn_on": "01/12/2026", "circles": "3"}
    )
    first = NetworkMap.objects.get(person=person, drawn_on="2026-12-01")
    assert response["Location"] == reverse("practice:map", args=[first.pk])
    worker.post(
        reverse("practice:member_new", args=[first.pk]),
        {
            "new-label": "Dr Rees",
            "new-kind": "person",
            "new-relationship": "paid",
            "new-circle": "2",
            "new-frequency": "monthly",
            "new-quality": "weak",
        },
    )
    # The person adds to their own map.
    me.post(
        reverse("practice:member_new", args=[first.pk]),
        {
            "new-label": "Pottery class",
            "new-kind": "group",
            "new-relationship": "group_member",
            "new-circle": "3",
            "new-frequency": "weekly",
            "new-quality": "strong",
            "new-support_received": ["companionship"],
        },
    )
    assert sorted(first.members.values_list("label", flat=True)) == ["Aunt Bea", "Dr Rees", "Pottery class"]
    me.post(reverse("practice:map_new", args=[person.pk]), {"drawn_on": "01/02/2027", "circles": "3"})
    second = NetworkMap.objects.get(person=person, drawn_on="2027-02-01")
    pottery = second.members.get(label="Pottery class")
    me.post(
        reverse("practice:member", args=[pottery.pk]),
        {
            "label": "Pottery class",
            "kind": "group",
            "relationship": "group_member",
            "circle": "1",
            "frequency": "weekly",
            "quality": "strong",
        },
    )
    page = me.get(reverse("practice:map_compare", args=[second.pk])).content.decode()
    assert "1 person or place moved closer to you: Pottery class." in page
    drawing = me.get(reverse("practice:map", args=[second.pk])).content.decode()
    assert 'class="network-map"' in drawing and "Pottery class" in drawing
    assert cast.client("other_worker").get(reverse("practice:map", args=[second.pk])).status_code == 404


def test_maps_export_to_csv_and_graphml_and_import_back(cast: Cast, tmp_path) -> None:  # type: ignore[no-untyped-def]

    person, worker = cast.people["HAR-1"], cast.users["worker"]
    latest = cast.practice["map"]
    friend = do_save_member(
        worker,
        MapMember(
            map=latest,
            label="Maz",
            relationship="friend",
            circle=2,
            frequency="weekly",
            support_received=["companionship"],
        ),
    )
    MapTie.objects.create(map=latest, a=latest.members.get(label="Aunt Bea"), b=friend)
    out = tmp_path / "maps"
    call_command("practice", "export-maps", "HAR-1", "--out", str(out), stdout=StringIO())
    alters = (out / "alters.csv").read_text()
    assert (
        "Aunt Bea" not in alters and "Maz" not in alters and "friend 1" in alters
    )  # pseudonymised by default
    named = tmp_path / "named"
    call_command("practice", "export-maps", "HAR-1", "--out", str(named), "--with-names", stdout=StringIO())
    call_command("practice", "import-maps", "HAR-2", str(named), stdout=StringIO())
    copy = NetworkMap.objects.filter(person=cast.people["HAR-2"]).order_by("-drawn_on").first()
    assert sorted(m.label for m in copy.members.all()) == ["Aunt Bea", "Maz"] and copy.ties.count() == 1
    assert compare(snapshot(latest), snapshot(copy)).summary() == [
        "Your map looks much the same as last time."
    ]
    call_command(
        "practice",
        "export-maps",
        "HAR-1",
        "--out",
        str(tmp_path / "g"),
        "--format",
        "graphml",
        stdout=StringIO(),
    )
    graphs = (tmp_path / "g" / "HAR-1-maps.graphml").read_text()
    g = nx.read_graphml(io_of(graphs.split("<graph ")[0] + "<graph " + graphs.split("<graph ")[-1]))
    assert (
        g.number_of_nodes() == 3 and g.number_of_edges() == 3
    )  # ego, two members; two ego ties and one between them
    named_alters = (named / "alters.csv").read_text()
    (named / "alters.csv").write_text(named_alters.replace(",2,", ",9,"))
    before = NetworkMap.objects.count()
    with pytest.raises(CommandError, match="circle 9 is outside 1-3"):
        call_command("practice", "import-maps", "HAR-2", str(named))
    # A NUL in a label (a damaged cell) is refused by its line; PostgreSQL could not store it.
    label_line = next(n for n, line in enumerate(named_alters.splitlines(), start=1) if ",2," in line)
    (named / "alters.csv").write_text(named_alters.replace(",2,", ",2,\x00", 1))
    with pytest.raises(CommandError, match=f"alters.csv line {label_line}: .* holds a NUL character"):
        call_command("practice", "import-maps", "HAR-2", str(named))
    assert NetworkMap.objects.count() == before
    _ = person


def test_map_files_edited_in_excel_and_saved_as_plain_csv_keep_their_accents(cast: Cast, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Someone opens the exported alters.csv in Excel, corrects a name to "Seán" and saves it as "CSV
    (Comma delimited)": Windows-1252 with CRLF."""
    named = tmp_path / "named"
    call_command("practice", "export-maps", "HAR-1", "--out", str(named), "--with-names", stdout=StringIO())
    for path in named.glob("*.csv"):
        text = path.read_text(encoding="utf-8-sig").replace("Aunt Bea", "Seán")
        path.write_bytes(text.replace("\r\n", "\n").replace("\n", "\r\n").encode("cp1252"))
    call_command("practice", "import-maps", "HAR-2", str(named), stdout=StringIO())
    copy = NetworkMap.objects.filter(person=cast.people["HAR-2"]).order_by("-drawn_on").first()
    assert [m.label for m in copy.members.all()] == ["Seán"]


def test_map_files_whose_rows_fit_no_map_or_repeat_are_refused_with_their_line(cast: Cast, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Excel rewrites an ego_id that reads as a date ("2026-06-01" as "01/06/2026") in the table it saved,
    not in the others; other tools name a tie's ends source and target, and list a tie both ways or
    twice. Rows that would be left out, or written twice, are refused by their line; the rest is read."""
    latest = cast.practice["map"]
    friend = do_save_member(
        cast.users["worker"], MapMember(map=latest, label="Maz", relationship="friend", circle=2)
    )
    MapTie.objects.create(map=latest, a=latest.members.get(label="Aunt Bea"), b=friend)
    folder = tmp_path / "maps"
    call_command("practice", "export-maps", "HAR-1", "--out", str(folder), "--with-names", stdout=StringIO())
    alters, edges = (folder / "alters.csv").read_text(), (folder / "edges.csv").read_text()
    before = NetworkMap.objects.count()

    def refused(message: str) -> None:
        with pytest.raises(CommandError, match=message):
            call_command("practice", "import-maps", "HAR-2", str(folder), stdout=StringIO())
        assert NetworkMap.objects.count() == before

    ego_id = alters.splitlines()[1].split(",")[0]
    (folder / "alters.csv").write_text(alters.replace(f"\n{ego_id},", "\n01/06/2026,", 1))
    refused("alters.csv line 2: ego_id '01/06/2026' is not in ego.csv")
    first_alter = alters.splitlines()[1]
    (folder / "alters.csv").write_text(alters + first_alter + "\n")
    refused(f"alters.csv line {len(alters.splitlines()) + 1}: alter_id .* is already on line 2")
    (folder / "alters.csv").write_text(alters)
    header, *ties = edges.splitlines()
    renamed = header.replace("from", "source").replace("to", "target")
    tie = ties[0].split(",")
    backwards = ",".join([tie[0], tie[2], tie[1], *tie[3:]])
    (folder / "edges.csv").write_text("\n".join([renamed, *ties, ties[0], backwards]) + "\n")
    call_command("practice", "import-maps", "HAR-2", str(folder), stdout=StringIO())
    copy = NetworkMap.objects.filter(person=cast.people["HAR-2"]).order_by("-drawn_on").first()
    assert copy.ties.count() == 1 and sorted(m.label for m in copy.members.all()) == ["Aunt Bea", "Maz"]


def io_of(text: str):  # type: ignore[no-untyped-def]

    return io.BytesIO(text.encode())


def test_streamed_measures_match_the_per_map_ones(cast: Cast) -> None:
    network_map = cast.practice["map"]
    do_save_member(
        cast.users["worker"],
        MapMember(map=network_map, label="Dr Rees", relationship="paid"),
    )
    streamed = dict(all_measures())
    assert streamed[network_map.pk] == measures(snapshot(network_map))
    assert set(streamed) == set(NetworkMap.objects.filter(members__isnull=False).values_list("id", flat=True))
