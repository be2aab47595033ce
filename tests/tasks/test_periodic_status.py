"""Ongoing and periodic tasks are judged per period, never "overdue" because a year ended; cancelled tasks are
out of every total. The SQL (`with_status`), the rule over the reports (`task_status`) and the rule over the
summary (`status_of`) agree on every case, dates passed in."""

from datetime import date
from itertools import product

import pytest
from django.utils import timezone

from tasks import status as st
from tasks.models import Plan, ProgressReport, Task

from . import builders as b

pytestmark = pytest.mark.django_db

ACCEPTED = ProgressReport.Status.ACCEPTED
RETURNED = ProgressReport.Status.RETURNED
ONGOING = Task.Recurrence.ONGOING


@pytest.fixture
def plan(committee):
    return b.plan(committee, year=2023, status=Plan.Status.APPROVED)


def made(task, day: date) -> Task:
    Task.objects.filter(pk=task.pk).update(created_at=b.at(day))
    return task


def ongoing(plan, unit, code="TX", created=date(2023, 1, 2), **kwargs):
    kwargs.setdefault("recurrence", ONGOING)
    kwargs.setdefault("due_kind", Task.DueKind.ONGOING)
    return made(b.task(plan, unit, code=code, due_date=None, **kwargs), created)


def status(task, today: date) -> str:
    bulk = st.with_status(Task.objects.filter(pk=task.pk), today=today).get().status_code
    single = st.task_status(Task.objects.select_related("plan").get(pk=task.pk), today=today)
    summary = st.status_of(Task.objects.select_related("plan", "progress").get(pk=task.pk), today=today)
    assert bulk == single == summary, f"SQL {bulk}, reports {single}, summary {summary} on {today}"
    return bulk


def test_an_ongoing_task_is_never_overdue_across_the_31st_of_december(plan, department, secretariat_user):
    task = ongoing(plan, department)
    b.report(task, secretariat_user, 11, 60)
    assert status(task, date(2023, 12, 15)) == st.IN_PROGRESS  # judged on November: reported
    for day in (date(2024, 1, 1), date(2024, 6, 15), date(2026, 11, 29)):
        assert status(task, day) == st.NOT_REPORTED  # judged on December 2023, its last month: not reported
    b.report(task, secretariat_user, 12, 70)
    for day in (date(2024, 1, 1), date(2026, 11, 29)):
        assert status(task, day) == st.IN_PROGRESS


def test_a_one_off_task_of_the_same_year_is_overdue_from_its_last_working_day(plan, department):
    task = made(b.task(plan, department, due_kind=Task.DueKind.YEAR, due_date=date(2023, 12, 31)), date(2023, 1, 2))
    assert status(task, date(2023, 12, 29)) == st.NOT_STARTED
    assert status(task, date(2023, 12, 30)) == st.OVERDUE  # 31/12/2023 is a Sunday: due Friday 29/12
    assert status(task, date(2024, 1, 2)) == st.OVERDUE


def test_an_ongoing_task_is_judged_on_the_month_that_has_ended(plan, department, secretariat_user):
    task = ongoing(plan, department)
    b.report(task, secretariat_user, 4, 30)
    assert status(task, date(2023, 5, 3)) == st.IN_PROGRESS  # April judged: reported; May not due yet
    assert status(task, date(2023, 6, 3)) == st.NOT_REPORTED  # May judged: no report
    b.report(task, secretariat_user, 6, 30)  # a later month's report also answers for May
    assert status(task, date(2023, 6, 3)) == st.IN_PROGRESS


def test_a_returned_report_does_not_answer_for_the_period(plan, department, secretariat_user):
    task = ongoing(plan, department)
    b.report(task, secretariat_user, 4, 30, status=RETURNED, review_comment="Thiếu số liệu")
    assert status(task, date(2023, 5, 3)) == st.NOT_REPORTED


def test_a_quarterly_task_is_judged_on_the_last_quarter_that_has_ended(plan, department, secretariat_user):
    task = made(
        b.task(plan, department, code="Q", due_kind=Task.DueKind.YEAR, recurrence="quarterly", recurrence_day=20),
        date(2023, 1, 2),
    )
    b.report(task, secretariat_user, 3, 20)
    assert status(task, date(2023, 6, 20)) == st.IN_PROGRESS  # March judged
    assert status(task, date(2023, 7, 5)) == st.NOT_REPORTED  # June judged
    b.report(task, secretariat_user, 12, 90)
    assert status(task, date(2024, 2, 1)) == st.IN_PROGRESS  # December 2023 judged; never overdue


def test_a_monthly_task_with_the_year_as_its_deadline_is_not_overdue_when_the_year_ends(plan, department):
    task = made(
        b.task(plan, department, code="M", due_kind=Task.DueKind.YEAR, recurrence="monthly", recurrence_day=20),
        date(2023, 1, 2),
    )
    assert status(task, date(2024, 3, 1)) == st.NOT_REPORTED


