"""Closing a plan's year: the secretariat's assessment of each task, the year's figures frozen, the plan closed.

The rules (the committee's year-end review: every task of the year is assessed in the year's report, and the
next year's plan takes over what is unfinished; the next plan itself is made in tasks/rollover.py):
- only an approved plan is closed, once, and not before 1 December of its year (`CLOSING_OPENS`): the
  year's report is compiled in December, so the year may be closed then; from `closed_at` the plan's tasks
  owe no more monthly reports (tasks/periods.py);
- each task gets one outcome (`TaskAssessment.Outcome`), suggested from its status on the day
  (`suggested_outcome`): done on time → done, done late → done late, cancelled → cancelled, anything
  unfinished → carried over (the secretariat may say "not done" instead, to leave it behind);
- an outcome that contradicts the reports (done when they say unfinished, done late when they say on time,
  and so on) needs a note saying why; "cancelled" is only for a cancelled task, and a cancelled task is only
  "cancelled" (a task is cancelled by tasks/tasklist.py, with its reason and document, not here);
- assessments may be saved area by area before closing (`save_assessments`); closing takes, for each task,
  the assessment given now, else the one saved, else the suggestion, and checks them all again;
- the figures (totals by status, outcome, area and lead unit) are computed once, at closing, and kept
  (`PlanClosing.figures`): pages show them afterwards instead of working them out again.
"""

from collections.abc import Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from core import shared_cache

from . import status as st
from .models import Plan, Task
from .yearend_models import PlanClosing, TaskAssessment

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    StatusTask = WithAnnotations[Task, st.StatusFields]

Outcome = TaskAssessment.Outcome
CLOSING_OPENS = (12, 1)  # (month, day) of the plan's year from which it may be closed
UNFINISHED = (Outcome.NOT_DONE, Outcome.CARRIED_OVER)
BY_STATUS = {st.DONE_ON_TIME: Outcome.DONE, st.DONE_LATE: Outcome.DONE_LATE}


class Assessment(NamedTuple):
    """One task's assessment as the secretariat gives it: an `Outcome` value and an optional note."""

    outcome: str
    note: str = ""


def closing_opens_on(plan: Plan) -> date:
    """The first day the plan's year may be closed (1 December of its year)."""
    return date(plan.year, *CLOSING_OPENS)


def suggested_outcome(*, task: Task, status_code: str) -> str:
    """The outcome the page offers first, from the task's status (tasks/status.py) on the closing day."""
    if task.cancelled_at is not None:
        return Outcome.CANCELLED
    return BY_STATUS.get(status_code, Outcome.CARRIED_OVER)


def check_closable(*, plan: Plan, today: date) -> None:
    """Refuse closing (or assessing) the plan: a draft, a plan already closed, or before 1 December of its year.
    Raises ValidationError."""
    if plan.status != Plan.Status.APPROVED:
        raise ValidationError(_("Chỉ khóa sổ kế hoạch đã được phê duyệt."))
    if plan.closed_at is not None:
        raise ValidationError(_("Kế hoạch năm %(year)s đã được khóa sổ.") % {"year": plan.year})
    opens = closing_opens_on(plan)
    if today < opens:
        raise ValidationError(
            _("Chỉ khóa sổ năm %(year)s từ ngày %(day)s.") % {"year": plan.year, "day": f"{opens:%d/%m/%Y}"}
        )


def plan_tasks_with_status(*, plan: Plan, today: date, area_id: int | None = None) -> "QuerySet[StatusTask]":
    """The plan's tasks (of one area when `area_id` is given) with `status_code` on `today` and their saved
    assessment (one query), in plan order."""
    tasks = Task.objects.filter(plan=plan).select_related("area", "lead_unit", "assessment")
    if area_id is not None:
        tasks = tasks.filter(area_id=area_id)
    return st.annotate_status(tasks, today=today).order_by("area__order", "area__name", "code")


def _problem(*, task: Task, suggested: str, given: Assessment) -> str | None:
    """Why `given` may not stand for this task, or None."""
    if given.outcome not in Outcome.values:
        return _("Nhiệm vụ %(code)s: kết quả đánh giá không hợp lệ.") % {"code": task.code}
    if task.cancelled_at is not None and given.outcome != Outcome.CANCELLED:
        return _("Nhiệm vụ %(code)s đã hủy: chỉ đánh giá là “Đã hủy”.") % {"code": task.code}
    if task.cancelled_at is None and given.outcome == Outcome.CANCELLED:
        return _(
            "Nhiệm vụ %(code)s chưa bị hủy: muốn hủy nhiệm vụ, hãy dùng chức năng hủy nhiệm vụ (có lý do và văn bản)."
        ) % {"code": task.code}
    agrees = given.outcome == suggested or {given.outcome, suggested} <= set(UNFINISHED)
    if not agrees and not given.note.strip():
        return _("Nhiệm vụ %(code)s: kết quả đánh giá khác với báo cáo tiến độ, cần ghi chú lý do.") % {
            "code": task.code
        }
    return None


