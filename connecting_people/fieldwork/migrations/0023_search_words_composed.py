"""The index's words now have their accented letters composed (NFC), as the search box's are: a source or
excerpt whose text wrote an accent as a separate combining mark (as some PDFs' text layers and Mac
applications do) was indexed as the letters around the mark, so "Zoë" typed in the search did not find
it. Those documents, and only those, are indexed again; the others' words are unchanged."""

import unicodedata

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from connecting_people.fieldwork import search


def _decomposed(*parts: str) -> bool:
    return any(not part.isascii() and not unicodedata.is_normalized("NFC", part) for part in parts)


def forwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    Source = apps.get_model("fieldwork", "Source")
    Excerpt = apps.get_model("fieldwork", "Excerpt")
    for pk, team, title, text in Source.objects.values_list("id", "team_id", "title", "text").iterator(
        chunk_size=search.BATCH
    ):
        if _decomposed(title, text):
            search.index("source", pk, team, search.source_body(title, text))
    for pk, team, text, memo in Excerpt.objects.values_list("id", "source__team_id", "text", "memo").iterator(
        chunk_size=search.BATCH
    ):
        if _decomposed(text, memo):
            search.index("excerpt", pk, team, search.excerpt_body(text, memo))


class Migration(migrations.Migration):
    dependencies = [("fieldwork", "0022_postgres_lz4_for_long_text")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
