"""A task's status, derived from its progress reports and its deadline; never typed.

The rule (one place, used for single tasks and, as SQL, for whole lists):
- a *cancelled* task (tasks/tasklist.py `cancel_task`) has the status "cancelled" and nothing else: it is
  left out of every total (`status_totals`, `grouped_counts` and what reads them);
- a *live* report is one that is submitted or accepted (a returned report does not count);
- a task is *done* when the secretariat accepted a report at 100 %; it was done on the
  earliest such report's `completed_on` (tasks/completion.py: the one statement of "done", which
  the summary, the monthly obligations and the hotline's follow-ups read too);
- its *deadline* is the working day its written deadline really falls on (`Task.effective_due_date`,
  tasks/deadlines.py), else `due_date`, else the last day of the plan year (ongoing tasks);
- done on or before the deadline: done on time; done after it: done late.
A task not done is then judged in one of two ways:
- a *one-off* task (a date, a month, a quarter, a half-year or the year): overdue once its deadline
  has passed (deadline < today); before that, in progress when a live report shows more than 0 %,
  else not started;
- a *periodic* task (ongoing, "thường xuyên", or reporting monthly or quarterly, `PERIODIC`) is never
  overdue, not even when its year has ended: it is judged per period. Its *judged month* is the last
  month it owed a report for whose month has ended (the month before today's; for a quarterly task
  the last quarter-end month before today's month), and never later than December of its plan year
  (tasks/periods.py `judged_month`). When that month is before the task's first owed month
  (`first_owed_month`) nothing is owed yet, and it is in progress or not started as a one-off task is;
  otherwise it is in progress when its latest live report is for the judged month or later, and
  "not reported" when it is not.

"No change this month" is a report (it keeps the last percent); "no report" is a missing one.
`today` is always passed in.

Lists and aggregates read what the reports say from `TaskProgress` (one row per task, refreshed with
every report save), so a status costs a join, not subqueries over all reports; `status_of` and
`subtask_rollup` apply the same rule in Python to tasks fetched with that summary (the task page);
`task_status` reads the reports themselves. `is_unfinished` / `unfinished_q` say what the year-end
closing treats as not finished. For today, lists and aggregates read each task's status of the day, stamped
on the task by this same rule (tasks/day_status.py); for any other day they work the rule out in SQL.
"""

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, TypedDict

