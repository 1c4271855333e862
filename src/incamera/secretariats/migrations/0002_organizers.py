"""Today's organizers (accounts that "may organize") become organizers and roster managers of
one default secretariat, which will also own every meeting and the whole roster (the meetings'
and roster's migrations); a fresh installation gets no secretariat until someone creates one."""

from django.db import migrations

DEFAULT_NAME = "Secretariat"  # secretariats/actions.py DEFAULT_NAME


def organizers_into_default(apps, schema_editor):  # type: ignore[no-untyped-def]
    user = apps.get_model("accounts", "User")
    organizers = list(user.objects.filter(may_organize=True))
    if not organizers:
        return
    secretariat, _created = apps.get_model("secretariats", "Secretariat").objects.get_or_create(name=DEFAULT_NAME)
    member = apps.get_model("secretariats", "SecretariatMember")
    for account in organizers:
        for role in ("organizer", "roster_manager"):
            member.objects.get_or_create(secretariat=secretariat, user=account, role=role)


def organizers_back(apps, schema_editor):  # type: ignore[no-untyped-def]
    member = apps.get_model("secretariats", "SecretariatMember")
    ids = member.objects.filter(role="organizer").values_list("user_id", flat=True)
    apps.get_model("accounts", "User").objects.filter(pk__in=list(ids)).update(may_organize=True)


class Migration(migrations.Migration):
    dependencies = [
        ("secretariats", "0001_initial"),
        ("accounts", "0002_throttle"),
    ]

    operations = [migrations.RunPython(organizers_into_default, organizers_back)]
