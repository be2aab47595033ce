"""Writing tasks: creating, editing (with the document behind a change), cascading to lower committees.

Every writer of a task comes here: the plan pages, a meeting's conclusion, the hotline's follow-up,
the admin and the loader. The rules of a task (`check_task`):
- its code is unique within its plan;
- a one-off task has a deadline, a monthly or quarterly one a reporting day, and a reporting day is
  1 to 31;
- its deadline is written as the plans write it (tasks/deadlines.py): a date within its plan's year;
  a month, quarter, half-year or the year within its plan's year, stored as the period's last day; or
  ongoing, without a date (and only an ongoing task has the recurrence "ongoing"); its own start, if
  any, is in its plan's year and not after its deadline. Two exceptions, for a date: a task marked
  multi-year (`is_multi_year`, "nhiệm vụ thực hiện nhiều năm") may fall due in a later year, and a
  hotline follow-up may fall due in the next year (the statutory answer deadline of a report received
  in December; hotline/followup.py);
- its lead unit is not also a coordinating unit;
- the member responsible sits on the plan's committee;
- in an approved plan, a change of deadline, recurrence, reporting day or lead unit cites a document
  and is written to TaskChange (simple-history records every save as well); the document is one of the
  plan's year, issued on or before the day of the change (`check_change_document`): a change cannot rest
  on a document not yet issued, nor on another year's;
- a cancelled task is never edited, cascaded or deleted (`cancel_task`).

When the working calendar changes, `move_task_deadlines` (registered in TasksConfig.ready) moves the
effective deadlines it shifts.
"""

from datetime import date, datetime, timedelta
from typing import TypedDict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import history
from core.calendar import Calendar, calendar_for
from core.calendar_changes import Moved
from core.text import clean_text
from core.versions import check_version
from members.decisions import NewDecision, cite
from members.models import Committee, Decision, Membership, Person, ReformArea, Unit

from . import deadlines
from .models import Conclusion, Plan, Task, TaskChange
from .plans import check_open, plan_for
from .status import DONE_SUMMARY

# The fields whose change in an approved plan needs a document.
TRACKED_FIELDS = ("due_kind", "due_date", "recurrence", "recurrence_day", "lead_unit")
PERIODIC = (Task.Recurrence.MONTHLY, Task.Recurrence.QUARTERLY)
# How far a day off can move a deadline (the longest break, Tết, is about ten days): a calendar change
# looks at the tasks due this many days around the changed days.
CALENDAR_REACH = timedelta(days=31)


class TaskFields(TypedDict, total=False):
    """A task's own fields, as the task form gives them (`code`, `title`, `area` and `lead_unit` are
    required when creating)."""

    code: str
    title: str
    description: str
    area: ReformArea
    lead_unit: Unit
    responsible: Person | None
    due_kind: str
    due_date: date | None
    starts_on: date | None
    recurrence: str
    recurrence_day: int | None
    expected_output: str
    expected_output_note: str
    is_focus: bool
    is_multi_year: bool


_stamp = history.stamp


