"""The full-text index as one table per kind of document, keyed by the document's id (on SQLite the
FTS5 rowid), so a document is replaced or removed by its key rather than by scanning the index; the
index is filled again from the sources and excerpts already held."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from connecting_people.fieldwork import search

TABLES = ["fieldwork_search_source", "fieldwork_search_excerpt"]


def sqlite(table: str) -> list[str]:
    return [
        f"CREATE VIRTUAL TABLE {table} USING fts5("
        "team_id UNINDEXED, body, tokenize = 'unicode61 remove_diacritics 0')"
    ]


def postgres(table: str) -> list[str]:
    return [
        f"CREATE TABLE {table} (obj_id bigint PRIMARY KEY, team_id bigint NOT NULL, body text NOT NULL, "
        "vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED)",
        f"CREATE INDEX {table}_vector ON {table} USING GIN (vector)",
    ]


def forwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    make = postgres if schema_editor.connection.vendor == "postgresql" else sqlite
    schema_editor.execute("DROP TABLE IF EXISTS fieldwork_fts")
    for table in TABLES:
        for statement in make(table):
            schema_editor.execute(statement)
    if schema_editor.connection.vendor == "postgresql":
        return  # 0020 makes these tables again, in the form today's index writes, and fills them
    search.rebuild(
        apps.get_model("fieldwork", "Source").objects.all(),
        apps.get_model("fieldwork", "Excerpt").objects.all(),
    )


def backwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    for table in TABLES:
        schema_editor.execute(f"DROP TABLE IF EXISTS {table}")
    # 0003's table, empty: `cpi fieldwork reindex` of that release fills it.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE TABLE fieldwork_fts (kind varchar(10) NOT NULL, obj_id bigint NOT NULL, "
            "team_id bigint NOT NULL, body text NOT NULL, "
            "vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED, PRIMARY KEY (kind, obj_id))"
        )
        schema_editor.execute("CREATE INDEX fieldwork_fts_vector ON fieldwork_fts USING GIN (vector)")
        schema_editor.execute("CREATE INDEX fieldwork_fts_team ON fieldwork_fts (team_id, kind)")
    else:
        schema_editor.execute(
            "CREATE VIRTUAL TABLE fieldwork_fts USING fts5(kind UNINDEXED, obj_id UNINDEXED, "
            "team_id UNINDEXED, body, tokenize = 'unicode61 remove_diacritics 0')"
        )


class Migration(migrations.Migration):
    dependencies = [("fieldwork", "0012_import_jobs")]
    operations = [migrations.RunPython(forwards, backwards)]
