"""When each excerpt was first coded to each component. Codes made before this migration take their
excerpt's own date, the best that is known of them."""

import django.utils.timezone
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def from_excerpts(apps, schema_editor):
    link = apps.get_model("fieldwork", "ExcerptComponent")
    excerpt = apps.get_model("fieldwork", "Excerpt")
    link.objects.update(
        coded_at=Subquery(excerpt.objects.filter(pk=OuterRef("excerpt_id")).values("created_at")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [("fieldwork", "0017_evidence_citations")]

    operations = [
        migrations.AddField(
            model_name="excerptcomponent", name="coded_at", field=models.DateTimeField(null=True)
        ),
        migrations.RunPython(from_excerpts, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="excerptcomponent",
            name="coded_at",
            field=models.DateTimeField(default=django.utils.timezone.now),
        ),
    ]
