import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("roster", "0004_roster_into_default_secretariat"),
    ]

    operations = [
        migrations.AlterField(
            model_name="delegation",
            name="secretariat",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="delegations", to="secretariats.secretariat"),
        ),
        migrations.AlterField(
            model_name="rosterperson",
            name="secretariat",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to="secretariats.secretariat"),
        ),
        migrations.AlterField(model_name="delegation", name="name", field=models.CharField(max_length=200)),
        migrations.AlterField(model_name="rosterperson", name="email", field=models.EmailField(max_length=254)),
        migrations.AddConstraint(
            model_name="delegation",
            constraint=models.UniqueConstraint(fields=("secretariat", "name"), name="one_delegation_name_per_secretariat"),
        ),
        migrations.AddConstraint(
            model_name="rosterperson",
            constraint=models.UniqueConstraint(fields=("secretariat", "email"), name="one_roster_entry_per_address_and_secretariat"),
        ),
    ]
