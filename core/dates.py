"""Dates as people type them: a sensible range for each meaning, and day arithmetic that never overflows.

A date field accepts any day Python can hold (01/01/0001 to 31/12/9999); a typo in the year then saves a
decision of year 1 and a later "the day before it" overflows. So every date a person enters has a range:

- `ISSUED`: the date a decision or document was issued, or a fact that has happened: from `EARLIEST`
  (01/01/1990, before the province's first administrative-reform programme: Resolution 38/CP of 1994) to
  today;
- `PLANNED` (the default of every form's date field): meetings, deadlines, the start or end of a
  membership or a plan, holidays, the dates of a search filter: from `EARLIEST` to the end of the year
  `YEARS_AHEAD` (10) years from now.

`install_date_ranges` gives every `django.forms.DateField` and `DateTimeField` (plain forms, model forms,
the admin, whatever comes next) the default range at start-up (`CoreConfig.ready`); `limit(field,
ISSUED)` gives one field another meaning, and `mark(model_field, ISSUED)` gives it to every form field
made from a model field. Messages name the range dd/mm/yyyy.

`day_before` and `day_after` are the arithmetic of "the day before a start" and "the day after an end",
kept at the first and last day Python holds instead of raising OverflowError on rows saved before the
ranges existed.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

EARLIEST = date(1990, 1, 1)
YEARS_AHEAD = 10


@dataclass(frozen=True)
class DateRange:
    """The days a date of one meaning may take: from `earliest` to today plus `years_ahead` years (to the
    end of that year); `years_ahead=0` means "not after today"."""

    earliest: date = EARLIEST
    years_ahead: int = YEARS_AHEAD

    def bounds(self, today: date | None = None) -> tuple[date, date]:
        """(first, last) allowed day; `today` defaults to the local date (Asia/Ho_Chi_Minh)."""
        today = today or timezone.localdate()
        if self.years_ahead == 0:
            return self.earliest, today
        return self.earliest, date(today.year + self.years_ahead, 12, 31)

    def validate(self, value: date, today: date | None = None) -> None:
        """Raise ValidationError (code "date_range") naming the range when `value` (a date or a datetime,
        compared by its local day) is outside it."""
        day = _day(value)
        first, last = self.bounds(today)
        if first <= day <= last:
            return
        params = {"earliest": f"{first:%d/%m/%Y}", "latest": f"{last:%d/%m/%Y}"}
        if self.years_ahead == 0:
            message = _("Ngày phải từ %(earliest)s đến hôm nay (%(latest)s).")
        else:
            message = _("Ngày phải từ %(earliest)s đến %(latest)s.")
        raise ValidationError(message, code="date_range", params=params)


ISSUED = DateRange(years_ahead=0)
PLANNED = DateRange()
DEFAULT = PLANNED


def _day(value: date | datetime) -> date:
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.date()
    return value


def limit(field: forms.Field, meaning: DateRange) -> forms.Field:
    """Give one form field (DateField, DateTimeField, SplitDateTimeField) the range `meaning`; returns it."""
    field.date_range = meaning  # type: ignore[attr-defined]
    return field


def mark(model_field: models.Field, meaning: DateRange) -> None:
    """Every form field made from `model_field` (model forms, the admin) takes the range `meaning`."""
    model_field.date_range = meaning  # type: ignore[attr-defined]


def range_of(field: forms.Field) -> DateRange:
    """The range a form field checks: its own (`limit`), else `DEFAULT`."""
    return getattr(field, "date_range", DEFAULT)


def day_before(day: date) -> date:
    """`day` minus one day; the first day Python holds stays itself (old rows, never an OverflowError)."""
    return day - timedelta(days=1) if day > date.min else day


def day_after(day: date) -> date:
    """`day` plus one day; the last day Python holds stays itself."""
    return day + timedelta(days=1) if day < date.max else day


_installed = False


def install_date_ranges() -> None:
    """Make every form's date and date-time field check its range; safe to call more than once.

    Wraps (at call time, so fields built before start-up are covered too) `run_validators` of
    `forms.DateField` and `forms.DateTimeField` (the admin's split date-time field is made of a DateField),
    and `formfield` of `models.DateField`/`DateTimeField`, which passes a model field's `mark` on."""
    global _installed
    if _installed:
        return
    _installed = True

    for form_class in (forms.DateField, forms.DateTimeField):
        original = form_class.run_validators

        def run_validators(self, value, _original=original):
            if isinstance(value, date):
                range_of(self).validate(value)
            return _original(self, value)

        form_class.run_validators = run_validators  # type: ignore[method-assign]

    for model_class in (models.DateField, models.DateTimeField):
        original_formfield = model_class.formfield

        def formfield(self, _original=original_formfield, **kwargs):
            field = _original(self, **kwargs)
            meaning = getattr(self, "date_range", None)
            if field is not None and meaning is not None:
                limit(field, meaning)
            return field

        model_class.formfield = formfield  # type: ignore[method-assign,assignment]
