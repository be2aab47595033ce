"""Partial indexes for "Việc của tôi": returned reports by task, and the review queue in submission order."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("tasks", "0004_task_progress_summary"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="progressreport",
            index=models.Index(
                condition=models.Q(("status", "returned")), fields=["task", "period"], name="report_returned_task_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="progressreport",
            index=models.Index(
                condition=models.Q(("status", "submitted")),
                fields=["submitted_at", "id"],
                name="report_review_queue_idx",
            ),
        ),
    ]
