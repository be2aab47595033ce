"""What a periodic report is compiled from: the committee's meetings, plan approvals and issued documents
(documents/register.py) of the window, the accepted progress reports of the window, the figures of the tasks
due in it, and the annex table.

Which progress reports belong to a period (docs/domain.md, "Reporting periods and cut-off dates"):
- only reports the secretariat *accepted* (`ProgressReport.Status.ACCEPTED`); a report waiting for review,
  a returned one and so a superseded one (only returned reports are superseded) are left out;
- a report belongs to the window when it was *submitted* (local time) on a day of the window: what the units
  had reported by the cut-off date;
- a task's text in the report (what was done, obstacles, proposals) is its latest accepted report of the
  window (latest period, then latest submission).

The figures are "as of" the window's end: the day after the cut-off day is the day they are judged on
(`as_of`). Only reports submitted by the end of the window count for them:
- a task is *due in the window* when it is a one-off task (tasks/status.py `is_periodic` false) whose
  deadline (`tasks.status.deadline_of`, the effective deadline) falls in the window; periodic tasks are
  judged per period, never due;
- done on time, done late: tasks/completion.py's rule (an accepted report at 100 %, done on its
  `completed_on`) over those reports, compared with the deadline by `tasks.status.derive_status`;
- overdue: due in the window and not done by its end;
- pilot units beside the others: a task counts with the pilot units when its lead unit is a pilot unit
  (`tasks.models.PilotUnit`) of the task's plan.
The tasks are those of the committee's approved plans, cancelled tasks (by the window's end) left out. The
annex table holds every task of the committee's plan of the report's year with its status as of the end.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from documents.models import IssuedDocument
from members.models import Committee
from tasks import completion
from tasks import status as st
from tasks.deadlines import task_deadline
from tasks.models import Meeting, PilotUnit, Plan, ProgressReport, Task

from .periods import Period, next_window


def start_moment(day: date) -> datetime:
    """The first moment of `day`, local time (aware)."""
    return timezone.make_aware(datetime.combine(day, time.min))


@dataclass
class Entry:
    """A task's latest accepted report of the window."""

    task_id: int
    code: str
    title: str
    unit: str
    area_id: int
    percent: int
    period: date
    done: str
    obstacles: str
    proposals: str
    is_pilot: bool


@dataclass
class TaskState:
    """A task as of the window's end."""

    task: Task
    is_pilot: bool
    deadline: date
    percent: int | None = None
    latest_period: date | None = None
    done_on: date | None = None
    status: str = st.NOT_STARTED


@dataclass
class Compiled:
    """Everything a report of `period` is drafted from (see the module docstring)."""

    committee: Committee
    period: Period
    as_of: date
    next_starts_on: date
    next_ends_on: date
    meetings: list[Meeting] = field(default_factory=list)
    approvals: list[Plan] = field(default_factory=list)
    documents: list[IssuedDocument] = field(default_factory=list)  # the register's rows dated in the window
    areas: list[dict] = field(default_factory=list)  # {"id", "code", "name", "entries": [Entry]}
    entries: list[Entry] = field(default_factory=list)
    figures: dict[str, dict[str, int]] = field(default_factory=dict)  # "all" / "pilot" / "others"
    due: list[TaskState] = field(default_factory=list)
    overdue: list[TaskState] = field(default_factory=list)  # every one-off task overdue at `as_of`
    next_tasks: list[TaskState] = field(default_factory=list)
    annex: list[dict] = field(default_factory=list)


# An effective deadline is a few days from the written one (a day off): the query takes a margin, Python decides.
SLACK = timedelta(days=10)
FIGURE_KEYS = ("due", "done_on_time", "done_late", "overdue", "reported")


def _empty_figures() -> dict[str, int]:
    return dict.fromkeys(FIGURE_KEYS, 0)


def _tasks(committee: Committee, period: Period, next_end: date, end_moment: datetime) -> list[Task]:
    pilot = PilotUnit.objects.filter(plan_id=OuterRef("plan_id"), unit_id=OuterRef("lead_unit_id"))
    return list(
        Task.objects.filter(plan__committee=committee, plan__status=Plan.Status.APPROVED)
        .filter(
            Q(plan__year=period.year)
            | Q(due_date__isnull=False, due_date__range=(period.starts_on - SLACK, next_end + SLACK))
        )
        .filter(created_at__lt=end_moment)
        .exclude(cancelled_at__lt=end_moment)
        .annotate(is_pilot=Exists(pilot))
        .select_related("plan", "area", "lead_unit")
        .order_by("area__order", "area__name", "lead_unit__name", "code", "pk")
    )


def _reports(task_ids: list[int], end_moment: datetime) -> list[Any]:
    return list(
        ProgressReport.objects.filter(
            task_id__in=task_ids, status=ProgressReport.Status.ACCEPTED, submitted_at__lt=end_moment
        )
        .order_by("task_id", "period", "submitted_at", "pk")
        .values(
            "task_id", "period", "percent", "completed_on", "submitted_at", "done", "obstacles", "proposals", "status"
        )
    )


