"""The Vietnamese working calendar: Monday to Friday, less the holidays the secretariat keeps.

Shared by the monthly review (deadlines) and the hotline (deadlines in working days).
Every function takes the dates it works on; none reads the clock.
"""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.utils import timezone


def holidays_between(start: date, end: date) -> frozenset[date]:
    from .models import Holiday

    return frozenset(Holiday.objects.filter(date__gte=start, date__lte=end).values_list("date", flat=True))


def is_working_day(day: date, holidays: frozenset[date] | None = None) -> bool:
    if holidays is None:
        holidays = holidays_between(day, day)
    return day.weekday() < 5 and day not in holidays


def next_working_day(day: date, holidays: frozenset[date] | None = None) -> date:
    """`day` itself when it is a working day, else the first working day after it."""
    if holidays is None:
        holidays = holidays_between(day, day + timedelta(days=60))
    while not is_working_day(day, holidays):
        day += timedelta(days=1)
    return day


def add_working_days(start: date, days: int, holidays: frozenset[date] | None = None) -> date:
    """The date `days` working days after `start` (start itself not counted)."""
    if holidays is None:
        holidays = holidays_between(start, start + timedelta(days=days * 3 + 60))
    day = start
    remaining = days
    while remaining > 0:
        day += timedelta(days=1)
        if is_working_day(day, holidays):
            remaining -= 1
    return day


def subtract_working_days(end: date, days: int, holidays: frozenset[date] | None = None) -> date:
    """The date `days` working days before `end`."""
    if holidays is None:
        holidays = holidays_between(end - timedelta(days=days * 3 + 60), end)
    day = end
    remaining = days
    while remaining > 0:
        day -= timedelta(days=1)
        if is_working_day(day, holidays):
            remaining -= 1
    return day


def working_days_between(start: date, end: date, holidays: frozenset[date] | None = None) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    if end <= start:
        return 0
    if holidays is None:
        holidays = holidays_between(start, end)
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day, holidays):
            count += 1
    return count


def is_working_time(
    now: datetime, holidays: frozenset[date] | None = None, hours: tuple[int, int] | None = None
) -> bool:
    """True on a working day between settings.WORKING_HOURS (start inclusive, end exclusive), local time."""
    local = timezone.localtime(now)
    start, end = hours or settings.WORKING_HOURS
    return start <= local.hour < end and is_working_day(local.date(), holidays)
