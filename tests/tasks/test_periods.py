"""Which tasks owe a report for a month (tasks/periods.py), with dates passed in."""

from datetime import date

import pytest

from tasks.models import Plan, ProgressReport, Task
from tasks.periods import missing_reports, owes_report, tasks_owing_report
from tests.reviews.review_world import MAY, at, build, make_task, report

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(cast, committee, department, other_department):
    return build(cast, committee, department, other_department)


def test_every_open_task_owes_a_report_each_month(world):
    assert set(tasks_owing_report(MAY, world.plan.tasks.all())) == set(world.tasks)


def test_a_quarterly_task_owes_only_in_the_last_month_of_a_quarter(world):
    task = make_task(world.plan, "Q", world.snv, world.member, recurrence=Task.Recurrence.QUARTERLY)
    assert not owes_report(task, MAY)
    assert owes_report(task, date(2023, 6, 1))


def test_a_task_created_after_the_month_owes_nothing_for_it(world):
    task = make_task(world.plan, "N", world.snv, world.member)
    Task.objects.filter(pk=task.pk).update(created_at=at(date(2023, 6, 3)))
    assert not owes_report(task, MAY)
    assert owes_report(task, date(2023, 6, 1))


def test_a_task_completed_in_an_earlier_month_owes_nothing_more(world, cast):
    task = world.tasks[0]
    report(
        task,
        period=date(2023, 4, 1),
        at_moment=at(date(2023, 4, 20)),
        by=cast["member"],
        status=ProgressReport.Status.ACCEPTED,
        percent=100,
    )
    assert owes_report(task, date(2023, 4, 1))
    assert not owes_report(task, MAY)


def test_a_returned_report_does_not_count_until_resubmitted(world, cast):
    task = world.tasks[0]
    report(task, at_moment=at(date(2023, 5, 22)), by=cast["member"], status=ProgressReport.Status.RETURNED)
    assert task in missing_reports(MAY, world.plan.tasks.all())
    report(task, at_moment=at(date(2023, 5, 24)), by=cast["member"])
    assert task not in missing_reports(MAY, world.plan.tasks.all())


def test_a_plan_of_a_later_year_owes_nothing_this_year(world):
    assert not tasks_owing_report(date(2022, 12, 1), world.plan.tasks.all()).exists()


# -- a task's life: from its plan's start (or its own, or its creation) to its end, within its plan's life ----


def _owing_months(task, months):
    return [m.month if m.year == 2023 else (m.year, m.month) for m in months if owes_report(task, m)]


MONTHS_2023 = [date(2023, m, 1) for m in range(1, 13)]


def test_a_task_owes_nothing_before_its_plan_starts_or_before_it_exists(world):
    Plan.objects.filter(pk=world.plan.pk).update(starts_on=date(2023, 4, 11))
    adopted = make_task(world.plan, "A", world.snv, world.member)
    assert _owing_months(adopted, MONTHS_2023) == list(range(4, 13))
    later = make_task(world.plan, "L", world.snv, world.member)
    Task.objects.filter(pk=later.pk).update(created_at=at(date(2023, 8, 31), hour=23))
    assert _owing_months(later, MONTHS_2023) == list(range(8, 13))
    own_start = make_task(world.plan, "S", world.snv, world.member, starts_on=date(2023, 10, 5))
    assert _owing_months(own_start, MONTHS_2023) == [10, 11, 12]


def test_an_unfinished_task_owes_nothing_after_its_plan_year(world):
    task = world.tasks[0]
    later = [date(2024, 1, 1), date(2024, 6, 1), date(2026, 11, 1)]
    assert _owing_months(task, [date(2023, 12, 1), *later]) == [12]


def test_a_task_due_in_the_next_year_owes_until_its_deadline_month(world):
    task = make_task(world.plan, "PA", world.snv, world.member, due_date=date(2024, 1, 15))
    assert _owing_months(task, [date(2023, 12, 1), date(2024, 1, 1), date(2024, 2, 1)]) == [12, (2024, 1)]


def test_an_ongoing_task_owes_december_and_nothing_in_january(world):
    task = make_task(world.plan, "TX", world.snv, world.member, recurrence="ongoing", due_kind="ongoing")
    assert _owing_months(task, [date(2023, 11, 1), date(2023, 12, 1), date(2024, 1, 1)]) == [11, 12]


def test_no_month_after_its_plan_is_closed_owes_and_the_earlier_ones_stay(world):
    task = world.tasks[0]
    Plan.objects.filter(pk=world.plan.pk).update(closed_at=at(date(2024, 1, 10)))
    assert _owing_months(task, MONTHS_2023) == list(range(1, 13))
    # Closed in December (after December's reports were due): December still owes, nothing after it.
    Plan.objects.filter(pk=world.plan.pk).update(closed_at=at(date(2023, 12, 28)))
    assert _owing_months(task, MONTHS_2023) == list(range(1, 13))
    Plan.objects.filter(pk=world.plan.pk).update(closed_at=at(date(2023, 11, 15)))
    assert _owing_months(task, MONTHS_2023) == list(range(1, 12))


def test_a_cancelled_task_owes_nothing_from_the_month_it_was_cancelled(world):
    task = world.tasks[0]
    Task.objects.filter(pk=task.pk).update(cancelled_at=at(date(2023, 5, 24)))
    assert _owing_months(task, MONTHS_2023) == [1, 2, 3, 4]
    assert task not in tasks_owing_report(MAY, world.plan.tasks.all())


def test_the_obligations_cost_one_query_whatever_the_number_of_tasks(world, django_assert_num_queries):
    for size in (1, 10):
        for i in range(size):
            make_task(world.plan, f"N{size}-{i}", world.snv, world.member, recurrence="ongoing", due_kind="ongoing")
        with django_assert_num_queries(1):
            rows = list(tasks_owing_report(MAY, world.plan.tasks.all()))
        assert len(rows) == len(world.tasks) + (1 if size == 1 else 11)