def _checked(tasks: "list[StatusTask]", given: Mapping[int, Assessment]) -> None:
    """Refuse the assessments when any is wrong, one message per task, keyed `task-<id>`."""
    errors: dict[str, list[str]] = {}
    for task in tasks:
        if task.pk in given:
            suggested = suggested_outcome(task=task, status_code=task.status_code)
            problem = _problem(task=task, suggested=suggested, given=given[task.pk])
            if problem:
                errors[f"task-{task.pk}"] = [problem]
    if errors:
        raise ValidationError(errors)


def _tasks_of(plan: Plan, ids, today: date) -> "list[StatusTask]":
    tasks = list(plan_tasks_with_status(plan=plan, today=today).filter(pk__in=list(ids)))
    if len(tasks) != len(set(ids)):
        raise ValidationError(_("Có nhiệm vụ không thuộc kế hoạch này."))
    return tasks


def _write(rows_new: list[TaskAssessment], rows_changed: list[TaskAssessment]) -> None:
    for row in rows_new + rows_changed:
        # plan, task and the user were read just above: no need to look each one up again.
        row.full_clean(exclude=["plan", "task", "assessed_by"], validate_unique=False)
    TaskAssessment.objects.bulk_create(rows_new)
    fields = ["outcome", "note", "status_at_closing", "assessed_by", "assessed_at"]
    TaskAssessment.objects.bulk_update(rows_changed, fields)
    shared_cache.bump(shared_cache.TASKS)  # bulk writes send no model signals


def _stamp(obj: Any, by) -> None:
    # django-simple-history records this user on the history row written by save().
    if by is not None and getattr(by, "is_authenticated", False):
        obj._history_user = by


def _locked(plan: Plan) -> Plan:
    return Plan.objects.select_for_update().get(pk=plan.pk)


@transaction.atomic
def save_assessments(*, plan: Plan, assessments: Mapping[int, Assessment], by, now: datetime) -> int:
    """Save the secretariat's assessments of some of the plan's tasks (`{task id: Assessment}`, e.g. one area's)
    before the year is closed; returns how many were saved. Refused as a whole (nothing saved) when the plan
    may not be closed yet (`check_closable`) or any assessment breaks the rules: ValidationError, one message
    per task keyed `task-<id>`."""
    plan = _locked(plan)
    today = timezone.localdate(now)
    check_closable(plan=plan, today=today)
    tasks = _tasks_of(plan, assessments.keys(), today)
    _checked(tasks, assessments)
    new, changed = [], []
    for task in tasks:
        given = assessments[task.pk]
        row = getattr(task, "assessment", None)
        if row is None:
            row = TaskAssessment(plan=plan, task=task)
            new.append(row)
        else:
            changed.append(row)
        row.outcome, row.note, row.assessed_by, row.assessed_at = given.outcome, given.note.strip(), by, now
    _write(new, changed)
    return len(tasks)


