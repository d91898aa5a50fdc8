# A real migration (not syncdb) so PostgreSQL creates this table after the one it points at.
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = [("interventions", "0001_initial")]
    operations = [
        migrations.CreateModel(
            name="EvidenceNote",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("text", models.CharField(max_length=200)),
                ("component", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to="interventions.component")),
            ],
        ),
    ]
