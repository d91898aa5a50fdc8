from django.db import migrations, models
from django.template.loader import render_to_string

from connecting_people.interventions.parts import PART_ORDER, Part


def keep_what_reviewers_read(apps, schema_editor):
    """Rounds on a version of the model made before the text was kept: keep its components as they read
    now, as the rounds showed them until now."""
    Round = apps.get_model("consult", "Round")
    Component = apps.get_model("interventions", "Component")
    labels = dict(Part.choices)
    rank = {part: i for i, part in enumerate(PART_ORDER)}
    for round_ in Round.objects.filter(version__isnull=False):
        components = sorted(
            Component.objects.filter(version_id=round_.version_id), key=lambda c: (rank.get(c.part, 99), c.order, c.key)
        )
        round_.sections = [
            {
                "key": c.key,
                "title": c.title,
                "part_label": labels.get(c.part, c.part),
                "html": render_to_string("consult/component_text.html", {"component": c}).strip(),
            }
            for c in components
        ]
        round_.save(update_fields=["sections"])


class Migration(migrations.Migration):
    dependencies = [
        ("consult", "0006_rating_whole_section"),
        ("interventions", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="round",
            name="sections",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="A round on a version of the model: what its reviewers read, [{key, title, part_label, html}], fixed and checked for names when the round was made (a draft version may change later, and comments are anchored in the text as it was).",
            ),
        ),
        migrations.RunPython(keep_what_reviewers_read, migrations.RunPython.noop),
    ]
