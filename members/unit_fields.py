"""Form fields that pick units for new work.

Every form that picks a unit for new work (a task's lead and coordinating units, a pilot unit, an
assignment, a hotline report's handling unit, a new member's unit) uses `ActiveUnitField` or
`ActiveUnitsField`: they offer only the units valid on the form's day (plus the units the record
already names, kept when it is edited), and refuse a posted unit not valid that day with a message
that names its end and its successors. Pages that show history name an ended unit with `unit_label`.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import LongSelect, LongSelectMultiple
from core.text import fold

from .models import Unit
from .unit_changes import not_valid_message

UNIT_ORDER = ("kind", "name")


@functools.lru_cache(maxsize=4096)
def _folded_name(name: str) -> str:
    return fold(name)  # the same few hundred names on every page that lists units


def by_name(unit: Unit) -> str:
    """The key units are listed by in a select: the name as a reader looks it up, diacritics and case
    folded (core.text.fold), so "Đài Phát thanh" comes among the D, not after the Z as a byte order has it."""
    return _folded_name(unit.name)


class ByNameIterator(forms.models.ModelChoiceIterator):
    """A unit select's options in the order of the units' names (`by_name`), the empty choice first."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        rows: Iterable[Unit] = self.queryset
        if not getattr(self.queryset, "_prefetch_related_lookups", ()):
            rows = self.queryset.iterator()  # as Django's iterator: one query per rendering, nothing cached
        for obj in sorted(rows, key=by_name):
            yield self.choice(obj)


class NameRowsIterator(ByNameIterator):
    """`ByNameIterator` for a field labelled by the unit's name: the options from one light query (ids and
    names), not one model instance per unit (hundreds in a filter bar). A field given its own
    `label_from_instance`, or a prefetching queryset, is listed from model instances as before."""

    def __iter__(self):
        if "label_from_instance" in vars(self.field) or getattr(self.queryset, "_prefetch_related_lookups", None):
            yield from super().__iter__()
            return
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from sorted(self.queryset.values_list("pk", "name"), key=lambda row: _folded_name(row[1]))


class UnitChoiceField(forms.ModelChoiceField):
    """A unit picked from a select listed by name (filters, the public form)."""

    iterator = NameRowsIterator
    widget = LongSelect


def day_in_year(year: int, today: date | None = None) -> date:
    """The day a plan year's new work is given on: today, moved into the year (its first day for a plan
    not begun yet, its last day for a past one)."""
    today = today or timezone.localdate()
    return min(max(today, date(year, 1, 1)), date(year, 12, 31))


def unit_label(unit: Unit, day: date | None = None) -> str:
    """The unit's name, with "(đã kết thúc từ dd/mm/yyyy)" when it has ended by `day` (default today)."""
    day = day or timezone.localdate()
    if unit.valid_to and unit.valid_to < day:
        return _("%(name)s (đã kết thúc từ %(day)s)") % {"name": unit.name, "day": f"{unit.ended_on:%d/%m/%Y}"}
    return unit.name


class _ActiveUnits:
    """What both fields share: the day, the offered queryset listed by name, and the message for a unit
    not offered."""

    day: date | None = None

    def offer(self, *, day: date, keep: Iterable | object = ()) -> None:
        """Offer the units valid on `day`, plus `keep` (ids or a subquery of ids)."""
        self.day = day
        self.queryset = Unit.objects.for_new_work(day, keep).order_by(*UNIT_ORDER)

    def label_from_instance(self, obj: Unit) -> str:
        return unit_label(obj, self.day)

    def _refuse(self, value) -> None:
        try:
            unit = Unit.objects.filter(pk=int(value)).first()
        except (TypeError, ValueError):
            return
        if unit is not None and self.day is not None and not unit.is_valid_on(self.day):
            raise ValidationError(not_valid_message(unit, self.day), code="unit_not_valid")


class ActiveUnitField(_ActiveUnits, forms.ModelChoiceField):
    """One unit for new work; call `offer(day=..., keep=...)` in the form's __init__."""

    iterator = ByNameIterator
    widget = LongSelect

    def __init__(self, **kwargs):
        kwargs.setdefault("error_messages", {})
        kwargs["error_messages"].setdefault("invalid_choice", _("Cơ quan, đơn vị không tồn tại trong danh mục."))
        super().__init__(queryset=Unit.objects.none(), **kwargs)

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError as exc:
            if exc.code == "invalid_choice":
                self._refuse(value)
            raise


class ActiveUnitsField(_ActiveUnits, forms.ModelMultipleChoiceField):
    """Several units for new work; call `offer(day=..., keep=...)` in the form's __init__."""

    iterator = ByNameIterator
    widget = LongSelectMultiple

    def __init__(self, **kwargs):
        unknown = _("Cơ quan, đơn vị không tồn tại trong danh mục.")
        kwargs.setdefault("error_messages", {})
        kwargs["error_messages"].setdefault("invalid_choice", unknown)
        kwargs["error_messages"].setdefault("invalid_pk_value", unknown)
        super().__init__(queryset=Unit.objects.none(), **kwargs)

    def clean(self, value):
        try:
            return super().clean(value)
        except ValidationError as exc:
            if exc.code == "invalid_choice":
                self._refuse((exc.params or {}).get("value"))
            raise


def unit_choices_on(day: date) -> list[tuple[int, str]]:
    """(id, name) of every unit valid on `day`, by name as `by_name` orders them: the long list of the public hotline form, read
    from the shared cache (core/shared_cache.py, topic "members": a change to any unit recomputes it)."""
    from core import shared_cache

    return shared_cache.cached(
        "unit-choices-by-name",
        (shared_cache.MEMBERS,),
        (day.isoformat(),),
        lambda: sorted(Unit.objects.valid_on(day).values_list("pk", "name"), key=lambda row: _folded_name(row[1])),
    )
