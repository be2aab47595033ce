"""Writing tasks: creating, editing (with the document behind a change), cascading to lower committees.

Every writer of a task comes here: the plan pages, a meeting's conclusion, the hotline's follow-up,
the admin and the loader. The rules of a task (`check_task`):
- its code is unique within its plan;
- a one-off task has a deadline, a monthly or quarterly one a reporting day, and a reporting day is
  1 to 31;
- its deadline is not before its plan's year;
- its lead unit is not also a coordinating unit;
- the member responsible sits on the plan's committee;
- in an approved plan, a change of deadline, recurrence, reporting day or lead unit cites a document
  and is written to TaskChange (simple-history records every save as well).
"""

from datetime import date
from typing import TypedDict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import history
from members.decisions import NewDecision, cite
from members.models import Committee, Decision, Membership, Person, ReformArea, Unit

from .models import Conclusion, Plan, Task, TaskChange
from .plans import plan_for

# The fields whose change in an approved plan needs a document.
TRACKED_FIELDS = ("due_date", "recurrence", "recurrence_day", "lead_unit")
PERIODIC = (Task.Recurrence.MONTHLY, Task.Recurrence.QUARTERLY)


class TaskFields(TypedDict, total=False):
    """A task's own fields, as the task form gives them (`code`, `title`, `area` and `lead_unit` are
    required when creating)."""

    code: str
    title: str
    description: str
    area: ReformArea
    lead_unit: Unit
    responsible: Person | None
    due_date: date | None
    recurrence: str
    recurrence_day: int | None
    expected_output: str
    expected_output_note: str
    is_focus: bool


_stamp = history.stamp


def check_task(*, task: Task, coordinating_units=(), exclude_pk: int | None = None) -> None:
    """The task rules over a task's values (saved or not; `task.plan` is a saved plan), before the model's
    own checks. Raises one ValidationError with every broken rule, keyed by field."""
    plan = task.plan
    errors: dict[str, list[str]] = {}

    def refuse(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    code = (task.code or "").strip()
    same_code = Task.objects.filter(plan_id=plan.pk, code=code)
    if exclude_pk is not None:
        same_code = same_code.exclude(pk=exclude_pk)
    if code and same_code.exists():
        refuse("code", _("Mã nhiệm vụ này đã có trong kế hoạch."))
    if task.due_date and task.due_date < date(plan.year, 1, 1):
        refuse("due_date", _("Thời hạn không được trước năm kế hoạch (%(year)s).") % {"year": plan.year})
    if task.recurrence == Task.Recurrence.ONCE and not task.due_date:
        refuse("due_date", _("Nhiệm vụ một lần phải có thời hạn hoàn thành."))
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


def changed_fields(*, task: Task, fields: TaskFields) -> list[str]:
    """Which tracked fields `fields` would change on the saved task."""
    given: dict[str, object] = dict(fields)
    return [name for name in TRACKED_FIELDS if name in given and given[name] != getattr(task, name)]


def needs_document(*, task: Task, fields: TaskFields) -> bool:
    """Whether saving `fields` on this task must cite a document (an approved plan, a tracked field changed)."""
    return task.plan.status == Plan.Status.APPROVED and bool(changed_fields(task=task, fields=fields))


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
    task = Task(plan=plan, source=source, conclusion=conclusion, parent=parent, is_demo=is_demo, **fields)
    check_task(task=task, coordinating_units=coordinating_units)
    task.full_clean()
    _stamp(task, by)
    task.save()
    if coordinating_units:
        task.coordinating_units.set(coordinating_units)
    return task


def _display(value) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


@transaction.atomic
def update_task(
    *,
    task: Task,
    fields: TaskFields,
    coordinating_units: list[Unit] | tuple,
    user,
    decision: Decision | NewDecision | None = None,
) -> list[TaskChange]:
    """Save a task's new fields and coordinating units; returns the TaskChange rows written.

    In an approved plan, a change of a tracked field cites `decision` (a chosen document, or a typed one
    recorded by `members.decisions.record_decision` in this transaction) and each change is written to
    TaskChange. A refused change saves nothing. Raises ValidationError keyed by field."""
    task = Task.objects.select_for_update().select_related("plan", "lead_unit").get(pk=task.pk)
    fields = {**fields, "code": (fields.get("code") or task.code).strip()}
    before = {name: getattr(task, name) for name in TRACKED_FIELDS}
    changed = changed_fields(task=task, fields=fields)
    approved = task.plan.status == Plan.Status.APPROVED
    for name, value in fields.items():
        setattr(task, name, value)
    check_task(task=task, coordinating_units=coordinating_units, exclude_pk=task.pk)
    document = None
    if approved and changed:
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
            "due_date": task.due_date,
            "recurrence": task.recurrence,
            "recurrence_day": task.recurrence_day,
            "expected_output": task.expected_output,
            "expected_output_note": task.expected_output_note,
            "is_focus": task.is_focus,
        }
        created.append(
            create_task(plan=plan, fields=fields, parent=task, source=task.source, is_demo=task.is_demo, by=by)
        )
    return created
