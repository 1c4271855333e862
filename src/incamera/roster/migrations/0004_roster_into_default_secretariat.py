"""The whole roster so far belongs to the default secretariat (secretariats/0002)."""

from django.db import migrations

DEFAULT_NAME = "Secretariat"  # secretariats/actions.py DEFAULT_NAME


def into_default(apps, schema_editor):  # type: ignore[no-untyped-def]
    delegation = apps.get_model("roster", "Delegation")
    person = apps.get_model("roster", "RosterPerson")
    if delegation.objects.filter(secretariat__isnull=True).exists() or person.objects.filter(secretariat__isnull=True).exists():
        secretariat, _created = apps.get_model("secretariats", "Secretariat").objects.get_or_create(name=DEFAULT_NAME)
        delegation.objects.filter(secretariat__isnull=True).update(secretariat=secretariat)
        person.objects.filter(secretariat__isnull=True).update(secretariat=secretariat)


class Migration(migrations.Migration):
    dependencies = [
        ("roster", "0003_roster_secretariat"),
        ("secretariats", "0002_organizers"),
    ]

    operations = [migrations.RunPython(into_default, migrations.RunPython.noop)]