def test_a_periodic_task_owes_nothing_before_its_life_begins(committee, department, secretariat_user):
    plan = b.plan(committee, year=2023, status=Plan.Status.APPROVED, starts_on=date(2023, 4, 11))
    task = ongoing(plan, department)
    assert status(task, date(2023, 4, 20)) == st.NOT_STARTED  # March judged, before the plan's start
    assert status(task, date(2023, 5, 2)) == st.NOT_REPORTED  # April judged: owed from 11/04
    late_comer = ongoing(plan, department, code="TX2", created=date(2023, 5, 10))
    b.report(late_comer, secretariat_user, 5, 10)
    assert status(late_comer, date(2023, 5, 20)) == st.IN_PROGRESS  # nothing owed yet, a report at 10 %
    own_start = ongoing(plan, department, code="TX3", starts_on=date(2023, 7, 1))
    assert status(own_start, date(2023, 7, 15)) == st.NOT_STARTED


def test_a_cancelled_task_is_cancelled_and_in_no_total(plan, department, secretariat_user):
    kept = made(b.task(plan, department, code="1", due_date=date(2023, 4, 28)), date(2023, 1, 2))
    dropped = made(b.task(plan, department, code="2", due_date=date(2023, 4, 28)), date(2023, 1, 2))
    Task.objects.filter(pk=dropped.pk).update(cancelled_at=timezone.now(), cancel_reason="Trùng nhiệm vụ 1")
    today = date(2023, 6, 1)
    assert status(dropped, today) == st.CANCELLED
    assert status(kept, today) == st.OVERDUE
    tasks = Task.objects.filter(plan=plan)
    assert st.status_totals(tasks, today=today) == {**dict.fromkeys(st.ORDER, 0), st.OVERDUE: 1}
    assert st.status_totals(tasks, today=today, with_cancelled=True)[st.CANCELLED] == 1
    (group,) = st.grouped_counts(tasks, today=today, keys=("plan_id",))
    assert (group["n"], group["n_overdue"]) == (1, 1)
    assert st.CANCELLED not in st.ORDER and (st.CANCELLED, st.LABELS[st.CANCELLED]) in st.CHOICES


def test_unfinished_means_neither_done_by_the_day_nor_cancelled(plan, department, secretariat_user):
    open_task = b.task(plan, department, code="1")
    done = b.task(plan, department, code="2")
    b.report(done, secretariat_user, 6, 100, status=ACCEPTED, completed_on=date(2023, 6, 15))
    dropped = b.task(plan, department, code="3")
    Task.objects.filter(pk=dropped.pk).update(cancelled_at=timezone.now())
    rows = Task.objects.select_related("progress")
    for day, expected in ((date(2023, 12, 31), {open_task.pk}), (date(2023, 6, 1), {open_task.pk, done.pk})):
        assert {t.pk for t in rows.filter(plan=plan) if st.is_unfinished(t, day)} == expected
        assert set(Task.objects.filter(st.unfinished_q(day), plan=plan).values_list("pk", flat=True)) == expected


def test_sql_and_python_agree_on_every_kind_of_task_and_day(committee, department, secretariat_user):
    """Every combination of how a task is written and repeated, when its life begins and what it reported,
    on days around month, quarter and year ends."""
    plan = b.plan(committee, year=2023, status=Plan.Status.APPROVED, starts_on=date(2023, 4, 11))
    kinds = [
        ({"due_kind": "date", "due_date": date(2023, 9, 2)}, "once"),
        ({"due_kind": "quarter", "due_date": date(2023, 9, 30)}, "once"),
        ({"due_kind": "year", "due_date": date(2023, 12, 31)}, "monthly"),
        ({"due_kind": "half", "due_date": date(2023, 12, 31)}, "quarterly"),
        ({"due_kind": "ongoing", "due_date": None}, "ongoing"),
        ({"due_kind": "date", "due_date": None}, "monthly"),
    ]
    lives = [(date(2023, 1, 2), None), (date(2023, 6, 10), None), (date(2023, 1, 2), date(2023, 10, 1))]
    histories = [(), ((5, 40, "submitted"),), ((9, 100, "accepted"),), ((12, 50, "accepted"),), ((7, 60, "returned"),)]
    tasks = []
    for n, ((deadline, recurrence), (created, starts), history) in enumerate(product(kinds, lives, histories)):
        task = b.task(
            plan, department, code=f"T{n}", recurrence=recurrence, recurrence_day=20, starts_on=starts, **deadline
        )
        made(task, created)
        for month, percent, state in history:
            b.report(task, secretariat_user, month, percent, status=state, review_comment="x")
        tasks.append(task)
    Task.objects.filter(pk=tasks[-1].pk).update(cancelled_at=timezone.now())
    days = [date(2023, 4, 20), date(2023, 7, 3), date(2023, 9, 5), date(2023, 9, 6), date(2023, 10, 2)]
    days += [date(2023, 12, 30), date(2024, 1, 1), date(2024, 4, 1), date(2026, 11, 29)]
    seen = set()
    for day in days:
        bulk = dict(st.with_status(Task.objects.filter(plan=plan), today=day).values_list("pk", "status_code"))
        summary = {
            t.pk: st.status_of(t, today=day) for t in Task.objects.filter(plan=plan).select_related("plan", "progress")
        }
        assert bulk == summary, day
        seen.update(bulk.values())
    for task in tasks[::7]:
        for day in days[::2]:
            status(task, day)
    assert seen == {*st.ORDER, st.CANCELLED}, "every status is reached by the cases above"
