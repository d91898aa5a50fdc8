"""The full-text index: an FTS5 table on SQLite, a tsvector table with a GIN index on PostgreSQL."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def create(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    from connecting_people.fieldwork.search import postgres, sqlite

    module = postgres if schema_editor.connection.vendor == "postgresql" else sqlite
    for statement in module.CREATE:
        schema_editor.execute(statement)


def drop(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    from connecting_people.fieldwork.search import postgres, sqlite

    module = postgres if schema_editor.connection.vendor == "postgresql" else sqlite
    for statement in module.DROP:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("fieldwork", "0002_excerpt_excerptcomponent_excerpt_components_tag_and_more")]
    operations = [migrations.RunPython(create, drop)]