from django.db.models import (
    Avg,
    Case,
    CharField,
    Count,
    Exists,
    F,
    FloatField,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from . import completion, day_status
from .models import ProgressReport, Task, TaskProgress
from .periods import end_of_month_moment, first_owed_month, judged_month, month_end

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
NOT_REPORTED = "not_reported"
DONE_ON_TIME = "done_on_time"
DONE_LATE = "done_late"
OVERDUE = "overdue"
CANCELLED = "cancelled"

LABELS = {
    NOT_STARTED: _("Chưa triển khai"),
    IN_PROGRESS: _("Đang thực hiện"),
    NOT_REPORTED: _("Chưa báo cáo kỳ gần nhất"),
    DONE_ON_TIME: _("Hoàn thành đúng hạn"),
    DONE_LATE: _("Hoàn thành quá hạn"),
    OVERDUE: _("Quá hạn chưa hoàn thành"),
    CANCELLED: _("Đã hủy"),
}
BADGES = {
    NOT_STARTED: "badge-muted",
    IN_PROGRESS: "badge-info",
    NOT_REPORTED: "badge-warn",
    DONE_ON_TIME: "badge-ok",
    DONE_LATE: "badge-warn",
    OVERDUE: "badge-bad",
    CANCELLED: "badge-muted",
}
# The statuses counted in totals, in display order; a cancelled task is in none of them.
ORDER = [NOT_STARTED, IN_PROGRESS, NOT_REPORTED, DONE_ON_TIME, DONE_LATE, OVERDUE]
# What the plan page's status filter offers: the counted statuses, then the cancelled tasks.
CHOICES = [(code, LABELS[code]) for code in [*ORDER, CANCELLED]]
DONE = (DONE_ON_TIME, DONE_LATE)
LIVE = (ProgressReport.Status.SUBMITTED, ProgressReport.Status.ACCEPTED)

PERIODIC_RECURRENCES = (Task.Recurrence.MONTHLY, Task.Recurrence.QUARTERLY, Task.Recurrence.ONGOING)
# A task judged per period (never overdue): ongoing, or reporting monthly or quarterly.
PERIODIC = Q(due_kind=Task.DueKind.ONGOING) | Q(recurrence__in=PERIODIC_RECURRENCES)
NOT_CANCELLED = Q(cancelled_at__isnull=True)


def is_periodic(task: Task) -> bool:
    """Whether the task is judged per period (`PERIODIC` in SQL)."""
    return task.due_kind == Task.DueKind.ONGOING or task.recurrence in PERIODIC_RECURRENCES


def effective_deadline(*, due_date: date | None, plan_year: int, effective_due_date: date | None = None) -> date:
    """The day a task's completion is judged against: its effective deadline, else its written one, else the
    last day of its plan year."""
    return effective_due_date or due_date or date(plan_year, 12, 31)


def deadline_of(task: Task) -> date:
    """`effective_deadline` of a task (fetch it with its plan)."""
    return effective_deadline(
        due_date=task.due_date, plan_year=task.plan.year, effective_due_date=task.effective_due_date
    )


@dataclass(frozen=True)
class PeriodCheck:
    """How a periodic task stands on its judged month: whether it owed a report by then, and whether its
    latest live report is for that month or later."""

    owed: bool
    reported: bool


def period_check(task: Task, *, latest_period: date | None, today: date) -> PeriodCheck | None:
    """`PeriodCheck` of a periodic task (its plan fetched with it); None for a one-off task."""
    if not is_periodic(task):
        return None
    judged = judged_month(quarterly=task.recurrence == Task.Recurrence.QUARTERLY, plan_year=task.plan.year, today=today)
    return PeriodCheck(
        owed=first_owed_month(task) <= judged,
        reported=latest_period is not None and latest_period >= judged,
    )


def derive_status(
    *, percent: int | None, done_on: date | None, deadline: date, today: date, period: PeriodCheck | None = None
) -> str:
    """The status of a task that is not cancelled, from its latest live percent, its completion date, its
    deadline and, for a periodic task, how it stands on its judged month (`period_check`)."""
    if done_on is not None:
        return DONE_ON_TIME if done_on <= deadline else DONE_LATE
    if period is None:
        if deadline < today:
            return OVERDUE
    elif period.owed:
        return IN_PROGRESS if period.reported else NOT_REPORTED
    if percent:
        return IN_PROGRESS
    return NOT_STARTED


def progress_of(task: Task) -> TaskProgress | None:
    """The task's report summary, or None when it has no reports (fetch it with `select_related("progress")`)."""
    try:
        return task.progress
    except TaskProgress.DoesNotExist:
        return None


def status_of(task: Task, *, today: date) -> str:
    """The status `with_status` gives, for one task fetched with `progress` and `plan`: no query."""
    if task.cancelled_at is not None:
        return CANCELLED
    progress = progress_of(task)
    return derive_status(
        percent=progress.latest_percent if progress else None,
        done_on=progress.done_on if progress else None,
        deadline=deadline_of(task),
        today=today,
        period=period_check(task, latest_period=progress.latest_period if progress else None, today=today),
    )


def is_unfinished(task: Task, today: date) -> bool:
    """Whether the task is neither cancelled nor done by `today` (done on or before it): what the year-end
    closing carries over or repeats. Fetch the task with `progress`; `unfinished_q` is the same in SQL."""
    progress = progress_of(task)
    done = progress is not None and progress.done_on is not None and progress.done_on <= today
    return task.cancelled_at is None and not done


def unfinished_q(today: date) -> Q:
    """`is_unfinished` as a filter on tasks."""
    return NOT_CANCELLED & (Q(progress__done_on__isnull=True) | Q(progress__done_on__gt=today))


def is_done(progress: TaskProgress | None) -> bool:
    """Whether a task's summary says it is done (`DONE_SUMMARY` in SQL)."""
    return progress is not None and progress.done_on is not None


# The same as `is_done`, for a task queryset.
DONE_SUMMARY = Q(progress__done_on__isnull=False)


def done_exists(task_ref: str = "pk") -> Exists:
    """SQL: the task at `task_ref` (an OuterRef path) is done, read from its reports."""
    return Exists(ProgressReport.objects.filter(completion.completing(), task=OuterRef(task_ref)))


def done_summary_exists(task_ref: str = "pk") -> Exists:
    """SQL: the task at `task_ref` (an OuterRef path) is done, read from its `TaskProgress` summary: the same
    answer as `done_exists`, one index lookup per row instead of a pass over the reports."""
    return Exists(TaskProgress.objects.filter(task=OuterRef(task_ref), done_on__isnull=False))


def subtask_rollup(subtasks: list[Task]) -> dict[str, int | float | None]:
    """`with_status`'s sub-task roll-up (count, done, how many have reported, average percent of those that
    have) from the sub-tasks fetched with `progress` (cancelled ones left out). A sub-task without report is
    left out of the average, never counted as 0 %; no report at all gives None."""
    summaries = [progress_of(s) for s in subtasks if s.cancelled_at is None]
    percents = [reported_percent(p) for p in summaries]
    known = [p for p in percents if p is not None]
    return {
        "subtask_count": len(summaries),
        "subtask_done": sum(1 for p in summaries if is_done(p)),
        "subtask_reported": len(known),
        "subtask_percent": sum(known) / len(known) if known else None,
    }


def reported_percent(progress: TaskProgress | None) -> int | None:
    """A task's percent as its reports say: 100 when done, else the latest live percent; None when it has no
    report (a missing report is never 0 %). `REPORTED_PERCENT` is the same in SQL over `progress`."""
    if progress is None:
        return None
    return 100 if progress.done_on is not None else progress.latest_percent


def _period_q(judged: date) -> tuple[Q, Q]:
    """SQL for `PeriodCheck` (owed, reported) of periodic tasks whose judged month is `judged` this year,
    or, for a plan of an earlier year, December of that plan's year (`periods.judged_month`)."""
    last_day, last_moment = month_end(judged), end_of_month_moment(judged)
    this_year = Q(plan__year=judged.year) & (
        (Q(plan__starts_on__isnull=True) | Q(plan__starts_on__lte=last_day))
        & (Q(starts_on__isnull=True) | Q(starts_on__lte=last_day))
        & Q(created_at__lte=last_moment)
    )
    plan_year = F("plan__year")
    earlier_year = Q(plan__year__lt=judged.year) & (
        (Q(plan__starts_on__isnull=True) | Q(plan__starts_on__year__lte=plan_year))
        & (Q(starts_on__isnull=True) | Q(starts_on__year__lte=plan_year))
        & Q(created_at__year__lte=plan_year)
    )
    reported = (Q(plan__year__gte=judged.year) & Q(progress__latest_period__gte=judged)) | (
        Q(plan__year__lt=judged.year)
        & (
            Q(progress__latest_period__year__gt=plan_year)
            | Q(progress__latest_period__year=plan_year, progress__latest_period__month=12)
        )
    )
    return this_year | earlier_year, reported


# `reported_percent` in SQL, over a task queryset (NULL without report: Avg leaves it out).
REPORTED_PERCENT = Case(
    When(progress__done_on__isnull=False, then=Value(100)),
    default=F("progress__latest_percent"),
    output_field=IntegerField(),
)


def status_expression(today: date) -> Case:
    """SQL for `status_of` (cancelled first, then `derive_status`), over the annotations `annotate_status_inputs`
    adds."""
    overdue = (
        Q(effective_due_date__lt=today)
        | Q(effective_due_date__isnull=True, due_date__lt=today)
        | Q(due_date__isnull=True, plan__year__lt=today.year)
    )
    late = (
        Q(effective_due_date__isnull=False, done_on__gt=F("effective_due_date"))
        | Q(effective_due_date__isnull=True, due_date__isnull=False, done_on__gt=F("due_date"))
        | Q(effective_due_date__isnull=True, due_date__isnull=True, done_on__year__gt=F("plan__year"))
    )
    quarterly = Q(recurrence=Task.Recurrence.QUARTERLY)
    monthly_owed, monthly_reported = _period_q(judged_month(quarterly=False, plan_year=today.year, today=today))
    quarterly_owed, quarterly_reported = _period_q(judged_month(quarterly=True, plan_year=today.year, today=today))
    owed = PERIODIC & ((quarterly & quarterly_owed) | (~quarterly & monthly_owed))
    reported = (quarterly & quarterly_reported) | (~quarterly & monthly_reported)
    return Case(
        When(cancelled_at__isnull=False, then=Value(CANCELLED)),
        When(Q(done_on__isnull=False) & late, then=Value(DONE_LATE)),
        When(done_on__isnull=False, then=Value(DONE_ON_TIME)),
        When(~PERIODIC & overdue, then=Value(OVERDUE)),
        When(owed & reported, then=Value(IN_PROGRESS)),
        When(owed, then=Value(NOT_REPORTED)),
        When(latest_percent__gt=0, then=Value(IN_PROGRESS)),
        default=Value(NOT_STARTED),
        output_field=CharField(),
    )


class StatusInputs(TypedDict):
    """What `annotate_status_inputs` adds to each task."""

    latest_percent: int | None
    done_on: date | None


class StatusFields(StatusInputs):
    """What `annotate_status` adds to each task."""

    status_code: str


def annotate_status_computed(tasks: QuerySet[Task], *, today: date) -> "QuerySet[WithAnnotations[Task, StatusFields]]":
    """`annotate_status` with the status worked out from the rule in SQL (`status_expression`), for any day."""
    return annotate_status_inputs(tasks).annotate(status_code=status_expression(today))


def annotate_status(
    tasks: QuerySet[Task], *, today: date, stamped: bool | None = None
) -> "QuerySet[WithAnnotations[Task, StatusFields]]":
    """Annotate latest_percent, done_on and status_code (one query, no per-row lookups).

    For today the status is read from each task's stamp (tasks/day_status.py `ready`: one EXISTS query first,
    stamping what is stale), for any other day worked out from the rule. `stamped`: the caller already
    asked `day_status.ready` for a scope holding these tasks (True/False), so the check is not repeated."""
    if stamped is None:
        stamped = day_status.ready(tasks, today=today)
    if not stamped:
        return annotate_status_computed(tasks, today=today)
    return annotate_status_inputs(tasks).annotate(status_code=F("day_status"))


def with_status(tasks: QuerySet[Task], *, today: date, stamped: bool | None = None) -> QuerySet[Task]:
    """`annotate_status` plus what list and task pages show: the latest period, the no-change flag,
    a report waiting for review, and the sub-task roll-up (`subtask_rollup`: count, done, reported, average
    percent of the reported ones; cancelled sub-tasks left out)."""
    subtasks = Task.objects.filter(NOT_CANCELLED, parent=OuterRef("pk")).order_by().values("parent")
    return annotate_status(tasks, today=today, stamped=stamped).annotate(
        latest_period=F("progress__latest_period"),
        latest_no_change=F("progress__latest_no_change"),
        pending_review=Coalesce(F("progress__pending_review"), Value(False)),
        subtask_count=Coalesce(Subquery(subtasks.annotate(n=Count("pk")).values("n")), 0, output_field=IntegerField()),
        subtask_done=Coalesce(
            Subquery(
                subtasks.filter(DONE_SUMMARY).annotate(n=Count("pk")).values("n"),
            ),
            0,
            output_field=IntegerField(),
        ),
        subtask_reported=Coalesce(
            Subquery(subtasks.annotate(n=Count(REPORTED_PERCENT)).values("n")),
            0,
            output_field=IntegerField(),
        ),
        subtask_percent=Subquery(
            subtasks.annotate(avg=Avg(REPORTED_PERCENT)).values("avg"),
            output_field=FloatField(),
        ),
    )


def status_totals(
    tasks: QuerySet[Task], *, today: date, with_cancelled: bool = False, stamped: bool | None = None
) -> dict[str, int]:
    """How many of the tasks are in each status of `ORDER` (one query, grouped by status: the status is worked
    out once per task). Cancelled tasks are counted in none; with `with_cancelled` their number is added under
    `CANCELLED` (still outside the totals)."""
    totals = dict.fromkeys([*ORDER, CANCELLED] if with_cancelled else ORDER, 0)
    if not with_cancelled:
        tasks = tasks.filter(NOT_CANCELLED)
    grouped = (
        annotate_status(tasks, today=today, stamped=stamped).order_by().values("status_code").annotate(n=Count("pk"))
    )
    totals.update({row["status_code"]: row["n"] for row in grouped})
    return totals


def grouped_counts(tasks, *, today: date, keys: tuple[str, ...], stamped: bool | None = None) -> list[dict]:
    """Counts by status, task count and percent sum per group of `keys`, aggregated in SQL (one query).

    The status is `status_expression` over the `TaskProgress` summary; a done task counts 100 %; a task
    without report adds nothing to `percent_sum` and is not in `n_reported` (average = percent_sum /
    n_reported, never counting a missing report as 0 %); cancelled tasks are left out."""
    counts = {f"n_{code}": Count("pk", filter=Q(status_code=code)) for code in ORDER}
    percent = Case(
        When(done_on__isnull=False, then=Value(100)),
        default=F("latest_percent"),
        output_field=IntegerField(),
    )
    reported = Q(done_on__isnull=False) | Q(latest_percent__isnull=False)
    return list(
        annotate_status(tasks.filter(NOT_CANCELLED), today=today, stamped=stamped)
        .order_by()
        .values(*keys)
        .annotate(
            n=Count("pk"),
            n_reported=Count("pk", filter=reported),
            percent_sum=Sum(percent, output_field=IntegerField()),
            **counts,
        )
    )


def annotate_status_inputs(tasks: QuerySet[Task]) -> "QuerySet[WithAnnotations[Task, StatusInputs]]":
    """The latest live percent and the completion date, read from the task's `TaskProgress` summary."""
    return tasks.annotate(latest_percent=F("progress__latest_percent"), done_on=F("progress__done_on"))


@dataclass(frozen=True)
class StatusInfo:
    code: str

    @property
    def label(self) -> str:
        return str(LABELS[self.code])

    @property
    def badge(self) -> str:
        return BADGES[self.code]


def info(code: str) -> StatusInfo:
    return StatusInfo(code)


def task_status(task: Task, *, today: date) -> str:
    """The status of one task straight from its reports (the reference the summary is checked against;
    use `with_status` for lists)."""
    if task.cancelled_at is not None:
        return CANCELLED
    live = ProgressReport.objects.filter(task=task, status__in=LIVE).order_by("-period", "-submitted_at", "-pk").first()
    done = ProgressReport.objects.filter(completion.completing(), task=task).aggregate(
        first=Min(completion.completion_date_expression())
    )["first"]
    return derive_status(
        percent=live.percent if live else None,
        done_on=done,
        deadline=deadline_of(task),
        today=today,
        period=period_check(task, latest_period=live.period if live else None, today=today),
    )
