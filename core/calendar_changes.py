"""Changing the working calendar: adding, confirming and removing the province's entries, and moving
every open deadline that depends on them.

Each writer (`add_entry`, `confirm_entry`, `remove_entry`) changes one entry and calls
`apply_calendar_change` in the same transaction. That one function asks every app's registered
recompute callback (apps register in their AppConfig.ready: core imports no app) to move its open
deadlines from the calendar before the change to the calendar after it, keeping the old values in
their history, then tells the secretariat what moved (an in-app notification to each secretariat
account's person) and marks the cached pages that show deadlines as stale.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import history, shared_cache
from .calendar import DAY_OFF, WORKDAY, Calendar, Entry, load_calendar, national_days
from .models import DUPLICATE_DAY, CalendarEntry, Notification
from .roles import Role, has_role

# How many moved deadlines one notification lists (the rest are counted).
NOTIFY_LIMIT = 50


@dataclass(frozen=True)
class Moved:
    """One deadline moved by a calendar change: what it is, which date, from and to, where to see it."""

    what: str
    label: str
    old: date
    new: date
    url: str = ""

    def __str__(self) -> str:
        return _("%(what)s: %(label)s từ %(old)s sang %(new)s") % {
            "what": self.what,
            "label": self.label,
            "old": f"{self.old:%d/%m/%Y}",
            "new": f"{self.new:%d/%m/%Y}",
        }


@dataclass(frozen=True)
class CalendarChange:
    """What a change did: the entry (as saved, or as it was before removal) and the deadlines it moved."""

    entry: Entry
    reason: str
    moved: list[Moved] = field(default_factory=list)


# A callback moves its app's open deadlines: (before=, after=, days=, reason=, actor=, now=) -> list[Moved],
# `days` being the dates whose entry changed.
Recompute = Callable[..., list[Moved]]
_recomputers: dict[str, Recompute] = {}


def register_deadline_recompute(name: str, recompute: Recompute) -> None:
    """Called from an app's AppConfig.ready; registering the same name again replaces it."""
    _recomputers[name] = recompute


def apply_calendar_change(
    *, before: Calendar, after: Calendar, days: frozenset[date], reason: str, actor, now: datetime
) -> list[Moved]:
    """Move every open deadline that the change of `days` from `before` to `after` affects (each app's
    registered callback keeps the old values in its history), mark the cached pages that show deadlines
    as stale, and tell the secretariat (an in-app notification to each secretariat account's person).
    Call inside the transaction that changes the entries. Returns what moved, in callback order."""
    moved: list[Moved] = []
    for name in sorted(_recomputers):
        moved.extend(_recomputers[name](before=before, after=after, days=days, reason=reason, actor=actor, now=now))
    shared_cache.bump(shared_cache.TASKS, shared_cache.HOTLINE)
    if moved:
        _notify_secretariat(moved=moved, reason=reason, year=min(days).year)
    return moved


def _notify_secretariat(*, moved: list[Moved], reason: str, year: int) -> None:
    person_model = cast("type[models.Model]", Notification._meta.get_field("recipient").related_model)
    people = person_model._default_manager.filter(user__is_active=True, user__groups__name=Role.SECRETARIAT).distinct()
    lines = [f"- {m}" for m in moved[:NOTIFY_LIMIT]]
    if len(moved) > NOTIFY_LIMIT:
        lines.append(_("… và %(n)s hạn khác.") % {"n": len(moved) - NOTIFY_LIMIT})
    title = _("Lịch làm việc thay đổi: %(n)s hạn được tính lại") % {"n": len(moved)}
    body = reason + "\n" + "\n".join(lines)
    url = reverse("core:holidays") + f"?year={year}"
    Notification.objects.bulk_create(
        [Notification(recipient_id=person.pk, title=title[:300], body=body, url=url) for person in people]
    )


def _describe(entry: Entry, verb: str) -> str:
    kind = _("ngày nghỉ") if entry.kind == DAY_OFF else _("ngày làm bù")
    return _("Lịch làm việc: %(verb)s %(kind)s %(day)s (%(name)s; %(source)s).") % {
        "verb": verb,
        "kind": kind,
        "day": f"{entry.day:%d/%m/%Y}",
        "name": entry.name,
        "source": entry.source_document,
    }


def get_entry_for_edit(user, pk: int) -> CalendarEntry:
    """The entry `pk` for someone who may change the calendar (the secretariat): PermissionDenied for
    anyone else, Http404 when there is no such entry."""
    if not has_role(user, Role.SECRETARIAT):
        raise PermissionDenied
    entry = CalendarEntry.objects.filter(pk=pk).first()
    if entry is None:
        raise Http404
    return entry


