"""The data step of migration 0009: ongoing tasks written "Thường xuyên", effective deadlines filled in,
report summaries rebuilt with the current "done" rule."""

import importlib
from datetime import date
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection

from tasks.models import ProgressReport, Task, TaskProgress

from . import builders as b

pytestmark = pytest.mark.django_db
forwards = importlib.import_module("tasks.migrations.0010_periods").forwards


def test_the_data_step_writes_ongoing_tasks_as_ongoing_and_fills_the_effective_deadlines(
    committee, department, secretariat_user
):
    plan = b.plan(committee)
    ongoing = b.task(plan, department, code="TX", recurrence="ongoing", due_date=date(2023, 12, 31))
    quarter = b.task(plan, department, code="Q", due_kind="quarter", due_date=date(2023, 9, 30))
    report = b.report(quarter, secretariat_user, 9, 100, status=ProgressReport.Status.ACCEPTED)
    Task.objects.update(effective_due_date=None)  # as the rows were before the column existed
    TaskProgress.objects.filter(task=quarter).update(done_on=None, done_period=None)  # a summary of the old rule

    forwards(apps, SimpleNamespace(connection=connection))

    ongoing.refresh_from_db()
    quarter.refresh_from_db()
    assert (ongoing.due_kind, ongoing.due_date, ongoing.effective_due_date) == ("ongoing", None, None)
    assert quarter.effective_due_date == date(2023, 9, 29)
    assert TaskProgress.objects.get(task=quarter).done_on == report.completed_on
