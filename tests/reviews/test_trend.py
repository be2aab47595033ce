"""The board's six-month trend is one aggregate query; each month's figures must be those of that month's own
board (owed, on time, reported), which classifies every owing task in Python."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reviews.board import ON_TIME, review_board, review_trend
from tasks.models import ProgressReport, Task
from tests.reviews.review_world import MAY, at, build, make_task, report

pytestmark = pytest.mark.django_db


def _month_board(world, month: date) -> tuple[int, int, int]:
    board = review_board(committee=world.committee, month=month, today=date(2023, 6, 30))
    rows = board.rows
    return len(rows), sum(1 for t in rows if t.outcome == ON_TIME), sum(1 for t in rows if t.has_report)


def test_the_trend_agrees_with_each_months_own_board(cast, committee, department, other_department):
    world = build(cast, committee, department, other_department)
    focal = cast["focal_point"]
    t1, t2, t3 = world.tasks
    # Every rule of tasks/periods.py at least once across December to May:
    quarterly = make_task(world.plan, "Q", world.snv, recurrence=Task.Recurrence.QUARTERLY)
    done_in_march = make_task(world.plan, "D", world.sxd)
    report(
        done_in_march,
        period=date(2023, 3, 1),
        at_moment=at(date(2023, 3, 24)),
        by=focal,
        status=ProgressReport.Status.ACCEPTED,
        percent=100,
    )
    cancelled = make_task(world.plan, "C", world.snv)
    Task.objects.filter(pk=cancelled.pk).update(cancelled_at=at(date(2023, 4, 10)))
    late_comer = make_task(world.plan, "L", world.sxd)
    Task.objects.filter(pk=late_comer.pk).update(created_at=at(date(2023, 3, 15)))
    for month, day in ((date(2023, 1, 1), 20), (date(2023, 2, 1), 28), (date(2023, 4, 1), 24), (MAY, 26)):
        report(t1, period=month, at_moment=at(date(month.year, month.month, day)), by=focal)
    report(t2, period=date(2023, 4, 1), at_moment=at(date(2023, 5, 3)), by=focal)  # April's, sent in May: late
    report(t3, period=MAY, at_moment=at(date(2023, 5, 22)), by=focal, status=ProgressReport.Status.RETURNED)
    report(quarterly, period=date(2023, 3, 1), at_moment=at(date(2023, 3, 20)), by=focal)
    report(late_comer, period=date(2023, 4, 1), at_moment=at(date(2023, 4, 21)), by=focal)

    with CaptureQueriesContext(connection) as queries:
        trend = review_trend(committee=world.committee, month=MAY)
    assert len(queries) <= 3  # the calendar, the opened months' deadlines, one aggregate for every month
    assert [p["month"] for p in trend] == [date(2022, 12, 1), *(date(2023, m, 1) for m in range(1, 6))]
    for point in trend:
        assert (point["owed"], point["on_time"], point["reported"]) == _month_board(world, point["month"]), point
    may = trend[-1]
    # May: the three and the late comer; not the quarterly task (no quarter ends), D (done in March), C (cancelled).
    assert may["owed"] == 4
    # March: all seven (the quarter ends; D still owes the month it was done; L was created in it).
    assert trend[3]["owed"] == 7
    assert (trend[4]["on_time"], trend[4]["reported"]) == (2, 3)  # April: t1 and L on time, t2 late


def test_an_empty_committee_has_no_rate_rather_than_zero(cast, committee, department, other_department):
    world = build(cast, committee, department, other_department)
    Task.objects.filter(plan=world.plan).update(created_at=timezone.make_aware(timezone.datetime(2023, 6, 1)))
    trend = review_trend(committee=world.committee, month=MAY)
    assert all(p["owed"] == 0 and p["rate"] is None for p in trend)
