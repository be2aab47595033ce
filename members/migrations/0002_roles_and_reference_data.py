"""Roles (Django groups) and reference data: the reform areas."""

from django.db import migrations

from members.reference import ensure_reference_data


def forwards(apps, schema_editor):
    ensure_reference_data(apps.get_model("auth", "Group"), apps.get_model("members", "ReformArea"))


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
