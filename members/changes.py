"""Member changes: appoint, end, replace, and assignments (phân công nhiệm vụ).

Every function is keyword-only, runs in one transaction, validates with `full_clean()` before
saving, and raises `ValidationError` (Vietnamese messages, keyed by field where one applies).

Rules kept here (the model's `clean()` keeps the ones the admin needs too):
- every membership change cites a Decision; a new one may be entered inline (`NewDecision`) and is
  recorded by `members.decisions.record_decision`, as every cited document is;
- a decision takes effect on its date at the earliest: an appointment starts on or after the
  decision's date, and a membership ends no earlier than the day before it;
- one person holds at most one seat on a committee at a time; head, standing deputy and support
  group leader are single seats;
- replacing ends the old seat the day before the successor starts and passes the old seat's open
  assignments to the successor, all or nothing.

Changes on one committee are serialised by locking the committee row (PostgreSQL), so two
secretaries cannot both appoint a head at the same moment.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from core import dates, history
from core.versions import check_version

from .decisions import NewDecision, cite
from .decisions import record_decision as record_decision  # kept here for its callers
from .models import Assignment, Committee, Decision, Membership, Person, ReformArea, Sector, Unit

MEMBERSHIP_ISSUER_DEFAULT = "Ban Thường vụ Tỉnh ủy"
# What a stale end or replace form is checked on: the seat's own fields another change could have moved.
SEAT_FIELDS = ("role", "position", "unit", "start", "end", "ended_by")


@dataclass(frozen=True)
class NewPerson:
    """A person not yet in the register, created in the same transaction as the change."""

    full_name: str
    title: str = ""
    unit: Unit | None = None


_stamp = history.stamp


def _save(obj, by) -> None:
    obj.full_clean()
    _stamp(obj, by)
    obj.save()


def _fmt(day: date) -> str:
    return f"{day:%d/%m/%Y}"


def _decision(decision: Decision | NewDecision | None, by) -> Decision:
    # A membership change is made by a decision, whatever its symbol says.
    decision = cite(decision, kind=Decision.Kind.DECISION, by=by)
    if decision is None:
        raise ValidationError(
            {"decision": _("Mỗi thay đổi thành viên phải căn cứ một quyết định (số, ngày ban hành, cơ quan ban hành).")}
        )
    return decision


def _person(person: Person | NewPerson | None, by) -> Person:
    if isinstance(person, NewPerson):
        created = Person(full_name=" ".join(person.full_name.split()), title=person.title, unit=person.unit)
        _save(created, by)
        return created
    if person is None or person.pk is None:
        raise ValidationError({"person": _("Hãy chọn người được cử hoặc nhập họ tên người mới.")})
    return person


def _lock(committee: Committee) -> Committee:
    return Committee.objects.select_for_update().get(pk=committee.pk)


def _locked_membership(membership: Membership) -> Membership:
    return Membership.objects.select_for_update().select_related("committee", "appointed_by").get(pk=membership.pk)


@transaction.atomic
def appoint_member(
    *,
    committee: Committee,
    person: Person | NewPerson,
    role: str,
    position: str = "",
    unit: Unit | None = None,
    start: date,
    decision: Decision | NewDecision | None,
    by=None,
) -> Membership:
    """Give a person a seat on a committee from `start`, by `decision`."""
    committee = _lock(committee)
    decision = _decision(decision, by)
    person = _person(person, by)
    membership = Membership(
        committee=committee,
        person=person,
        role=role,
        position=position or person.title,
        unit=unit or person.unit,
        start=start,
        appointed_by=decision,
    )
    _save(membership, by)
    return membership


@transaction.atomic
def end_membership(
    *, membership: Membership, end: date, decision: Decision | NewDecision | None, by=None, version: int | None = None
) -> Membership:
    """End a seat: `end` is the last day in office. Its open assignments end the same day. `version` is the
    membership's version the form was drawn from (None: not checked; core/versions.py)."""
    _lock(membership.committee)
    membership = _locked_membership(membership)
    check_version(membership, version, fields=SEAT_FIELDS)
    decision = _decision(decision, by)
    if membership.end is not None:
        raise ValidationError(
            {"end": _("Người này đã thôi làm thành viên từ sau ngày %(day)s.") % {"day": _fmt(membership.end)}}
        )
    membership.end = end
    membership.ended_by = decision
    _save(membership, by)
    _end_assignments(membership=membership, last_day=end, by=by)
    return membership


def _end_assignments(*, membership: Membership, last_day: date, by) -> list[Assignment]:
    """End the membership's assignments still running after `last_day`; return those that were open."""
    still_open = list(membership.assignments.filter(Q(end__isnull=True) | Q(end__gt=last_day)).order_by("pk"))
    for a in still_open:
        if a.start > last_day:
            raise ValidationError(
                _("Phân công bắt đầu ngày %(day)s, sau ngày kết thúc; hãy sửa phân công đó trước.")
                % {"day": _fmt(a.start)}
            )
        a.membership = membership
        a.end = last_day
        _save(a, by)
    return still_open


