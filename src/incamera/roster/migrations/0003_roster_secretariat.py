import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("roster", "0002_own_tables"),
        ("secretariats", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="delegation",
            name="secretariat",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.PROTECT, related_name="delegations", to="secretariats.secretariat"
            ),
        ),
        migrations.AddField(
            model_name="rosterperson",
            name="secretariat",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="secretariats.secretariat"
            ),
        ),
    ]
