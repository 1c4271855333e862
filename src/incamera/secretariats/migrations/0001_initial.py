import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Secretariat",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=200, unique=True)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
            ],
            options={"ordering": ["name"]},
        ),
        migrations.CreateModel(
            name="SecretariatMember",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("role", models.CharField(choices=[("organizer", "Organizer"), ("roster_manager", "Roster manager")], max_length=16)),
                ("added_at", models.DateTimeField(auto_now_add=True)),
                (
                    "secretariat",
                    models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="members", to="secretariats.secretariat"),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="secretariat_roles", to=settings.AUTH_USER_MODEL
                    ),
                ),
            ],
            options={
                "ordering": ["secretariat__name", "role", "id"],
                "constraints": [models.UniqueConstraint(fields=("secretariat", "user", "role"), name="one_role_once_per_secretariat")],
            },
        ),
    ]
