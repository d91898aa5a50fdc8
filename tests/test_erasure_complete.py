"""Erasure complete by construction (issue 12, findings 1 and 2): every audit entry about a person carries
their subject when written, so entries about rows deleted long before are erased too; and nothing readable is
left in the database's pages afterwards: PostgreSQL's heap, indexes and TOAST read with pageinspect, and
SQLite's database image read raw."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import subprocess
from pathlib import Path

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from connecting_people.accounts.models import Organisation
from connecting_people.audit import log
from connecting_people.audit.models import AuditEntry, SubjectKey
from connecting_people.practice import disk
from connecting_people.practice.models import MapMember, NetworkMap, Person, person_subject
from connecting_people.practice.rights import do_erase_person

from .checkout import CPI, ROOT, checkout_env
from .conftest import Cast

# Long and hard to compress, so PostgreSQL keeps it out of line, in the table's TOAST relation.
LONG_NOTE = "Philomena Quennell rang twice about the allotment. " + " ".join(
    hashlib.sha256(str(n).encode()).hexdigest() for n in range(120)
)
SECRETS = [
    b"Philomena",
    b"Quennell",
    b"Alys Penrose",
    b"Aunt Bea",
    b"PRIVATE: seemed low",
    b"I want to sing with other people again",
    b"choir timetable",
]


def toast_of(table: str) -> bytes:
    """The raw pages of a PostgreSQL table's TOAST relation."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT get_raw_page(t.reltoastrelid::regclass::text, g::bigint) FROM pg_class t,
                          generate_series(0, pg_relation_size(t.reltoastrelid) / \
current_setting('block_size')::int - 1) g
                          WHERE t.oid = %s::regclass""",
            [table],
        )
        return b"".join(bytes(row[0]) for row in cursor.fetchall())


def raw_database() -> bytes:
    """Every byte of every page the database holds, dead rows and free space included."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        return connection.connection.serialize()
    chunks = []
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
        cursor.execute("""
            SELECT c.oid::regclass::text, pg_relation_size(c.oid) / current_setting('block_size')::int
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'i', 't')
              AND (n.nspname = 'public' OR c.oid IN (SELECT reltoastrelid FROM pg_class t JOIN pg_namespace tn
                                                     ON tn.oid = t.relnamespace WHERE tn.nspname = 'public')
                   OR c.oid IN (SELECT indexrelid FROM pg_index WHERE indrelid IN (
                       SELECT reltoastrelid FROM pg_class t JOIN pg_namespace tn ON tn.oid = t.relnamespace
                       WHERE tn.nspname = 'public')))""")
        relations = cursor.fetchall()
        assert any(name.startswith("pg_toast.") for name, _ in relations)
        for name, blocks in relations:
            cursor.execute(
                "SELECT get_raw_page(%s::text, g::bigint) FROM generate_series(0, %s::int - 1) g",
                [name, blocks],
            )
            chunks.extend(bytes(row[0]) for row in cursor.fetchall())
    return b"".join(chunks)


