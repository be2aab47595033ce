"""Background jobs of the work plans: thin wrappers that read the clock and call plain functions."""

from celery import shared_task
from django.utils import timezone


@shared_task(name="tasks.drain_report_notices", acks_late=True, idempotent=True, ignore_result=True)
def drain_report_notices() -> int:
    """Send pending notices about progress reports; safe to run concurrently (rows are claimed before sending)."""
    from .notices import drain

    return drain(now=timezone.now())


@shared_task(name="tasks.stamp_day_status", acks_late=True, idempotent=True, ignore_result=True)
def stamp_day_status() -> int:
    """Stamp every task's status for the new day (tasks/day_status.py), so the first reader of the day does not
    wait for the whole province; returns how many tasks were stamped (0 when another process is stamping)."""
    from .day_status import stamp_all

    return stamp_all(today=timezone.localdate())
