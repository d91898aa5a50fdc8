"""A service area's `description` (HSDS 3.0's name for what the UK profile calls `service_area`), and the
rows already in directories given both namings, as the importer now gives them (`oruk/spec.py`,
`Table.same_as`): an accessibility row's empty `description` takes its `accessibility` and the other way
round; a service area's new `description` takes its `service_area`. A re-import of the same file then
finds them unchanged. Unapplying leaves the filled values, which say nothing new."""

from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps
from django.db.models import F


def fill(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor | None) -> None:
    accessibility = apps.get_model("community", "Accessibility")._default_manager
    accessibility.filter(description="").exclude(accessibility="").update(description=F("accessibility"))
    accessibility.filter(accessibility="").exclude(description="").update(accessibility=F("description"))
    areas = apps.get_model("community", "ServiceArea")._default_manager
    areas.filter(description="").exclude(service_area="").update(description=F("service_area"))
    areas.filter(service_area="").exclude(description="").update(service_area=F("description"))


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0004_service_words_trigram_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="servicearea",
            name="description",
            field=models.TextField(blank=True, default=""),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
