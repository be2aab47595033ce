"""Escalation of overdue reports: first the unit's focal points and head, then (after
HOTLINE_ESCALATE_AFTER_WORKING_DAYS more working days) the Chairman's office (leadership).

One Escalation row per report, level and deadline: a job run twice, or by two beats, warns once.
"""

from datetime import date, datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from core.calendar import load_calendar, working_days_between

from . import outbox, people
from .models import Escalation, Event, Report

S = Report.Status


def overdue_q(today: date) -> Q:
    return Q(status__in=(S.NEW, S.ACCEPTED), classify_due__lt=today) | Q(
        status__in=(S.PROCESSING, S.ANSWER_SUBMITTED), answer_due__lt=today
    )


def escalate_overdue(*, today: date, now: datetime) -> int:
    """Create the escalations due today; return how many were created."""
    reports = list(Report.objects.filter(overdue_q(today)).select_related("routed_unit").order_by("pk"))
    if not reports:
        return 0
    earliest = min(r.current_due() for r in reports)
    calendar = load_calendar(earliest, today)
    existing = set(Escalation.objects.filter(report__in=reports).values_list("report_id", "level", "due_date"))
    leaders = None
    created = 0
    for report in reports:
        due = report.current_due()
        late_days = working_days_between(due, today, calendar)
        levels = [Escalation.Level.UNIT]
        if late_days > settings.HOTLINE_ESCALATE_AFTER_WORKING_DAYS:
            levels.append(Escalation.Level.LEADERSHIP)
        for level in levels:
            if (report.pk, level, due) in existing:
                continue
            if level == Escalation.Level.LEADERSHIP:
                leaders = people.leadership_ids() if leaders is None else leaders
                recipients, notice = leaders, "escalation_leadership"
            elif report.routed_unit_id:
                recipients, notice = people.unit_contact_ids(report.routed_unit), "escalation_unit"
            else:
                recipients, notice = people.operator_ids(), "escalation_unit"
            if _escalate(report=report, level=level, due=due, recipients=recipients, notice=notice, now=now):
                created += 1
    return created


def _escalate(*, report: Report, level: int, due: date, recipients: list[int], notice: str, now: datetime) -> bool:
    with transaction.atomic():
        __, created = Escalation.objects.get_or_create(
            report=report, level=level, due_date=due, defaults={"created_at": now, "recipients": len(set(recipients))}
        )
        if not created:
            return False
        label = Escalation.Level(level).label
        note = _("%(level)s: quá hạn %(due)s.") % {"level": label, "due": due.strftime("%d/%m/%Y")}
        Event.objects.create(report=report, kind=Event.Kind.ESCALATED, at=now, note=note, is_public=False)
        outbox.notify_people(report=report, person_ids=recipients, notice=notice, now=now)
    return True
