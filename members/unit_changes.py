"""Units that change: adding a unit, ending one, and passing its open work to its successors.

The rules (ISSUE: "units that change"; docs/domain.md, "Units of Nghệ An"):
- a unit is never deleted: it ends on a day (`on`, the first day without it; `valid_to` is the day
  before), and its row, history and everything that named it stay, shown as they were;
- it ends once, on a day after it began, by a cited document (chosen, or typed and recorded by
  `members.decisions.record_decision`), which takes effect on its date at the earliest; the loader may
  instead give the published source when the sources give no document number (then the document is
  cited when the work is passed on);
- its successors (none, one or several) are other units valid on that day;
- its open work (tasks it leads or coordinates, assignments, pilot designations of open plans, open
  hotline reports routed to it, people of the unit: whatever the apps register in
  core/unit_successions.py) is passed on in one reviewed step: the secretariat sees every item with a
  proposed successor (the only one; with several, it chooses per item), may keep an item where it is,
  and confirms; every move is recorded (`UnitTransfer`, and each app's own history) with the document
  that caused it. The step is refused when the open work changed since it was reviewed.
Every function is one transaction and saves nothing when it refuses (ValidationError, in Vietnamese).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import dates
from core.unit_successions import Move, OpenItem, move_work, open_work

from .decisions import NewDecision, cite
from .models import Decision, Unit, UnitChange, UnitTransfer


def _fmt(day: date) -> str:
    return f"{day:%d/%m/%Y}"


def _stamp(obj, by, reason: str = "") -> None:
    # django-simple-history records the user and the reason (at most 100 characters) on the history row.
    if by is not None and getattr(by, "is_authenticated", False):
        obj._history_user = by
    if reason:
        obj._change_reason = reason[:100]


def names(units: Iterable[Unit]) -> str:
    return ", ".join(u.name for u in sorted(units, key=lambda u: u.name)) or "—"


def not_valid_message(unit: Unit, day: date) -> str:
    """Why `unit` takes no new work on `day`: it has ended (naming its successors) or not begun yet."""
    if unit.valid_from and day < unit.valid_from:
        return _("“%(unit)s” chỉ hoạt động từ ngày %(day)s.") % {"unit": unit.name, "day": _fmt(unit.valid_from)}
    message = _("“%(unit)s” đã kết thúc hoạt động từ ngày %(day)s: không giao việc mới cho đơn vị này.") % {
        "unit": unit.name,
        "day": _fmt(unit.ended_on) if unit.ended_on else "—",
    }
    successors = list(unit.successors.all())
    if successors:
        message += " " + _("Đơn vị kế thừa: %(names)s.") % {"names": names(successors)}
    return message


def check_valid_for_new_work(*, unit: Unit, day: date, field: str = "unit") -> None:
    """Refuse new work for a unit not valid on `day` (ValidationError keyed `field`)."""
    if not unit.is_valid_on(day):
        raise ValidationError({field: not_valid_message(unit, day)})


def reason_text(*, unit: Unit, on: date, decision: Decision | None, source: str = "") -> str:
    """The short reason written to the history of every record a change touches."""
    basis = decision.number if decision else source
    return _("Kế thừa %(unit)s từ %(day)s (%(basis)s)") % {
        "unit": unit.short_name or unit.name,
        "day": _fmt(on),
        "basis": basis,
    }


def _check_successors(*, unit: Unit, successors: list[Unit], on: date) -> None:
    for s in successors:
        if s.pk == unit.pk:
            raise ValidationError({"successors": _("Một đơn vị không thể kế thừa chính nó.")})
        if not s.is_valid_on(on):
            raise ValidationError(
                {
                    "successors": _("Đơn vị kế thừa “%(unit)s” không hoạt động vào ngày %(day)s.")
                    % {"unit": s.name, "day": _fmt(on)}
                }
            )


def proposal(successors: list[Unit]) -> Unit | None:
    """The successor proposed for each item: the only one; with several, the secretariat chooses."""
    return successors[0] if len(successors) == 1 else None


def pending_work(*, unit: Unit, on: date | None = None) -> list[OpenItem]:
    """The unit's open work as of `on` (its end, or today when it has none), every registered kind."""
    if on is None:
        on = unit.ended_on or timezone.localdate()
    return open_work(unit=unit, on=on)


def check_parent(*, parent: Unit | None, valid_from: date | None) -> None:
    """Refuse a parent that has ended before the unit begins (ValidationError keyed "parent"); for every writer
    of a unit (the unit pages, the admin)."""
    if parent is not None and parent.valid_to and valid_from and parent.valid_to < valid_from:
        raise ValidationError({"parent": not_valid_message(parent, valid_from)})


