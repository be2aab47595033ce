"""Each task's status of the day, kept on the task (tasks/day_status.py), is what the rule says after every kind of
write and across day changes; any other day is worked out from the rule; a busy stamper never blocks a reader."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import psycopg
import pytest
import time_machine
from django.db import connection

from steering.schedule import BEAT_SCHEDULE
from tasks import day_status
from tasks import status as st
from tasks.jobs import stamp_day_status
from tasks.models import Plan, ProgressReport, Task, TaskProgress

from . import builders as b

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def travel(day: date, hour: int = 10):
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, tzinfo=VN), tick=False)


@pytest.fixture
def world(committee, department, other_department, secretariat_user):
    plan = b.plan(committee, year=2025, status=Plan.Status.APPROVED)
    tasks = {
        "june": b.task(plan, department, code="1", due_date=date(2025, 6, 30)),
        "december": b.task(plan, other_department, code="2", due_date=date(2025, 12, 31)),
        "monthly": b.task(plan, department, code="3", recurrence=Task.Recurrence.MONTHLY),
        "quarterly": b.task(plan, department, code="4", recurrence=Task.Recurrence.QUARTERLY),
        "ongoing": b.task(plan, department, code="5", due_kind=Task.DueKind.ONGOING, due_date=None),
        "done": b.task(plan, department, code="6", due_date=date(2025, 5, 31)),
    }
    Task.objects.filter(plan=plan).update(created_at=b.at(date(2025, 1, 2)))
    b.report(tasks["june"], secretariat_user, 3, 40, status=ProgressReport.Status.ACCEPTED)
    b.report(tasks["monthly"], secretariat_user, 4, 30, status=ProgressReport.Status.ACCEPTED)
    b.report(tasks["done"], secretariat_user, 4, 100, status=ProgressReport.Status.ACCEPTED)
    return {"plan": plan, "tasks": tasks, "user": secretariat_user}


def stored_and_rule(today: date) -> tuple[dict, dict]:
    """Every task's status as the pages read it today (the stamps) and as the rule works it out."""
    scope = Task.objects.all()
    assert day_status.ready(scope, today=today)
    stored = dict(st.annotate_status(scope, today=today, stamped=True).values_list("pk", "status_code"))
    rule = dict(st.annotate_status_computed(scope, today=today).values_list("pk", "status_code"))
    return stored, rule


def agree(today: date) -> dict:
    stored, rule = stored_and_rule(today)
    assert stored == rule
    return stored


def test_the_stamps_follow_every_kind_of_write(world):
    tasks, user = world["tasks"], world["user"]
    with travel(date(2025, 6, 16)):
        today = date(2025, 6, 16)
        first = agree(today)
        assert first[tasks["june"].pk] == st.IN_PROGRESS
        assert first[tasks["done"].pk] == st.DONE_ON_TIME
        assert not Task.objects.filter(day_status_on__isnull=True).exists()
        # A report (its summary refreshed in the same transaction) marks its task stale, and only it.
        b.report(tasks["december"], user, 5, 20)
        assert list(Task.objects.filter(day_status_on__isnull=True)) == [tasks["december"]]
        assert agree(today)[tasks["december"].pk] == st.IN_PROGRESS
        # The task's own fields: a deadline moved before today makes it overdue.
        june = Task.objects.get(pk=tasks["june"].pk)
        june.due_date = date(2025, 6, 2)
        june.save()
        assert agree(today)[june.pk] == st.OVERDUE
        # Saving only some fields still marks it stale.
        june.cancelled_at = b.at(today)
        june.save(update_fields=["cancelled_at"])
        assert agree(today)[june.pk] == st.CANCELLED
        # The plan's start moves the periodic tasks' first owed month.
        plan = Plan.objects.get(pk=world["plan"].pk)
        plan.starts_on = date(2025, 6, 1)
        plan.save()
        assert not Task.objects.filter(plan=plan, day_status_on__isnull=False).exists()
        agree(today)
        # Rows written in bulk start stale; a rebuild of every summary makes every stamp stale.
        Task.objects.bulk_create([Task(plan=plan, code="7", title="Bảy", area=june.area, lead_unit=june.lead_unit)])
        agree(today)
        TaskProgress.recompute_all()
        assert not Task.objects.filter(day_status_on__isnull=False).exists()
        agree(today)


