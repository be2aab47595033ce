"""Status derivation: every case, with `today` passed in; the SQL version agrees with the rule."""

from datetime import date

import pytest

from tasks import status as st
from tasks.models import ProgressReport, Task

from . import builders as b

ACCEPTED = ProgressReport.Status.ACCEPTED
RETURNED = ProgressReport.Status.RETURNED
JUNE_30 = date(2023, 6, 30)


@pytest.mark.parametrize(
    ("percent", "done_on", "today", "expected"),
    [
        (None, None, date(2023, 5, 1), st.NOT_STARTED),
        (0, None, date(2023, 5, 1), st.NOT_STARTED),
        (40, None, date(2023, 5, 1), st.IN_PROGRESS),
        (40, None, JUNE_30, st.IN_PROGRESS),  # the deadline day itself is not late
        (40, None, date(2023, 7, 1), st.OVERDUE),
        (None, None, date(2023, 7, 1), st.OVERDUE),
        (100, date(2023, 6, 30), date(2023, 9, 1), st.DONE_ON_TIME),
        (100, date(2023, 7, 2), date(2023, 9, 1), st.DONE_LATE),
    ],
)
def test_derive_status_covers_every_case(percent, done_on, today, expected):
    assert st.derive_status(percent=percent, done_on=done_on, deadline=JUNE_30, today=today) == expected


def test_recurring_task_without_date_falls_due_at_the_end_of_the_plan_year():
    assert st.effective_deadline(due_date=None, plan_year=2023) == date(2023, 12, 31)


@pytest.fixture
def world(committee, department, secretariat_user):
    plan = b.plan(committee)
    return {"plan": plan, "unit": department, "user": secretariat_user}


def _status(task, today):
    bulk = st.with_status(Task.objects.filter(pk=task.pk), today=today).get().status_code
    single = st.task_status(Task.objects.select_related("plan").get(pk=task.pk), today=today)
    summary = st.status_of(Task.objects.select_related("plan", "progress").get(pk=task.pk), today=today)
    assert bulk == single == summary, "the SQL, the rule over the reports and the rule over the summary disagree"
    return bulk


def test_task_without_reports_is_not_started_then_overdue(world):
    task = b.task(world["plan"], world["unit"])
    assert _status(task, date(2023, 5, 1)) == st.NOT_STARTED
    assert _status(task, date(2023, 7, 1)) == st.OVERDUE


def test_live_report_above_zero_means_in_progress(world):
    task = b.task(world["plan"], world["unit"])
    b.report(task, world["user"], 4, 30)
    assert _status(task, date(2023, 5, 1)) == st.IN_PROGRESS


def test_returned_report_does_not_count(world):
    task = b.task(world["plan"], world["unit"])
    b.report(task, world["user"], 4, 30, status=RETURNED, review_comment="Thiếu số liệu")
    assert _status(task, date(2023, 5, 1)) == st.NOT_STARTED


def test_no_change_report_keeps_the_task_in_progress(world):
    task = b.task(world["plan"], world["unit"])
    b.report(task, world["user"], 4, 30, status=ACCEPTED)
    b.report(task, world["user"], 5, 30, no_change=True)
    annotated = st.with_status(Task.objects.filter(pk=task.pk), today=date(2023, 5, 25)).get()
    assert annotated.status_code == st.IN_PROGRESS
    assert annotated.latest_no_change is True
    assert annotated.latest_period == date(2023, 5, 1)


def test_submitted_100_percent_is_not_done_until_accepted(world):
    task = b.task(world["plan"], world["unit"])
    report = b.report(task, world["user"], 5, 100)
    assert _status(task, date(2023, 7, 1)) == st.OVERDUE
    report.status = ACCEPTED
    report.save()
    assert _status(task, date(2023, 7, 1)) == st.DONE_ON_TIME


def test_accepted_100_percent_after_the_deadline_is_done_late(world):
    task = b.task(world["plan"], world["unit"])
    b.report(task, world["user"], 7, 100, status=ACCEPTED, completed_on=date(2023, 7, 10))
    assert _status(task, date(2023, 8, 1)) == st.DONE_LATE