def _stamp(row: CalendarEntry, actor) -> None:
    """Record who changed the entry in its history."""
    history.stamp(row, actor)


def _check_meaningful(*, day: date, kind: str) -> None:
    """A make-up working day is a day the national rules give off (a weekend day or a holiday)."""
    if kind != WORKDAY:
        return
    days_off, worked = national_days(day.year)
    national_working = (day in worked) if day.weekday() >= 5 else (day not in days_off)
    if national_working:
        raise ValidationError(
            {"kind": _("Ngày %(day)s vốn là ngày làm việc, không cần ghi là ngày làm bù.") % {"day": f"{day:%d/%m/%Y}"}}
        )


FIRST_YEAR = 2000
YEARS_AHEAD = 2


def check_year_kept(*, day: date, today: date) -> None:
    """The province keeps its calendar from FIRST_YEAR to two years ahead of `today` (official notices of
    days off come out in the autumn of the year before); ValidationError keyed "date" otherwise."""
    last = today.year + YEARS_AHEAD
    if not FIRST_YEAR <= day.year <= last:
        raise ValidationError(
            {"date": _("Chỉ ghi lịch cho các năm từ %(first)s đến %(last)s.") % {"first": FIRST_YEAR, "last": last}}
        )


def add_entry(
    *, day: date, kind: str, name: str, source_document: str, confirmed: bool, actor, now: datetime
) -> CalendarChange:
    """Add a province day off or make-up working day and move the deadlines it affects.

    ValidationError (in Vietnamese) for a date that already has an entry, a date outside the years a
    calendar is kept for (FIRST_YEAR to two years ahead), an empty name or source, or a make-up day on a
    day that is a working day anyway; nothing is saved then."""
    check_year_kept(day=day, today=timezone.localdate(now))
    row = CalendarEntry(
        date=day,
        kind=kind,
        name=(name or "").strip(),
        source_document=(source_document or "").strip(),
        confirmed=confirmed,
        created_at=now,
        created_by=actor,
    )
    row.full_clean()
    _check_meaningful(day=day, kind=kind)
    _stamp(row, actor)
    with transaction.atomic():
        try:
            with transaction.atomic():
                row.save()
        except IntegrityError:  # the same day added at the same moment by someone else
            raise ValidationError({"date": DUPLICATE_DAY})
        entry = Entry.of(row)
        after = load_calendar(day, day)
        before = after.with_changes({day: None})
        reason = _describe(entry, _("thêm"))
        moved = apply_calendar_change(
            before=before, after=after, days=frozenset({day}), reason=reason, actor=actor, now=now
        )
    return CalendarChange(entry=entry, reason=reason, moved=moved)


def confirm_entry(*, entry: CalendarEntry, actor, now: datetime) -> CalendarChange:
    """Mark an entry as backed by an issued notice: from now on it counts in deadlines."""
    with transaction.atomic():
        row = CalendarEntry.objects.select_for_update().get(pk=entry.pk)
        if row.confirmed:
            return CalendarChange(entry=Entry.of(row), reason="")
        previous = Entry.of(row)
        row.confirmed = True
        _stamp(row, actor)
        row.full_clean()
        row.save(update_fields=["confirmed"])
        entry_now = Entry.of(row)
        after = load_calendar(row.date, row.date)
        before = after.with_changes({row.date: previous})
        reason = _describe(entry_now, _("xác nhận"))
        moved = apply_calendar_change(
            before=before, after=after, days=frozenset({row.date}), reason=reason, actor=actor, now=now
        )
    return CalendarChange(entry=entry_now, reason=reason, moved=moved)


def remove_entry(*, entry: CalendarEntry, actor, now: datetime) -> CalendarChange:
    """Remove an entry (its history is kept) and move the deadlines it affected."""
    with transaction.atomic():
        row = CalendarEntry.objects.select_for_update().filter(pk=entry.pk).first()
        if row is None:
            raise ValidationError(_("Ngày này đã được xóa khỏi lịch."))
        previous = Entry.of(row)
        _stamp(row, actor)
        row.delete()
        after = load_calendar(previous.day, previous.day)
        before = after.with_changes({previous.day: previous})
        reason = _describe(previous, _("bỏ"))
        moved = apply_calendar_change(
            before=before, after=after, days=frozenset({previous.day}), reason=reason, actor=actor, now=now
        )
    return CalendarChange(entry=previous, reason=reason, moved=moved)


def moved_lines(change: CalendarChange, limit: int = 20) -> list[str]:
    """What moved, for the page's messages: at most `limit` lines and a count of the rest."""
    lines = [str(m) for m in change.moved[:limit]]
    if len(change.moved) > limit:
        lines.append(_("… và %(n)s hạn khác (xem thông báo).") % {"n": len(change.moved) - limit})
    return lines
