"""Pilot units (điểm chỉ đạo): naming them, comparing them with the other units, and the hotline's hot spots
offered beside them when they are chosen anew."""

from collections.abc import Callable
from datetime import date

from django.db import transaction
from django.db.models import Exists, OuterRef, Q

from members.models import Person, Unit

from . import status as st
from .models import PilotUnit, Plan, Task

# The units the public complains about most (the hotline's hot spots) are offered as pilot candidates. The
# hotline sits above this app: it registers how to count them at start-up (HotlineConfig.ready), so tasks
# never imports it. Without it there are no hot spots.
HotSpotSource = Callable[..., list[dict]]
_hot_spot_sources: list[HotSpotSource] = []


def register_hot_spots(source: HotSpotSource) -> None:
    """`source(*, year, today, top) -> [{"unit_id", "n", "overdue", "unsatisfied"}, ...]`: the units most
    complained about in `year`, most first (aggregates only, no personal data)."""
    if source not in _hot_spot_sources:
        _hot_spot_sources.append(source)


def hot_spots(*, year: int, today: date, top: int = 7) -> list[dict]:
    """The registered hot spots of `year` (empty when the hotline is not installed)."""
    return [row for source in _hot_spot_sources for row in source(year=year, today=today, top=top)][:top]


def hot_spot_candidates(*, plan: Plan, today: date, top: int = 7) -> list[dict]:
    """The hot spots offered on the form that adds a pilot unit to `plan`: for the plan's year and the year
    before, `{"year", "rows": [{"unit", "n", "overdue", "unsatisfied", "is_pilot"}, ...]}` (most reports
    first; aggregates only). Two queries per year from the hotline and two here; empty when the hotline is not
    installed or nothing was reported."""
    years = [{"year": year, "rows": hot_spots(year=year, today=today, top=top)} for year in (plan.year, plan.year - 1)]
    unit_ids = {row["unit_id"] for block in years for row in block["rows"]}
    if not unit_ids:
        return []
    units = Unit.objects.in_bulk(unit_ids)
    pilots = set(PilotUnit.objects.filter(plan=plan, unit_id__in=unit_ids).values_list("unit_id", flat=True))
    return [
        {
            "year": block["year"],
            "rows": [
                {**row, "unit": units.get(row["unit_id"]), "is_pilot": row["unit_id"] in pilots}
                for row in block["rows"]
                if row["unit_id"] in units
            ],
        }
        for block in years
        if block["rows"]
    ]


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


def comparison(
    *, plan: Plan, today: date, tasks=None, stamped: bool | None = None, unit_rows: list[dict] | None = None
) -> dict:
    """Pilot units vs the others: tasks, done on time / late, on-time rate, overdue (one query).

    `tasks` defaults to the plan's tasks and the lower committees' tasks of the same year; `stamped` as
    `tasks.status.annotate_status` takes it. `unit_rows`: those tasks already counted per lead unit (rows of
    `tasks.status.grouped_counts` by "lead_unit_id", "lead_unit__name"), as the dashboard has them; the pilot
    units are then read (one small query) instead of counting the tasks again.
    """
    if unit_rows is None:
        tasks = year_tasks(plan) if tasks is None else tasks
        rows = st.grouped_counts(
            with_pilot_flag(tasks, plan),
            today=today,
            keys=("is_pilot", "lead_unit_id", "lead_unit__name"),
            stamped=stamped,
        )
    else:
        pilots = set(PilotUnit.objects.filter(plan=plan).values_list("unit_id", flat=True))
        rows = [{**r, "is_pilot": r["lead_unit_id"] in pilots} for r in unit_rows]

    def empty() -> dict:
        return {"total": 0, **dict.fromkeys(st.ORDER, 0)}

    groups = {True: empty(), False: empty()}
    units: dict[int, dict] = {}
    for r in rows:
        buckets = [groups[bool(r["is_pilot"])]]
        if r["is_pilot"]:
            buckets.append(units.setdefault(r["lead_unit_id"], {**empty(), "lead_unit__name": r["lead_unit__name"]}))
        for bucket in buckets:
            bucket["total"] += r["n"]
            for code in st.ORDER:
                bucket[code] += r[f"n_{code}"]
    return {
        "pilot": _rates(groups[True]),
        "others": _rates(groups[False]),
        "units": [_rates(u) for u in sorted(units.values(), key=lambda u: u["lead_unit__name"])],
    }
