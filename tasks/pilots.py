"""Pilot units (điểm chỉ đạo): naming them, and comparing them with the other units."""

from datetime import date

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q

from members.models import Person, Unit

from . import status as st
from .models import PilotUnit, Plan, Task


@transaction.atomic
def add_pilot(*, plan: Plan, unit: Unit, reason: str, overseers: list[Person] | tuple = ()) -> PilotUnit:
    pilot = PilotUnit(plan=plan, unit=unit, reason=reason)
    pilot.full_clean()
    pilot.save()
    pilot.overseers.set(overseers)
    return pilot


def year_tasks(plan: Plan):
    """The tasks of the plan and of the lower committees' plans of the same year (cascaded work)."""
    return Task.objects.filter(Q(plan=plan) | Q(plan__year=plan.year, plan__committee__parent_id=plan.committee_id))


def with_pilot_flag(tasks, plan: Plan):
    return tasks.annotate(is_pilot=Exists(PilotUnit.objects.filter(plan=plan, unit_id=OuterRef("lead_unit_id"))))


def _rates(row: dict) -> dict:
    done = row["done_on_time"] + row["done_late"]
    row["done"] = done
    row["on_time_rate"] = round(100 * row["done_on_time"] / done) if done else None
    row["overdue_rate"] = round(100 * row["overdue"] / row["total"]) if row["total"] else None
    return row


def comparison(*, plan: Plan, today: date) -> dict:
    """Pilot units vs the others: tasks, done on time / late, on-time rate, overdue (two queries)."""
    tasks = st.with_status(with_pilot_flag(year_tasks(plan), plan), today=today)
    aggregates = {
        "total": Count("pk"),
        **{code: Count("pk", filter=Q(status_code=code)) for code in st.ORDER},
    }
    groups = {True: None, False: None}
    for row in tasks.order_by().values("is_pilot").annotate(**aggregates):
        groups[row["is_pilot"]] = row
    empty = {"total": 0, **dict.fromkeys(st.ORDER, 0)}
    per_unit = (
        tasks.filter(is_pilot=True)
        .order_by()
        .values("lead_unit_id", "lead_unit__name")
        .annotate(**aggregates)
        .order_by("lead_unit__name")
    )
    return {
        "pilot": _rates(groups[True] or dict(empty)),
        "others": _rates(groups[False] or dict(empty)),
        "units": [_rates(dict(r)) for r in per_unit],
    }