def test_ongoing_task_done_by_the_end_of_its_year_is_done_on_time(world):
    task = b.task(world["plan"], world["unit"], due_date=None, recurrence=Task.Recurrence.ONGOING)
    b.report(task, world["user"], 12, 100, status=ACCEPTED, completed_on=date(2023, 12, 20))
    assert _status(task, date(2024, 1, 1)) == st.DONE_ON_TIME


def test_ongoing_task_completed_the_next_year_is_done_late(world):
    task = b.task(world["plan"], world["unit"], due_date=None, recurrence=Task.Recurrence.ONGOING)
    Task.objects.filter(pk=task.pk).update(created_at=b.at(date(2023, 1, 2)))
    report = b.report(task, world["user"], 12, 100, status=ACCEPTED)
    report.completed_on = date(2024, 1, 5)
    report.save()
    assert _status(task, date(2024, 2, 1)) == st.DONE_LATE


def test_parent_rolls_up_its_subtasks(world, other_department):
    parent = b.task(world["plan"], world["unit"], code="1")
    done = b.task(world["plan"], world["unit"], code="1.a", parent=parent)
    half = b.task(world["plan"], other_department, code="1.b", parent=parent)
    b.report(done, world["user"], 5, 100, status=ACCEPTED)
    b.report(half, world["user"], 5, 50)
    row = st.with_status(Task.objects.filter(pk=parent.pk), today=date(2023, 6, 1)).get()
    assert (row.subtask_count, row.subtask_done) == (2, 1)
    assert float(row.subtask_percent) == 75.0


def test_roll_up_in_python_equals_the_sql(world, other_department):
    parent = b.task(world["plan"], world["unit"], code="1")
    done = b.task(world["plan"], world["unit"], code="1.a", parent=parent)
    half = b.task(world["plan"], other_department, code="1.b", parent=parent)
    returned = b.task(world["plan"], other_department, code="1.c", parent=parent)
    b.task(world["plan"], other_department, code="1.d", parent=parent)  # no report: left out, never 0 %
    b.report(done, world["user"], 5, 100, status=ACCEPTED)
    b.report(half, world["user"], 5, 50)
    b.report(returned, world["user"], 5, 80, status=RETURNED, review_comment="Thiếu")
    row = st.with_status(Task.objects.filter(pk=parent.pk), today=date(2023, 6, 1)).get()
    subtasks = list(Task.objects.filter(parent=parent).select_related("progress"))
    rollup = st.subtask_rollup(subtasks)
    # The returned report is not live and 1.d never reported: the average is of 100 % and 50 %.
    assert rollup == {"subtask_count": 4, "subtask_done": 1, "subtask_reported": 2, "subtask_percent": 75.0}
    assert (rollup["subtask_count"], rollup["subtask_done"], rollup["subtask_reported"]) == (
        row.subtask_count,
        row.subtask_done,
        row.subtask_reported,
    )
    assert rollup["subtask_percent"] == float(row.subtask_percent)
    assert st.subtask_rollup([]) == {
        "subtask_count": 0,
        "subtask_done": 0,
        "subtask_reported": 0,
        "subtask_percent": None,
    }


def test_sub_tasks_without_report_give_no_average(world, other_department):
    parent = b.task(world["plan"], world["unit"], code="1")
    b.task(world["plan"], world["unit"], code="1.a", parent=parent)
    b.task(world["plan"], other_department, code="1.b", parent=parent)
    row = st.with_status(Task.objects.filter(pk=parent.pk), today=date(2023, 6, 1)).get()
    assert (row.subtask_count, row.subtask_reported, row.subtask_percent) == (2, 0, None)
    subtasks = list(Task.objects.filter(parent=parent).select_related("progress"))
    assert st.subtask_rollup(subtasks)["subtask_percent"] is None


def test_group_averages_leave_out_tasks_without_report(world, other_department):
    """The dashboard's percent by area, unit and member is the average of the tasks that reported."""
    reported = b.task(world["plan"], world["unit"], code="1")
    b.task(world["plan"], world["unit"], code="2")
    b.report(reported, world["user"], 5, 40)
    (row,) = st.grouped_counts(Task.objects.filter(plan=world["plan"]), today=date(2023, 6, 1), keys=("lead_unit_id",))
    assert (row["n"], row["n_reported"], row["percent_sum"]) == (2, 1, 40)
