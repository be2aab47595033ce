"""Committees and units as the secretariat sets them up: adding a committee, correcting a committee or a unit.

The rules (docs/domain.md, "Units of Nghệ An"; members/models.py):
- a committee sits under another one (the provincial committee under none): never under itself or under
  one of its own lower committees (no cycle), never under a working group (a working group has no lower
  committee); there is one provincial committee at the top;
- the document that established a committee is picked or typed (recorded with
  `members.decisions.cite` in the same transaction); a committee's declared size is at least 1;
- a unit keeps a parent that is neither itself nor one of its own lower units, and that has not ended
  before the unit begins (`unit_changes.check_parent`); its first day comes before its end; a unit is
  ended with its document on its end page, and a day typed wrong there is corrected here while none of
  its work has been passed on (`unit_changes.correct_end`);
- a form drawn from an older version of the record is refused when a field it edits changed since
  (`core.versions.check_version`, `StaleEdit`), and nothing is saved.
Every function is one transaction, writes the audit history with the user, and raises ValidationError
(in Vietnamese, keyed by field) when it refuses.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import history
from core.versions import check_version

from .decisions import NewDecision, cite
from .models import Committee, Decision, Unit, UnitChange
from .unit_changes import check_parent, correct_end

COMMITTEE_FIELDS = ("name", "short_name", "kind", "unit", "parent", "established_by", "declared_size")
UNIT_FIELDS = ("code", "name", "short_name", "kind", "parent", "valid_from", "valid_to")


@dataclass(frozen=True)
class CommitteeFields:
    """What a clerk sets on a committee (`established_by`: picked, typed, or None when not known yet)."""

    name: str
    kind: str
    unit: Unit
    parent: Committee | None = None
    short_name: str = ""
    established_by: Decision | NewDecision | None = None
    declared_size: int | None = None


def _ancestors(obj, *, limit: int = 50) -> list[int]:
    """The ids above `obj` through `parent` (one query each level; stops at `limit` levels)."""
    ids: list[int] = []
    current = obj.parent
    while current is not None and len(ids) < limit:
        ids.append(current.pk)
        current = current.parent
    return ids


def check_committee_parent(*, committee: Committee | None, kind: str, parent: Committee | None) -> None:
    """Refuse a committee's place in the hierarchy (ValidationError keyed "parent"): the provincial committee
    under another one, a lower committee without one, a parent that is a working group, the committee itself
    or one of its lower committees (a cycle)."""
    if kind == Committee.Kind.PROVINCIAL:
        if parent is not None:
            raise ValidationError({"parent": _("Ban Chỉ đạo cấp tỉnh không trực thuộc Ban Chỉ đạo nào.")})
        others = Committee.objects.filter(kind=Committee.Kind.PROVINCIAL, parent__isnull=True)
        if committee is not None and committee.pk:
            others = others.exclude(pk=committee.pk)
        if others.exists():
            raise ValidationError({"kind": _("Đã có Ban Chỉ đạo cấp tỉnh: mỗi tỉnh chỉ có một Ban Chỉ đạo cấp tỉnh.")})
        return
    if parent is None:
        raise ValidationError({"parent": _("Ban Chỉ đạo cấp huyện và Tổ công tác phải có Ban Chỉ đạo cấp trên.")})
    if parent.kind == Committee.Kind.WORKING_GROUP:
        raise ValidationError({"parent": _("Tổ công tác không có Ban Chỉ đạo, Tổ công tác trực thuộc.")})
    if committee is not None and committee.pk:
        if parent.pk == committee.pk:
            raise ValidationError({"parent": _("Ban Chỉ đạo không thể trực thuộc chính nó.")})
        if committee.pk in _ancestors(parent):
            raise ValidationError(
                {"parent": _("“%(parent)s” đang trực thuộc Ban này: không thể chọn làm cấp trên.") % {"parent": parent}}
            )
        if kind == Committee.Kind.WORKING_GROUP and committee.children.exists():
            raise ValidationError(
                {"kind": _("Ban đang có Ban Chỉ đạo, Tổ công tác trực thuộc: không thể chuyển thành Tổ công tác.")}
            )


def _apply(committee: Committee, fields: CommitteeFields, by) -> Committee:
    check_committee_parent(committee=committee, kind=fields.kind, parent=fields.parent)
    if fields.declared_size is not None and fields.declared_size < 1:
        raise ValidationError({"declared_size": _("Số thành viên theo quyết định phải từ 1 trở lên.")})
    committee.name = " ".join((fields.name or "").split())
    committee.short_name = (fields.short_name or "").strip()
    committee.kind = fields.kind
    committee.unit = fields.unit
    committee.parent = fields.parent
    committee.declared_size = fields.declared_size
    committee.established_by = cite(fields.established_by, by=by)
    committee.full_clean()
    history.stamp(committee, by)
    committee.save()
    return committee


@transaction.atomic
def create_committee(*, fields: CommitteeFields, by=None) -> Committee:
    """A new committee (a district committee, a department working group). Raises ValidationError keyed by
    field (parent, kind, declared_size, decision_number/_date/_issuer of a typed document)."""
    return _apply(Committee(), fields, by)


@transaction.atomic
def update_committee(
    *, committee: Committee, fields: CommitteeFields, by=None, version: int | None = None
) -> Committee:
    """Correct a committee's name, level, place, unit, document or declared size. Raises ValidationError as
    `create_committee`, or `StaleEdit` when the form was drawn from `version` and an edited field changed."""
    committee = Committee.objects.select_for_update().get(pk=committee.pk)
    check_version(committee, version, fields=COMMITTEE_FIELDS)
    return _apply(committee, fields, by)


def check_unit_parent(*, unit: Unit, parent: Unit | None, valid_from: date | None) -> None:
    """Refuse a unit's parent (ValidationError keyed "parent"): itself, one of its own lower units (a cycle),
    or a unit that ended before this one begins."""
    if parent is None:
        return
    if parent.pk == unit.pk:
        raise ValidationError({"parent": _("Một đơn vị không thể trực thuộc chính nó.")})
    if unit.pk in _ancestors(parent):
        raise ValidationError(
            {"parent": _("“%(parent)s” đang trực thuộc đơn vị này: không thể chọn làm cấp trên.") % {"parent": parent}}
        )
    check_parent(parent=parent, valid_from=valid_from)


def check_first_day(*, unit: Unit, valid_from: date | None) -> None:
    """Refuse a first day after the last day of an ended unit (ValidationError keyed "valid_from")."""
    if valid_from and unit.valid_to and valid_from > unit.valid_to:
        raise ValidationError(
            {
                "valid_from": _("Đơn vị đã kết thúc hoạt động từ %(day)s: ngày bắt đầu hoạt động phải trước ngày đó.")
                % {"day": f"{unit.ended_on:%d/%m/%Y}"}
            }
        )


@transaction.atomic
def update_unit(
    *,
    unit: Unit,
    code: str,
    name: str,
    kind: str,
    parent: Unit | None = None,
    short_name: str = "",
    valid_from: date | None = None,
    ended_on: date | None = None,
    by=None,
    version: int | None = None,
) -> Unit:
    """Correct a unit's code, name, kind, parent or first day, and, for an ended unit, the day it ended
    (`ended_on`, the first day without it; None keeps it: `unit_changes.correct_end` says when it may move).
    A unit is ended only on its end page, with its document. Raises ValidationError keyed by field (a code
    already used, a parent refused by `check_unit_parent`, a first day after the unit's last day, an end
    refused), or `StaleEdit`."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    check_version(unit, version, fields=UNIT_FIELDS)
    check_unit_parent(unit=unit, parent=parent, valid_from=valid_from)
    if ended_on is not None:
        if not UnitChange.objects.filter(unit_id=unit.pk).exists():
            raise ValidationError(
                {"ended_on": _("Đơn vị chưa kết thúc hoạt động: hãy ghi nhận ở trang kết thúc hoạt động.")}
            )
        unit.valid_from = valid_from  # the end is checked against the corrected first day
        correct_end(unit=unit, on=ended_on, by=by)
    check_first_day(unit=unit, valid_from=valid_from)
    unit.code = (code or "").strip()
    unit.name = " ".join((name or "").split())
    unit.short_name = (short_name or "").strip()
    unit.kind = kind
    unit.parent = parent
    unit.valid_from = valid_from
    unit.full_clean()
    history.stamp(unit, by)
    unit.save()
    return unit
