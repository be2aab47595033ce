"""The next year's plan, made from a closed one in one step, reviewed before it is saved.

The rules (the committee's practice: unfinished work of the year is carried into the next year's plan,
regular work is repeated, and the pilot units are chosen anew each year):
- only a closed plan (tasks/yearend.py) gives a next plan, for the year after, as a DRAFT: it is approved
  like any plan, citing its document (`tasks.plans.approve_plan`);
- a task assessed "carried over" is carried (tasks/yearend.py suggests it for every unfinished task);
  recurring and ongoing tasks (monthly, quarterly, "thường xuyên") are repeated; done, not done and
  cancelled ones stay behind. The secretariat may untick any, or tick a finished or not-done one to
  repeat it; a cancelled task is never taken over;
- the new task points at the old one (`Task.origin`); the old one stays in its plan with its reports;
- deadlines move into the new year by how they are written (`next_deadline`): a date to the same day
  (29/02 to 28/02), a month, quarter, half-year or year to the same period; a deadline already in the new
  year is kept, a later one only for a multi-year task (which stays multi-year): the new plan obeys the
  plan-year rule of tasks/tasklist.py;
- a lead unit that ended before the new year (`Unit.valid_to`) is flagged: its successor is proposed when
  it has exactly one, otherwise the secretariat picks one (the task is not ticked until then); ended
  coordinating units give way to their successors; a responsible member no longer on the committee on
  1 January is dropped;
- pilot units are chosen anew: last year's are offered (ticked), the hotline's hot spots of the closed year
  beside them (not ticked; `tasks.pilots.hot_spots`);
- idempotent: when the committee already has a plan for that year nothing is added, and the result says so
  (one plan per committee and year; two runs at once queue on the closed plan's row).

Callable without a request (loaders): plain arguments, `by=None` for the system, `choices=None` for the
preview's defaults.
"""

import calendar
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, cast

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import shared_cache
from members.models import Membership, Person, Unit

from . import plans, tasklist
from . import status as st
from .models import PilotUnit, Plan, Task
from .pilots import add_pilot, hot_spots
from .yearend import suggested_outcome
from .yearend_models import TaskAssessment

Outcome = TaskAssessment.Outcome
CARRIED, REPEATED, LEFT = "carried", "repeated", "left"
KIND_LABELS = {
    CARRIED: gettext_lazy("Chuyển tiếp"),
    REPEATED: gettext_lazy("Lặp lại"),
    LEFT: gettext_lazy("Không chuyển"),
}
# Units record their successors in `Unit.successors` (units themselves) once that is in place; until then an
# ended unit is only flagged. Named once, read dynamically: the field may not exist yet.
SUCCESSORS = "successors"
PERIOD_KINDS = (Task.DueKind.MONTH, Task.DueKind.QUARTER, Task.DueKind.HALF, Task.DueKind.YEAR, Task.DueKind.ONGOING)


def next_deadline(*, due_date: date | None, due_kind: str, closed_year: int, multi_year: bool = False) -> date | None:
    """The deadline in the year after `closed_year`: a date to the same day (29/02 to 28/02), a period (month,
    quarter, half-year, year: `due_date` is its last day) to the last day of the same period; none stays none.
    A deadline already in the next year is kept, and so is a later one of a multi-year task; a later one of a
    task that is not multi-year (written before tasks/tasklist.py refused it) is brought into the next year,
    where the new plan's rule wants it (the preview shows it before anything is made)."""
    if due_date is None:
        return due_date
    if due_date.year > closed_year and (multi_year or due_date.year == closed_year + 1):
        return due_date
    year = closed_year + 1
    if due_kind in PERIOD_KINDS:
        return date(year, due_date.month, calendar.monthrange(year, due_date.month)[1])
    return date(year, due_date.month, min(due_date.day, calendar.monthrange(year, due_date.month)[1]))


def is_recurring(task: Task) -> bool:
    """Monthly, quarterly and ongoing tasks are repeated each year."""
    return task.recurrence != Task.Recurrence.ONCE or task.due_kind == Task.DueKind.ONGOING


def _records_successors() -> bool:
    """Whether units record their successors (`Unit.successors`, units themselves)."""
    try:
        return Unit._meta.get_field(SUCCESSORS).related_model is Unit
    except FieldDoesNotExist:
        return False


def _successors(unit: Unit, day: date) -> list[Unit]:
    """The unit's successors valid on `day` (none while units record no successors)."""
    if not _records_successors():
        return []
    return [u for u in getattr(unit, SUCCESSORS).all() if u.valid_to is None or u.valid_to >= day]


