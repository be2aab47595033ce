"""A task's effective deadline (the working day its written deadline falls on, tasks/deadlines.py), and the
data brought in line with the written deadlines and the current "done" rule:
- tasks with the recurrence "ongoing" are written "Thường xuyên": due_kind ongoing, no due_date;
- every task with a deadline gets its effective deadline (the national calendar and the province's entries);
- every task's report summary (TaskProgress) is rebuilt from its reports (tasks/completion.py).
"""

from django.db import migrations, models


def forwards(apps, schema_editor):
    from core.calendar import Calendar, Entry
    from tasks import deadlines

    Task = apps.get_model("tasks", "Task")
    CalendarEntry = apps.get_model("core", "CalendarEntry")
    ProgressReport = apps.get_model("tasks", "ProgressReport")

    Task.objects.filter(recurrence="ongoing").update(due_kind="ongoing", due_date=None, effective_due_date=None)
    calendar = Calendar.of(Entry.of(row) for row in CalendarEntry.objects.all())
    changed = []
    for task in Task.objects.filter(due_date__isnull=False).only("pk", "due_kind", "due_date", "effective_due_date"):
        task.effective_due_date = deadlines.effective_due(task.due_kind, task.due_date, calendar)
        changed.append(task)
    Task.objects.bulk_update(changed, ["effective_due_date"], batch_size=500)

    if ProgressReport.objects.exists():
        # The summary's SQL as the model states it now: the "done" rule changed since summaries were written.
        from tasks.progress_models import _RECOMPUTE_ALL

        with schema_editor.connection.cursor() as cursor:
            cursor.execute("DELETE FROM tasks_taskprogress")
            cursor.execute(_RECOMPUTE_ALL)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_delivery_notification_user"),
        ("tasks", "0009_yearend"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicaltask",
            name="effective_due_date",
            field=models.DateField(blank=True, editable=False, null=True, verbose_name="hạn thực tế"),
        ),
        migrations.AddField(
            model_name="task",
            name="effective_due_date",
            field=models.DateField(blank=True, editable=False, null=True, verbose_name="hạn thực tế"),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
