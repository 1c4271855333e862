"""Give the tables moved from the former ``core`` app their own names, and move their content
types with them (so that admin history and permissions follow the models).
"""

from django.db import migrations

MODELS = ["event"]


def move_content_types(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not content_type.objects.filter(app_label="ledger", model=model).exists():
            content_type.objects.filter(app_label="core", model=model).update(app_label="ledger")


def restore_content_types(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    content_type.objects.filter(app_label="ledger", model__in=MODELS).update(app_label="core")


class Migration(migrations.Migration):
    dependencies = [
        ("ledger", "0002_witnesses"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelTable(name="event", table=None),
        migrations.RunPython(move_content_types, restore_content_types),
    ]
