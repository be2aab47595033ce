"""The per-task report summary (`TaskProgress`) always equals a recomputation from the reports."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from tasks import reports
from tasks import status as st
from tasks.models import ProgressReport, Task, TaskProgress

from . import builders as b

LIVE = (ProgressReport.Status.SUBMITTED, ProgressReport.Status.ACCEPTED)
TODAY = date(2023, 12, 1)


def expected(task: Task) -> dict:
    """The summary recomputed in Python straight from the task's reports."""
    rows = list(ProgressReport.objects.filter(task=task))
    live = sorted((r for r in rows if r.status in LIVE), key=lambda r: (r.period, r.submitted_at, r.pk))
    done = [r for r in rows if r.status == ProgressReport.Status.ACCEPTED and r.percent == 100]
    last = max(rows, key=lambda r: (r.submitted_at, r.pk), default=None)
    return {
        "latest_percent": live[-1].percent if live else None,
        "latest_period": live[-1].period if live else None,
        "latest_no_change": live[-1].no_change if live else None,
        "done_on": min((r.completed_on or r.period for r in done), default=None),
        "done_period": min((r.period for r in done), default=None),
        "pending_review": any(r.status == ProgressReport.Status.SUBMITTED for r in rows),
        "last_returned": bool(last and last.status == ProgressReport.Status.RETURNED),
        "last_submitted_at": last.submitted_at if last else None,
    }


def stored(task: Task) -> dict:
    progress = TaskProgress.objects.filter(task=task).first()
    if progress is None:
        return expected_empty()
    return {k: getattr(progress, k) for k in expected_empty()}


def expected_empty() -> dict:
    return {
        "latest_percent": None,
        "latest_period": None,
        "latest_no_change": None,
        "done_on": None,
        "done_period": None,
        "pending_review": False,
        "last_returned": False,
        "last_submitted_at": None,
    }


def assert_in_step(*tasks: Task) -> None:
    for task in tasks:
        assert stored(task) == expected(task), task.code
        bulk = st.with_status(Task.objects.filter(pk=task.pk), today=TODAY).get().status_code
        assert bulk == st.task_status(task, today=TODAY), task.code


@pytest.fixture
def world(committee, department, secretariat_user, focal_user):
    plan = b.plan(committee)
    return {"plan": plan, "unit": department, "secretariat": secretariat_user, "reporter": focal_user}


def _submit(task, user, month, percent, **kwargs):
    return reports.submit_report(
        task=task, user=user, period=date(2023, month, 1), percent=percent, now=b.at(date(2023, month, 18)),
        today=TODAY, **kwargs,
    )  # fmt: skip


def _review(report, user, accept, month):
    return reports.review_report(
        report=report, user=user, accept=accept, comment="" if accept else "Bổ sung số liệu",
        now=b.at(date(2023, month, 20), 15),
    )  # fmt: skip


def test_summary_follows_submit_return_resubmit_accept(world):
    task = b.task(world["plan"], world["unit"])
    reporter, secretariat = world["reporter"], world["secretariat"]
    assert_in_step(task)
    first = _submit(task, reporter, 3, 30)
    assert_in_step(task)
    assert stored(task)["pending_review"] is True
    _review(first, secretariat, accept=False, month=3)
    assert_in_step(task)
    assert stored(task)["last_returned"] is True and stored(task)["latest_percent"] is None
    again = _submit(task, reporter, 3, 40)
    assert again.supersedes_id == first.pk
    assert_in_step(task)
    _review(again, secretariat, accept=True, month=3)
    assert_in_step(task)
    same = _submit(task, reporter, 4, 40, no_change=True)
    assert_in_step(task)
    assert stored(task)["latest_no_change"] is True
    _review(same, secretariat, accept=True, month=4)
    done = _submit(task, reporter, 5, 100, completed_on=date(2023, 5, 12))
    assert_in_step(task)
    assert stored(task)["done_on"] is None  # not done until the secretariat accepts
    _review(done, secretariat, accept=True, month=5)
    assert_in_step(task)
    assert stored(task)["done_on"] == date(2023, 5, 12)
    assert stored(task)["done_period"] == date(2023, 5, 1)
    assert st.task_status(task, today=TODAY) == st.DONE_ON_TIME


def test_summary_matches_varied_reports_written_directly_and_in_bulk(world):
    user, plan, unit = world["secretariat"], world["plan"], world["unit"]
    accepted, returned = ProgressReport.Status.ACCEPTED, ProgressReport.Status.RETURNED
    cases = {
        "none": [],
        "submitted": [(2, 20, None)],
        "returned only": [(2, 20, returned)],
        "accepted then returned": [(2, 20, accepted), (3, 50, returned)],
        "late done": [(4, 60, accepted), (8, 100, accepted)],
        "done twice": [(5, 100, accepted), (6, 100, accepted)],
        "100 not accepted": [(5, 100, None)],
        "zero no change": [(1, 0, accepted), (2, 0, accepted)],
    }
    tasks = []
    for i, (code, rows) in enumerate(cases.items()):
        task = b.task(plan, unit, code=f"S{i}", title=code, due_date=date(2023, 6, 30))
        for month, percent, status in rows:
            b.report(task, user, month, percent, status=status or ProgressReport.Status.SUBMITTED)
        tasks.append(task)
    assert_in_step(*tasks)

    # Rows written around `save` (bulk loads) are caught up by the recompute command.
    bulk_task = b.task(plan, unit, code="B1")
    ProgressReport.objects.bulk_create(
        [
            ProgressReport(task=bulk_task, period=date(2023, m, 1), percent=p, status=s, submitted_by=user,
                           submitted_at=b.at(date(2023, m, 18)), completed_on=date(2023, m, 10) if p == 100 else None)
            for m, p, s in ((1, 40, accepted), (2, 100, accepted), (3, 70, returned))
        ]
    )  # fmt: skip
    assert TaskProgress.objects.filter(task=bulk_task).first() is None
    call_command("recompute_task_progress", stdout=StringIO())
    assert_in_step(bulk_task, *tasks)


def test_moving_a_report_to_another_task_refreshes_both(world):
    user = world["secretariat"]
    one = b.task(world["plan"], world["unit"], code="1")
    two = b.task(world["plan"], world["unit"], code="2")
    report = b.report(one, user, 5, 100, status=ProgressReport.Status.ACCEPTED)
    report = ProgressReport.objects.get(pk=report.pk)
    report.task = two
    report.save()
    assert_in_step(one, two)
    assert stored(one)["done_on"] is None and stored(two)["done_on"] == date(2023, 5, 15)
