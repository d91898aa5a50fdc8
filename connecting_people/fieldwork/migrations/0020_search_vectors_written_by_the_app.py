"""On PostgreSQL the index holds each document's tsvector as the app writes it (`search.postgres.document`)
rather than the document's words with a tsvector generated from them by the server's parser: the same
value for ordinary words, at a fifth of the server's time. The tables are made again and filled from
the sources and excerpts held. SQLite's index is unchanged."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from connecting_people.fieldwork import search

TABLES = ["fieldwork_search_source", "fieldwork_search_excerpt"]


def forwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TABLE {table}")
        schema_editor.execute(
            f"CREATE TABLE {table} (obj_id bigint PRIMARY KEY, team_id bigint NOT NULL, vector tsvector NOT NULL)"
        )
        schema_editor.execute(f"CREATE INDEX {table}_vector ON {table} USING GIN (vector)")
    search.rebuild(
        apps.get_model("fieldwork", "Source").objects.all(),
        apps.get_model("fieldwork", "Excerpt").objects.all(),
    )


def backwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    # 0013's tables, empty: `cpi fieldwork reindex` of that release fills them.
    for table in TABLES:
        schema_editor.execute(f"DROP TABLE {table}")
        schema_editor.execute(
            f"CREATE TABLE {table} (obj_id bigint PRIMARY KEY, team_id bigint NOT NULL, body text NOT NULL, "
            "vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED)"
        )
        schema_editor.execute(f"CREATE INDEX {table}_vector ON {table} USING GIN (vector)")


class Migration(migrations.Migration):
    dependencies = [("fieldwork", "0019_site_research_agreed_at")]
    operations = [migrations.RunPython(forwards, backwards)]
