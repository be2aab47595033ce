"""The working calendar: weekends, holidays, working hours, and the seeded official holidays."""

import importlib
from datetime import date

import pytest

from core.calendar import (
    add_working_days,
    holidays_between,
    is_working_day,
    is_working_time,
    next_working_day,
    subtract_working_days,
    working_days_between,
)
from core.models import Holiday
from tests.reviews.review_world import at

seed = importlib.import_module("tasks.migrations.0003_holidays")
TET_2023 = frozenset(date(2023, 1, d) for d in range(20, 27))


def test_weekends_and_holidays_are_not_working_days():
    assert is_working_day(date(2023, 5, 19), frozenset())  # Friday
    assert not is_working_day(date(2023, 5, 20), frozenset())  # Saturday
    assert not is_working_day(date(2023, 5, 21), frozenset())  # Sunday
    assert not is_working_day(date(2023, 1, 23), TET_2023)  # a Monday of Tết


def test_next_working_day_skips_a_holiday_week():
    assert next_working_day(date(2023, 1, 20), TET_2023) == date(2023, 1, 27)
    assert next_working_day(date(2023, 5, 22), frozenset()) == date(2023, 5, 22)


def test_counting_working_days_across_tet():
    assert add_working_days(date(2023, 1, 19), 1, TET_2023) == date(2023, 1, 27)
    assert subtract_working_days(date(2023, 1, 27), 1, TET_2023) == date(2023, 1, 19)
    assert working_days_between(date(2023, 1, 19), date(2023, 1, 30), TET_2023) == 2


@pytest.mark.django_db
def test_holidays_are_read_from_the_editable_list():
    Holiday.objects.update_or_create(date=date(2030, 5, 2), defaults={"name": "Ngày nghỉ thử nghiệm"})
    assert date(2030, 5, 2) in holidays_between(date(2030, 5, 1), date(2030, 5, 31))
    assert not is_working_day(date(2030, 5, 2))


def test_working_time_is_working_hours_on_working_days(settings):
    settings.WORKING_HOURS = (7, 17)
    assert is_working_time(at(date(2023, 5, 22), 7, 0), frozenset())
    assert is_working_time(at(date(2023, 5, 22), 16, 59), frozenset())
    assert not is_working_time(at(date(2023, 5, 22), 17, 0), frozenset())
    assert not is_working_time(at(date(2023, 5, 22), 6, 59), frozenset())
    assert not is_working_time(at(date(2023, 5, 20), 9, 0), frozenset())  # Saturday
    assert not is_working_time(at(date(2023, 1, 23), 9, 0), TET_2023)


def test_seeded_holidays_hold_the_fixed_days_of_each_year():
    days = {day for day, _name in seed.holidays()}
    for year in (2023, 2024, 2025, 2026):
        for month, day in ((1, 1), (4, 30), (5, 1), (9, 2)):
            assert date(year, month, day) in days, (year, month, day)


@pytest.mark.parametrize(
    ("year", "hung_kings"),
    [(2023, date(2023, 4, 29)), (2024, date(2024, 4, 18)), (2025, date(2025, 4, 7)), (2026, date(2026, 4, 26))],
)
def test_seeded_holidays_hold_hung_kings_day_on_the_10th_of_the_third_lunar_month(year, hung_kings):
    names = dict(seed.holidays())
    assert "Giỗ Tổ Hùng Vương" in names[hung_kings]


@pytest.mark.parametrize("year", [2023, 2024, 2025, 2026])
def test_seeded_tet_gives_five_working_days_off(year):
    tet = [day for day, name in seed.holidays() if day.year == year and "Nguyên đán" in name]
    assert len([d for d in tet if d.weekday() < 5]) == 5


def test_seeded_compensatory_days_fall_on_weekdays_and_follow_a_weekend_holiday():
    rows = seed.holidays()
    compensatory = [(day, name) for day, name in rows if name.startswith("Nghỉ bù")]
    assert {day for day, _n in compensatory} == {
        date(2023, 1, 2),
        date(2023, 5, 2),
        date(2023, 5, 3),
        date(2023, 9, 4),
        date(2026, 4, 27),
    }
    assert all(day.weekday() < 5 for day, _n in compensatory)


def test_seeded_national_day_has_its_adjacent_day():
    days = {day for day, _name in seed.holidays()}
    assert {date(2023, 9, 1), date(2024, 9, 3), date(2025, 9, 1), date(2026, 9, 1)} <= days