@transaction.atomic
def close_year(*, plan: Plan, assessments: Mapping[int, Assessment] | None = None, by, now: datetime) -> PlanClosing:
    """Close the plan's year at `now`: every task assessed (the assessment given here, else the one saved, else
    the suggestion), the year's figures frozen in a `PlanClosing`, `Plan.closed_at` / `closed_by` set. `by` is
    the user closing it, or None for the system (a loader). One transaction with the plan row locked: a refused
    closing saves nothing, and two closings at once cannot both pass.

    Raises ValidationError: the plan may not be closed (`check_closable`), a task id is not the plan's, or an
    assessment breaks the rules (one message per task, keyed `task-<id>`)."""
    plan = _locked(plan)
    today = timezone.localdate(now)
    check_closable(plan=plan, today=today)
    given = dict(assessments or {})
    tasks = list(plan_tasks_with_status(plan=plan, today=today))
    unknown = set(given) - {t.pk for t in tasks}
    if unknown:
        raise ValidationError(_("Có nhiệm vụ không thuộc kế hoạch này."))
    final: dict[int, Assessment] = {}
    for task in tasks:
        saved = getattr(task, "assessment", None)
        if task.pk in given:
            final[task.pk] = given[task.pk]
        elif saved is not None:
            final[task.pk] = Assessment(saved.outcome, saved.note)
        else:
            final[task.pk] = Assessment(suggested_outcome(task=task, status_code=task.status_code))
    _checked(tasks, final)
    new, changed = [], []
    for task in tasks:
        row = getattr(task, "assessment", None)
        if row is None:
            row = TaskAssessment(plan=plan, task=task, assessed_by=by, assessed_at=now)
            new.append(row)
        else:
            changed.append(row)
        if task.pk in given:
            row.assessed_by, row.assessed_at = by, now
        row.outcome, row.note = final[task.pk].outcome, final[task.pk].note.strip()
        row.status_at_closing = task.status_code
    _write(new, changed)
    closing = PlanClosing(
        plan=plan,
        as_of=today,
        figures=year_figures(tasks=tasks, outcomes={pk: a.outcome for pk, a in final.items()}, as_of=today),
        closed_at=now,
        closed_by=by,
    )
    closing.full_clean()
    closing.save()
    plan.closed_at, plan.closed_by = now, by
    plan.full_clean()
    _stamp(plan, by)
    plan.save()
    return closing


def _empty() -> dict:
    return {"total": 0, "status": dict.fromkeys(st.ORDER, 0), "outcome": dict.fromkeys(Outcome.values, 0)}


def _count(bucket: dict, task: "StatusTask", outcome: str) -> None:
    bucket["outcome"][outcome] += 1
    if task.cancelled_at is None:
        bucket["total"] += 1
        bucket["status"][task.status_code] = bucket["status"].get(task.status_code, 0) + 1


def year_figures(*, tasks: "list[StatusTask]", outcomes: Mapping[int, str], as_of: date) -> dict:
    """The year's figures from the tasks (with `status_code`, `area` and `lead_unit`) and their outcomes:
    `{"as_of": "YYYY-MM-DD", "total", "cancelled", "done_rate" (%), "status": {code: n}, "outcome": {value: n},
    "areas": [{"id", "name", "total", "status", "outcome"}], "units": [same]}`. Cancelled tasks count in the
    outcomes only (they left the plan's totals when they were cancelled)."""
    whole = _empty()
    areas: dict[int, dict] = {}
    units: dict[int, dict] = {}
    for task in tasks:
        outcome = outcomes[task.pk]
        _count(whole, task, outcome)
        area = areas.setdefault(
            task.area_id, {"id": task.area_id, "name": task.area.name, "order": task.area.order, **_empty()}
        )
        _count(area, task, outcome)
        unit = units.setdefault(task.lead_unit_id, {"id": task.lead_unit_id, "name": task.lead_unit.name, **_empty()})
        _count(unit, task, outcome)
    done = whole["outcome"][Outcome.DONE] + whole["outcome"][Outcome.DONE_LATE]
    return {
        "as_of": as_of.isoformat(),
        **whole,
        "cancelled": whole["outcome"][Outcome.CANCELLED],
        "done_rate": round(100 * done / whole["total"]) if whole["total"] else 0,
        "areas": sorted(areas.values(), key=lambda a: (a.pop("order"), a["name"])),
        "units": sorted(units.values(), key=lambda u: u["name"]),
    }


def frozen_figures(plan: Plan) -> dict | None:
    """The figures frozen when the plan's year was closed (the shape of `year_figures`), or None while it is
    open. Pages showing a closed year show these instead of live ones."""
    closing = PlanClosing.objects.filter(plan=plan).only("figures").first()
    return closing.figures if closing else None


def figure_rows(figures: dict) -> dict:
    """The frozen figures with their labels, as pages print them: `status` and `outcome` as lists of
    `{"code", "label", "n"}` (for the whole year and for each area and unit)."""
    status_labels = st.LABELS
    outcome_labels = dict(Outcome.choices)

    def labelled(bucket: dict) -> dict:
        return {
            **bucket,
            "status_rows": [{"code": c, "label": status_labels.get(c, c), "n": n} for c, n in bucket["status"].items()],
            "outcome_rows": [
                {"code": c, "label": outcome_labels.get(c, c), "n": bucket["outcome"].get(c, 0)} for c in Outcome.values
            ],
        }

    return {
        **labelled(figures),
        "as_of": date.fromisoformat(figures["as_of"]),
        "areas": [labelled(a) for a in figures["areas"]],
        "units": [labelled(u) for u in figures["units"]],
    }
