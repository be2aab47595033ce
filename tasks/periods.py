"""Which tasks owe a progress report for a month.

The rule (Plan 771/KH-UBND practice: every task is evaluated every month):
- a task owes a report for month M when its plan's year has begun by M, the task existed by the
  end of M, and it was not completed before M (no completing report, tasks/completion.py, for an
  earlier month);
- quarterly tasks owe only in the last month of a quarter (3, 6, 9, 12);
- a report for M counts when it is submitted or accepted; a returned report must be resubmitted.
"""

from datetime import date, datetime, time, timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from .models import ProgressReport, Task

QUARTER_END_MONTHS = (3, 6, 9, 12)


def month_start(day: date) -> date:
    return day.replace(day=1)


def next_month(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1)


def month_end(month: date) -> date:
    return next_month(month) - timedelta(days=1)


def reported_for(month: date):
    """Subquery: a live (submitted or accepted) report for `month`."""
    return ProgressReport.objects.filter(
        task=OuterRef("pk"),
        period=month,
        status__in=[ProgressReport.Status.SUBMITTED, ProgressReport.Status.ACCEPTED],
    )


def tasks_owing_report(month: date, tasks: QuerySet[Task] | None = None) -> QuerySet[Task]:
    """Tasks that owe a report for `month`, annotated with `has_report` for that month."""
    month = month_start(month)
    tasks = Task.objects.all() if tasks is None else tasks
    end_of_month = timezone.make_aware(datetime.combine(month_end(month), time.max))
    # "completed before month" read from the summary: the period of the first completing report
    # (tasks/completion.py).
    qs = tasks.filter(
        Q(progress__done_period__isnull=True) | Q(progress__done_period__gte=month),
        plan__year__lte=month.year,
        created_at__lte=end_of_month,
    )
    if month.month not in QUARTER_END_MONTHS:
        qs = qs.exclude(recurrence=Task.Recurrence.QUARTERLY)
    return qs.annotate(has_report=Exists(reported_for(month)))


def owes_report(task: Task, month: date) -> bool:
    return tasks_owing_report(month, Task.objects.filter(pk=task.pk)).exists()


def missing_reports(month: date, tasks: QuerySet[Task] | None = None) -> QuerySet[Task]:
    return tasks_owing_report(month, tasks).filter(Q(has_report=False))