def _ended(unit: Unit, day: date) -> bool:
    return unit.valid_to is not None and unit.valid_to < day


@dataclass
class Row:
    """One task of the closed plan, as the next plan would take it."""

    task: Task
    outcome: str
    kind: str  # CARRIED or REPEATED when taken over; LEFT when not by default
    offered: bool  # may be ticked (a cancelled task may not)
    selected: bool  # ticked by default
    due_date: date | None
    lead_unit: Unit | None  # in the new plan: the same, or the only successor; None when one must be picked
    lead_unit_ended: bool
    successors: list[Unit]
    coordinating: list[Unit]
    responsible: Person | None
    responsible_left: bool

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])

    @property
    def outcome_label(self) -> str:
        return str(Outcome(self.outcome).label)

    @property
    def taken_as_label(self) -> str:
        return str(KIND_LABELS[self.taken_as])

    @property
    def taken_as(self) -> str:
        """What ticking it means: carried when unfinished and done once, else repeated."""
        return (
            CARRIED
            if self.outcome in (Outcome.CARRIED_OVER, Outcome.NOT_DONE) and not is_recurring(self.task)
            else REPEATED
        )


@dataclass
class PilotOffer:
    """A unit offered as a pilot unit of the next plan: last year's pilot, a hot spot, or both."""

    unit: Unit
    pilot: PilotUnit | None
    hot_spot: dict | None
    ended: bool
    selected: bool


@dataclass(frozen=True)
class NextPlanChoices:
    """What the secretariat keeps: task ids of the closed plan, a lead unit id for tasks whose lead unit ended
    (`{task id: unit id}`), and the unit ids named pilot units."""

    tasks: frozenset[int]
    lead_units: Mapping[int, int] = field(default_factory=dict)
    pilots: frozenset[int] = frozenset()


@dataclass
class NextPlanPreview:
    closed_plan: Plan
    year: int
    title: str
    existing: Plan | None
    rows: list[Row]
    pilots: list[PilotOffer]
    unit_choices: list[Unit]  # units valid on 1 January, for an ended lead unit with no successor recorded

    def default_choices(self) -> NextPlanChoices:
        """The ticks the page opens with (a loader's choices when it passes none)."""
        return NextPlanChoices(
            tasks=frozenset(r.task.pk for r in self.rows if r.selected),
            lead_units={r.task.pk: r.lead_unit.pk for r in self.rows if r.selected and r.lead_unit},
            pilots=frozenset(p.unit.pk for p in self.pilots if p.selected),
        )

    def counts(self) -> dict[str, int]:
        selected = [r for r in self.rows if r.selected]
        return {
            CARRIED: sum(1 for r in selected if r.kind == CARRIED),
            REPEATED: sum(1 for r in selected if r.kind == REPEATED),
            LEFT: len(self.rows) - len(selected),
        }


@dataclass
class NextPlanResult:
    plan: Plan
    created: bool
    carried: int = 0
    repeated: int = 0
    pilots: int = 0


def _tasks(plan: Plan) -> list[Task]:
    units = Unit.objects.all()
    if _records_successors():
        units = units.prefetch_related(SUCCESSORS)
    tasks = (
        Task.objects.filter(plan=plan)
        .select_related("area", "lead_unit", "responsible", "assessment", "progress")
        .prefetch_related(Prefetch("coordinating_units", queryset=units.order_by("name")))
        .order_by("area__order", "area__name", "code")
    )
    if _records_successors():
        tasks = tasks.prefetch_related(f"lead_unit__{SUCCESSORS}")
    found = list(tasks)
    for task in found:
        task.plan = plan  # every task is the plan's: no query each for its year
    return found


def _row(task: Task, *, closed: Plan, day: date, sitting: set[int], as_of: date) -> Row:
    saved = getattr(task, "assessment", None)
    outcome = saved.outcome if saved else suggested_outcome(task=task, status_code=st.status_of(task, today=as_of))
    cancelled = task.cancelled_at is not None or outcome == Outcome.CANCELLED
    if cancelled:
        kind = LEFT
    elif is_recurring(task):
        kind = REPEATED
    elif outcome == Outcome.CARRIED_OVER:
        kind = CARRIED
    else:
        kind = LEFT
    ended = _ended(task.lead_unit, day)
    successors = _successors(task.lead_unit, day) if ended else []
    lead_unit = task.lead_unit if not ended else (successors[0] if len(successors) == 1 else None)
    coordinating: list[Unit] = []
    for unit in task.coordinating_units.all():
        for kept in _successors(unit, day) if _ended(unit, day) else [unit]:
            if kept not in coordinating and kept != lead_unit:
                coordinating.append(kept)
    responsible_left = task.responsible_id is not None and task.responsible_id not in sitting
    return Row(
        task=task,
        outcome=outcome,
        kind=kind,
        offered=not cancelled,
        selected=kind != LEFT and lead_unit is not None,
        due_date=next_deadline(
            due_date=task.due_date, due_kind=task.due_kind, closed_year=closed.year, multi_year=task.is_multi_year
        ),
        lead_unit=lead_unit,
        lead_unit_ended=ended,
        successors=successors,
        coordinating=coordinating,
        responsible=None if responsible_left else task.responsible,
        responsible_left=responsible_left,
    )


