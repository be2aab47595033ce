from django.db import migrations


def forwards(apps, schema_editor):
    from hotline.reference import ensure_categories

    ensure_categories(apps.get_model("hotline", "Category"))


class Migration(migrations.Migration):
    dependencies = [("hotline", "0001_reports_outbox_escalations")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
