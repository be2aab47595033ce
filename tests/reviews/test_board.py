"""The monthly review: its dates (holiday shifts, the reminder ladder), opening it once, classifying
reports, closing."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from core.calendar import DAY_OFF, Calendar, Entry, load_calendar
from reviews.board import (
    LATE,
    MISSING,
    ON_TIME,
    open_review,
    review_board,
    review_dates,
    save_assessment,
    second_reminder_date,
)
from reviews.models import MonthlyReview, Reminder
from reviews.reminders import AFTER_DEADLINE, due_kinds
from tasks.models import PilotUnit
from tests.reviews.review_world import MAY, at, build, report

pytestmark = pytest.mark.django_db
NATIONAL = Calendar.of()  # the national rules only: Tết Quý Mão 20–26/01/2023
JANUARY = date(2023, 1, 1)


@pytest.fixture
def world(cast, committee, department, other_department):
    return build(cast, committee, department, other_department)


def test_review_days_are_the_configured_days_moved_to_a_working_day():
    # 20/05/2023 is a Saturday: the reminder moves to Monday 22/05; 25/05 is a Thursday.
    assert review_dates(month=MAY, calendar=NATIONAL) == (date(2023, 5, 22), date(2023, 5, 25))
    assert second_reminder_date(reminder=date(2023, 5, 22), deadline=date(2023, 5, 25), calendar=NATIONAL) == date(
        2023, 5, 23
    )


def test_the_january_2023_ladder_never_reminds_on_the_deadline_or_before_the_first_reminder():
    # Tết 20–26/01/2023 covers the 20th and the 25th. The deadline moves to Friday 27/01; the first
    # reminder goes out before the break (Thursday 19/01) rather than on the deadline itself; no working
    # day lies between them, so there is no second reminder (it used to be dated 18/01, before the first).
    reminder, deadline = review_dates(month=JANUARY, calendar=NATIONAL)
    assert (reminder, deadline) == (date(2023, 1, 19), date(2023, 1, 27))
    assert second_reminder_date(reminder=reminder, deadline=deadline, calendar=NATIONAL) is None
    review = MonthlyReview(month=JANUARY, reminder_date=reminder, deadline=deadline)
    ladder = {day: due_kinds(review=review, today=date(2023, 1, day), calendar=NATIONAL) for day in (18, 19, 27, 30)}
    assert ladder == {
        18: [],
        19: [Reminder.Kind.FIRST],
        27: [Reminder.Kind.FIRST],
        30: list(AFTER_DEADLINE),
    }


def test_a_day_off_before_the_deadline_moves_the_second_reminder_instead_of_dropping_it():
    # 11/2026 with a province day off on Tuesday 24/11: counting two working days back from Wednesday
    # 25/11 lands on Friday 20/11, the first reminder; Monday 23/11 still lies between them.
    day_off = Entry(day=date(2026, 11, 24), kind=DAY_OFF, name="Nghỉ bù (minh họa)")
    calendar = Calendar.of([day_off])
    reminder, deadline = review_dates(month=date(2026, 11, 1), calendar=calendar)
    assert (reminder, deadline) == (date(2026, 11, 20), date(2026, 11, 25))
    assert second_reminder_date(reminder=reminder, deadline=deadline, calendar=calendar) == date(2026, 11, 23)


def test_the_ladder_holds_in_every_month_of_the_calendar():
    calendar = load_calendar(date(2023, 1, 1), date(2027, 12, 31))
    for year in range(2023, 2028):
        for month in range(1, 13):
            reminder, deadline = review_dates(month=date(year, month, 1), calendar=calendar)
            second = second_reminder_date(reminder=reminder, deadline=deadline, calendar=calendar)
            assert reminder < deadline, (year, month)
            assert second is None or reminder < second < deadline, (year, month)
            assert calendar.is_working_day(reminder) and calendar.is_working_day(deadline)


def test_the_board_shows_no_second_reminder_when_none_fits(world):
    board = review_board(committee=world.committee, month=JANUARY, today=date(2023, 1, 10))
    assert (board.reminder_date, board.second_reminder, board.deadline) == (
        date(2023, 1, 19),
        None,
        date(2023, 1, 27),
    )


def test_review_days_follow_the_settings(settings):
    settings.REVIEW_REMINDER_DAY = 10
    settings.REVIEW_DEADLINE_DAY = 15
    assert review_dates(month=date(2023, 6, 1), calendar=NATIONAL) == (date(2023, 6, 12), date(2023, 6, 15))


def test_a_month_is_opened_once(world):
    first = open_review(committee=world.committee, month=MAY)
    again = open_review(committee=world.committee, month=date(2023, 5, 17))
    assert first.pk == again.pk
    assert (first.reminder_date, first.deadline) == (date(2023, 5, 22), date(2023, 5, 25))
    assert MonthlyReview.objects.count() == 1


def test_the_board_tells_on_time_late_and_missing(world, cast):
    t1, t2, t3 = world.tasks
    report(t1, at_moment=at(date(2023, 5, 25), 16, 30), by=cast["focal_point"])  # the deadline day counts
    report(t2, at_moment=at(date(2023, 5, 26), 8, 0), by=cast["secretariat"])
    board = review_board(committee=world.committee, month=MAY, today=date(2023, 5, 29))
    outcomes = {t.code: t.outcome for t in board.rows}
    assert outcomes == {"1": ON_TIME, "2": LATE, "3": MISSING}
    assert (board.total.owed, board.total.on_time, board.total.late, board.total.missing) == (3, 1, 1, 1)
    by_unit = {r.label: (r.owed, r.on_time, r.on_time_rate) for r in board.by_unit}
    assert by_unit == {"Sở Nội vụ": (2, 1, 50), "Sở Xây dựng": (1, 0, 0)}
    by_member = {r.label: r.owed for r in board.by_member}
    assert by_member["Trần Thị Thành Viên"] == 1 and by_member["(chưa phân công thành viên)"] == 1


def test_the_board_sets_pilot_units_beside_the_others(world, cast):
    PilotUnit.objects.create(plan=world.plan, unit=world.sxd)
    report(world.tasks[1], at_moment=at(date(2023, 5, 24)), by=cast["secretariat"])
    board = review_board(committee=world.committee, month=MAY, today=date(2023, 5, 29))
    assert (board.pilot.owed, board.pilot.on_time_rate) == (1, 100)
    assert (board.others.owed, board.others.on_time_rate) == (2, 0)
    assert [r.is_pilot for r in board.by_unit if r.label == "Sở Xây dựng"] == [True]


def test_the_trend_covers_six_months_with_their_rates(world, cast):
    report(world.tasks[0], period=date(2023, 4, 1), at_moment=at(date(2023, 4, 20)), by=cast["focal_point"])
    board = review_board(committee=world.committee, month=MAY, today=date(2023, 5, 29))
    assert [p["month"] for p in board.trend] == [
        date(2022, 12, 1),
        date(2023, 1, 1),
        date(2023, 2, 1),
        date(2023, 3, 1),
        date(2023, 4, 1),
        MAY,
    ]
    april = board.trend[4]
    assert (april["owed"], april["on_time"], april["rate"]) == (3, 1, 33)
    assert (board.trend[0]["owed"], board.trend[0]["rate"]) == (0, None)  # nothing owed: no rate, not 0 %


def test_closing_a_month_makes_it_read_only(world, cast):
    review = open_review(committee=world.committee, month=MAY)
    save_assessment(
        review=review,
        assessment="Các đơn vị cơ bản đúng hạn.",
        close=True,
        user=cast["secretariat"],
        now=at(date(2023, 5, 30)),
    )
    review.refresh_from_db()
    assert review.closed_at == at(date(2023, 5, 30)) and review.closed_by == cast["secretariat"]
    with pytest.raises(ValidationError):
        save_assessment(
            review=review, assessment="Sửa", close=False, user=cast["secretariat"], now=at(date(2023, 5, 31))
        )
    review.refresh_from_db()
    assert review.assessment == "Các đơn vị cơ bản đúng hạn."


def test_a_job_that_loses_the_race_to_open_the_month_reads_the_winners_review(world, monkeypatch):
    # Two cycle jobs at once: the other one creates the month between this one's look-up and its save.
    from reviews import board

    def the_other_job_opens_it_meanwhile(**kwargs):
        MonthlyReview.objects.create(
            committee=world.committee, month=MAY, reminder_date=date(2023, 5, 22), deadline=date(2023, 5, 25)
        )
        monkeypatch.setattr(board, "review_dates", real_review_dates)
        return real_review_dates(**kwargs)

    real_review_dates = board.review_dates
    monkeypatch.setattr(board, "review_dates", the_other_job_opens_it_meanwhile)
    review = open_review(committee=world.committee, month=MAY)
    assert review.pk == MonthlyReview.objects.get().pk
