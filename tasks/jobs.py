"""Background jobs of the work plans: thin wrappers that read the clock and call plain functions."""

from celery import shared_task
from django.utils import timezone


@shared_task(name="tasks.drain_report_notices", acks_late=True, idempotent=True, ignore_result=True)
def drain_report_notices() -> int:
    """Send pending notices about progress reports; safe to run concurrently (rows are claimed before sending)."""
    from .notices import drain

    return drain(now=timezone.now())
