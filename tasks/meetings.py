"""Committee sessions: attendees from the roster of the day, agenda, opinions, conclusions,
and turning a conclusion into tasks (each task links back to its conclusion and meeting)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from members.models import Committee, Membership, Person, Unit

from .models import AgendaItem, Conclusion, Meeting, Opinion, Plan, Task
from .plans import check_committee, committees_in_operation, draft_plan, plan_for
from .tasklist import TaskFields, create_task


@transaction.atomic
def create_meeting(*, committee: Committee, date: date, title: str, is_demo: bool = False) -> Meeting:
    """A session of a committee in operation in the meeting's year (its conclusions become tasks of that year's
    plan: tasks/plans.py `check_committee`). Raises ValidationError keyed "committee" or by the model's fields."""
    check_committee(committee=committee, year=date.year)
    meeting = Meeting(committee=committee, date=date, title=title, is_demo=is_demo)
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def set_attendees(*, meeting: Meeting, memberships: list[Membership]) -> None:
    """Attendees must sit on the committee on the day of the meeting."""
    on_roster = set(
        Membership.objects.filter(committee=meeting.committee).on(meeting.date).values_list("pk", flat=True)
    )
    outside = [m for m in memberships if m.pk not in on_roster]
    if outside:
        raise ValidationError(
            {"attendees": _("%(name)s không là thành viên Ban Chỉ đạo vào ngày họp.") % {"name": outside[0].person}}
        )
    meeting.attendees.set(memberships)


def meeting_committees(posted_date, *, today: date):
    """The committees a new meeting is offered: those in operation in the year of the posted date (a
    `date`, or today's year while none is valid yet)."""
    year = posted_date.year if isinstance(posted_date, date) else today.year
    return committees_in_operation(year).order_by("kind", "name")


def _next_order(qs) -> int:
    return (qs.aggregate(m=Max("order"))["m"] or 0) + 1


@transaction.atomic
def add_agenda_item(*, meeting: Meeting, title: str) -> AgendaItem:
    item = AgendaItem(meeting=meeting, title=title, order=_next_order(meeting.agenda_items.all()))
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def add_opinion(*, meeting: Meeting, person: Person, content: str, agenda_item: AgendaItem | None = None) -> Opinion:
    if not Membership.objects.filter(committee=meeting.committee, person=person).on(meeting.date).exists():
        raise ValidationError({"person": _("Người phát biểu phải là thành viên Ban Chỉ đạo vào ngày họp.")})
    opinion = Opinion(meeting=meeting, person=person, content=content, agenda_item=agenda_item)
    opinion.full_clean()
    opinion.save()
    return opinion


@transaction.atomic
def add_conclusion(*, meeting: Meeting, content: str) -> Conclusion:
    conclusion = Conclusion(meeting=meeting, content=content, order=_next_order(meeting.conclusions.all()))
    conclusion.full_clean()
    conclusion.save()
    return conclusion


def conclusion_plan(conclusion: Conclusion) -> Plan:
    """The plan a conclusion's tasks go into: the committee's plan for the meeting's year, or, when it has
    none yet, an unsaved draft (`pk` None) that `task_from_conclusion` creates with the first task.
    Reads only: opening the page writes nothing."""
    meeting = conclusion.meeting
    found = Plan.objects.filter(committee_id=meeting.committee_id, year=meeting.date.year).first()
    return found or draft_plan(committee=meeting.committee, year=meeting.date.year, is_demo=meeting.is_demo)


def conclusion_task_initial(conclusion: Conclusion, *, plan: Plan) -> dict:
    """The task form's initial values, taken from the conclusion (`plan` as `conclusion_plan` gives it)."""
    n = (Task.objects.filter(plan=plan, source=Task.Source.CONCLUSION).count() if plan.pk else 0) + 1
    return {
        "code": f"KL{conclusion.meeting.date:%d%m}-{conclusion.order}.{n}",
        "title": conclusion.content[:500],
        "description": _("Theo kết luận %(meeting)s.") % {"meeting": conclusion.meeting},
        "recurrence": Task.Recurrence.ONCE,
    }


@transaction.atomic
def task_from_conclusion(
    *,
    conclusion: Conclusion,
    fields: TaskFields,
    coordinating_units: list[Unit] | tuple = (),
    is_demo: bool = False,
    by=None,
) -> Task:
    """A task for the conclusion in the committee's plan for the meeting's year; that plan is created as a
    draft in the same transaction when there is none (a refused task leaves no plan behind)."""
    meeting = conclusion.meeting
    plan = plan_for(committee=meeting.committee, year=meeting.date.year, is_demo=meeting.is_demo)
    return create_task(
        plan=plan,
        fields=fields,
        coordinating_units=coordinating_units,
        source=Task.Source.CONCLUSION,
        conclusion=conclusion,
        is_demo=is_demo,
        by=by,
    )
