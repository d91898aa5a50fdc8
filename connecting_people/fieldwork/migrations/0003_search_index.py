"""The full-text index as first made: an FTS5 table on SQLite, a tsvector table with a GIN index on
PostgreSQL (replaced by one table per kind of document in 0013)."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

TABLE = "fieldwork_fts"
SQLITE = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5("
    "kind UNINDEXED, obj_id UNINDEXED, team_id UNINDEXED, body, tokenize = 'unicode61 remove_diacritics 0')",
]
POSTGRES = [
    f"CREATE TABLE IF NOT EXISTS {TABLE} (kind varchar(10) NOT NULL, obj_id bigint NOT NULL, team_id bigint NOT NULL, "
    "body text NOT NULL, vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED, "
    "PRIMARY KEY (kind, obj_id))",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_vector ON {TABLE} USING GIN (vector)",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_team ON {TABLE} (team_id, kind)",
]


def create(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    for statement in POSTGRES if schema_editor.connection.vendor == "postgresql" else SQLITE:
        schema_editor.execute(statement)


def drop(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    schema_editor.execute(f"DROP TABLE IF EXISTS {TABLE}")


class Migration(migrations.Migration):
    dependencies = [("fieldwork", "0002_excerpt_excerptcomponent_excerpt_components_tag_and_more")]
    operations = [migrations.RunPython(create, drop)]
