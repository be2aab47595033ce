"""Writing the plan: plans, their approval, tasks, changes under a document, cascades, personal plans.

An approved plan keeps its approved version: a later change to a task's deadline or lead unit
must cite a document and is written to TaskChange (simple-history records every save as well).
"""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from members.models import Assignment, Committee, Decision, Membership, Person, Unit

from .models import PersonalPlan, Plan, Task, TaskChange

TRACKED_FIELDS = ("due_date", "recurrence", "recurrence_day", "lead_unit")


def resolve_decision(
    *, decision: Decision | None, number: str = "", issued_on: date | None = None, issuer: str = ""
) -> Decision:
    """The cited document: the chosen one, or one found or created by number and issuer."""
    if decision is not None:
        return decision
    if not number:
        raise ValidationError(_("Phải căn cứ một văn bản."))
    found = Decision.objects.filter(number=number, issuer=issuer).first()
    if found:
        return found
    if issued_on is None:
        raise ValidationError(_("Văn bản mới cần đủ số, ngày ban hành và cơ quan ban hành."))
    new = Decision(number=number, date=issued_on, issuer=issuer, kind=Decision.Kind.DECISION)
    new.full_clean()
    new.save()
    return new


@transaction.atomic
def create_plan(*, committee: Committee, year: int, title: str, is_demo: bool = False) -> Plan:
    plan = Plan(committee=committee, year=year, title=title, is_demo=is_demo)
    plan.full_clean()
    plan.save()
    return plan


@transaction.atomic
def approve_plan(*, plan: Plan, decision: Decision, now: datetime) -> Plan:
    if plan.status == Plan.Status.APPROVED:
        raise ValidationError(_("Kế hoạch đã được phê duyệt."))
    plan.status = Plan.Status.APPROVED
    plan.approved_by = decision
    plan.approved_at = now
    plan.full_clean()
    plan.save()
    return plan


def _check_deadline(plan: Plan, due_date: date | None) -> None:
    if due_date and due_date < date(plan.year, 1, 1):
        raise ValidationError(
            {"due_date": _("Thời hạn không được trước năm kế hoạch (%(year)s).") % {"year": plan.year}}
        )


@transaction.atomic
def create_task(
    *,
    plan: Plan,
    fields: dict,
    coordinating_units: list[Unit] | tuple = (),
    source: str = Task.Source.PLAN,
    conclusion=None,
    parent: Task | None = None,
    is_demo: bool = False,
) -> Task:
    _check_deadline(plan, fields.get("due_date"))
    task = Task(plan=plan, source=source, conclusion=conclusion, parent=parent, is_demo=is_demo, **fields)
    task.full_clean()
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
    fields: dict,
    coordinating_units: list[Unit] | tuple,
    user,
    decision: Decision | None = None,
) -> list[TaskChange]:
    """Save a task's new fields; in an approved plan, deadline and lead-unit changes cite `decision`."""
    task = Task.objects.select_for_update().select_related("plan", "lead_unit").get(pk=task.pk)
    _check_deadline(task.plan, fields.get("due_date", task.due_date))
    before = {name: getattr(task, name) for name in TRACKED_FIELDS}
    for name, value in fields.items():
        setattr(task, name, value)
    changed = [name for name in TRACKED_FIELDS if getattr(task, name) != before[name]]
    approved = task.plan.status == Plan.Status.APPROVED
    if approved and changed and decision is None:
        raise ValidationError(
            {"decision": _("Kế hoạch đã phê duyệt: điều chỉnh thời hạn hoặc cơ quan chủ trì phải căn cứ một văn bản.")}
        )
    task.full_clean()
    task.save()
    task.coordinating_units.set(coordinating_units)
    rows = []
    if approved:
        for name in changed:
            row = TaskChange(
                task=task,
                field=name,
                old_value=_display(before[name])[:500],
                new_value=_display(getattr(task, name))[:500],
                decision=decision,
                changed_by=user,
            )
            row.full_clean()
            row.save()
            rows.append(row)
    return rows


def plan_for(*, committee: Committee, year: int, is_demo: bool = False) -> Plan:
    """The committee's plan for the year, created as a draft if it does not exist yet."""
    plan = Plan.objects.filter(committee=committee, year=year).first()
    if plan:
        return plan
    title = _("Kế hoạch cải cách hành chính năm %(year)s — %(committee)s") % {"year": year, "committee": committee}
    return create_plan(committee=committee, year=year, title=title[:300], is_demo=is_demo)


@transaction.atomic
def cascade_task(*, task: Task, committees: list[Committee]) -> list[Task]:
    """Give each lower committee a sub-task under its own plan for the year (once per committee)."""
    created = []
    existing = set(Task.objects.filter(parent=task).values_list("plan__committee_id", flat=True))
    for committee in committees:
        if committee.parent_id != task.plan.committee_id:
            raise ValidationError(_("Chỉ giao nhiệm vụ cho Ban Chỉ đạo, Tổ công tác cấp dưới trực tiếp."))
        if committee.pk in existing:
            continue
        plan = plan_for(committee=committee, year=task.plan.year, is_demo=task.is_demo)
        code = f"{task.code}.{committee.unit.code}"[:40]
        fields = {
            "code": code,
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
        created.append(create_task(plan=plan, fields=fields, parent=task, source=task.source, is_demo=task.is_demo))
    return created


def personal_plan_prefill(*, person: Person, year: int) -> str:
    """A first draft of a member's plan: their assignments (areas, units) and their tasks."""
    day = date(year, 12, 31)
    lines = [_("KẾ HOẠCH CÁ NHÂN NĂM %(year)s — %(name)s") % {"year": year, "name": person.full_name}, ""]
    assignments = (
        Assignment.objects.filter(membership__person=person, start__lte=day)
        .exclude(end__lt=date(year, 1, 1))
        .prefetch_related("areas", "units", "sectors")
    )
    for a in assignments:
        areas = ", ".join(x.name for x in a.areas.all())
        units = ", ".join(x.name for x in a.units.all())
        if areas:
            lines.append(_("- Lĩnh vực phụ trách: %(areas)s") % {"areas": areas})
        if units:
            lines.append(_("- Đơn vị, địa bàn theo dõi: %(units)s") % {"units": units})
    tasks = Task.objects.filter(responsible=person, plan__year=year).order_by("code")
    if tasks:
        lines.append("")
        lines.append(_("Nhiệm vụ được giao phụ trách:"))
        for t in tasks:
            due = t.due_date.strftime("%d/%m/%Y") if t.due_date else t.get_recurrence_display()
            lines.append(f"- {t.code}. {t.title} ({due})")
    return "\n".join(lines)


@transaction.atomic
def save_personal_plan(*, person: Person, year: int, content: str, self_assessment: str, now: datetime) -> PersonalPlan:
    if not Membership.objects.filter(person=person).exists():
        raise ValidationError(_("Chỉ thành viên Ban Chỉ đạo mới có kế hoạch cá nhân."))
    plan, _created = PersonalPlan.objects.select_for_update().get_or_create(person=person, year=year)
    plan.content = content
    if self_assessment.strip() and self_assessment != plan.self_assessment:
        plan.self_assessment = self_assessment
        plan.assessed_at = now
    plan.full_clean()
    plan.save()
    return plan
