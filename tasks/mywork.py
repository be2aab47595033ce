""" "Việc của tôi": the lists of one user's work, each in order of urgency, and their first rows with exact totals.

Sections (`SECTIONS`, in page order):
- pending: reports waiting for the secretariat's review (secretariat only), oldest submission first;
- returned: the user's reports that the secretariat returned and that were not resubmitted, oldest period first;
- due / reported: tasks the user reports on that owe a report this month (`periods.tasks_owing_report`),
  without / with one, by deadline;
- overdue: tasks the user takes part in whose status is overdue (`status.py`), by deadline.

`first_rows` cuts a section to its first rows and counts the whole of it in the same query (a window
count), so the page runs one query per section whatever the number of tasks and reports.
"""

from datetime import date

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Window

from core.roles import Role, has_role

from . import status as st
from .closed_months import closed_month_exists
from .models import ProgressReport, Task
from .periods import month_start, tasks_owing_report
from .selectors import is_secretariat, own_tasks_q, reportable_q

PENDING, RETURNED, DUE, REPORTED, OVERDUE = "pending", "returned", "due", "reported", "overdue"
SECTIONS = (PENDING, RETURNED, DUE, REPORTED, OVERDUE)
TASK_ORDER = (F("due_date").asc(nulls_last=True), "code")  # no date: the end of the plan year, so last


def has_own_work(user) -> bool:
    """Members and focal points have tasks of their own; other readers only ever see empty personal lists."""
    return has_role(user, Role.MEMBER, Role.FOCAL_POINT)


def may_see(user, section: str) -> bool:
    return section != PENDING or is_secretariat(user)


def _owing(user, *, today: date) -> QuerySet[Task]:
    """Tasks the user reports on that owe a report this month, with `has_report` and their status; none
    whose committee closed this month (the report form refuses it: tasks/closed_months.py)."""
    month = month_start(today)
    own = Task.objects.filter(reportable_q(user)).exclude(*closed_month_exists(OuterRef("plan__committee_id"), month))
    tasks = tasks_owing_report(month, own)
    return st.annotate_status(tasks, today=today).select_related("lead_unit")


def due_tasks(user, *, today: date) -> QuerySet[Task]:
    return _owing(user, today=today).filter(has_report=False).order_by(*TASK_ORDER)


def reported_tasks(user, *, today: date) -> QuerySet[Task]:
    return _owing(user, today=today).filter(has_report=True).order_by(*TASK_ORDER)


def overdue_tasks(user, *, today: date) -> QuerySet[Task]:
    """The user's overdue tasks still to act on: not of a year whose books are closed, and not carried over
    into a later plan (the later task is the one that counts: it is listed itself when overdue)."""
    own = Task.objects.filter(own_tasks_q(user), plan__closed_at__isnull=True).exclude(
        Exists(Task.objects.filter(origin=OuterRef("pk")))
    )
    tasks = st.annotate_status(own, today=today).filter(status_code=st.OVERDUE)
    return tasks.select_related("lead_unit", "plan").order_by(*TASK_ORDER)


def returned_reports(user) -> QuerySet[ProgressReport]:
    """The user's returned reports still waiting for a resubmission (read through the partial index on
    returned reports, one probe per task); a cancelled task waits for none, nor a month since closed (the
    report form refuses it: tasks/closed_months.py)."""
    return (
        ProgressReport.objects.exclude(*closed_month_exists(OuterRef("task__plan__committee_id"), OuterRef("period")))
        .filter(
            reportable_q(user, prefix="task__"),
            status=ProgressReport.Status.RETURNED,
            superseded_by__isnull=True,
            task__cancelled_at__isnull=True,
            task__plan__closed_at__isnull=True,  # a closed year waits for nothing more
        )
        .select_related("task")
        .order_by("period", "task__code", "submitted_at")  # not Meta.ordering: it joins plan and committee
    )


def pending_reports() -> QuerySet[ProgressReport]:
    return (
        ProgressReport.objects.filter(status=ProgressReport.Status.SUBMITTED)
        .select_related("task", "task__lead_unit")
        .order_by("submitted_at", "pk")
    )


def section_rows(user, section: str, *, today: date) -> QuerySet:
    """The whole of one section, in order (for its own paginated page)."""
    if section == PENDING:
        return pending_reports()
    if section == RETURNED:
        return returned_reports(user)
    if section == DUE:
        return due_tasks(user, today=today)
    if section == REPORTED:
        return reported_tasks(user, today=today)
    if section == OVERDUE:
        return overdue_tasks(user, today=today)
    raise KeyError(section)


def first_rows(rows: QuerySet, n: int) -> tuple[list, int]:
    """The first n rows and how many there are in all (one query: the total rides on each row)."""
    found = list(rows.annotate(total_rows=Window(Count("pk")))[:n])
    return found, (found[0].total_rows if found else 0)


def summary(user, *, today: date, first: int) -> dict[str, tuple[list, int]]:
    """Each section the user sees: its first rows and its exact total.

    `due` and `reported` come from one query: the month's owing tasks, unreported first, with both totals.
    The pending queue is one query for its rows and one COUNT (a window count would have to join every
    waiting report)."""
    result: dict[str, tuple[list, int]] = {}
    if is_secretariat(user):
        rows = pending_reports()
        result[PENDING] = (list(rows[:first]), rows.count())
    if has_own_work(user):
        result[RETURNED] = first_rows(returned_reports(user), first)
        owing = list(
            _owing(user, today=today)
            .annotate(
                total_rows=Window(Count("pk")),
                total_due=Window(Count("pk", filter=Q(has_report=False))),
            )
            .order_by("has_report", *TASK_ORDER)[:first]
        )
        n_due = owing[0].total_due if owing else 0
        n_all = owing[0].total_rows if owing else 0
        result[DUE] = ([t for t in owing if not t.has_report], n_due)
        result[REPORTED] = ([], n_all - n_due)
        result[OVERDUE] = first_rows(overdue_tasks(user, today=today), first)
    return result
