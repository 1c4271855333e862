import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0002_membership_access_needs_membership_dietary_needs"),
        ("secretariats", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="meeting",
            name="secretariat",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.PROTECT, related_name="meetings", to="secretariats.secretariat"
            ),
        ),
    ]
