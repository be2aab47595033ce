"""A task's status, derived from its progress reports and its deadline; never stored or typed.

The rule (one place, used for single tasks and, as SQL, for whole lists):
- a *live* report is one that is submitted or accepted (a returned report does not count);
- a task is *done* when the secretariat accepted a report at 100 %; it was done on the
  earliest such report's `completed_on` (tasks/completion.py: the one statement of "done", which
  the summary, the monthly obligations and the hotline's follow-ups read too);
- its *deadline* is `due_date`, or the last day of the plan year for recurring/ongoing tasks
  without a date;
- done on or before the deadline: done on time; done after it: done late;
- not done and the deadline has passed (deadline < today): overdue;
- not done, deadline not passed: in progress when a live report shows more than 0 %, else not started.

"No change this month" is a report (it keeps the last percent); "no report" is a missing one.
`today` is always passed in.

Lists and aggregates read what the reports say from `TaskProgress` (one row per task, refreshed with
every report save), so a status costs a join, not subqueries over all reports; `status_of` and
`subtask_rollup` apply the same rule in Python to tasks fetched with that summary (the task page);
`task_status` reads the reports themselves.
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

from . import completion
from .models import ProgressReport, Task, TaskProgress

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
DONE_ON_TIME = "done_on_time"
DONE_LATE = "done_late"
OVERDUE = "overdue"

LABELS = {
    NOT_STARTED: _("Chưa triển khai"),
    IN_PROGRESS: _("Đang thực hiện"),
    DONE_ON_TIME: _("Hoàn thành đúng hạn"),
    DONE_LATE: _("Hoàn thành quá hạn"),
    OVERDUE: _("Quá hạn chưa hoàn thành"),
}
BADGES = {
    NOT_STARTED: "badge-muted",
    IN_PROGRESS: "badge-info",
    DONE_ON_TIME: "badge-ok",
    DONE_LATE: "badge-warn",
    OVERDUE: "badge-bad",
}
ORDER = [NOT_STARTED, IN_PROGRESS, DONE_ON_TIME, DONE_LATE, OVERDUE]
CHOICES = [(code, LABELS[code]) for code in ORDER]
DONE = (DONE_ON_TIME, DONE_LATE)
LIVE = (ProgressReport.Status.SUBMITTED, ProgressReport.Status.ACCEPTED)


def effective_deadline(*, due_date: date | None, plan_year: int) -> date:
    return due_date or date(plan_year, 12, 31)


def derive_status(*, percent: int | None, done_on: date | None, deadline: date, today: date) -> str:
    """The status of one task from its latest live percent, its completion date and deadline."""
    if done_on is not None:
        return DONE_ON_TIME if done_on <= deadline else DONE_LATE
    if deadline < today:
        return OVERDUE
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
    """`derive_status` for one task fetched with `progress` and `plan`: the status `with_status` gives, no query."""
    progress = progress_of(task)
    return derive_status(
        percent=progress.latest_percent if progress else None,
        done_on=progress.done_on if progress else None,
        deadline=effective_deadline(due_date=task.due_date, plan_year=task.plan.year),
        today=today,
    )


def is_done(progress: TaskProgress | None) -> bool:
    """Whether a task's summary says it is done (`DONE_SUMMARY` in SQL)."""
    return progress is not None and progress.done_on is not None


# The same as `is_done`, for a task queryset.
DONE_SUMMARY = Q(progress__done_on__isnull=False)


def done_exists(task_ref: str = "pk") -> Exists:
    """SQL: the task at `task_ref` (an OuterRef path) is done, read from its reports."""
    return Exists(ProgressReport.objects.filter(completion.completing(), task=OuterRef(task_ref)))


def subtask_rollup(subtasks: list[Task]) -> dict[str, int | float | None]:
    """`with_status`'s sub-task roll-up (count, done, average percent) from the sub-tasks fetched with `progress`."""
    summaries = [progress_of(s) for s in subtasks]
    return {
        "subtask_count": len(summaries),
        "subtask_done": sum(1 for p in summaries if is_done(p)),
        "subtask_percent": (
            sum((p.latest_percent or 0) if p else 0 for p in summaries) / len(summaries) if summaries else None
        ),
    }


def status_expression(today: date) -> Case:
    """SQL for `derive_status`, over the annotations `with_status` adds."""
    deadline_passed = Q(due_date__lt=today) | Q(due_date__isnull=True, plan__year__lt=today.year)
    late = Q(due_date__isnull=False, done_on__gt=F("due_date")) | Q(
        due_date__isnull=True, done_on__year__gt=F("plan__year")
    )
    return Case(
        When(Q(done_on__isnull=False) & late, then=Value(DONE_LATE)),
        When(done_on__isnull=False, then=Value(DONE_ON_TIME)),
        When(deadline_passed, then=Value(OVERDUE)),
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


def annotate_status(tasks: QuerySet[Task], *, today: date) -> "QuerySet[WithAnnotations[Task, StatusFields]]":
    """Annotate latest_percent, done_on and status_code (one query, no per-row lookups)."""
    return annotate_status_inputs(tasks).annotate(status_code=status_expression(today))


def with_status(tasks: QuerySet[Task], *, today: date) -> QuerySet[Task]:
    """`annotate_status` plus what list and task pages show: the latest period, the no-change flag,
    a report waiting for review, and the sub-task roll-up (count, done, average percent)."""
    subtasks = Task.objects.filter(parent=OuterRef("pk")).order_by().values("parent")
    return annotate_status(tasks, today=today).annotate(
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
        subtask_percent=Subquery(
            subtasks.annotate(avg=Avg(Coalesce("progress__latest_percent", 0))).values("avg"),
            output_field=FloatField(),
        ),
    )


def status_totals(tasks: QuerySet[Task], *, today: date) -> dict[str, int]:
    """How many of the tasks are in each status (one query, grouped by status: the status is worked out once
    per task)."""
    totals = dict.fromkeys(ORDER, 0)
    grouped = annotate_status(tasks, today=today).order_by().values("status_code").annotate(n=Count("pk"))
    totals.update({row["status_code"]: row["n"] for row in grouped})
    return totals


def grouped_counts(tasks, *, today: date, keys: tuple[str, ...]) -> list[dict]:
    """Counts by status, task count and percent sum per group of `keys`, aggregated in SQL (one query).

    The status is `status_expression` over the `TaskProgress` summary; a done task counts 100 %."""
    counts = {f"n_{code}": Count("pk", filter=Q(status_code=code)) for code in ORDER}
    percent = Case(
        When(done_on__isnull=False, then=Value(100)),
        default=Coalesce("latest_percent", Value(0)),
        output_field=IntegerField(),
    )
    return list(
        annotate_status(tasks, today=today)
        .order_by()
        .values(*keys)
        .annotate(n=Count("pk"), percent_sum=Sum(percent, output_field=IntegerField()), **counts)
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
    live = ProgressReport.objects.filter(task=task, status__in=LIVE).order_by("-period", "-submitted_at", "-pk").first()
    done = ProgressReport.objects.filter(completion.completing(), task=task).aggregate(
        first=Min(completion.completion_date_expression())
    )["first"]
    return derive_status(
        percent=live.percent if live else None,
        done_on=done,
        deadline=effective_deadline(due_date=task.due_date, plan_year=task.plan.year),
        today=today,
    )
