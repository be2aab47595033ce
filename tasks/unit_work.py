"""The open work of a unit that tasks keeps: tasks it leads, tasks it coordinates, pilot designations.

Registered in TasksConfig.ready (core/unit_successions.py) and moved by members/unit_changes.py when
the unit ends. Open means: not cancelled, not done, in a plan whose year is not closed (a pilot
designation: of a plan not closed). Each move is saved with the user and the reason in the task's (or
the designation's) history; in an approved plan it is also a `TaskChange` citing the document, as any
change of lead unit there must be (tasks/tasklist.py).
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.unit_successions import Move, OpenItem, WorkKind, register_work_kind
from members.models import Unit

from .models import PilotUnit, Plan, Task, TaskChange
from .status import DONE_SUMMARY

TASK_LEAD, TASK_COORDINATING, PILOT = "task_lead", "task_coordinating", "pilot"


def _stamp(obj, by, reason: str) -> None:
    if by is not None and getattr(by, "is_authenticated", False):
        obj._history_user = by
    obj._change_reason = reason[:100]


def _open_tasks():
    return (
        Task.objects.filter(cancelled_at__isnull=True, plan__closed_at__isnull=True)
        .exclude(DONE_SUMMARY)
        .select_related("plan")
        .order_by("plan__year", "plan_id", "code", "pk")
    )


def _task_item(kind: str, task: Task) -> OpenItem:
    approved = task.plan.status == Plan.Status.APPROVED
    return OpenItem(
        kind=kind,
        object_id=task.pk,
        label=_("Nhiệm vụ %(code)s. %(title)s (kế hoạch năm %(year)s)")
        % {"code": task.code, "title": task.title, "year": task.plan.year},
        url=reverse("tasks:task_detail", args=[task.pk]),
        note=_("Kế hoạch đã phê duyệt: ghi điều chỉnh nhiệm vụ theo văn bản.") if approved else "",
    )


def open_led_tasks(*, unit: Unit, on: date) -> list[OpenItem]:
    return [_task_item(TASK_LEAD, t) for t in _open_tasks().filter(lead_unit=unit)]


def open_coordinated_tasks(*, unit: Unit, on: date) -> list[OpenItem]:
    return [_task_item(TASK_COORDINATING, t) for t in _open_tasks().filter(coordinating_units=unit)]


def _record(task: Task, *, field: str, old: str, new: str, decision, by) -> None:
    if task.plan.status != Plan.Status.APPROVED:
        return
    row = TaskChange(task=task, field=field, old_value=old[:500], new_value=new[:500], decision=decision, changed_by=by)
    row.full_clean()
    row.save()


def _locked(pk: int) -> Task:
    return Task.objects.select_for_update().select_related("plan", "lead_unit").get(pk=pk)


def move_led_tasks(*, moves: list[Move], unit: Unit, on: date, decision, reason: str, by, now) -> None:
    for move in moves:
        task = _locked(move.item.object_id)
        old = task.lead_unit
        task.lead_unit = move.to_unit
        task.full_clean()
        _stamp(task, by, reason)
        task.save()
        # The lead unit is not also a coordinating unit.
        task.coordinating_units.remove(move.to_unit)
        _record(task, field="lead_unit", old=old.name, new=move.to_unit.name, decision=decision, by=by)


def move_coordinated_tasks(*, moves: list[Move], unit: Unit, on: date, decision, reason: str, by, now) -> None:
    for move in moves:
        task = _locked(move.item.object_id)
        before = list(task.coordinating_units.order_by("name"))
        after = [u for u in before if u.pk != unit.pk]
        if move.to_unit.pk != task.lead_unit_id and move.to_unit.pk not in {u.pk for u in after}:
            after.append(move.to_unit)
        _stamp(task, by, reason)
        task.save()
        task.coordinating_units.set(after)
        _record(
            task,
            field="coordinating_units",
            old=", ".join(u.name for u in before),
            new=", ".join(u.name for u in sorted(after, key=lambda u: u.name)),
            decision=decision,
            by=by,
        )


def open_pilots(*, unit: Unit, on: date) -> list[OpenItem]:
    rows = (
        PilotUnit.objects.filter(unit=unit, plan__closed_at__isnull=True)
        .select_related("plan")
        .order_by("plan__year", "plan_id")
    )
    return [
        OpenItem(
            kind=PILOT,
            object_id=p.pk,
            label=_("Điểm chỉ đạo của %(plan)s") % {"plan": p.plan.title},
            url=reverse("tasks:pilot_list", args=[p.plan_id]),
        )
        for p in rows
    ]


def move_pilots(*, moves: list[Move], unit: Unit, on: date, decision, reason: str, by, now) -> None:
    for move in moves:
        pilot = PilotUnit.objects.select_for_update().select_related("plan").get(pk=move.item.object_id)
        if PilotUnit.objects.filter(plan_id=pilot.plan_id, unit=move.to_unit).exists():
            raise ValidationError(
                {
                    move.item.key: _("“%(unit)s” đã là điểm chỉ đạo của kế hoạch này: hãy chọn giữ nguyên.")
                    % {"unit": move.to_unit.name}
                }
            )
        pilot.unit = move.to_unit
        pilot.full_clean()
        _stamp(pilot, by, reason)
        pilot.save()


def register() -> None:
    register_work_kind(
        WorkKind(TASK_LEAD, gettext_lazy("Nhiệm vụ chủ trì"), 10, lister=open_led_tasks, mover=move_led_tasks)
    )
    register_work_kind(
        WorkKind(
            TASK_COORDINATING,
            gettext_lazy("Nhiệm vụ phối hợp"),
            20,
            lister=open_coordinated_tasks,
            mover=move_coordinated_tasks,
        )
    )
    register_work_kind(WorkKind(PILOT, gettext_lazy("Điểm chỉ đạo"), 40, lister=open_pilots, mover=move_pilots))