def test_a_new_day_makes_every_stamp_stale_and_the_first_reader_restamps(world):
    tasks = world["tasks"]
    with travel(date(2025, 6, 30)):
        assert agree(date(2025, 6, 30))[tasks["june"].pk] == st.IN_PROGRESS
    with travel(date(2025, 7, 1)):
        stale = Task.objects.filter(day_status.stale_q(date(2025, 7, 1)))
        assert stale.count() == Task.objects.count()
        after = agree(date(2025, 7, 1))
        assert after[tasks["june"].pk] == st.OVERDUE  # its deadline passed overnight
        assert after[tasks["monthly"].pk] == st.NOT_REPORTED  # June ended without its report
    with travel(date(2025, 4, 1)):  # a clock set back: stamps of a later day are stale too
        agree(date(2025, 4, 1))


def test_another_day_is_always_worked_out_from_the_rule(world):
    with travel(date(2025, 6, 16)):
        agree(date(2025, 6, 16))
        Task.objects.update(day_status="overdue")  # what a wrong stamp would say
        assert not day_status.ready(Task.objects.all(), today=date(2025, 3, 1))
        march = dict(st.annotate_status(Task.objects.all(), today=date(2025, 3, 1)).values_list("pk", "status_code"))
        assert march == dict(
            st.annotate_status_computed(Task.objects.all(), today=date(2025, 3, 1)).values_list("pk", "status_code")
        )
        assert st.OVERDUE not in march.values()


def test_the_daily_job_stamps_every_task_once(world):
    assert BEAT_SCHEDULE["tasks-stamp-day-status"]["task"] == "tasks.stamp_day_status"
    with travel(date(2025, 8, 1)):
        assert stamp_day_status() == Task.objects.count()
        assert stamp_day_status() == 0  # nothing stale: nothing to do
        assert not Task.objects.filter(day_status.stale_q(date(2025, 8, 1))).exists()
        stored, rule = stored_and_rule(date(2025, 8, 1))
        assert stored == rule


@pytest.mark.skipif(connection.vendor != "postgresql", reason="advisory locks are PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_a_reader_never_waits_for_another_stamper(committee, department):
    plan = b.plan(committee, year=2025)
    task = b.task(plan, department, code="1", due_date=date(2025, 6, 30))
    settings = connection.settings_dict
    other = psycopg.connect(
        dbname=settings["NAME"],
        host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or 5432,
        user=settings["USER"] or "postgres",
        autocommit=True,
    )
    try:
        other.execute("SELECT pg_advisory_lock(%s)", [day_status._LOCK_KEY])
        with travel(date(2025, 7, 2)):
            assert not day_status.ready(Task.objects.all(), today=date(2025, 7, 2))
            # The page still shows the right status, worked out from the rule.
            assert st.annotate_status(Task.objects.all(), today=date(2025, 7, 2)).get().status_code == st.OVERDUE
            assert Task.objects.get(pk=task.pk).day_status_on is None
        other.execute("SELECT pg_advisory_unlock(%s)", [day_status._LOCK_KEY])
        with travel(date(2025, 7, 2)):
            assert day_status.ready(Task.objects.all(), today=date(2025, 7, 2))
            assert Task.objects.get(pk=task.pk).day_status == st.OVERDUE
    finally:
        other.close()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks skipped are PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_a_reader_never_waits_for_a_writer_holding_a_task(committee, department):
    plan = b.plan(committee, year=2025)
    held = b.task(plan, department, code="1", due_date=date(2025, 6, 30))
    free = b.task(plan, department, code="2", due_date=date(2025, 12, 31))
    settings = connection.settings_dict
    writer = psycopg.connect(
        dbname=settings["NAME"],
        host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or 5432,
        user=settings["USER"] or "postgres",
    )
    try:
        # A writer's transaction holds one task (as a report being saved does) and has not committed.
        writer.execute("SELECT id FROM tasks_task WHERE id = %s FOR UPDATE", [held.pk])
        with travel(date(2025, 7, 2)):
            assert not day_status.ready(Task.objects.all(), today=date(2025, 7, 2))  # no wait, no deadlock
            assert Task.objects.get(pk=free.pk).day_status_on == date(2025, 7, 2)  # the rest was stamped
            assert Task.objects.get(pk=held.pk).day_status_on is None
            statuses = dict(
                st.annotate_status(Task.objects.all(), today=date(2025, 7, 2)).values_list("pk", "status_code")
            )
            assert statuses == {held.pk: st.OVERDUE, free.pk: st.NOT_STARTED}
        writer.rollback()
        with travel(date(2025, 7, 2)):
            assert day_status.ready(Task.objects.all(), today=date(2025, 7, 2))
    finally:
        writer.close()
