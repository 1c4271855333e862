"""Give the tables moved from the former ``participants`` app their own names, and move their content
types with them (so that admin history and permissions follow the models).
"""

from django.db import migrations

MODELS = ["matrixsettings", "candidatescore"]


def move_content_types(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not content_type.objects.filter(app_label="vetting", model=model).exists():
            content_type.objects.filter(app_label="participants", model=model).update(app_label="vetting")


def restore_content_types(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    content_type.objects.filter(app_label="vetting", model__in=MODELS).update(app_label="participants")


class Migration(migrations.Migration):
    dependencies = [
        ("vetting", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelTable(name="matrixsettings", table=None),
        migrations.AlterModelTable(name="candidatescore", table=None),
        migrations.RunPython(move_content_types, restore_content_types),
    ]
