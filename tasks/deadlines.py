"""Deadlines as the plans write them, and the working day each one really falls on.

A plan writes a task's deadline as a date ("30/06/2023"), a month ("Tháng 6/2023"), a quarter
("Quý III/2023"), a half-year ("6 tháng đầu năm 2023", "6 tháng cuối năm 2023"), the year
("Năm 2023") or "Thường xuyên" (ongoing). A task keeps how it is written (`Task.due_kind`) and the
last day of that period (`Task.due_date`; none when ongoing). This module turns the written form
into those two values (`parse_deadline`, `period_from_choice`) and back into words
(`written_deadline`), and gives the day the deadline really falls on (`effective_due`):

- a period: the last working day on or before the period's last day ("hoàn thành trong Quý III"
  means within the quarter, so by its last working day) [practice];
- a date: the date itself, or when it is a day off, the next working day (Civil Code 2015, art. 148);
- ongoing: none.

That effective day is kept on the task (`Task.effective_due_date`, set on every save, moved by
`tasks.tasklist.move_task_deadlines` when the working calendar changes) and drives its status and
reminders (tasks/status.py). This module imports no model (`Task` takes `KeepsEffectiveDeadline` from it).
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _

from core.calendar import Calendar, calendar_for
from core.text import fold

DATE = "date"
MONTH = "month"
QUARTER = "quarter"
HALF = "half"
YEAR = "year"
ONGOING = "ongoing"
PERIODS = (MONTH, QUARTER, HALF, YEAR)
ROMAN = ("I", "II", "III", "IV")


@dataclass(frozen=True)
class Deadline:
    """A deadline as stored: how it is written (`kind`) and the last day of its period (None when ongoing)."""

    kind: str
    due_date: date | None


def _month_end(year: int, month: int) -> date:
    return (date(year, month, 28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def period_end(kind: str, year: int, number: int = 1) -> date:
    """The last day of the period: month 1–12, quarter 1–4, half 1–2 (first, second), or the year.
    ValueError for a number out of range or a kind that is not a period."""
    last_month = {MONTH: (number, 12), QUARTER: (number * 3, 4), HALF: (number * 6, 2), YEAR: (12, 1)}
    if kind not in last_month:
        raise ValueError(kind)
    month, most = last_month[kind]
    if kind != YEAR and not 1 <= number <= most:
        raise ValueError(number)
    return _month_end(year, month)


def period_number(kind: str, day: date) -> int:
    """Which month, quarter or half-year of its year `day` falls in (1 for the year)."""
    return {MONTH: day.month, QUARTER: (day.month - 1) // 3 + 1, HALF: 1 if day.month <= 6 else 2}.get(kind, 1)


def is_period_end(kind: str, day: date) -> bool:
    """Whether `day` is the last day of a period of that kind (any date is a DATE deadline)."""
    if kind not in PERIODS:
        return kind == DATE
    return period_end(kind, day.year, period_number(kind, day)) == day


def written_deadline(kind: str, due_date: date | None) -> str:
    """The deadline in the plan's words: "30/06/2023", "Tháng 6/2023", "Quý III/2023",
    "6 tháng đầu năm 2023", "Năm 2023", "Thường xuyên"; "" when a date deadline has no date."""
    if kind == ONGOING:
        return _("Thường xuyên")
    if due_date is None:
        return ""
    year = due_date.year
    if kind == MONTH:
        return _("Tháng %(month)s/%(year)s") % {"month": due_date.month, "year": year}
    if kind == QUARTER:
        return _("Quý %(quarter)s/%(year)s") % {"quarter": ROMAN[period_number(QUARTER, due_date) - 1], "year": year}
    if kind == HALF:
        if period_number(HALF, due_date) == 1:
            return _("6 tháng đầu năm %(year)s") % {"year": year}
        return _("6 tháng cuối năm %(year)s") % {"year": year}
    if kind == YEAR:
        return _("Năm %(year)s") % {"year": year}
    return due_date.strftime("%d/%m/%Y")


def effective_due(kind: str, due_date: date | None, calendar: Calendar) -> date | None:
    """The working day the deadline really falls on (see the module's rules); None when ongoing or undated."""
    if due_date is None or kind == ONGOING:
        return None
    if kind in PERIODS:
        return calendar.previous_working_day(due_date)
    return calendar.next_working_day(due_date)


def task_deadline(task) -> tuple[str, date | None]:
    """What a page shows for a task's deadline: the plan's words (or, for a periodic task without one, its
    recurrence, "Hằng tháng"), and the effective day when it differs from the written last day, else None.
    Reads the task's own fields only (`due_kind`, `due_date`, `effective_due_date`, `recurrence`)."""
    written = written_deadline(task.due_kind, task.due_date) or str(task.get_recurrence_display())
    effective = task.effective_due_date
    return written, effective if effective is not None and effective != task.due_date else None


class KeepsEffectiveDeadline:
    """Model mixin for `Task`: every save keeps `effective_due_date` in step with `due_kind` and `due_date`, so
    every writer (services, the admin, loaders, the year-end rollover) gets it. bulk_create and QuerySet.update
    bypass this: then run `tasks.tasklist.refresh_effective_due_dates`."""

    @classmethod
    def from_db(cls, db, field_names, values):
        task = super().from_db(db, field_names, values)  # type: ignore[misc]
        task._loaded_deadline = (task.__dict__.get("due_kind"), task.__dict__.get("due_date"))
        return task

    def save(self, *args, **kwargs):
        stale = (self.due_kind, self.due_date) != getattr(self, "_loaded_deadline", None)
        if stale or (self.due_date is not None and self.effective_due_date is None):
            self.effective_due_date = effective_due(self.due_kind, self.due_date, calendar_for([self.due_date]))
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "effective_due_date"}
        super().save(*args, **kwargs)  # type: ignore[misc]
        self._loaded_deadline = (self.due_kind, self.due_date)


