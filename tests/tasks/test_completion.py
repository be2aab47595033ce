""" "A task is done" is one rule (tasks/completion.py): its Python, ORM and SQL forms agree, and every
reader (the summary, the status, the monthly obligations) gives the same answer; the hotline's reading is
checked in tests/hotline/test_followup.py."""

from datetime import date
from itertools import product

import pytest
from django.db import connection

from tasks import completion, periods
from tasks import status as st
from tasks.models import ProgressReport, Task

from . import builders as b

pytestmark = pytest.mark.django_db

STATUSES = [value for value, _label in ProgressReport.Status.choices]
PERCENTS = [0, 50, 99, 100]
COMPLETED_ON = [None, date(2023, 5, 12)]
TODAY = date(2023, 12, 1)


def test_the_rule_names_the_models_values():
    assert completion.ACCEPTED == ProgressReport.Status.ACCEPTED
    assert [completion.completes_task(status=s, percent=100) for s in STATUSES] == [s == "accepted" for s in STATUSES]


@pytest.fixture
def reports(committee, department, secretariat_user):
    """One task per (status, percent, completion date) with that single report in May 2023."""
    plan = b.plan(committee)
    rows = []
    for i, (status, percent, completed_on) in enumerate(product(STATUSES, PERCENTS, COMPLETED_ON)):
        task = b.task(plan, department, code=f"C{i}", due_date=date(2023, 6, 30))
        rows.append(
            ProgressReport.objects.create(
                task=task,
                period=date(2023, 5, 1),
                percent=percent,
                completed_on=completed_on,
                status=status,
                submitted_by=secretariat_user,
                submitted_at=b.at(date(2023, 5, 18)),
            )
        )
    Task.objects.update(created_at=b.at(date(2023, 1, 2)))  # tasks of the plan from the start of the year
    return rows


def test_python_orm_and_sql_forms_pick_the_same_reports(reports):
    python = {r.pk for r in reports if completion.completes_task(status=r.status, percent=r.percent)}
    orm = set(ProgressReport.objects.filter(completion.completing()).values_list("pk", flat=True))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT r.id FROM tasks_progressreport r WHERE {completion.COMPLETING_SQL}")  # noqa: S608
        sql = {row[0] for row in cursor.fetchall()}
    assert python == orm == sql
    assert len(python) == len(COMPLETED_ON)  # accepted at 100 %, with and without a date


def test_python_orm_and_sql_give_the_same_completion_date(reports):
    python = {r.pk: completion.completion_date(completed_on=r.completed_on, period=r.period) for r in reports}
    orm = dict(ProgressReport.objects.annotate(day=completion.completion_date_expression()).values_list("pk", "day"))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT r.id, {completion.COMPLETION_DATE_SQL} FROM tasks_progressreport r")  # noqa: S608
        sql = {pk: day if isinstance(day, date) else date.fromisoformat(day) for pk, day in cursor.fetchall()}
    assert python == orm == sql


def test_every_reader_agrees_whether_each_task_is_done(reports):
    done = {r.task_id for r in reports if completion.completes_task(status=r.status, percent=r.percent)}
    tasks = list(Task.objects.select_related("plan", "progress").order_by("pk"))
    by_status = {t.pk for t in tasks if st.task_status(t, today=TODAY) in st.DONE}
    by_summary = {t.pk for t in tasks if st.is_done(st.progress_of(t))}
    by_python_status = {t.pk for t in tasks if st.status_of(t, today=TODAY) in st.DONE}
    by_sql_status = set(
        st.with_status(Task.objects.all(), today=TODAY).filter(status_code__in=st.DONE).values_list("pk", flat=True)
    )
    by_sql_summary = set(Task.objects.filter(st.DONE_SUMMARY).values_list("pk", flat=True))
    by_exists = set(Task.objects.filter(st.done_exists()).values_list("pk", flat=True))
    by_summary_exists = set(Task.objects.filter(st.done_summary_exists()).values_list("pk", flat=True))
    # The monthly obligations: a task done in May owes nothing for June.
    owing_june = set(periods.tasks_owing_report(date(2023, 6, 1)).values_list("pk", flat=True))
    assert (
        done
        == by_status
        == by_summary
        == by_python_status
        == by_sql_status
        == by_sql_summary
        == by_exists
        == by_summary_exists
    )
    assert owing_june == {t.pk for t in tasks} - done


def test_a_completing_report_without_a_date_is_done_in_its_period(reports):
    undated = next(r for r in reports if r.status == "accepted" and r.percent == 100 and r.completed_on is None)
    task = Task.objects.select_related("plan", "progress").get(pk=undated.task_id)
    assert (task.progress.done_on, task.progress.done_period) == (date(2023, 5, 1), date(2023, 5, 1))
    assert st.task_status(task, today=TODAY) == st.status_of(task, today=TODAY) == st.DONE_ON_TIME
