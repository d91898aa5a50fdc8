"""Brings every coding's speaker, participant and perspective up to date with the register, once: from
now on the actions that change the register or a source's participants keep them current. The rule is
the one in fieldwork/coding.py (speaker_at, participant_for), written out here as it stands today so
the migration does not change if that code does."""

from django.db import migrations


def _speaker_at(source, offset):
    for turn in source.turns:
        line_start = source.text.rfind("\n", 0, turn["start"]) + 1
        if line_start <= offset < max(turn["end"], turn["start"] + 1):
            return turn["speaker"]
    return ""


def _participant_for(source, speaker, participants):
    if speaker:
        return next((p for p in participants if p.pseudonym.casefold() == speaker.casefold()), None)
    return participants[0] if len(participants) == 1 and not source.turns else None


def reattribute(apps, schema_editor):
    Source = apps.get_model("fieldwork", "Source")
    Excerpt = apps.get_model("fieldwork", "Excerpt")
    for source in Source.objects.filter(excerpts__isnull=False).distinct().iterator(chunk_size=200):
        participants = list(source.participants.all())
        changed = []
        for excerpt in Excerpt.objects.filter(source=source).only("id", "start", "speaker", "participant_id", "perspective"):
            speaker = _speaker_at(source, excerpt.start)
            participant = _participant_for(source, speaker, participants)
            now = (speaker, participant.pk if participant else None, participant.perspective if participant else "")
            if (excerpt.speaker, excerpt.participant_id, excerpt.perspective) != now:
                excerpt.speaker, excerpt.participant_id, excerpt.perspective = now
                changed.append(excerpt)
        Excerpt.objects.bulk_update(changed, ["speaker", "participant", "perspective"])


class Migration(migrations.Migration):

    dependencies = [
        ("fieldwork", "0006_qda_links"),
    ]

    operations = [
        migrations.RunPython(reattribute, migrations.RunPython.noop),
    ]