# -- reading what a plan writes ---------------------------------------------------------------------

_YEAR = r"(\d{4})"
_SEP = r"\s*(?:/|-|nam)\s*"  # "6/2023", "6-2023", "6 năm 2023"
_PATTERNS = (
    (DATE, re.compile(r"^(?:ngay\s+)?(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*" + _YEAR + "$")),
    (MONTH, re.compile(r"^thang\s+(\d{1,2})" + _SEP + _YEAR + "$")),
    (QUARTER, re.compile(r"^quy\s+(iv|iii|ii|i|[1-4])" + _SEP + _YEAR + "$")),
    (HALF, re.compile(r"^(?:6|sau)\s+thang\s+(dau|cuoi)\s+nam\s+" + _YEAR + "$")),
    (YEAR, re.compile(r"^nam\s+" + _YEAR + "$")),
)


def parse_deadline(text: str, *, year: int) -> Deadline:
    """The deadline a plan writes, read case-, accent- and space-insensitively, with an optional leading
    "trong" ("Trong quý III/2023"): "30/06/2023" (also 30-6-2023, 30.6.2023), "Tháng 6/2023",
    "Quý III/2023" (or "Quý 3/2023"), "6 tháng đầu năm 2023", "6 tháng cuối năm 2023", "Năm 2023",
    "Thường xuyên". Raises ValueError with a Vietnamese message for anything else, its examples written
    in `year` (the plan's year, so a 2027 plan's clerk reads 2027 dates)."""
    folded = fold(text or "")
    folded = re.sub(r"^trong\s+", "", folded)
    if folded == "thuong xuyen":
        return Deadline(ONGOING, None)
    for kind, pattern in _PATTERNS:
        match = pattern.match(folded)
        if match is None:
            continue
        try:
            if kind == DATE:
                day, month, year = (int(g) for g in match.groups())
                return Deadline(DATE, date(year, month, day))
            if kind == YEAR:
                return Deadline(YEAR, period_end(YEAR, int(match.group(1))))
            value, year = match.group(1), int(match.group(2))
            if kind == QUARTER:
                number = ROMAN.index(value.upper()) + 1 if value.isalpha() else int(value)
            elif kind == HALF:
                number = 1 if value == "dau" else 2
            else:
                number = int(value)
            return Deadline(kind, period_end(kind, year, number))
        except ValueError:
            break
    raise ValueError(
        _(
            "Không đọc được thời hạn “%(text)s”. Hãy ghi như kế hoạch: 30/06/%(year)s, Tháng 6/%(year)s, "
            "Quý III/%(year)s, 6 tháng đầu năm %(year)s, Năm %(year)s hoặc Thường xuyên."
        )
        % {"text": (text or "").strip(), "year": year}
    )


# -- the task form's choice of a period within the plan's year -----------------------------------------


def period_choices(year: int) -> list[tuple[str, list[tuple[str, str]]]]:
    """The months, quarters and half-years of `year`, grouped for a select: values such as "quarter-3",
    labels in the plan's words ("Quý III/2023")."""
    groups = ((MONTH, _("Tháng"), 12), (QUARTER, _("Quý"), 4), (HALF, _("6 tháng"), 2))
    return [
        (
            str(label),
            [(f"{kind}-{n}", written_deadline(kind, period_end(kind, year, n))) for n in range(1, count + 1)],
        )
        for kind, label, count in groups
    ]


def period_value(kind: str, due_date: date | None) -> str:
    """The `period_choices` value of a stored period deadline ("" for a date, the year or ongoing)."""
    if kind not in (MONTH, QUARTER, HALF) or due_date is None:
        return ""
    return f"{kind}-{period_number(kind, due_date)}"


def period_from_choice(value: str, year: int) -> Deadline:
    """A `period_choices` value back to a deadline in `year`; ValueError for anything else."""
    kind, _sep, number = (value or "").partition("-")
    if kind not in (MONTH, QUARTER, HALF) or not number.isdigit():
        raise ValueError(value)
    return Deadline(kind, period_end(kind, year, int(number)))
