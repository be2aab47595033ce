"""Which tasks owe a report for a month (tasks/periods.py), with dates passed in."""

from datetime import date

import pytest

from tasks.models import ProgressReport, Task
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