def dead_rows_with(table: str, secret: bytes) -> int:
    """pageinspect's view of a PostgreSQL table: row versions, live or dead, whose bytes hold the secret."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
        cursor.execute("SELECT pg_relation_size(%s::regclass) / current_setting('block_size')::int", [table])
        blocks = cursor.fetchone()[0]
        cursor.execute(
            """SELECT count(*) FROM generate_series(0, %s::int - 1) g,
                          LATERAL heap_page_items(get_raw_page(%s::text, g::bigint))
                          WHERE position(%s::bytea in t_data) > 0""",
            [blocks, table, secret],
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_erasure_reaches_entries_about_rows_deleted_long_before(cast: Cast) -> None:
    person, network_map = cast.people["HAR-1"], cast.practice["map"]
    worker = cast.client("worker")
    worker.post(
        reverse("practice:member_new", args=[network_map.pk]),
        {
            "new-label": "Philomena Quennell",
            "new-kind": "person",
            "new-relationship": "friend",
            "new-circle": "2",
            "new-frequency": "weekly",
            "new-quality": "strong",
        },
    )
    member = MapMember.objects.get(map=network_map, label="Philomena Quennell")
    worker.post(
        reverse("practice:member", args=[member.pk]),
        {
            "label": "Philomena Quennell",
            "kind": "person",
            "relationship": "friend",
            "circle": "1",
            "frequency": "weekly",
            "quality": "strong",
        },
    )
    worker.post(reverse("practice:member_delete", args=[member.pk]))
    assert not MapMember.objects.filter(pk=member.pk).exists()
    session = cast.practice["session"]
    worker.post(
        reverse("practice:session", args=[session.pk]),
        {"date": "02/11/2026", "status": "held", "minutes": "60", "shared_notes": LONG_NOTE},
    )
    session.refresh_from_db()
    assert session.shared_notes == LONG_NOTE.strip()

    about_member = AuditEntry.objects.filter(object_type="practice.mapmember", object_id=str(member.pk))
    assert about_member.count() == 3  # created, changed, deleted: all written with the person's subject
    assert set(about_member.values_list("subject", flat=True)) == {person_subject(person.pk)}
    assert all("Philomena" not in entry.object_repr for entry in about_member)
    assert all(changes for _, changes in log.opened(about_member))  # readable before erasure
    if connection.vendor == "postgresql":
        assert dead_rows_with("practice_mapmember", b"Philomena") > 0  # the deleted row is still on its page
        assert b"Philomena" in toast_of("practice_session")
    assert b"Philomena" in raw_database()

    cast.client("manager").post(reverse("practice:person_erase", args=[person.pk]), {"confirm": "HAR-1"})
    assert not Person.objects.filter(pk=person.pk).exists()
    assert not SubjectKey.objects.filter(subject=person_subject(person.pk)).exists()
    assert [changes for _, changes in log.opened(about_member)] == [None] * about_member.count()
    if connection.vendor == "postgresql":
        for table in ("practice_person", "practice_mapmember", "practice_session", "audit_auditentry"):
            assert dead_rows_with(table, b"Philomena") + dead_rows_with(table, b"Alys Penrose") == 0, table
    raw = raw_database()
    assert [secret for secret in SECRETS if secret in raw] == []
    assert b"Bryn Carew" in raw  # another person's record is untouched: the search can find what is there


@pytest.mark.django_db(transaction=True)
def test_sqlite_erasure_leaves_no_deleted_text_that_secure_delete_never_saw(cast: Cast) -> None:
    """A database written before secure_delete was on (an older file, a restored backup) keeps deleted
    rows in its free space, beyond the reach of any later deletion; the erasure rebuilds the file, so none
    of them is left after it."""
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL rewrites the tables that held people's data, tested above")
    person = cast.people["HAR-2"]
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA secure_delete = OFF")
        worker, network_map = cast.client("worker"), cast.practice["map"]  # another person's map
        worker.post(
            reverse("practice:member_new", args=[network_map.pk]),
            {"new-label": "Wilhelmina Quartermaine", "new-kind": "person", "new-relationship": "friend"}
            | {"new-circle": "2", "new-frequency": "weekly", "new-quality": "strong"},
        )
        member = MapMember.objects.get(map=network_map, label="Wilhelmina Quartermaine")
        worker.post(reverse("practice:member_delete", args=[member.pk]))
        cursor.execute("PRAGMA secure_delete = ON")
    assert b"Wilhelmina Quartermaine" in raw_database()  # the deleted row, left in the page's free space
    do_erase_person(None, person)
    raw = raw_database()
    assert b"Wilhelmina" not in raw and b"Bryn Carew" not in raw


@pytest.mark.parametrize(
    "value, message", [("", "needs CPI_MASTER_KEY"), ("c2hvcnQ=", "must be 32 random bytes")]
)
def test_production_refuses_without_a_proper_master_key(tmp_path: Path, value: str, message: str) -> None:
    env = checkout_env(
        without=("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"),
        CPI_PRODUCTION="1",
        SECRET_KEY="k" * 20 + "Zq8-wT3_vN5xR7yB2mC4hJ6pL9sD1fG0aE" + "u" * 10,
        CPI_ALLOWED_HOSTS="cpi.example.org",
        CPI_VAR_DIR=str(tmp_path),
        CPI_MASTER_KEY=value,
    )
    result = subprocess.run(
        [CPI, "check"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0 and message in result.stderr
    assert not (tmp_path / "master_key").exists()  # production never makes one of its own


@pytest.mark.django_db(transaction=True)
def test_entries_written_before_this_release_are_found_and_sealed_on_upgrade() -> None:
    """The upgrade gives old entries their person, even for a map member deleted long before, through the
    entries of the map it hung on; it seals their values and replaces names in descriptions."""
    organisation = Organisation.objects.create(name="Upgraded", sector="third_sector", region="london")
    person = Person.objects.create(
        reference="UPG-1", full_name="Philomena Quennell", organisation=organisation
    )
    network_map = NetworkMap.objects.create(person=person, drawn_on=dt.date(2026, 1, 5))
    call_command("migrate", "audit", "0001", verbosity=0)
    try:
        old = MigrationExecutor(connection).loader.project_state([("audit", "0001_initial")]).apps
        legacy = old.get_model("audit", "AuditEntry")
        legacy.objects.bulk_create(
            [
                legacy(
                    actor_label="worker (Worker)",
                    action="create",
                    object_type="practice.person",
                    object_id=str(person.pk),
                    object_repr="UPG-1",
                    changes={"full_name": [None, "Philomena Quennell"]},
                ),
                legacy(
                    actor_label="worker (Worker)",
                    action="create",
                    object_type="practice.networkmap",
                    object_id="4242",
                    object_repr="Map of 05/01/2026",
                    changes={"person": [None, str(person.pk)]},
                ),
                legacy(
                    actor_label="worker (Worker)",
                    action="delete",
                    object_type="practice.mapmember",
                    object_id="777",
                    object_repr="Ottoline Brabazon",
                    changes={"map": ["4242", None], "label": ["Ottoline Brabazon", None]},
                ),
                legacy(
                    actor_label="worker (Worker)",
                    action="create",
                    object_type="practice.mapmember",
                    object_id="778",
                    object_repr="Dilys",
                    changes={"map": [None, str(network_map.pk)], "label": [None, "Dilys"]},
                ),
                # What the old erasure missed: a member deleted before its person (since erased) was erased.
                legacy(
                    actor_label="worker (Worker)",
                    action="create",
                    object_type="practice.networkmap",
                    object_id="5151",
                    object_repr="Map of 05/01/2025",
                    changes={"person": [None, "98765"]},
                ),
                legacy(
                    actor_label="worker (Worker)",
                    action="delete",
                    object_type="practice.mapmember",
                    object_id="779",
                    object_repr="Euphemia Garside",
                    changes={"map": ["5151", None], "label": ["Euphemia Garside", None]},
                ),
            ]
        )
    finally:
        call_command("migrate", "audit", verbosity=0)
    entries = list(AuditEntry.objects.order_by("id"))
    erased_before = entries[4:]
    assert [e.subject for e in erased_before] == [person_subject(98765)] * 2
    assert all(e.changes == {} and not e.sealed and e.fields for e in erased_before)
    assert not SubjectKey.objects.filter(subject=person_subject(98765)).exists()
    entries = entries[:4]
    assert {e.subject for e in entries} == {person_subject(person.pk)}
    assert all(e.changes == {} and e.sealed and e.fields for e in entries)
    assert [e.object_repr for e in entries] == ["UPG-1", "Map of 05/01/2026", "member 777", "member 778"]
    assert dict(log.opened(entries))[entries[2]] == {
        "map": ["4242", None],
        "label": ["Ottoline Brabazon", None],
    }
    if connection.vendor == "postgresql":
        assert dead_rows_with("audit_auditentry", b"Ottoline") == 0  # the upgrade rewrote the table
    do_erase_person(None, person)
    assert all(
        changes is None
        for _, changes in log.opened(AuditEntry.objects.filter(subject=person_subject(person.pk)))
    )
    raw = raw_database()
    assert b"Ottoline" not in raw and b"Philomena" not in raw and b"Euphemia" not in raw


@pytest.mark.django_db(transaction=True)
def test_an_older_open_transaction_delays_the_rewrite_and_compact_finishes_it(
    cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL keeps a deleted row that an older transaction may still see, even through VACUUM FULL: the
    erasure waits for such transactions, says so when they outlast the wait, and `cpi practice compact` ends
    it."""
    monkeypatch.setattr(disk, "WAIT_SECONDS", 0.5)
    person = cast.people["HAR-2"]
    older = None
    if connection.vendor == "postgresql":
        older = psycopg.connect(**connection.get_connection_params())  # another client, mid-transaction
        older.execute("SELECT pg_current_xact_id()")
    page = (
        cast.client("manager")
        .post(reverse("practice:person_erase", args=[person.pk]), {"confirm": "HAR-2"}, follow=True)
        .content.decode()
    )
    assert "HAR-2 has been erased" in page
    if older is not None:
        assert "run `cpi practice compact`" in page
        assert dead_rows_with("practice_person", b"Bryn Carew") == 1  # kept for the older transaction
        older.close()
    else:
        assert "cpi practice compact" not in page
    out = io.StringIO()
    call_command("practice", "compact", stdout=out)
    assert "no deleted row of people's data remains" in out.getvalue()
    assert b"Bryn Carew" not in raw_database()
