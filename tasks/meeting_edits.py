"""Correcting a meeting's record: its date and title, an agenda item, an opinion (or removing either), and a
plan's pilot unit.

The rules:
- a meeting's attendees and the members whose opinions are recorded sit on the committee on the meeting's
  day: a new date is refused when one of them did not sit on it that day (named in the message);
- once the notice of conclusions is issued, the date it cites stays (a new notice replaces a wrong one);
- an opinion is a member's who sits on the committee on the meeting's day, under one of the meeting's
  agenda items or none;
- a pilot unit is named once per plan, and a closed plan year is not changed (tasks/plans.py, check_open);
- a form drawn from an older version is refused when a field it edits changed since, and a removal is
  refused when the record changed since it was shown (core/versions.py).
Every function is one transaction, writes the audit history with the user (a removal too), and raises
ValidationError (in Vietnamese, keyed by field) when it refuses.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import history
from core.versions import check_version
from members.models import Membership, Person, Unit

from .models import AgendaItem, Meeting, Opinion, PilotUnit
from .plans import check_open

MEETING_FIELDS = ("date", "title")
AGENDA_FIELDS = ("title",)
OPINION_FIELDS = ("person", "agenda_item", "content")
PILOT_FIELDS = ("unit", "reason")


def _check_date(meeting: Meeting, day: date) -> None:
    if day == meeting.date:
        return
    if meeting.notice_id:
        raise ValidationError(
            {
                "date": _(
                    "Phiên họp đã có thông báo kết luận: không đổi ngày họp. Nếu ngày ghi sai, hãy ban hành thông báo thay thế sau khi sửa."
                )
            }
        )
    sitting = set(
        Membership.objects.filter(committee_id=meeting.committee_id).on(day).values_list("person_id", flat=True)
    )
    for m in meeting.attendees.select_related("person").order_by("person__full_name"):
        if m.person_id not in sitting:
            raise ValidationError(
                {
                    "date": _("%(name)s tham dự phiên họp nhưng không là thành viên Ban Chỉ đạo vào ngày %(day)s.")
                    % {"name": m.person.full_name, "day": f"{day:%d/%m/%Y}"}
                }
            )
    for o in meeting.opinions.select_related("person").order_by("pk"):
        if o.person_id not in sitting:
            raise ValidationError(
                {
                    "date": _(
                        "%(name)s có ý kiến tại phiên họp nhưng không là thành viên Ban Chỉ đạo vào ngày %(day)s."
                    )
                    % {"name": o.person.full_name, "day": f"{day:%d/%m/%Y}"}
                }
            )


@transaction.atomic
def update_meeting(*, meeting: Meeting, date: date, title: str, by=None, version: int | None = None) -> Meeting:
    """Correct a meeting's date or title. Raises ValidationError keyed "date" (see the module's rules) or
    "title", or `StaleEdit` when the form was drawn from `version` and the date or title changed since."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    check_version(meeting, version, fields=MEETING_FIELDS)
    _check_date(meeting, date)
    meeting.date, meeting.title = date, " ".join((title or "").split())
    meeting.full_clean()
    history.stamp(meeting, by)
    meeting.save()
    return meeting


@transaction.atomic
def update_agenda_item(*, item: AgendaItem, title: str, by=None, version: int | None = None) -> AgendaItem:
    """Correct an agenda item's wording. Raises ValidationError keyed "title", or `StaleEdit`."""
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    check_version(item, version, fields=AGENDA_FIELDS)
    item.title = " ".join((title or "").split())
    item.full_clean()
    history.stamp(item, by)
    item.save()
    return item


@transaction.atomic
def delete_agenda_item(*, item: AgendaItem, by=None, version: int | None = None) -> None:
    """Remove an agenda item (its opinions stay, under no item). Raises `StaleEdit` when it was changed
    since `version` was shown."""
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    check_version(item, version, fields=AGENDA_FIELDS)
    history.stamp(item, by, reason=_("Xóa nội dung phiên họp"))
    item.delete()


@transaction.atomic
def update_opinion(
    *,
    opinion: Opinion,
    person: Person,
    content: str,
    agenda_item: AgendaItem | None = None,
    by=None,
    version: int | None = None,
) -> Opinion:
    """Correct who gave an opinion, under which agenda item, and what it said. Raises ValidationError keyed
    "person" (not on the committee on the meeting's day) or "agenda_item" (another meeting's), or `StaleEdit`."""
    opinion = Opinion.objects.select_for_update().select_related("meeting").get(pk=opinion.pk)
    check_version(opinion, version, fields=OPINION_FIELDS)
    meeting = opinion.meeting
    if not Membership.objects.filter(committee_id=meeting.committee_id, person=person).on(meeting.date).exists():
        raise ValidationError({"person": _("Người phát biểu phải là thành viên Ban Chỉ đạo vào ngày họp.")})
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError({"agenda_item": _("Hãy chọn một nội dung của phiên họp này.")})
    opinion.person, opinion.agenda_item, opinion.content = person, agenda_item, content
    opinion.full_clean()
    history.stamp(opinion, by)
    opinion.save()
    return opinion


@transaction.atomic
def delete_opinion(*, opinion: Opinion, by=None, version: int | None = None) -> None:
    """Remove a recorded opinion. Raises `StaleEdit` when it was changed since `version` was shown."""
    opinion = Opinion.objects.select_for_update().get(pk=opinion.pk)
    check_version(opinion, version, fields=OPINION_FIELDS)
    history.stamp(opinion, by, reason=_("Xóa ý kiến phát biểu"))
    opinion.delete()


@transaction.atomic
def update_pilot(
    *,
    pilot: PilotUnit,
    unit: Unit,
    reason: str,
    overseers: list[Person] | tuple = (),
    by=None,
    version: int | None = None,
) -> PilotUnit:
    """Correct a pilot unit: the unit, why it was chosen, who oversees it. Raises ValidationError (a closed
    plan year; keyed "unit" for a unit already a pilot of the plan), or `StaleEdit`."""
    pilot = PilotUnit.objects.select_for_update().select_related("plan").get(pk=pilot.pk)
    check_open(pilot.plan)
    check_version(pilot, version, fields=PILOT_FIELDS)
    if PilotUnit.objects.filter(plan_id=pilot.plan_id, unit=unit).exclude(pk=pilot.pk).exists():
        raise ValidationError({"unit": _("Đơn vị này đã là điểm chỉ đạo của kế hoạch.")})
    pilot.unit, pilot.reason = unit, reason
    pilot.full_clean()
    history.stamp(pilot, by)
    pilot.save()
    pilot.overseers.set(overseers)
    return pilot
