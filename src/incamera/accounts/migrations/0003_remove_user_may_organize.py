"""Who may organise is now a role in a secretariat (secretariats/0002 moved the flag's holders)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_throttle"),
        ("secretariats", "0002_organizers"),
    ]

    operations = [migrations.RemoveField(model_name="user", name="may_organize")]
