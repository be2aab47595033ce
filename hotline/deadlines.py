"""When the working calendar changes: the running deadline of each open report is counted again
(core.calendar_changes calls `move_report_deadlines`, registered in HotlineConfig.ready).

A deadline is a number of working days after the day it was counted from: the classification deadline
from the day the report came in (intake), the answer deadline from the day it was last routed,
transferred or reopened, plus the working days of the extensions granted since (added to it, which
counts the same). The number is taken under the calendar before the change and counted again under the
calendar after it, from the first changed day after the counting started, so a change outside a
report's window leaves it alone. The old value stays in the report's history and on its timeline.
"""

from datetime import date, datetime, timedelta

from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import history
from core.calendar import Calendar
from core.calendar_changes import Moved

from .models import Event, Report

S = Report.Status
COUNTED_FROM = (Event.Kind.ROUTED, Event.Kind.TRANSFERRED, Event.Kind.REOPENED)
# django-simple-history keeps at most this many characters of a change's reason.
REASON_LENGTH = 100


def recount(*, counted_from: date, due: date, before: Calendar, after: Calendar, changed: set[date]) -> date:
    """The deadline `due` (working days after `counted_from` under `before`) counted under `after`."""
    later = [d for d in changed if d > counted_from]
    if not later or min(later) > due:
        return due
    start = min(later) - timedelta(days=1)  # both calendars agree up to this day
    days = before.working_days_between(start, due)
    return after.add_working_days(start, days) if days else after.next_working_day(due)


def move_report_deadlines(
    *, before: Calendar, after: Calendar, days: frozenset[date], reason: str, actor, now: datetime
) -> list[Moved]:
    """Move the running deadline of every open report that the change affects; record the old one in the
    report's history and a timeline entry (public for the answer deadline, which the citizen was told)."""
    changed = {d for d in days if before.is_working_day(d) != after.is_working_day(d)}
    if not changed:
        return []
    # A deadline before the first changed day cannot move (the partial index on open reports serves this).
    first = min(changed)
    running = Q(status__in=(S.NEW, S.ACCEPTED), classify_due__gte=first) | Q(
        status__in=(S.PROCESSING, S.ANSWER_SUBMITTED), answer_due__gte=first
    )
    reports = list(Report.objects.select_for_update().filter(running).order_by("pk"))
    counted = dict(
        Event.objects.filter(
            report__status__in=(S.PROCESSING, S.ANSWER_SUBMITTED), report__answer_due__gte=first, kind__in=COUNTED_FROM
        )
        .values("report_id")
        .annotate(last=Max("at"))
        .values_list("report_id", "last")
    )
    moved: list[Moved] = []
    for report in reports:
        if report.status in (S.NEW, S.ACCEPTED):
            field, label, start = "classify_due", _("hạn phân loại"), report.received_on
        elif report.answer_due is not None:
            field, label = "answer_due", _("hạn trả lời")
            start = timezone.localdate(counted[report.pk]) if report.pk in counted else report.received_on
        else:
            continue
        old = getattr(report, field)
        new = recount(counted_from=start, due=old, before=before, after=after, changed=changed)
        if new == old:
            continue
        setattr(report, field, new)
        report.full_clean(validate_unique=False)
        history.stamp(report, actor, reason=reason[:REASON_LENGTH])
        report.save(update_fields=[field])
        note = _("%(label)s tính lại từ %(old)s sang %(new)s. %(reason)s") % {
            "label": label.capitalize(),
            "old": f"{old:%d/%m/%Y}",
            "new": f"{new:%d/%m/%Y}",
            "reason": reason,
        }
        Event.objects.create(
            report=report,
            kind=Event.Kind.DEADLINE_MOVED,
            at=now,
            actor=actor,
            note=note[:2000],
            is_public=field == "answer_due",
        )
        what = _("Phản ánh %(code)s") % {"code": report.display_code}
        url = reverse("hotline:detail", kwargs={"pk": report.pk})
        moved.append(Moved(what=what, label=label, old=old, new=new, url=url))
    return moved
