"""The Vietnamese working calendar: the national rules plus the province's own entries.

- The national rules come from the `holidays` package's Vietnam calendar (Labour Code 2019, art. 112:
  Tết Dương lịch, Tết Nguyên đán, Giỗ Tổ Hùng Vương, 30/4, 1/5, Quốc khánh, with the observed days and
  the government's swapped days the package knows, including the Saturdays worked in exchange).
- The province's entries (core.models.CalendarEntry) add days off or make-up working days (ngày làm bù)
  and win over the national rules on their date. Only confirmed entries count; the others are shown only.
- Saturday and Sunday are days off unless a rule or an entry makes them working days.

A year with no confirmed province entry is never "no holidays": the national days still apply, and the
year is *provisional* (marked so on the calendar page, warned about on the secretariat's home page
from 1 October of the year before).

A `Calendar` reads the entries of whole years, one query for the range asked (`load_calendar`), and one
more only if later asked about a year outside it. The functions below keep their old names: each takes
an optional calendar and loads one for the dates it needs when none is given. None reads the clock.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from types import MappingProxyType

import holidays as holidays_package
from django.conf import settings
from django.utils import timezone, translation

DAY_OFF = "day_off"
WORKDAY = "workday"
# The month from which the secretariat is warned that next year has no official days off yet.
WARN_FROM_MONTH = 10


@dataclass(frozen=True)
class Entry:
    """A province entry as the calendar sees it (a CalendarEntry row, or a change not yet saved)."""

    day: date
    kind: str
    name: str
    source_document: str = ""
    confirmed: bool = True
    pk: int | None = None

    @property
    def is_day_off(self) -> bool:
        return self.kind == DAY_OFF

    @classmethod
    def of(cls, row) -> "Entry":
        return cls(
            day=row.date,
            kind=row.kind,
            name=row.name,
            source_document=row.source_document,
            confirmed=row.confirmed,
            pk=row.pk,
        )


def _package_language(language: str | None) -> str:
    return "en_US" if (language or "").lower().startswith("en") else "vi"


@lru_cache(maxsize=128)
def national_days(year: int, language: str = "vi") -> tuple[Mapping[date, str], frozenset[date]]:
    """The national rules for `year`: ({day off: its name}, {weekend day worked in exchange}).

    From the `holidays` package (pure computation, no query). A swapped Saturday may be declared by the
    next year's rules (a day off on 2 January worked the December before), so both years are read."""
    rules = holidays_package.country_holidays("VN", years=(year, year + 1), language=_package_language(language))
    days_off = {day: name for day, name in sorted(rules.items()) if day.year == year}
    worked = frozenset(day for day in rules.weekend_workdays if day.year == year)
    return MappingProxyType(days_off), worked


class _Entries:
    """The province entries of the years read so far, shared by a calendar and its variants."""

    def __init__(self, entries: dict[date, Entry], years: set[int] | None):
        self.by_day = entries
        self.years = years  # None: complete (built in memory, never reads the database)

    def ensure(self, *years: int) -> None:
        missing = sorted(y for y in set(years) if self.years is not None and y not in self.years)
        if not missing:
            return
        from .models import CalendarEntry

        rows = CalendarEntry.objects.filter(date__gte=date(missing[0], 1, 1), date__lte=date(missing[-1], 12, 31))
        for row in rows:
            if row.date not in self.by_day:
                self.by_day[row.date] = Entry.of(row)
        if self.years is not None:
            self.years.update(range(missing[0], missing[-1] + 1))


