"""On PostgreSQL the long values an import writes (a source's text and speaker turns, a document's
tsvector) are compressed with LZ4 rather than the server's default, pglz: the same rows at about a third
less of the server's time per imported transcript. A server built without LZ4 keeps pglz (the change is
skipped, not failed). Values already stored keep their compression until they are written again.
SQLite has nothing to change."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

COLUMNS = [
    ("fieldwork_source", "text"),
    ("fieldwork_source", "turns"),
    ("fieldwork_search_source", "vector"),
    ("fieldwork_search_excerpt", "vector"),
]


def _compress(schema_editor: BaseDatabaseSchemaEditor, method: str) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    changes = " ".join(
        f"ALTER TABLE {table} ALTER COLUMN {column} SET COMPRESSION {method};" for table, column in COLUMNS
    )
    schema_editor.execute(
        f"DO $$ BEGIN {changes} EXCEPTION WHEN feature_not_supported THEN "
        "RAISE NOTICE 'this server has no LZ4: long values stay compressed with pglz'; END $$"
    )


def forwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _compress(schema_editor, "lz4")


def backwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _compress(schema_editor, "default")


class Migration(migrations.Migration):
    dependencies = [("fieldwork", "0021_search_filter_indexes_cover")]
    operations = [migrations.RunPython(forwards, backwards)]