@transaction.atomic
def create_unit(
    *,
    code: str,
    name: str,
    kind: str,
    parent: Unit | None = None,
    short_name: str = "",
    valid_from: date | None = None,
    by=None,
) -> Unit:
    """A unit the secretariat adds (a new commune or ward, a new department), valid from `valid_from`.
    Raises ValidationError keyed by field (a code already used, a parent that has ended before it begins)."""
    unit = Unit(
        code=(code or "").strip(),
        name=" ".join((name or "").split()),
        short_name=(short_name or "").strip(),
        kind=kind,
        parent=parent,
        valid_from=valid_from,
    )
    unit.full_clean()
    check_parent(parent=parent, valid_from=valid_from)
    _stamp(unit, by)
    unit.save()
    return unit


def _moves(
    *, items: list[OpenItem], choices: Mapping[str, Unit | None], successors: list[Unit], day: date
) -> list[Move]:
    """Check the reviewed choices against the open work now, and turn them into moves."""
    if set(choices) != {item.key for item in items}:
        raise ValidationError(
            _("Danh sách công việc của đơn vị đã thay đổi từ lúc xem lại: hãy xem lại và xác nhận lần nữa.")
        )
    allowed = {s.pk for s in successors}
    moves = []
    for item in items:
        target = choices[item.key]
        if target is None:
            continue
        if target.pk not in allowed:
            raise ValidationError({item.key: _("Chỉ chuyển công việc cho đơn vị kế thừa.")})
        if not target.is_valid_on(day):
            raise ValidationError({item.key: not_valid_message(target, day)})
        moves.append(Move(item=item, to_unit=target))
    return moves


def _transfer(*, change: UnitChange, moves: list[Move], decision: Decision, by, now: datetime) -> list[UnitTransfer]:
    unit = change.unit
    move_work(
        moves=moves,
        unit=unit,
        on=change.on,
        decision=decision,
        reason=reason_text(unit=unit, on=change.on, decision=decision),
        by=by,
        now=now,
    )
    rows = []
    for m in moves:
        row = UnitTransfer(
            change=change,
            kind=m.item.kind,
            object_id=m.item.object_id,
            label=m.item.label[:300],
            to_unit=m.to_unit,
            decision=decision,
            by=by if getattr(by, "is_authenticated", False) else None,
            at=now,
        )
        row.full_clean()
        rows.append(row)
    UnitTransfer.objects.bulk_create(rows)
    return rows


