import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0004_meetings_into_default_secretariat"),
    ]

    operations = [
        migrations.AlterField(
            model_name="meeting",
            name="secretariat",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="meetings", to="secretariats.secretariat"),
        ),
    ]
