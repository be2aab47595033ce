"""The open work of a unit that members keeps: assignments that cover it, and the people of the unit.

Registered in MembersConfig.ready (core/unit_successions.py); moved by members/unit_changes.py.
- An assignment that covers the ended unit and runs on past its end is split, as when a member is
  replaced: the running assignment ends the day before, and a copy from the day of the change covers
  the successor instead (`transferred_from` links them), so the history shows what was followed when.
  An assignment that starts on or after that day names the successor in place (its history keeps both).
- A person of the unit (focal point, head, staff) is moved to the successor; their seats keep the unit
  they were appointed from.
"""

from datetime import date

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import dates
from core.unit_successions import Move, OpenItem, WorkKind, register_work_kind

from .models import Assignment, Person, Unit

ASSIGNMENT, PERSON = "assignment", "person"


def _stamp(obj, by, reason: str) -> None:
    if by is not None and getattr(by, "is_authenticated", False):
        obj._history_user = by
    obj._change_reason = reason[:100]


def open_assignments(*, unit: Unit, on: date) -> list[OpenItem]:
    rows = (
        Assignment.objects.filter(units=unit)
        .filter(Q(end__isnull=True) | Q(end__gte=on))
        .select_related("membership__person", "membership__committee")
        .order_by("membership__person__full_name", "start", "pk")
    )
    return [
        OpenItem(
            kind=ASSIGNMENT,
            object_id=a.pk,
            label=_("Phân công của %(person)s (%(committee)s), từ %(day)s")
            % {
                "person": a.membership.person.full_name,
                "committee": a.membership.committee.short_name or a.membership.committee.name,
                "day": f"{a.start:%d/%m/%Y}",
            },
            url=reverse("members:membership_detail", args=[a.membership_id]),
        )
        for a in rows
    ]


def move_assignments(*, moves: list[Move], unit: Unit, on: date, decision, reason: str, by, now) -> None:
    for move in moves:
        a = Assignment.objects.select_for_update().get(pk=move.item.object_id)
        units = [u for u in a.units.all() if u.pk != unit.pk]
        if move.to_unit.pk not in {u.pk for u in units}:
            units.append(move.to_unit)
        if a.start >= on:
            _stamp(a, by, reason)
            a.save()
            a.units.set(units)
            continue
        copy = Assignment(
            membership=a.membership,
            note=a.note,
            decision=a.decision,
            start=on,
            end=a.end,
            transferred_from=a,
            is_demo=a.is_demo,
        )
        copy.full_clean()
        _stamp(copy, by, reason)
        copy.save()
        copy.areas.set(a.areas.all())
        copy.units.set(units)
        copy.sectors.set(a.sectors.all())
        a.end = dates.day_before(on)
        a.full_clean()
        _stamp(a, by, reason)
        a.save()


def open_people(*, unit: Unit, on: date) -> list[OpenItem]:
    return [
        OpenItem(
            kind=PERSON,
            object_id=p.pk,
            label=f"{p.full_name} — {p.title}" if p.title else p.full_name,
            url=reverse("members:person_detail", args=[p.pk]),
        )
        for p in Person.objects.filter(unit=unit).order_by("full_name", "pk")
    ]


def move_people(*, moves: list[Move], unit: Unit, on: date, decision, reason: str, by, now) -> None:
    for move in moves:
        person = Person.objects.select_for_update().get(pk=move.item.object_id)
        person.unit = move.to_unit
        person.full_clean()
        _stamp(person, by, reason)
        person.save()


def register() -> None:
    register_work_kind(
        WorkKind(ASSIGNMENT, gettext_lazy("Phân công theo dõi"), 30, lister=open_assignments, mover=move_assignments)
    )
    register_work_kind(
        WorkKind(PERSON, gettext_lazy("Cán bộ, đầu mối của đơn vị"), 60, lister=open_people, mover=move_people)
    )