def _pilot_offers(closed: Plan, day: date, today: date) -> list[PilotOffer]:
    pilots = list(PilotUnit.objects.filter(plan=closed).select_related("unit").prefetch_related("overseers"))
    spots = hot_spots(year=closed.year, today=today)
    known = {p.unit_id: p for p in pilots}
    spot_units = Unit.objects.in_bulk([s["unit_id"] for s in spots if s["unit_id"] not in known])
    offers = [
        PilotOffer(unit=p.unit, pilot=p, hot_spot=None, ended=_ended(p.unit, day), selected=not _ended(p.unit, day))
        for p in pilots
    ]
    by_unit = {o.unit.pk: o for o in offers}
    for spot in spots:
        if spot["unit_id"] in by_unit:
            by_unit[spot["unit_id"]].hot_spot = spot
        elif spot["unit_id"] in spot_units:
            unit = spot_units[spot["unit_id"]]
            offers.append(PilotOffer(unit=unit, pilot=None, hot_spot=spot, ended=_ended(unit, day), selected=False))
    return offers


def preview_next_plan(*, closed_plan: Plan, today: date | None = None) -> NextPlanPreview:
    """What the next year's plan would hold, for review before it is made (nothing is written): every task of
    the closed plan as a `Row` (taken over or not, and why), the pilot offers, and whether the committee
    already has a plan for that year. A fixed number of queries whatever the plan's size."""
    closed = closed_plan
    year = closed.year + 1
    day = date(year, 1, 1)
    today = today or timezone.localdate()
    closing_day = timezone.localdate(closed.closed_at) if closed.closed_at else today
    sitting = set(
        Membership.objects.on(day).filter(committee_id=closed.committee_id).values_list("person_id", flat=True)
    )
    rows = [_row(t, closed=closed, day=day, sitting=sitting, as_of=closing_day) for t in _tasks(closed)]
    needs_any_unit = any(r.lead_unit_ended and not r.successors for r in rows)
    return NextPlanPreview(
        closed_plan=closed,
        year=year,
        title=plans.draft_plan(committee=closed.committee, year=year).title,
        existing=Plan.objects.filter(committee_id=closed.committee_id, year=year).first(),
        rows=rows,
        pilots=_pilot_offers(closed, day, today),
        unit_choices=list(Unit.objects.valid_on(day).order_by("kind", "name")) if needs_any_unit else [],
    )


def _checked_choices(preview: NextPlanPreview, choices: NextPlanChoices) -> dict[int, Unit]:
    """The lead unit of each chosen task; ValidationError (keyed `lead_unit-<task id>`, `tasks`, `pilots`)
    when a choice is not on offer."""
    rows = {r.task.pk: r for r in preview.rows}
    errors: dict[str, list[str]] = {}
    if any(pk not in rows or not rows[pk].offered for pk in choices.tasks):
        errors["tasks"] = [_("Có nhiệm vụ không thuộc kế hoạch năm trước hoặc không được chuyển sang năm sau.")]
    lead_units: dict[int, Unit] = {}
    allowed_any = {u.pk: u for u in preview.unit_choices}
    for pk in sorted(choices.tasks & rows.keys()):
        row = rows[pk]
        if not row.lead_unit_ended:
            lead_units[pk] = row.task.lead_unit
            continue
        allowed = {u.pk: u for u in row.successors} or allowed_any
        chosen = allowed.get(choices.lead_units.get(pk, 0))
        if chosen is None:
            errors[f"lead_unit-{pk}"] = [
                _("Nhiệm vụ %(code)s: %(unit)s đã hết hiệu lực từ %(day)s, hãy chọn cơ quan chủ trì kế thừa.")
                % {
                    "code": row.task.code,
                    "unit": row.task.lead_unit.name,
                    "day": f"{row.task.lead_unit.valid_to:%d/%m/%Y}",
                }
            ]
        else:
            lead_units[pk] = chosen
    offered_pilots = {p.unit.pk for p in preview.pilots if not p.ended}
    if not choices.pilots <= offered_pilots:
        errors["pilots"] = [_("Có đơn vị không nằm trong danh sách đề xuất điểm chỉ đạo.")]
    if errors:
        raise ValidationError(errors)
    return lead_units


