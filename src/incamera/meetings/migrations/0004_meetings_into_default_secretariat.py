"""Every meeting so far belongs to the default secretariat (secretariats/0002)."""

from django.db import migrations

DEFAULT_NAME = "Secretariat"  # secretariats/actions.py DEFAULT_NAME


def into_default(apps, schema_editor):  # type: ignore[no-untyped-def]
    meeting = apps.get_model("meetings", "Meeting")
    if meeting.objects.filter(secretariat__isnull=True).exists():
        secretariat, _created = apps.get_model("secretariats", "Secretariat").objects.get_or_create(name=DEFAULT_NAME)
        meeting.objects.filter(secretariat__isnull=True).update(secretariat=secretariat)


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0003_meeting_secretariat"),
        ("secretariats", "0002_organizers"),
    ]

    operations = [migrations.RunPython(into_default, migrations.RunPython.noop)]
