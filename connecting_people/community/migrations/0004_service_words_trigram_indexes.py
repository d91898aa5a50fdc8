"""Finding by words on PostgreSQL: the `pg_trgm` extension and a trigram GIN index on the upper-cased
name and description of services. `name__icontains` is `UPPER(name) LIKE UPPER('%word%')` there, which
no B-tree can serve; these indexes can, and ANALYZE's statistics on their expressions tell the planner
how many services a word matches. Nothing on SQLite, so the indexes are not in the model's Meta: the
same migrations run on both. Written as SQL: Django's `OpClass` on an expression needs
django.contrib.postgres among the installed apps, and its TrigramExtension cannot be unapplied on
SQLite. Unapplying drops the indexes and leaves the extension, which belongs to the installation."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

INDEXES = {"service_name_trgm": "name", "service_description_trgm": "description"}


def create(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        quote = schema_editor.quote_name
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for index, column in INDEXES.items():
            schema_editor.execute(
                f"CREATE INDEX {quote(index)} ON {quote('community_service')} "
                f"USING gin (UPPER({quote(column)}) gin_trgm_ops)"
            )


def drop(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for index in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(index)}")


class Migration(migrations.Migration):
    dependencies = [("community", "0003_postcodes_and_location_points")]

    operations = [migrations.RunPython(create, drop)]