def check_task(*, task: Task, coordinating_units=(), exclude_pk: int | None = None) -> None:
    """The task rules over a task's values (saved or not; `task.plan` is a saved plan), before the model's
    own checks. Raises one ValidationError with every broken rule, keyed by field."""
    plan = task.plan
    check_open(plan)
    errors: dict[str, list[str]] = {}

    def refuse(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    code = (task.code or "").strip()
    same_code = Task.objects.filter(plan_id=plan.pk, code=code)
    if exclude_pk is not None:
        same_code = same_code.exclude(pk=exclude_pk)
    if code and same_code.exists():
        refuse("code", _("Mã nhiệm vụ này đã có trong kế hoạch."))
    for field, message in _deadline_errors(task):
        refuse(field, message)
    if task.recurrence_day is not None and not 1 <= task.recurrence_day <= 31:
        refuse("recurrence_day", _("Ngày trong kỳ phải từ 1 đến 31."))
    elif task.recurrence in PERIODIC and not task.recurrence_day:
        refuse("recurrence_day", _("Nhiệm vụ định kỳ cần ngày báo cáo trong kỳ (ví dụ: 20)."))
    if task.lead_unit_id and task.lead_unit_id in {u.pk for u in coordinating_units}:
        refuse("coordinating_units", _("Cơ quan chủ trì không đồng thời là cơ quan phối hợp."))
    if (
        task.responsible_id
        and not Membership.objects.filter(committee_id=plan.committee_id, person_id=task.responsible_id).exists()
    ):
        refuse("responsible", _("Người phụ trách phải là thành viên Ban Chỉ đạo."))
    if errors:
        raise ValidationError(errors)


def _deadline_errors(task: Task) -> list[tuple[str, str]]:
    """The deadline rules of the module's docstring, as (field, message) pairs."""
    kind, due, year = task.due_kind, task.due_date, task.plan.year
    errors = []
    if kind == Task.DueKind.ONGOING:
        if due is not None:
            errors.append(("due_date", _("Nhiệm vụ thường xuyên không ghi thời hạn hoàn thành.")))
        if task.recurrence == Task.Recurrence.ONCE:
            errors.append(("recurrence", _("Nhiệm vụ thường xuyên không phải nhiệm vụ một lần: hãy chọn chu kỳ.")))
    elif task.recurrence == Task.Recurrence.ONGOING:
        errors.append(("due_kind", _("Nhiệm vụ có chu kỳ “Thường xuyên” ghi thời hạn là “Thường xuyên”.")))
    if kind in deadlines.PERIODS:
        if due is None:
            errors.append(("due_period", _("Hãy chọn kỳ của thời hạn.")))
        elif not deadlines.is_period_end(kind, due):
            errors.append(("due_period", _("Thời hạn theo kỳ phải là ngày cuối của kỳ đó.")))
        elif due.year != year:
            errors.append(
                (
                    "due_period",
                    _("Thời hạn “%(deadline)s” không thuộc năm kế hoạch %(year)s.")
                    % {"deadline": deadlines.written_deadline(kind, due), "year": year},
                )
            )
    elif due is not None and due < date(year, 1, 1):
        errors.append(("due_date", _("Thời hạn không được trước năm kế hoạch (%(year)s).") % {"year": year}))
    elif due is not None and due.year > year and not _may_fall_due_later(task, due):
        errors.append(
            (
                "due_date",
                _(
                    "Thời hạn %(day)s không thuộc năm kế hoạch %(year)s. Nếu nhiệm vụ thực hiện qua nhiều năm, "
                    "hãy đánh dấu “Nhiệm vụ thực hiện nhiều năm”."
                )
                % {"day": f"{due:%d/%m/%Y}", "year": year},
            )
        )
    if task.recurrence == Task.Recurrence.ONCE and kind != Task.DueKind.ONGOING and not due:
        errors.append(("due_date", _("Nhiệm vụ một lần phải có thời hạn hoàn thành.")))
    if task.starts_on is not None:
        if task.starts_on.year != year:
            errors.append(("starts_on", _("Ngày bắt đầu phải thuộc năm kế hoạch %(year)s.") % {"year": year}))
        elif due is not None and task.starts_on > due:
            errors.append(("starts_on", _("Ngày bắt đầu không được sau thời hạn hoàn thành.")))
    return errors


def _may_fall_due_later(task: Task, due: date) -> bool:
    """A deadline after the plan's year is allowed for a multi-year task, and for a hotline follow-up in the
    next year only (the module's rules)."""
    if task.is_multi_year:
        return True
    return task.source == Task.Source.HOTLINE and due.year == task.plan.year + 1


def changed_fields(*, task: Task, fields: TaskFields) -> list[str]:
    """Which tracked fields `fields` would change on the saved task."""
    given: dict[str, object] = dict(fields)
    return [name for name in TRACKED_FIELDS if name in given and given[name] != getattr(task, name)]


def needs_document(*, task: Task, fields: TaskFields) -> bool:
    """Whether saving `fields` on this task must cite a document (an approved plan, a tracked field changed)."""
    return task.plan.status == Plan.Status.APPROVED and bool(changed_fields(task=task, fields=fields))


def check_change_document(decision: Decision | NewDecision | None, *, plan: Plan, on: date) -> None:
    """Refuse a document cited for a change of the plan's task on the day `on` when it was issued after that
    day or in another year than the plan's (rule in the module's docstring). Raises ValidationError keyed
    "decision" (a chosen document) or "decision_date" (a typed one); a document without a date is left to
    `members.decisions.record_decision` to refuse."""
    day = decision.date if decision is not None else None
    if day is None:
        return
    field = "decision_date" if isinstance(decision, NewDecision) else "decision"
    if day > on:
        raise ValidationError(
            {
                field: _("Văn bản ban hành ngày %(day)s, sau ngày điều chỉnh (%(on)s): không thể làm căn cứ.")
                % {"day": f"{day:%d/%m/%Y}", "on": f"{on:%d/%m/%Y}"}
            }
        )
    if day.year != plan.year:
        raise ValidationError(
            {
                field: _(
                    "Văn bản ban hành ngày %(day)s, không thuộc năm kế hoạch %(year)s: hãy căn cứ văn bản "
                    "điều chỉnh kế hoạch năm %(year)s."
                )
                % {"day": f"{day:%d/%m/%Y}", "year": plan.year}
            }
        )


def document_required() -> ValidationError:
    """The refusal of a change to an approved plan's task that cites no document."""
    return ValidationError(
        {"decision": _("Kế hoạch đã phê duyệt: điều chỉnh thời hạn hoặc cơ quan chủ trì phải căn cứ một văn bản.")}
    )


@transaction.atomic
def create_task(
    *,
    plan: Plan,
    fields: TaskFields,
    coordinating_units: list[Unit] | tuple = (),
    source: str = Task.Source.PLAN,
    conclusion: Conclusion | None = None,
    parent: Task | None = None,
    is_demo: bool = False,
    by=None,
) -> Task:
    """Add a task to a plan, with its coordinating units; `by` (a user) goes to the audit history.
    Raises ValidationError keyed by field."""
    fields = {**fields, "code": (fields.get("code") or "").strip()}
    if "due_kind" not in fields:  # callers that predate the written deadline: "thường xuyên" or a date
        ongoing = fields.get("recurrence") == Task.Recurrence.ONGOING
        fields["due_kind"] = Task.DueKind.ONGOING if ongoing else Task.DueKind.DATE
    task = Task(plan=plan, source=source, conclusion=conclusion, parent=parent, is_demo=is_demo, **fields)
    check_task(task=task, coordinating_units=coordinating_units)
    task.full_clean()
    _stamp(task, by)
    task.save()
    if coordinating_units:  # a new task has none yet: add (no read of the current links, unlike set)
        task.coordinating_units.add(*coordinating_units)
    return task


def _display(value) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def refuse_cancelled(task: Task) -> None:
    """ValidationError when the task is cancelled: it is kept as it was, never changed again."""
    if task.cancelled_at is not None:
        raise ValidationError(_("Nhiệm vụ đã bị hủy: không thể thay đổi."))


@transaction.atomic
def update_task(
    *,
    task: Task,
    fields: TaskFields,
    coordinating_units: list[Unit] | tuple,
    user,
    decision: Decision | NewDecision | None = None,
    version: int | None = None,
) -> list[TaskChange]:
    """Save a task's new fields and coordinating units; returns the TaskChange rows written.

    `version` is the task's version the edit form was drawn from (None: not checked): when someone else
    changed one of `fields` since, `core.versions.StaleEdit` lists what, and nothing is saved.

    In an approved plan, a change of a tracked field cites `decision` (a chosen document, or a typed one
    recorded by `members.decisions.record_decision` in this transaction) and each change is written to
    TaskChange. A refused change saves nothing. Raises ValidationError keyed by field."""
    task = Task.objects.select_for_update().select_related("plan", "lead_unit").get(pk=task.pk)
    refuse_cancelled(task)
    check_version(task, version, fields=fields.keys())
    fields = {**fields, "code": (fields.get("code") or task.code).strip()}
    before = {name: getattr(task, name) for name in TRACKED_FIELDS}
    changed = changed_fields(task=task, fields=fields)
    approved = task.plan.status == Plan.Status.APPROVED
    for name, value in fields.items():
        setattr(task, name, value)
    check_task(task=task, coordinating_units=coordinating_units, exclude_pk=task.pk)
    document = None
    if approved and changed:
        check_change_document(decision, plan=task.plan, on=timezone.localdate())
        document = cite(decision, by=user)
        if document is None:
            raise document_required()
    task.full_clean()
    _stamp(task, user)
    task.save()
    task.coordinating_units.set(coordinating_units)
    rows = []
    for name in changed if approved else ():
        row = TaskChange(
            task=task,
            field=name,
            old_value=_display(before[name])[:500],
            new_value=_display(getattr(task, name))[:500],
            decision=document,
            changed_by=user,
        )
        row.full_clean()
        row.save()
        rows.append(row)
    return rows


@transaction.atomic
def cascade_task(*, task: Task, committees: list[Committee], by=None) -> list[Task]:
    """Give each lower committee a sub-task under its own plan for the year (once per committee; the plan is
    created as a draft when the committee has none)."""
    refuse_cancelled(task)
    created = []
    existing = set(Task.objects.filter(parent=task).values_list("plan__committee_id", flat=True))
    for committee in committees:
        if committee.parent_id != task.plan.committee_id:
            raise ValidationError(_("Chỉ giao nhiệm vụ cho Ban Chỉ đạo, Tổ công tác cấp dưới trực tiếp."))
        if committee.pk in existing:
            continue
        plan = plan_for(committee=committee, year=task.plan.year, is_demo=task.is_demo)
        fields: TaskFields = {
            "code": f"{task.code}.{committee.unit.code}"[:40],
            "title": task.title,
            "description": task.description,
            "area": task.area,
            "lead_unit": committee.unit,
            "responsible": None,
            "due_kind": task.due_kind,
            "due_date": task.due_date,
            "starts_on": task.starts_on,
            "recurrence": task.recurrence,
            "recurrence_day": task.recurrence_day,
            "expected_output": task.expected_output,
            "expected_output_note": task.expected_output_note,
            "is_focus": task.is_focus,
            "is_multi_year": task.is_multi_year,
        }
        created.append(
            create_task(plan=plan, fields=fields, parent=task, source=task.source, is_demo=task.is_demo, by=by)
        )
    return created


@transaction.atomic
def cancel_task(*, task: Task, reason: str, decision: Decision | NewDecision | None = None, by, now: datetime) -> Task:
    """Cancel a task (made by mistake, or dropped from the plan): never deleted, it is kept with the reason,
    who (`by`, a user), when (`now`) and, in an approved plan, the document (`decision`: a chosen one, or a
    typed one recorded here by `members.decisions.cite`). From then on it owes no report (tasks/periods.py),
    gets no reminder, counts in no total or export, and shows as "Đã hủy" on its page and under the plan
    page's "Đã hủy" filter. The change is in the task's history (simple-history, with the reason) and, in an
    approved plan, in TaskChange.

    Refused (ValidationError, nothing saved): no reason; an approved plan without a document; a task already
    cancelled; a plan whose year is closed; a task given to lower committees whose sub-tasks are not all
    cancelled (each is cancelled first, in its own plan: they are not cancelled along with it)."""
    task = Task.objects.select_for_update().select_related("plan").get(pk=task.pk)
    refuse_cancelled(task)
    if task.plan.closed_at is not None:
        raise ValidationError(_("Kế hoạch năm %(year)s đã khóa sổ: không thể hủy nhiệm vụ.") % {"year": task.plan.year})
    live = list(
        Task.objects.filter(parent=task, cancelled_at__isnull=True).order_by("code").values_list("code", flat=True)
    )
    if live:
        raise ValidationError(
            _("Nhiệm vụ đã giao cho cấp dưới: hãy hủy trước các nhiệm vụ cấp dưới %(codes)s.")
            % {"codes": ", ".join(live)}
        )
    reason = clean_text(reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Hãy nêu lý do hủy nhiệm vụ.")})
    approved = task.plan.status == Plan.Status.APPROVED
    check_change_document(decision, plan=task.plan, on=timezone.localdate(now))
    document = cite(decision, by=by)
    if approved and document is None:
        raise ValidationError({"decision": _("Kế hoạch đã phê duyệt: hủy nhiệm vụ phải căn cứ một văn bản.")})
    task.cancelled_at, task.cancelled_by = now, by
    task.cancel_reason, task.cancel_decision = reason, document
    task.full_clean()
    _stamp(task, by)
    _stamp(task, None, reason=_("Hủy nhiệm vụ: %(reason)s") % {"reason": reason})
    task.save(update_fields=["cancelled_at", "cancelled_by", "cancel_reason", "cancel_decision"])
    if approved:
        row = TaskChange(
            task=task,
            field="cancelled",
            old_value="",
            new_value=_("Hủy: %(reason)s") % {"reason": reason},
            decision=document,
            changed_by=by,
        )
        row.new_value = row.new_value[:500]
        row.full_clean()
        row.save()
    return task


def refresh_effective_due_dates(tasks=None, *, calendar: Calendar | None = None) -> int:
    """Recompute the effective deadline of `tasks` (all tasks with a deadline by default) after writes that
    bypass `Task.save` (bulk_create, QuerySet.update); returns how many changed. One query for the calendar,
    one for the tasks, one per 500 changed."""
    rows = list((Task.objects.all() if tasks is None else tasks).filter(due_date__isnull=False).order_by("pk"))
    if calendar is None:
        calendar = calendar_for(
            [r.due_date - CALENDAR_REACH for r in rows] + [r.due_date + CALENDAR_REACH for r in rows]
        )
    changed = []
    for task in rows:
        new = deadlines.effective_due(task.due_kind, task.due_date, calendar)
        if new != task.effective_due_date:
            task.effective_due_date = new
            changed.append(task)
    Task.objects.bulk_update(changed, ["effective_due_date"], batch_size=500)
    return len(changed)


def move_task_deadlines(
    *, before: Calendar, after: Calendar, days: frozenset[date], reason: str, actor, now: datetime
) -> list[Moved]:
    """core.calendar_changes' callback: give each open task (not done, not cancelled, in a plan not closed) the
    effective deadline the new calendar gives it, when the change moved it; the old one stays in the task's
    history. Returns what moved."""
    if all(before.is_working_day(d) == after.is_working_day(d) for d in days):
        return []
    tasks = (
        Task.objects.select_for_update(of=("self",))
        .filter(
            due_date__gte=min(days) - CALENDAR_REACH,
            due_date__lte=max(days) + CALENDAR_REACH,
            cancelled_at__isnull=True,
            plan__closed_at__isnull=True,
        )
        .exclude(DONE_SUMMARY)
    )
    moved: list[Moved] = []
    for task in tasks.order_by("due_date", "code", "pk"):
        new = deadlines.effective_due(task.due_kind, task.due_date, after)
        old = task.effective_due_date
        if new == old or new is None:
            continue
        task.effective_due_date = new
        _stamp(task, None, reason=reason)
        _stamp(task, actor)
        task.save(update_fields=["effective_due_date"])
        moved.append(
            Moved(
                what=_("Nhiệm vụ %(code)s (%(deadline)s)")
                % {"code": task.code, "deadline": deadlines.written_deadline(task.due_kind, task.due_date)},
                label=_("hạn thực tế"),
                old=old or task.due_date or new,
                new=new,
                url=reverse("tasks:task_detail", args=[task.pk]),
            )
        )
    return moved