class Calendar:
    """Working days: the national rules, overridden by the province's confirmed entries.

    Build one with `load_calendar(start, end)` (database) or `Calendar.of(entries)` (in memory, tests).
    `with_changes({day: Entry | None})` gives the same calendar with some days' entries replaced: how a
    change is compared before and after."""

    def __init__(self, store: _Entries, overlay: Mapping[date, Entry | None] | None = None):
        self._store = store
        self._overlay = dict(overlay or {})

    @classmethod
    def of(cls, entries: Iterable[Entry] = ()) -> "Calendar":
        """A calendar of the national rules and these entries only (no database)."""
        return cls(_Entries({e.day: e for e in entries}, None))

    def with_changes(self, changes: Mapping[date, Entry | None]) -> "Calendar":
        return Calendar(self._store, {**self._overlay, **changes})

    # -- one day -----------------------------------------------------------------------------------

    def entry(self, day: date) -> Entry | None:
        """The province entry on `day` (confirmed or not), if any."""
        if day in self._overlay:
            return self._overlay[day]
        self._store.ensure(day.year)
        return self._store.by_day.get(day)

    def is_working_day(self, day: date) -> bool:
        entry = self.entry(day)
        if entry is not None and entry.confirmed:
            return not entry.is_day_off
        days_off, worked = national_days(day.year)
        if day.weekday() >= 5:
            return day in worked
        return day not in days_off

    # -- counting ----------------------------------------------------------------------------------

    def next_working_day(self, day: date) -> date:
        """`day` itself when it is a working day, else the first working day after it (never past date.max)."""
        while not self.is_working_day(day) and day < date.max:
            day += timedelta(days=1)
        return day

    def previous_working_day(self, day: date) -> date:
        """`day` itself when it is a working day, else the last working day before it (never before date.min)."""
        while not self.is_working_day(day) and day > date.min:
            day -= timedelta(days=1)
        return day

    def add_working_days(self, start: date, days: int) -> date:
        """The date `days` working days after `start` (start itself not counted)."""
        day, remaining = start, days
        while remaining > 0 and day < date.max:
            day += timedelta(days=1)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def subtract_working_days(self, end: date, days: int) -> date:
        """The date `days` working days before `end` (end itself not counted)."""
        day, remaining = end, days
        while remaining > 0 and day > date.min:
            day -= timedelta(days=1)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (0 when end <= start)."""
        count, day = 0, start
        while day < end:
            day += timedelta(days=1)
            count += self.is_working_day(day)
        return count

    # -- a year --------------------------------------------------------------------------------------

    def entries_of(self, year: int) -> list[Entry]:
        """The province entries of `year` (confirmed or not), by date."""
        self._store.ensure(year)
        days = {d for d in self._store.by_day if d.year == year} | {d for d in self._overlay if d.year == year}
        return [e for d in sorted(days) if (e := self.entry(d)) is not None]

    def is_provisional(self, year: int) -> bool:
        """True while `year` has no confirmed province entry: its days are the national rules only."""
        return not any(e.confirmed for e in self.entries_of(year))


def load_calendar(start: date, end: date) -> Calendar:
    """The calendar with the province entries of the years from `start` to `end` read (one query)."""
    store = _Entries({}, set())
    store.ensure(*range(min(start, end).year, max(start, end).year + 1))
    return Calendar(store)


def calendar_for(days: Iterable[date | None]) -> Calendar:
    """The calendar for a page's dates, read once (one query; none when there is no date)."""
    known = [d for d in days if d]
    return load_calendar(min(known), max(known)) if known else Calendar(_Entries({}, set()))


def effective_date(day: date | None, calendar: Calendar) -> date | None:
    """The working day a deadline written as `day` really falls on, when `day` is a day off; else None."""
    if day is None or calendar.is_working_day(day):
        return None
    return calendar.next_working_day(day)


@dataclass(frozen=True)
class YearDay:
    """One line of a year's calendar page: a national day, a province entry, or both on one date."""

    day: date
    national_name: str
    national_worked: bool  # a weekend day the national rules make a working day
    entry: Entry | None
    is_working: bool


def year_days(calendar: Calendar, year: int) -> list[YearDay]:
    """Every special day of `year`, by date, with names in the active language."""
    days_off, worked = national_days(year, translation.get_language() or "vi")
    entries = {e.day: e for e in calendar.entries_of(year)}
    rows = []
    for day in sorted(set(days_off) | worked | set(entries)):
        rows.append(
            YearDay(
                day=day,
                national_name=days_off.get(day, ""),
                national_worked=day in worked,
                entry=entries.get(day),
                is_working=calendar.is_working_day(day),
            )
        )
    return rows


def unofficial_next_year(today: date) -> int | None:
    """From 1 October: next year, while it has no confirmed province entry; else None.

    Always one query, whatever the date, so the secretariat's home page costs the same all year."""
    from .models import CalendarEntry

    year = today.year + 1
    has_official = CalendarEntry.objects.filter(date__year=year, confirmed=True).exists()
    return None if has_official or today.month < WARN_FROM_MONTH else year


# -- the functions every app calls (an optional calendar; one is loaded for the dates when missing) ----


def is_working_day(day: date, calendar: Calendar | None = None) -> bool:
    return (calendar or load_calendar(day, day)).is_working_day(day)


def next_working_day(day: date, calendar: Calendar | None = None) -> date:
    """`day` itself when it is a working day, else the first working day after it."""
    return (calendar or load_calendar(day, day + timedelta(days=60))).next_working_day(day)


def add_working_days(start: date, days: int, calendar: Calendar | None = None) -> date:
    """The date `days` working days after `start` (start itself not counted)."""
    return (calendar or load_calendar(start, start + timedelta(days=days * 3 + 60))).add_working_days(start, days)


def subtract_working_days(end: date, days: int, calendar: Calendar | None = None) -> date:
    """The date `days` working days before `end`."""
    return (calendar or load_calendar(end - timedelta(days=days * 3 + 60), end)).subtract_working_days(end, days)


def working_days_between(start: date, end: date, calendar: Calendar | None = None) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    if end <= start:
        return 0
    return (calendar or load_calendar(start, end)).working_days_between(start, end)


def is_working_time(now: datetime, calendar: Calendar | None = None, hours: tuple[int, int] | None = None) -> bool:
    """True on a working day between settings.WORKING_HOURS (start inclusive, end exclusive), local time."""
    local = timezone.localtime(now)
    start, end = hours or settings.WORKING_HOURS
    return start <= local.hour < end and is_working_day(local.date(), calendar)
