"""The next year's plan from a closed one (tasks/rollover.py): unfinished tasks carried over with their history,
recurring and ongoing ones repeated, finished and cancelled ones left behind, deadlines moved by how they are
written, ended units flagged, pilot units chosen anew beside the hotline's hot spots; made once."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hotline.models import Category
from hotline.reference import ensure_categories
from members.decisions import NewDecision
from members.models import Membership
from tasks import plans, rollover, yearend
from tasks.models import PilotUnit, Plan, Task, TaskAssessment
from tests import factories as f
from tests.hotline.conftest import make_report

from . import builders as b
from .year_world import YEAR, build_year, local

Outcome = TaskAssessment.Outcome
NEXT = YEAR + 1
CLOSED = local(date(YEAR, 12, 20))
MADE = local(date(YEAR, 12, 22))


@pytest.fixture
def year(committee, department, other_department, focal_user):
    return build_year(committee, department, other_department, focal_user)


def close(year, by=None, **assessments):
    given = {getattr(year, name).pk: yearend.Assessment(*value) for name, value in assessments.items()}
    yearend.close_year(plan=year.plan, assessments=given, by=by, now=CLOSED)
    year.plan.refresh_from_db()


def next_tasks(plan) -> dict[str, Task]:
    return {t.code: t for t in Task.objects.filter(plan=plan).select_related("origin", "lead_unit")}


@pytest.mark.parametrize(
    ("due", "kind", "moved"),
    [
        (date(2025, 6, 15), Task.DueKind.DATE, date(2026, 6, 15)),
        (date(2024, 2, 29), Task.DueKind.DATE, date(2025, 2, 28)),
        (date(2024, 2, 29), Task.DueKind.MONTH, date(2025, 2, 28)),
        (date(2027, 2, 28), Task.DueKind.MONTH, date(2028, 2, 29)),
        (date(2025, 9, 30), Task.DueKind.QUARTER, date(2026, 9, 30)),
        (date(2025, 6, 30), Task.DueKind.HALF, date(2026, 6, 30)),
        (date(2025, 12, 31), Task.DueKind.YEAR, date(2026, 12, 31)),
        (None, Task.DueKind.ONGOING, None),
    ],
)
def test_deadlines_move_into_the_next_year_by_how_they_are_written(due, kind, moved):
    closed_year = due.year if due else 2025
    assert rollover.next_deadline(due_date=due, due_kind=kind, closed_year=closed_year) == moved


def test_a_deadline_already_in_the_next_year_is_kept():
    due = date(2026, 3, 31)
    assert rollover.next_deadline(due_date=due, due_kind=Task.DueKind.QUARTER, closed_year=2025) == due


def test_unfinished_tasks_are_carried_recurring_repeated_finished_and_cancelled_left(year, secretariat_user):
    close(year, by=secretariat_user)
    result = rollover.make_next_plan(closed_plan=year.plan, by=secretariat_user, now=MADE)

    plan = result.plan
    assert result.created and (result.carried, result.repeated) == (1, 2)
    assert (plan.year, plan.status, plan.committee_id) == (NEXT, Plan.Status.DRAFT, year.plan.committee_id)
    made = next_tasks(plan)
    assert sorted(made) == ["3", "5", "6"]  # done (1), done late (2) and cancelled (4) stay behind
    assert made["3"].origin == year.open and made["5"].origin == year.monthly and made["6"].origin == year.ongoing
    assert made["3"].due_date == date(NEXT, 10, 15) and made["3"].title == year.open.title
    assert made["5"].recurrence == Task.Recurrence.MONTHLY and made["5"].recurrence_day == 20
    assert made["6"].due_kind == Task.DueKind.ONGOING and made["6"].due_date is None
    assert list(made["3"].coordinating_units.all()) == [year.coordinating]
    assert made["3"].created_at == MADE


def test_the_carried_task_keeps_its_history(year, secretariat_user):
    reports_before = list(year.open.reports.values_list("pk", flat=True))
    close(year, by=secretariat_user)
    plan = rollover.make_next_plan(closed_plan=year.plan, by=secretariat_user, now=MADE).plan

    carried = Task.objects.get(plan=plan, code="3")
    old = Task.objects.get(pk=year.open.pk)
    assert old.plan_id == year.plan.pk and list(old.reports.values_list("pk", flat=True)) == reports_before
    assert list(old.continuations.all()) == [carried]
    assert not carried.reports.exists()
    assert TaskAssessment.objects.get(task=old).outcome == Outcome.CARRIED_OVER


def test_a_task_assessed_not_done_stays_behind_unless_ticked(year, secretariat_user):
    close(year, by=secretariat_user, open=(Outcome.NOT_DONE,))
    preview = rollover.preview_next_plan(closed_plan=year.plan)
    row = next(r for r in preview.rows if r.task == year.open)
    assert (row.kind, row.offered, row.selected, row.taken_as) == (rollover.LEFT, True, False, rollover.CARRIED)

    choices = preview.default_choices()
    ticked = rollover.NextPlanChoices(tasks=choices.tasks | {year.open.pk}, pilots=choices.pilots)
    result = rollover.make_next_plan(closed_plan=year.plan, choices=ticked, now=MADE)
    assert "3" in next_tasks(result.plan) and result.carried == 1


def test_a_cancelled_task_is_never_taken_over(year):
    close(year)
    with pytest.raises(ValidationError) as refused:
        rollover.make_next_plan(
            closed_plan=year.plan, choices=rollover.NextPlanChoices(tasks=frozenset({year.cancelled.pk})), now=MADE
        )
    assert "tasks" in refused.value.message_dict
    assert not Plan.objects.filter(year=NEXT).exists()


def test_making_it_twice_adds_nothing(year, secretariat_user):
    close(year, by=secretariat_user)
    first = rollover.make_next_plan(closed_plan=year.plan, by=secretariat_user, now=MADE)
    again = rollover.make_next_plan(closed_plan=year.plan, by=secretariat_user, now=MADE)

    assert not again.created and again.plan == first.plan
    assert (again.carried, again.repeated, again.pilots) == (0, 0, 0)
    assert Plan.objects.filter(committee=year.plan.committee, year=NEXT).count() == 1
    assert Task.objects.filter(plan=first.plan).count() == 3
    assert Task.objects.filter(origin=year.open).count() == 1


def test_a_plan_already_made_for_the_next_year_gets_nothing_added(year, committee, department):
    existing = b.plan(committee, year=NEXT)
    b.task(existing, department, code="3", due_date=date(NEXT, 3, 1))
    close(year)
    preview = rollover.preview_next_plan(closed_plan=year.plan)
    assert preview.existing == existing

    result = rollover.make_next_plan(closed_plan=year.plan, now=MADE)
    assert not result.created and result.plan == existing
    assert Task.objects.filter(plan=existing).count() == 1


def test_an_open_year_gives_no_next_plan(year):
    with pytest.raises(ValidationError, match="Hãy khóa sổ năm 2025"):
        rollover.make_next_plan(closed_plan=year.plan, now=MADE)


def test_an_ended_lead_unit_is_flagged_and_a_successor_must_be_picked(year, other_department, department):
    task = b.task(year.plan, other_department, code="7", due_date=date(YEAR, 11, 30))
    other_department.valid_to = date(YEAR, 3, 1)
    other_department.save()
    close(year)

    preview = rollover.preview_next_plan(closed_plan=year.plan)
    row = next(r for r in preview.rows if r.task == task)
    assert row.lead_unit_ended and row.lead_unit is None and not row.selected and row.offered
    assert department in preview.unit_choices and other_department not in preview.unit_choices

    defaults = preview.default_choices()
    ticked = rollover.NextPlanChoices(tasks=defaults.tasks | {task.pk})
    with pytest.raises(ValidationError) as refused:
        rollover.make_next_plan(closed_plan=year.plan, choices=ticked, now=MADE)
    assert refused.value.message_dict == {
        f"lead_unit-{task.pk}": [
            "Nhiệm vụ 7: Sở Xây dựng đã hết hiệu lực từ 01/03/2025, hãy chọn cơ quan chủ trì kế thừa."
        ]
    }
    assert not Plan.objects.filter(year=NEXT).exists()  # nothing half-made

    chosen = rollover.NextPlanChoices(tasks=ticked.tasks, lead_units={task.pk: department.pk})
    made = next_tasks(rollover.make_next_plan(closed_plan=year.plan, choices=chosen, now=MADE).plan)
    assert made["7"].lead_unit == department and made["7"].origin == task


def test_ended_coordinating_units_and_members_who_left_are_dropped(year, committee, department):
    year.coordinating.valid_to = date(YEAR, 7, 1)
    year.coordinating.save()
    member = f.MembershipFactory(committee=committee, start=date(2023, 3, 6), end=date(YEAR, 9, 30))
    Task.objects.filter(pk=year.open.pk).update(responsible=member.person)
    close(year)

    row = next(r for r in rollover.preview_next_plan(closed_plan=year.plan).rows if r.task == year.open)
    assert row.coordinating == [] and row.responsible is None and row.responsible_left
    made = next_tasks(rollover.make_next_plan(closed_plan=year.plan, now=MADE).plan)
    assert made["3"].responsible is None and not made["3"].coordinating_units.exists()


def test_a_member_still_sitting_stays_responsible(year, member_user):
    Task.objects.filter(pk=year.open.pk).update(responsible=member_user.person)
    assert Membership.objects.filter(person=member_user.person, end__isnull=True).exists()
    close(year)
    made = next_tasks(rollover.make_next_plan(closed_plan=year.plan, now=MADE).plan)
    assert made["3"].responsible == member_user.person


def test_pilot_units_are_offered_anew_beside_the_hotlines_hot_spots(year, department, member_user):
    pilot = PilotUnit.objects.create(plan=year.plan, unit=department, reason="Đơn vị trọng điểm")
    pilot.overseers.add(member_user.person)
    ensure_categories()
    category = Category.objects.get(code="thu-tuc-hanh-chinh")
    hot = f.UnitFactory(name="UBND xã Nghi Phú")
    for day in (3, 4, 5):
        make_report({"thu-tuc-hanh-chinh": category}, now=local(date(YEAR, 5, day)), unit_concerned=hot)
    make_report({"thu-tuc-hanh-chinh": category}, now=local(date(YEAR - 1, 5, 6)), unit_concerned=f.UnitFactory())
    close(year)

    offers = {o.unit: o for o in rollover.preview_next_plan(closed_plan=year.plan).pilots}
    assert set(offers) == {department, hot}  # last year's report on another unit is not this year's hot spot
    assert offers[department].selected and offers[department].pilot == pilot
    assert not offers[hot].selected and offers[hot].hot_spot["n"] == 3

    choices = rollover.preview_next_plan(closed_plan=year.plan).default_choices()
    both = rollover.NextPlanChoices(tasks=choices.tasks, pilots=frozenset({department.pk, hot.pk}))
    result = rollover.make_next_plan(closed_plan=year.plan, choices=both, now=MADE)
    assert result.pilots == 2
    made = {p.unit: p for p in PilotUnit.objects.filter(plan=result.plan)}
    assert made[department].reason == "Đơn vị trọng điểm"
    assert list(made[department].overseers.all()) == [member_user.person]
    assert "3 phản ánh" in made[hot].reason


def test_the_new_plan_is_approved_citing_its_document(year, secretariat_user):
    close(year, by=secretariat_user)
    plan = rollover.make_next_plan(closed_plan=year.plan, by=secretariat_user, now=MADE).plan
    decision = NewDecision(number="12/KH-BCĐ", date=date(NEXT, 1, 15), issuer="Ban Chỉ đạo CCHC tỉnh")
    plans.approve_plan(plan=plan, decision=decision, now=local(date(NEXT, 1, 15)), by=secretariat_user)
    plan.refresh_from_db()
    assert plan.status == Plan.Status.APPROVED and plan.approved_by.number == "12/KH-BCĐ"


def test_the_preview_writes_nothing_and_reads_a_fixed_number_of_queries(year, department, focal_user):
    close(year)
    counts = []
    for extra in (0, 10):
        for i in range(extra):
            task = b.task(year.plan, department, code=f"X{extra}-{i}", due_date=date(YEAR, 8, 1))
            task.coordinating_units.add(year.coordinating)
            b.report(task, focal_user, 7, 30)
        plan = Plan.objects.select_related("committee").get(pk=year.plan.pk)
        with CaptureQueriesContext(connection) as ctx:
            preview = rollover.preview_next_plan(closed_plan=plan)
        counts.append(len(ctx.captured_queries))
        assert len(preview.rows) == 6 + extra
    assert counts[0] == counts[1]
    assert not Plan.objects.filter(year=NEXT).exists()
