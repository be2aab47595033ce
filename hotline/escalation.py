"""Escalation of overdue reports: first the unit's focal points and head, then (after
HOTLINE_ESCALATE_AFTER_WORKING_DAYS more working days) the Chairman of the Provincial People's
Committee, through the leadership accounts.

One Escalation row per report, level and deadline, sent exactly once by the one design of
core/delivery.py: a job run twice, or by two beats, warns once. Sending it writes the timeline
entry and one outbox notice per recipient in one transaction.

It always reaches someone: when none of its recipients has an account (a unit without a focal
point account, no leadership account), the secretariat and the hotline operators are told too.
Recipients without an e-mail address (or without anything) are kept on the row and shown on the
report's escalation history.
"""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _

from core import delivery
from core.calendar import load_calendar, working_days_between
from core.roles import Role

from . import outbox, people
from .models import Escalation, Event, Report

S = Report.Status
POLICY = delivery.Policy(
    name="hotline escalation", lease=timedelta(minutes=10), first_backoff=timedelta(minutes=15), max_attempts=5
)


def overdue_q(today: date) -> Q:
    """Open reports whose running deadline (`Report.current_due`) is before `today`."""
    return Q(status__in=(S.NEW, S.ACCEPTED), classify_due__lt=today) | Q(
        status__in=(S.PROCESSING, S.ANSWER_SUBMITTED), answer_due__lt=today
    )


def within_deadline_q(today: date) -> Q:
    """Open reports that are not overdue on `today` (`overdue_q`): their running deadline is today or later, or
    they have none."""
    return Q(status__in=(S.NEW, S.ACCEPTED), classify_due__gte=today) | (
        Q(status__in=(S.PROCESSING, S.ANSWER_SUBMITTED)) & (Q(answer_due__gte=today) | Q(answer_due__isnull=True))
    )


def escalate_overdue(*, today: date, now: datetime) -> int:
    """Send the escalations due today (and any claimed earlier but never sent); return how many."""
    reports = list(Report.objects.filter(overdue_q(today)).select_related("routed_unit").order_by("pk"))
    if not reports:
        return 0
    earliest = min(r.current_due() for r in reports)
    calendar = load_calendar(earliest, today)
    planned = []
    for report in reports:
        due = report.current_due()
        planned.append(Escalation(report=report, level=Escalation.Level.UNIT, due_date=due, created_at=now))
        if working_days_between(due, today, calendar) > settings.HOTLINE_ESCALATE_AFTER_WORKING_DAYS:
            planned.append(Escalation(report=report, level=Escalation.Level.LEADERSHIP, due_date=due, created_at=now))
    token = delivery.new_token()
    delivery.claim_new(Escalation, planned, now=now, token=token, policy=POLICY)
    mine = Escalation.objects.filter(report__in=reports)
    delivery.claim_due(mine, now=now, token=token, policy=POLICY)
    rows = list(delivery.held(mine, token).select_related("report__routed_unit"))
    sent, _failed = delivery.deliver(
        rows, prepare=lambda row: _parcel(row, now=now), now=now, policy=POLICY, token=token, batch_size=1
    )
    return sent


def recipients(report: Report, level: int) -> list[delivery.Reach]:
    """Who is warned: the unit's contacts (operators while it is not routed), or the leadership
    accounts; plus the secretariat and the operators when none of them has an account."""
    if level == Escalation.Level.LEADERSHIP:
        reaches = people.staff(Role.LEADERSHIP)
    elif report.routed_unit_id:
        reaches = people.unit_contacts(report.routed_unit)
    else:
        reaches = people.staff(Role.HOTLINE_OPERATOR)
    if not any(r.user_id for r in reaches):
        reaches += people.staff(Role.SECRETARIAT) + people.staff(Role.HOTLINE_OPERATOR)
    unique: dict[tuple, delivery.Reach] = {}
    for reach in reaches:
        if reach.person_id is not None or reach.user_id is not None:
            unique.setdefault((reach.person_id, reach.user_id), reach)
    return list(unique.values())


def _parcel(row: Escalation, *, now: datetime) -> delivery.Parcel:
    """The escalation's writes (timeline entry, one notice per recipient), committed with its stamp."""
    report, level = row.report, row.level
    reaches = recipients(report, level)
    notice = "escalation_leadership" if level == Escalation.Level.LEADERSHIP else "escalation_unit"
    targets = [("person_id", r.person_id) if r.person_id else ("user_id", r.user_id) for r in reaches]
    label = Escalation.Level(level).label
    note = _("%(level)s: quá hạn %(due)s.") % {"level": label, "due": row.due_date.strftime("%d/%m/%Y")}

    def effects() -> None:
        Event.objects.create(report=report, kind=Event.Kind.ESCALATED, at=now, note=note, is_public=False)
        outbox.notify(report=report, targets=targets, notice=notice, now=now)

    unreachable = [{"name": r.name, "no_email": r.no_email, "no_account": r.no_account} for r in reaches if r.no_email]
    return delivery.Parcel(effects=effects, fields={"recipients": len(reaches), "unreachable": unreachable})