@transaction.atomic
def replace_member(
    *,
    membership: Membership,
    successor: Person | NewPerson,
    start: date,
    decision: Decision | NewDecision | None,
    by=None,
    position: str | None = None,
    unit: Unit | None = None,
    version: int | None = None,
) -> Membership:
    """Successor takes the seat from `start`; the old seat ends the day before; assignments pass on.
    `version` is the old seat's version the form was drawn from (None: not checked; core/versions.py)."""
    _lock(membership.committee)
    old = _locked_membership(membership)
    check_version(old, version, fields=SEAT_FIELDS)
    decision = _decision(decision, by)
    if old.end is not None:
        raise ValidationError(
            _("Người này đã thôi làm thành viên từ sau ngày %(day)s; hãy dùng chức năng bổ nhiệm thành viên mới.")
            % {"day": _fmt(old.end)}
        )
    if Membership.objects.filter(predecessor=old).exists():
        raise ValidationError(_("Thành viên này đã có người thay thế."))
    if start <= old.start:
        raise ValidationError(
            {
                "start": _("Người thay thế phải bắt đầu sau ngày %(day)s (ngày người được thay thế bắt đầu).")
                % {"day": _fmt(old.start)}
            }
        )
    if start < decision.date:
        raise ValidationError(
            {
                "start": _("Ngày bắt đầu (%(start)s) không được trước ngày ban hành quyết định (%(day)s).")
                % {"start": _fmt(start), "day": _fmt(decision.date)}
            }
        )
    person = _person(successor, by)
    if person.pk == old.person_id:
        raise ValidationError({"person": _("Người thay thế phải khác người được thay thế.")})

    last_day = dates.day_before(start)
    old.end = last_day
    old.ended_by = decision
    _save(old, by)
    new = Membership(
        committee=old.committee,
        person=person,
        role=old.role,
        position=old.position if position is None else position,
        unit=unit if unit is not None else old.unit,
        start=start,
        appointed_by=decision,
        predecessor=old,
    )
    _save(new, by)
    _transfer_assignments(old=old, new=new, on=start, by=by)
    return new


def assignments_to_transfer(membership: Membership, on: date) -> list[Assignment]:
    """The assignments that would pass to a successor starting on `on` (for the confirmation step)."""
    return list(
        membership.assignments.filter(Q(end__isnull=True) | Q(end__gte=on))
        .prefetch_related("areas", "units", "sectors")
        .order_by("pk")
    )


def _transfer_assignments(*, old: Membership, new: Membership, on: date, by) -> list[Assignment]:
    moved = []
    for a in assignments_to_transfer(old, on):
        copy = Assignment(
            membership=new,
            note=a.note,
            decision=a.decision,
            start=on,
            end=a.end,
            transferred_from=a,
            is_demo=a.is_demo,
        )
        _save(copy, by)
        copy.areas.set(a.areas.all())
        copy.units.set(a.units.all())
        copy.sectors.set(a.sectors.all())
        moved.append(copy)
    _end_assignments(membership=old, last_day=dates.day_before(on), by=by)
    return moved


def _check_scope(areas, units, sectors) -> None:
    if not (areas or units or sectors):
        raise ValidationError(_("Hãy chọn ít nhất một lĩnh vực, đơn vị/địa bàn hoặc ngành được phân công."))


@transaction.atomic
def assign(
    *,
    membership: Membership,
    areas: Iterable[ReformArea] = (),
    units: Iterable[Unit] = (),
    sectors: Iterable[Sector] = (),
    start: date,
    end: date | None = None,
    note: str = "",
    decision: Decision | None = None,
    by=None,
) -> Assignment:
    """Make a member responsible for reform areas, units/localities and sectors from `start`."""
    areas, units, sectors = list(areas), list(units), list(sectors)
    _check_scope(areas, units, sectors)
    assignment = Assignment(membership=membership, start=start, end=end, note=note, decision=decision)
    _save(assignment, by)
    assignment.areas.set(areas)
    assignment.units.set(units)
    assignment.sectors.set(sectors)
    return assignment


@transaction.atomic
def update_assignment(
    *,
    assignment: Assignment,
    areas: Iterable[ReformArea],
    units: Iterable[Unit],
    sectors: Iterable[Sector],
    start: date,
    end: date | None = None,
    note: str = "",
    decision: Decision | None = None,
    by=None,
    version: int | None = None,
) -> Assignment:
    """Change what an assignment covers or its dates; the history keeps the previous version. `version` is
    the assignment's version the form was drawn from (None: not checked; core/versions.py)."""
    assignment = Assignment.objects.select_for_update().select_related("membership").get(pk=assignment.pk)
    check_version(assignment, version, fields=("start", "end", "note", "decision"))
    areas, units, sectors = list(areas), list(units), list(sectors)
    _check_scope(areas, units, sectors)
    assignment.start = start
    assignment.end = end
    assignment.note = note
    assignment.decision = decision
    _save(assignment, by)
    assignment.areas.set(areas)
    assignment.units.set(units)
    assignment.sectors.set(sectors)
    return assignment