def _fields(row: Row, lead_unit: Unit) -> dict[str, Any]:
    task = row.task
    return {
        "code": task.code,
        "title": task.title,
        "description": task.description,
        "area": task.area,
        "lead_unit": lead_unit,
        "responsible": row.responsible,
        "due_date": row.due_date,
        "due_kind": task.due_kind,
        "recurrence": task.recurrence,
        "recurrence_day": task.recurrence_day,
        "expected_output": task.expected_output,
        "expected_output_note": task.expected_output_note,
        "is_focus": task.is_focus,
        "is_multi_year": task.is_multi_year,
        "origin": task,
    }


@transaction.atomic
def make_next_plan(
    *, closed_plan: Plan, choices: NextPlanChoices | None = None, by=None, now: datetime
) -> NextPlanResult:
    """Make the next year's plan from the closed one, as a draft, with the chosen tasks (carried or repeated,
    each pointing at its origin) and pilot units; `choices=None` takes the preview's defaults, `by=None` is the
    system. One transaction: a refused choice saves nothing.

    When the committee already has a plan for that year nothing is added: the result has `created=False` and
    that plan. Raises ValidationError when the plan is not closed, a choice is not on offer (keyed `tasks`,
    `pilots`, `lead_unit-<task id>`), or a task cannot be written (its code named)."""
    closed = Plan.objects.select_for_update().select_related("committee").get(pk=closed_plan.pk)
    if closed.closed_at is None:
        raise ValidationError(_("Hãy khóa sổ năm %(year)s trước khi lập kế hoạch năm sau.") % {"year": closed.year})
    existing = Plan.objects.filter(committee_id=closed.committee_id, year=closed.year + 1).first()
    if existing is not None:
        return NextPlanResult(plan=existing, created=False)
    preview = preview_next_plan(closed_plan=closed, today=timezone.localdate(now))
    choices = preview.default_choices() if choices is None else choices
    lead_units = _checked_choices(preview, choices)
    plan = plans.create_plan(
        committee=closed.committee, year=preview.year, title=preview.title, is_demo=closed.is_demo, by=by
    )
    parent_ids = {r.task.parent_id for r in preview.rows if r.task.parent_id and r.task.pk in lead_units}
    parents = dict(
        Task.objects.filter(origin_id__in=parent_ids, plan__year=preview.year).values_list("origin_id", "pk")
        if parent_ids
        else []
    )
    result = NextPlanResult(plan=plan, created=True)
    for row in preview.rows:
        if row.task.pk not in lead_units:
            continue
        old = row.task
        try:
            tasklist.create_task(
                plan=plan,
                fields=cast(tasklist.TaskFields, _fields(row, lead_units[old.pk])),
                coordinating_units=[u for u in row.coordinating if u != lead_units[old.pk]],
                source=old.source,
                conclusion=old.conclusion,
                parent=Task(pk=parents[old.parent_id]) if old.parent_id in parents else None,
                is_demo=old.is_demo,
                by=by,
            )
        except ValidationError as e:
            raise ValidationError(
                _("Nhiệm vụ %(code)s không chuyển được: %(why)s") % {"code": old.code, "why": " ".join(e.messages)}
            ) from e
        if row.taken_as == CARRIED:
            result.carried += 1
        else:
            result.repeated += 1
    # The tasks exist from the moment the plan is made (a loader may make it for a past year).
    Task.objects.filter(plan=plan).update(created_at=now, day_status_on=None)
    shared_cache.bump(shared_cache.TASKS)
    sitting = set(
        Membership.objects.on(date(preview.year, 1, 1))
        .filter(committee_id=closed.committee_id)
        .values_list("person_id", flat=True)
    )
    for offer in preview.pilots:
        if offer.unit.pk not in choices.pilots:
            continue
        if offer.pilot is not None:
            reason = offer.pilot.reason
            overseers = [p for p in offer.pilot.overseers.all() if p.pk in sitting]
        else:
            reason = _("Đơn vị bị phản ánh nhiều trên Đường dây nóng năm %(year)s (%(n)s phản ánh).") % {
                "year": closed.year,
                "n": offer.hot_spot["n"] if offer.hot_spot else 0,
            }
            overseers = []
        add_pilot(plan=plan, unit=offer.unit, reason=reason, overseers=overseers)
        result.pilots += 1
    return result
