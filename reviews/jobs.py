"""Celery jobs of the monthly review: thin, taking ids, calling reviews/reminders.py.

Both jobs are idempotent (the reminder claims make a rerun send nothing twice), so both
acknowledge late: a worker lost mid-job has the job redelivered and the rerun finishes it.
Their hard time limits stay below reminders.LEASE and the Redis visibility timeout
(asserted in tests/tasks/test_celery_settings.py).
"""

from datetime import datetime

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from tasks.periods import month_start

from .board import parse_month

FANOUT_SOFT_LIMIT, FANOUT_TIME_LIMIT = 60, 90
CYCLE_SOFT_LIMIT, CYCLE_TIME_LIMIT = 600, 660
RETRY_BACKOFF_MAX = 300  # seconds; the longest countdown any job here uses


def _now(value: str | None) -> datetime:
    """The moment to run for: given (ISO, from a test or a catch-up by hand) or the clock."""
    if value:
        parsed = parse_datetime(value)
        if parsed is None:
            raise ValueError(f"invalid datetime: {value!r}")
        return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)
    return timezone.now()


@shared_task(
    name="reviews.run_monthly_reviews",
    acks_late=True,
    idempotent=True,
    soft_time_limit=FANOUT_SOFT_LIMIT,
    time_limit=FANOUT_TIME_LIMIT,
)
def run_monthly_reviews(now: str | None = None) -> int:
    """Beat's entry: one review-cycle job per committee with an approved plan, per month due."""
    from core.calendar import is_working_time
    from members.models import Committee
    from tasks.models import Plan

    from .reminders import months_to_run

    moment = _now(now)
    if not is_working_time(moment):
        return 0
    today = timezone.localtime(moment).date()
    months = months_to_run(today)
    committees = Committee.objects.filter(
        plans__status=Plan.Status.APPROVED, plans__year__in={m.year for m in months}
    ).distinct()
    count = 0
    for committee_id in committees.values_list("pk", flat=True):
        for month in months:
            run_review_cycle.delay_on_commit(committee_id, f"{month:%Y-%m}", moment.isoformat())
            count += 1
    return count


@shared_task(
    name="reviews.run_review_cycle",
    bind=True,
    acks_late=True,
    idempotent=True,
    soft_time_limit=CYCLE_SOFT_LIMIT,
    time_limit=CYCLE_TIME_LIMIT,
    autoretry_for=(OperationalError,),
    retry_backoff=30,
    retry_backoff_max=RETRY_BACKOFF_MAX,
    max_retries=5,
)
def run_review_cycle(self, committee_id: int, month: str, now: str | None = None) -> dict:
    """One committee, one month: the plain function does the work (and the claiming)."""
    from members.models import Committee

    from .reminders import run_cycle

    committee = Committee.objects.filter(pk=committee_id).first()
    if committee is None:
        return {"skipped": "no_committee"}
    result = run_cycle(committee=committee, month=month_start(parse_month(month)), now=_now(now))
    return {"skipped": result.skipped, "planned": result.planned, "sent": result.sent, "failed": result.failed}