@transaction.atomic
def end_unit(
    *,
    unit: Unit,
    on: date,
    successors: Iterable[Unit],
    decision: Decision | NewDecision | None,
    by=None,
    now: datetime,
    choices: Mapping[str, Unit | None] | None = None,
    source: str = "",
    note: str = "",
) -> UnitChange:
    """End `unit` from `on` (its last day is the day before), name its successors, and pass its open work
    on as reviewed: `choices` maps every open item's key (`OpenItem.key`, as `pending_work` lists them) to
    a successor, or to None to keep the item where it is; None passes nothing (the loader: the work is
    passed on later with `transfer_work`).

    `decision` is required unless `source` (the published source, when it gives no number) is given.
    Raises ValidationError keyed on, successors, decision (and decision_number/_date/_issuer for a typed
    document), or an item's key."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    successors = list(successors)
    existing = UnitChange.objects.filter(unit=unit).first()
    ended = existing.on if existing else unit.ended_on
    if ended is not None and (existing is not None or ended != on):
        raise ValidationError(
            _("“%(unit)s” đã kết thúc hoạt động từ ngày %(day)s.") % {"unit": unit.name, "day": _fmt(ended)}
        )
    if unit.valid_from and on <= unit.valid_from:
        raise ValidationError(
            {
                "on": _("Đơn vị bắt đầu hoạt động từ %(day)s: ngày kết thúc phải sau ngày đó.")
                % {"day": _fmt(unit.valid_from)}
            }
        )
    cited = cite(decision, by=by)
    if cited is None and not source.strip():
        raise ValidationError(
            {"decision": _("Việc kết thúc hoạt động của đơn vị phải căn cứ một văn bản (số, ngày, cơ quan ban hành).")}
        )
    if cited is not None and on < cited.date:
        raise ValidationError(
            {
                "on": _("Ngày kết thúc (%(on)s) không được trước ngày ban hành văn bản (%(day)s).")
                % {"on": _fmt(on), "day": _fmt(cited.date)}
            }
        )
    _check_successors(unit=unit, successors=successors, on=on)
    change = UnitChange(
        unit=unit,
        on=on,
        decision=cited,
        source=source.strip(),
        note=(note or "").strip(),
        recorded_by=by if getattr(by, "is_authenticated", False) else None,
        recorded_at=now,
    )
    change.full_clean()
    reason = reason_text(unit=unit, on=on, decision=cited, source=change.source)
    unit.valid_to = dates.day_before(on)
    unit.full_clean()
    _stamp(unit, by, reason)
    unit.save()
    unit.successors.add(*successors)
    _stamp(change, by, reason)
    change.save()
    change.successors.set(successors)
    if choices is not None:
        items = pending_work(unit=unit, on=on)
        day = max(on, timezone.localdate(now))
        moves = _moves(items=items, choices=choices, successors=successors, day=day)
        if moves:
            if cited is None:
                raise ValidationError({"decision": _("Chuyển giao công việc phải căn cứ một văn bản.")})
            _transfer(change=change, moves=moves, decision=cited, by=by, now=now)
    return change


@transaction.atomic
def transfer_work(
    *,
    change: UnitChange,
    choices: Mapping[str, Unit | None],
    decision: Decision | NewDecision | None,
    by,
    now: datetime,
    add_successors: Iterable[Unit] = (),
) -> list[UnitTransfer]:
    """Pass the open work an ended unit still has to its successors (after the loader recorded the end,
    or when the secretariat kept some items, or once the successors exist: new communes added later).

    `add_successors` (valid on the change's day) join the recorded ones; `choices` as for `end_unit`.
    `decision` defaults to the change's; when the change had only a published source, the cited document
    becomes the change's document. Raises ValidationError as `end_unit` does."""
    change = UnitChange.objects.select_for_update(of=("self",)).select_related("unit", "decision").get(pk=change.pk)
    unit = change.unit
    new = [s for s in add_successors if s.pk not in set(change.successors.values_list("pk", flat=True))]
    _check_successors(unit=unit, successors=new, on=change.on)
    cited = cite(decision, by=by) or change.decision
    if cited is None:
        raise ValidationError({"decision": _("Chuyển giao công việc phải căn cứ một văn bản.")})
    reason = reason_text(unit=unit, on=change.on, decision=cited)
    if new or change.decision_id is None:
        change.decision = cited
        change.full_clean()
        _stamp(change, by, reason)
        change.save()
        change.successors.add(*new)
        unit.successors.add(*new)
    successors = list(change.successors.all())
    items = pending_work(unit=unit, on=change.on)
    moves = _moves(items=items, choices=choices, successors=successors, day=max(change.on, timezone.localdate(now)))
    return _transfer(change=change, moves=moves, decision=cited, by=by, now=now)


def correct_end(*, unit: Unit, on: date, by=None) -> UnitChange:
    """Correct the day an ended unit ended (`on`, the first day without it; a day typed wrong), while none of
    its work has been passed on: the work passed on is dated by it. The unit's row is locked by the caller
    (members.org_changes.update_unit), in the caller's transaction. Raises ValidationError keyed "ended_on":
    work already passed on, a day not after the unit began, before the document's date, or a successor not
    valid that day."""
    change = UnitChange.objects.select_for_update(of=("self",)).select_related("decision").get(unit_id=unit.pk)
    if on == change.on:
        return change
    if change.transfers.exists():
        raise ValidationError(
            {
                "ended_on": _(
                    "Đã chuyển công việc của đơn vị cho đơn vị kế thừa theo ngày kết thúc %(day)s: không đổi ngày "
                    "kết thúc được nữa."
                )
                % {"day": _fmt(change.on)}
            }
        )
    if unit.valid_from and on <= unit.valid_from:
        raise ValidationError(
            {
                "ended_on": _("Đơn vị bắt đầu hoạt động từ %(day)s: ngày kết thúc phải sau ngày đó.")
                % {"day": _fmt(unit.valid_from)}
            }
        )
    if change.decision is not None and on < change.decision.date:
        raise ValidationError(
            {
                "ended_on": _("Ngày kết thúc (%(on)s) không được trước ngày ban hành văn bản (%(day)s).")
                % {"on": _fmt(on), "day": _fmt(change.decision.date)}
            }
        )
    try:
        _check_successors(unit=unit, successors=list(change.successors.all()), on=on)
    except ValidationError as exc:
        raise ValidationError({"ended_on": exc.message_dict["successors"]}) from exc
    reason = _("Sửa ngày kết thúc hoạt động từ %(old)s thành %(new)s") % {"old": _fmt(change.on), "new": _fmt(on)}
    change.on, change.unit = on, unit
    change.full_clean()
    _stamp(change, by, reason)
    change.save()
    unit.valid_to = dates.day_before(on)
    return change
