"""Which tasks owe a progress report for a month, and the months of a task's life.

The rule (Plan 771/KH-UBND practice: every task is evaluated every month), for month M:
- the task's life has begun by M: its plan's year has begun, the plan has started (`Plan.starts_on`,
  the approval or the session that adopted it), the task's own start (`Task.starts_on`) and its
  creation (`created_at`) fall in M or earlier (`first_owed_month`);
- its life has not ended before M: M is in its plan's year, or (a deadline set in the next year, as a
  hotline case's answer in January) not after its deadline's month. A task not done by its deadline
  keeps owing until the end of its plan's year: the review chases late work; the year-end closing
  then carries it over into the next plan;
- its plan was not closed (`Plan.closed_at`) before M began: the month of the closing still owes (a year
  is closed in December, after December's reports were due, and the closing assesses them), the later
  months owe nothing;
- the task was not cancelled (`Task.cancelled_at`) by the end of M: a month before the cancellation
  stays as it was, the month it happened in and the later ones owe nothing;
- it was not completed before M (no completing report, tasks/completion.py, for an earlier month);
- quarterly tasks owe only in the last month of a quarter (3, 6, 9, 12);
- a report for M counts when it is submitted or accepted; a returned report must be resubmitted.

Every bound is a column compared with a constant, so the query costs the same whatever the data.
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


def previous_month(month: date) -> date:
    return (month_start(month) - timedelta(days=1)).replace(day=1)


def month_end(month: date) -> date:
    return next_month(month) - timedelta(days=1)


def end_of_month_moment(month: date) -> datetime:
    """The last moment of the month, local time (an aware datetime)."""
    return timezone.make_aware(datetime.combine(month_end(month), time.max))


def reported_for(month: date):
    """Subquery: a live (submitted or accepted) report for `month`."""
    return ProgressReport.objects.filter(
        task=OuterRef("pk"),
        period=month,
        status__in=[ProgressReport.Status.SUBMITTED, ProgressReport.Status.ACCEPTED],
    )


def owing_q(month: date) -> Q:
    """The module's rule as a condition on tasks: the task owes a report for `month` (any day of it). Joins
    the task's plan and its `TaskProgress` summary; usable in a filter and in an aggregate's `filter=`."""
    month = month_start(month)
    last_day, last_moment = month_end(month), end_of_month_moment(month)
    start_moment = timezone.make_aware(datetime.combine(month, time.min))
    # "completed before month" read from the summary: the period of the first completing report
    # (tasks/completion.py).
    owing = (
        (Q(progress__done_period__isnull=True) | Q(progress__done_period__gte=month))
        & (Q(plan__year__gte=month.year) | Q(due_date__gte=month))
        & (Q(plan__starts_on__isnull=True) | Q(plan__starts_on__lte=last_day))
        & (Q(starts_on__isnull=True) | Q(starts_on__lte=last_day))
        & (Q(plan__closed_at__isnull=True) | Q(plan__closed_at__gte=start_moment))
        & (Q(cancelled_at__isnull=True) | Q(cancelled_at__gt=last_moment))
        & Q(plan__year__lte=month.year, created_at__lte=last_moment)
    )
    if month.month not in QUARTER_END_MONTHS:
        owing &= ~Q(recurrence=Task.Recurrence.QUARTERLY)
    return owing


def tasks_owing_report(month: date, tasks: QuerySet[Task] | None = None) -> QuerySet[Task]:
    """Tasks that owe a report for `month` (the module's rule, `owing_q`), annotated with `has_report` for
    that month."""
    month = month_start(month)
    tasks = Task.objects.all() if tasks is None else tasks
    return tasks.filter(owing_q(month)).annotate(has_report=Exists(reported_for(month)))


def owes_report(task: Task, month: date) -> bool:
    return tasks_owing_report(month, Task.objects.filter(pk=task.pk)).exists()


def missing_reports(month: date, tasks: QuerySet[Task] | None = None) -> QuerySet[Task]:
    return tasks_owing_report(month, tasks).filter(Q(has_report=False))


# -- a task's months, in Python (tasks/status.py mirrors them in SQL) ------------------------------------


def first_owed_month(task: Task) -> date:
    """The first month `task` owes a report for: the latest of January of its plan's year, the plan's start,
    the task's own start and the month it was created (local time). Reads `task.plan` (fetch it with the task)."""
    months = [date(task.plan.year, 1, 1), month_start(timezone.localtime(task.created_at).date())]
    months += [month_start(day) for day in (task.plan.starts_on, task.starts_on) if day is not None]
    return max(months)


def judged_month(*, quarterly: bool, plan_year: int, today: date) -> date:
    """The month a periodic task is judged on at `today` (tasks/status.py): the last month that has ended
    (for a quarterly task the last quarter-end month that has ended), never after December of its plan year."""
    month = previous_month(today)
    while quarterly and month.month not in QUARTER_END_MONTHS:
        month = previous_month(month)
    return min(month, date(plan_year, 12, 1))
