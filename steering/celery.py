"""The one Celery app. Jobs live in each app's jobs.py; the periodic schedule is in steering/schedule.py."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "steering.settings")

app = Celery("steering")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(related_name="jobs")


@app.on_after_finalize.connect
def _load_schedule(sender, **kwargs):
    from steering.schedule import BEAT_SCHEDULE

    sender.conf.beat_schedule = BEAT_SCHEDULE