def compile_period(*, committee: Committee, period: Period, today: date | None = None) -> Compiled:
    """Gather what the report of `committee` for `period` is drafted from (6 queries whatever the data): the
    module's rules; the committee's meetings, plan approvals and documents of the register dated in the window.

    The figures are judged as of the day after the window's end, or as of `today` when the window has not ended
    yet (a draft made before the cut-off day: a task due today is not overdue). Deterministic: reads no clock,
    only the window and `today`; the same data gives the same result."""
    as_of = period.ends_on + timedelta(days=1)
    if today is not None and today < as_of:
        as_of = today
    window_start, end_moment = start_moment(period.starts_on), start_moment(as_of)
    next_start, next_end = next_window(period)
    out = Compiled(committee=committee, period=period, as_of=as_of, next_starts_on=next_start, next_ends_on=next_end)
    tasks = _tasks(committee, period, next_end, end_moment)
    by_id = {task.pk: task for task in tasks}
    states: dict[int, TaskState] = {}
    for task in tasks:
        states[task.pk] = TaskState(task=task, is_pilot=task.is_pilot, deadline=st.deadline_of(task))  # type: ignore[attr-defined]
    latest_in_window: dict[int, dict] = {}
    for report in _reports(list(by_id), end_moment):
        state = states[report["task_id"]]
        state.percent, state.latest_period = report["percent"], report["period"]
        if state.done_on is None and completion.completes_task(status=report["status"], percent=report["percent"]):
            state.done_on = completion.completion_date(completed_on=report["completed_on"], period=report["period"])
        if report["submitted_at"] >= window_start:
            latest_in_window[report["task_id"]] = report
    for state in states.values():
        if state.done_on is not None:
            state.percent = completion.FULL
        state.status = st.derive_status(
            percent=state.percent,
            done_on=state.done_on,
            deadline=state.deadline,
            today=as_of,
            period=st.period_check(state.task, latest_period=state.latest_period, today=as_of),
        )
    _figures(out, states, set(latest_in_window))
    _entries(out, by_id, states, latest_in_window)
    out.meetings = list(
        Meeting.objects.filter(committee=committee, date__range=(period.starts_on, period.ends_on))
        .order_by("date", "pk")
        .prefetch_related("conclusions")
    )
    out.approvals = list(
        Plan.objects.filter(committee=committee, approved_at__gte=window_start, approved_at__lt=end_moment)
        .select_related("approved_by")
        .order_by("approved_at")
    )
    out.documents = list(
        IssuedDocument.objects.filter(committee=committee, issued_on__range=(period.starts_on, period.ends_on))
        .order_by("issued_on", "sequence")
        .only("number", "issued_on", "title", "kind")
    )
    out.annex = [annex_row(state) for state in states.values() if state.task.plan.year == period.year]
    return out


def _figures(out: Compiled, states: dict[int, TaskState], reported: set[int]) -> None:
    period = out.period
    figures = {"all": _empty_figures(), "pilot": _empty_figures(), "others": _empty_figures()}
    for state in states.values():
        groups = [figures["all"], figures["pilot" if state.is_pilot else "others"]]
        one_off = not st.is_periodic(state.task)
        if state.task.pk in reported and state.task.plan.year == period.year:
            for group in groups:
                group["reported"] += 1
        if not one_off:
            continue
        if period.starts_on <= state.deadline <= period.ends_on:
            out.due.append(state)
            for group in groups:
                group["due"] += 1
                if state.status in (st.DONE_ON_TIME, st.DONE_LATE, st.OVERDUE):
                    group[state.status] += 1
        if state.status == st.OVERDUE:
            out.overdue.append(state)
        elif state.done_on is None and out.next_starts_on <= state.deadline <= out.next_ends_on:
            out.next_tasks.append(state)
    out.figures = figures
    out.due.sort(key=lambda s: (s.deadline, s.task.code))
    out.next_tasks.sort(key=lambda s: (s.deadline, s.task.code))
    out.overdue.sort(key=lambda s: (s.deadline, s.task.code))


def _entries(out: Compiled, by_id: dict[int, Task], states: dict[int, TaskState], latest: dict[int, dict]) -> None:
    areas: dict[int, dict] = {}
    for task in by_id.values():
        if task.plan.year == out.period.year or task.pk in latest:
            areas.setdefault(task.area_id, {"id": task.area_id, "code": task.area.code, "name": task.area.name})
    for area in areas.values():
        area["entries"] = []
    for task_id, report in latest.items():
        task = by_id[task_id]
        entry = Entry(
            task_id=task_id,
            code=task.code,
            title=task.title,
            unit=task.lead_unit.name,
            area_id=task.area_id,
            percent=report["percent"],
            period=report["period"],
            done=report["done"].strip(),
            obstacles=report["obstacles"].strip(),
            proposals=report["proposals"].strip(),
            is_pilot=states[task_id].is_pilot,
        )
        out.entries.append(entry)
        areas[task.area_id]["entries"].append(entry)
    order = {task.area_id: i for i, task in enumerate(by_id.values())}
    out.areas = sorted(areas.values(), key=lambda a: order.get(a["id"], 0))
    for area in out.areas:
        area["entries"].sort(key=lambda e: (e.unit, e.code))
    out.entries.sort(key=lambda e: (order.get(e.area_id, 0), e.unit, e.code))


def annex_row(state: TaskState) -> dict:
    """A row of the annex table (JSON: dates as ISO strings; `percent` None when the task has no accepted
    report by the window's end, shown as "chưa báo cáo", never 0 %)."""
    task = state.task
    written, effective = task_deadline(task)
    return {
        "area": task.area.name,
        "code": task.code,
        "title": task.title,
        "unit": task.lead_unit.name,
        "pilot": state.is_pilot,
        "deadline": str(written),
        "effective_deadline": effective.isoformat() if effective else None,
        "percent": state.percent,
        "latest_period": state.latest_period.isoformat() if state.latest_period else None,
        "done_on": state.done_on.isoformat() if state.done_on else None,
        "status": state.status,
    }
