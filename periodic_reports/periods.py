"""The periods of a periodic report and their data windows (cut-off dates).

Decree 09/2019/NĐ-CP, article 12 (docs/domain.md, "Reporting periods and cut-off dates"), with the
cut-off day C = `settings.PERIODIC_REPORT_CUTOFF_DAY` (14 by default):
- a month M: from day C+1 of the month before to day C of M;
- a quarter: from day C+1 of the month before the quarter to day C of its last month;
- six months: from C+1 December of the year before to C June;
- nine months: from C+1 December of the year before to C September;
- a year: from C+1 December of the year before to C December.

The period after each one (what "tasks for the next period" look at): the next month, the next quarter,
the rest of the year after six or nine months (to day C of December), the next year after a year.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


class Kind(models.TextChoices):
    MONTH = "month", gettext_lazy("Tháng")
    QUARTER = "quarter", gettext_lazy("Quý")
    HALF = "half", gettext_lazy("6 tháng")
    NINE_MONTHS = "nine_months", gettext_lazy("9 tháng")
    YEAR = "year", gettext_lazy("Năm")


# How many periods of each kind a year has (the index runs from 1).
COUNT = {Kind.MONTH: 12, Kind.QUARTER: 4, Kind.HALF: 1, Kind.NINE_MONTHS: 1, Kind.YEAR: 1}
# The last month of each kind's period (by index).
_LAST_MONTH = {
    Kind.MONTH: lambda i: i,
    Kind.QUARTER: lambda i: 3 * i,
    Kind.HALF: lambda i: 6,
    Kind.NINE_MONTHS: lambda i: 9,
    Kind.YEAR: lambda i: 12,
}


def cutoff_day() -> int:
    """The data cut-off day of every period (1–28), from the settings."""
    day = settings.PERIODIC_REPORT_CUTOFF_DAY
    if not 1 <= day <= 28:
        raise ImproperlyConfigured("PERIODIC_REPORT_CUTOFF_DAY must be a day from 1 to 28.")
    return day


def _after_cutoff(year: int, month: int) -> date:
    """Day C+1 of the month (year, month), month 0 meaning December of the year before."""
    if month == 0:
        year, month = year - 1, 12
    return date(year, month, cutoff_day()) + timedelta(days=1)


@dataclass(frozen=True)
class Period:
    """One report period: its kind, year and index (month 1–12, quarter 1–4, else 1) and its data window,
    both ends included."""

    kind: str
    year: int
    index: int
    starts_on: date
    ends_on: date

    @property
    def label(self) -> str:
        """'quý III năm 2023', 'tháng 7 năm 2023', '6 tháng năm 2023', 'năm 2023'."""
        values = {"index": self.index, "roman": ROMAN.get(self.index, ""), "year": self.year}
        return {
            Kind.MONTH: _("tháng %(index)s năm %(year)s"),
            Kind.QUARTER: _("quý %(roman)s năm %(year)s"),
            Kind.HALF: _("6 tháng đầu năm %(year)s"),
            Kind.NINE_MONTHS: _("9 tháng năm %(year)s"),
            Kind.YEAR: _("năm %(year)s"),
        }[Kind(self.kind)] % values

    @property
    def code(self) -> str:
        """The value of the period picker: 'quarter:3'."""
        return f"{self.kind}:{self.index}"


def period(kind: str, year: int, index: int = 1) -> Period:
    """The period of `kind` number `index` of `year`, with its window. ValueError on an unknown kind, an
    index out of range or a year outside 2000–2100."""
    kind = Kind(kind)
    if not 1 <= index <= COUNT[kind]:
        raise ValueError(f"index {index} out of range for {kind}")
    if not 2000 <= year <= 2100:
        raise ValueError(f"year {year} out of range")
    last = _LAST_MONTH[kind](index)
    first = {Kind.MONTH: last, Kind.QUARTER: last - 2}.get(kind, 1)
    return Period(kind, year, index, _after_cutoff(year, first - 1), date(year, last, cutoff_day()))


def next_window(current: Period) -> tuple[date, date]:
    """The window of the period after `current` (module docstring)."""
    if current.kind == Kind.MONTH:
        year, index = (current.year + 1, 1) if current.index == 12 else (current.year, current.index + 1)
        following = period(Kind.MONTH, year, index)
    elif current.kind == Kind.QUARTER:
        year, index = (current.year + 1, 1) if current.index == 4 else (current.year, current.index + 1)
        following = period(Kind.QUARTER, year, index)
    elif current.kind == Kind.YEAR:
        following = period(Kind.YEAR, current.year + 1)
    else:
        return current.ends_on + timedelta(days=1), period(Kind.YEAR, current.year).ends_on
    return following.starts_on, following.ends_on


def choices() -> list[tuple[str, str]]:
    """The period picker's options of a year: the months, the quarters, six months, nine months, the year."""
    out = [(f"{Kind.MONTH}:{m}", _("Tháng %(m)s") % {"m": m}) for m in range(1, 13)]
    out += [(f"{Kind.QUARTER}:{q}", _("Quý %(q)s") % {"q": ROMAN[q]}) for q in range(1, 5)]
    out += [
        (f"{Kind.HALF}:1", _("6 tháng đầu năm")),
        (f"{Kind.NINE_MONTHS}:1", _("9 tháng")),
        (f"{Kind.YEAR}:1", _("Cả năm")),
    ]
    return out


def default_period(today: date) -> Period:
    """What the drafting form proposes on `today`: the period of `today`'s year whose window ended last
    (on 29/11/2026: November 2026, which ended on 14/11); before any has ended, the one `today` falls in."""
    year = today.year
    every = [period(kind, year, index) for kind, index in (parse_code(code) for code, _label in choices())]
    ended = [p for p in every if p.ends_on < today]
    if ended:
        return max(ended, key=lambda p: p.ends_on)  # the first of equals: the picker's order
    return next((p for p in every if p.starts_on <= today <= p.ends_on), every[0])


def parse_code(code: str) -> tuple[str, int]:
    """'quarter:3' -> ('quarter', 3); ValueError when it is not one of `choices()`."""
    kind, _sep, index = code.partition(":")
    if kind not in Kind.values or not index.isdigit() or not 1 <= int(index) <= COUNT[Kind(kind)]:
        raise ValueError(code)
    return kind, int(index)
