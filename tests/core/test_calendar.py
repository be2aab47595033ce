"""The working calendar: the national rules (the `holidays` package), the province's entries on top,
working hours, the data carried over from the old list, and the provisional next year."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.calendar import (
    DAY_OFF,
    WORKDAY,
    Calendar,
    Entry,
    add_working_days,
    calendar_for,
    effective_date,
    is_working_day,
    is_working_time,
    load_calendar,
    national_days,
    next_working_day,
    subtract_working_days,
    unofficial_next_year,
    working_days_between,
)
from core.models import CalendarEntry
from tests.reviews.review_world import at

NATIONAL = Calendar.of()  # the national rules only, no database
MAKE_UP_2025 = Entry(day=date(2025, 2, 8), kind=WORKDAY, name="Làm bù cho ngày 27/01/2025", source_document="TB 6150")


def test_weekends_and_national_holidays_are_not_working_days():
    assert NATIONAL.is_working_day(date(2023, 5, 19))  # Friday
    assert not NATIONAL.is_working_day(date(2023, 5, 20))  # Saturday
    assert not NATIONAL.is_working_day(date(2023, 5, 21))  # Sunday
    assert not NATIONAL.is_working_day(date(2023, 1, 23))  # a Monday of Tết Quý Mão
    assert not NATIONAL.is_working_day(date(2023, 5, 2))  # Giỗ Tổ (Saturday 29/04) observed on Tuesday


def test_a_make_up_saturday_is_a_working_day():
    # Thursday 06/02/2025 + 3 working days: Friday 07, Saturday 08 (worked in exchange for 27/01), Monday 10.
    assert Calendar.of([MAKE_UP_2025]).add_working_days(date(2025, 2, 6), 3) == date(2025, 2, 10)
    assert NATIONAL.add_working_days(date(2025, 2, 6), 3) == date(2025, 2, 11)


@pytest.mark.django_db
def test_the_make_up_saturday_of_tet_2025_is_in_the_province_calendar():
    assert add_working_days(date(2025, 2, 6), 3) == date(2025, 2, 10)
    assert is_working_day(date(2025, 2, 8))


def test_the_governments_swapped_days_come_from_the_package():
    # 2024: Monday 29/04 off, worked on Saturday 04/05 (Official Dispatch 2450/VPCP-KGVX).
    assert not NATIONAL.is_working_day(date(2024, 4, 29))
    assert NATIONAL.is_working_day(date(2024, 5, 4))
    _days_off, worked = national_days(2024)
    assert date(2024, 5, 4) in worked


def test_a_year_with_no_entries_still_has_the_national_days():
    days_off, _worked = national_days(2031)
    assert {date(2031, 1, 1), date(2031, 4, 30), date(2031, 5, 1), date(2031, 9, 2)} <= set(days_off)
    tet = [d for d, name in days_off.items() if "Tết Nguyên Đán" in name or "Giao thừa" in name or "29 Tết" in name]
    assert len(tet) >= 5
    assert all(not NATIONAL.is_working_day(d) for d in tet)


def test_a_province_day_off_and_an_unconfirmed_entry():
    extra = Entry(day=date(2030, 5, 2), kind=DAY_OFF, name="Nghỉ thêm", source_document="TB 1/TB-UBND")
    planned = Entry(day=date(2030, 5, 3), kind=DAY_OFF, name="Dự kiến", source_document="Dự thảo", confirmed=False)
    calendar = Calendar.of([extra, planned])
    assert not calendar.is_working_day(date(2030, 5, 2))
    assert calendar.is_working_day(date(2030, 5, 3))  # shown, not counted until confirmed


def test_an_entry_wins_over_the_national_rules():
    worked_holiday = Entry(day=date(2024, 4, 29), kind=WORKDAY, name="Đi làm", source_document="CV 9")
    assert Calendar.of([worked_holiday]).is_working_day(date(2024, 4, 29))


def test_counting_working_days_across_tet():
    assert NATIONAL.next_working_day(date(2023, 1, 20)) == date(2023, 1, 27)
    assert NATIONAL.previous_working_day(date(2023, 1, 26)) == date(2023, 1, 19)
    assert NATIONAL.add_working_days(date(2023, 1, 19), 1) == date(2023, 1, 27)
    assert NATIONAL.subtract_working_days(date(2023, 1, 27), 1) == date(2023, 1, 19)
    assert NATIONAL.working_days_between(date(2023, 1, 19), date(2023, 1, 30)) == 2
    assert next_working_day(date(2023, 5, 22), NATIONAL) == date(2023, 5, 22)
    assert subtract_working_days(date(2023, 1, 27), 1, NATIONAL) == date(2023, 1, 19)
    assert working_days_between(date(2023, 1, 30), date(2023, 1, 19), NATIONAL) == 0


def test_a_deadline_on_a_day_off_has_its_effective_date():
    assert effective_date(date(2023, 5, 20), NATIONAL) == date(2023, 5, 22)  # Saturday -> Monday
    assert effective_date(date(2023, 5, 19), NATIONAL) is None
    assert effective_date(None, NATIONAL) is None


@pytest.mark.django_db
def test_entries_are_read_from_the_database_once_per_range():
    CalendarEntry.objects.create(
        date=date(2030, 5, 2), name="Nghỉ thêm", source_document="TB 1", created_at=at(date(2030, 1, 2))
    )
    with CaptureQueriesContext(connection) as ctx:
        calendar = load_calendar(date(2030, 1, 1), date(2030, 12, 31))
        assert not calendar.is_working_day(date(2030, 5, 2))
        assert calendar.add_working_days(date(2030, 4, 26), 40) > date(2030, 6, 1)
    assert len(ctx) == 1
    with CaptureQueriesContext(connection) as ctx:
        calendar.is_working_day(date(2031, 1, 2))  # a year outside the range: read once more
        calendar.is_working_day(date(2031, 3, 2))
    assert len(ctx) == 1
    with CaptureQueriesContext(connection) as ctx:
        calendar_for([None, None])
    assert len(ctx) == 0


def test_working_time_is_working_hours_on_working_days(settings):
    settings.WORKING_HOURS = (7, 17)
    assert is_working_time(at(date(2023, 5, 22), 7, 0), NATIONAL)
    assert is_working_time(at(date(2023, 5, 22), 16, 59), NATIONAL)
    assert not is_working_time(at(date(2023, 5, 22), 17, 0), NATIONAL)
    assert not is_working_time(at(date(2023, 5, 22), 6, 59), NATIONAL)
    assert not is_working_time(at(date(2023, 5, 20), 9, 0), NATIONAL)  # Saturday
    assert not is_working_time(at(date(2023, 1, 23), 9, 0), NATIONAL)
    assert is_working_time(at(date(2025, 2, 8), 9, 0), Calendar.of([MAKE_UP_2025]))


@pytest.mark.django_db
def test_the_old_list_is_kept_as_confirmed_province_entries():
    """The days off of the old list (official notices 2023–2026) are entries now, and the Saturdays its
    texts named as worked are make-up working days."""
    days_off = set(CalendarEntry.objects.filter(kind=DAY_OFF, confirmed=True).values_list("date", flat=True))
    for year in (2023, 2024, 2025, 2026):
        for month, day in ((1, 1), (4, 30), (5, 1), (9, 2)):
            assert date(year, month, day) in days_off, (year, month, day)
    assert {date(2023, 1, 2), date(2023, 5, 2), date(2023, 5, 3), date(2023, 9, 4), date(2026, 4, 27)} <= days_off
    worked = set(CalendarEntry.objects.filter(kind=WORKDAY).values_list("date", flat=True))
    assert worked == {date(2024, 5, 4), date(2025, 2, 8), date(2025, 4, 26), date(2026, 1, 10)}
    assert all(d.weekday() == 5 for d in worked)


@pytest.mark.django_db
def test_2027_is_provisional_until_it_has_a_confirmed_entry(secretariat_user):
    calendar = load_calendar(date(2026, 1, 1), date(2027, 12, 31))
    assert calendar.is_provisional(2027)
    assert not calendar.is_provisional(2026)
    assert unofficial_next_year(date(2026, 10, 5)) == 2027
    assert unofficial_next_year(date(2026, 9, 30)) is None
    CalendarEntry.objects.create(
        date=date(2027, 2, 3), name="Tết", source_document="TB 2", confirmed=False, created_at=at(date(2026, 11, 2))
    )
    assert unofficial_next_year(date(2026, 10, 5)) == 2027  # a planned day is not an official one
    CalendarEntry.objects.filter(date=date(2027, 2, 3)).update(confirmed=True)
    assert unofficial_next_year(date(2026, 10, 5)) is None
    assert not load_calendar(date(2027, 1, 1), date(2027, 1, 1)).is_provisional(2027)


@pytest.mark.django_db
def test_the_secretariats_home_page_warns_from_1_october(clients):
    with time_machine.travel(at(date(2026, 10, 5)), tick=False):
        page = clients["secretariat"].get(reverse("home")).content.decode()
        assert "Chưa có lịch nghỉ chính thức năm 2027" in page
        assert (
            "Chưa có lịch nghỉ chính thức năm 2027" not in clients["leadership"].get(reverse("home")).content.decode()
        )
    with time_machine.travel(at(date(2026, 9, 30)), tick=False):
        assert "Chưa có lịch nghỉ chính thức" not in clients["secretariat"].get(reverse("home")).content.decode()


def test_working_day_arithmetic_never_overflows_at_the_ends_of_the_calendar():
    # A far date typed by mistake must not take a page down (OverflowError past 31/12/9999).
    calendar = Calendar.of()
    for day in (date(9999, 12, 31), date(9999, 12, 30), date(1, 1, 1), date(1, 1, 2)):
        assert calendar.next_working_day(day) >= day
        assert calendar.previous_working_day(day) <= day
    assert calendar.add_working_days(date(9999, 12, 29), 10) == date.max
    assert calendar.subtract_working_days(date(1, 1, 3), 10) == date.min


def test_the_province_keeps_its_calendar_from_2000_to_two_years_ahead(secretariat_user):
    from django.core.exceptions import ValidationError

    from core.calendar_changes import add_entry

    now = datetime(2026, 11, 29, 9, 0, tzinfo=UTC)
    for day in (date(1, 1, 1), date(1999, 12, 31), date(2029, 1, 1), date(9999, 12, 31)):
        with pytest.raises(ValidationError) as refused:
            add_entry(day=day, kind=DAY_OFF, name="Nghỉ", source_document="TB 1", confirmed=True, actor=None, now=now)
        assert "2000" in str(refused.value) and "2028" in str(refused.value)
    assert not CalendarEntry.objects.filter(date__year__in=(1, 1999, 2029, 9999)).exists()
