from django.db import migrations, models
from django.db.models import Count

WHEELS = ("worker_wheel", "individual_wheel")


def fill_wheel_sizes(apps, schema_editor):
    """Each published version's wheel sizes, as do_publish_version now writes them."""
    ModelVersion = apps.get_model("interventions", "ModelVersion")
    Component = apps.get_model("interventions", "Component")
    counts: dict[int, dict[str, int]] = {}
    for row in (
        Component.objects.filter(version__status="published", part__in=WHEELS)
        .order_by()
        .values("version_id", "part")
        .annotate(n=Count("id"))
    ):
        counts.setdefault(row["version_id"], {})[row["part"]] = row["n"]
    # A queryset update: the model's save refuses every change to a published version.
    for version_id in ModelVersion.objects.filter(status="published").values_list("id", flat=True):
        found = counts.get(version_id, {})
        ModelVersion.objects.filter(pk=version_id).update(
            wheel_sizes={part: found.get(part, 0) for part in WHEELS}
        )


class Migration(migrations.Migration):
    dependencies = [("interventions", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="modelversion",
            name="wheel_sizes",
            field=models.JSONField(blank=True, default=dict, editable=False),
        ),
        migrations.RunPython(fill_wheel_sizes, migrations.RunPython.noop),
    ]
