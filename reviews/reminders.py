"""The reminder ladder of the monthly review, and sending each reminder exactly once.

The ladder for a month, with `now` passed in (nothing is sent outside working hours):
- from the reminder day: a first digest to each person who still owes a report (FIRST);
- from REVIEW_SECOND_REMINDER_WORKING_DAYS working days before the deadline: a second digest,
  only to those still owing (SECOND);
- after the deadline: an overdue notice to each person still owing (OVERDUE), to the member
  responsible for the lead unit (OVERDUE_MEMBER), a summary of who is late to the secretariat and
  a monthly summary to leadership. A run sends the latest stage only: someone added after the
  first reminder gets the second one, not both.

Whom: for each task, its responsible member and the focal points of its lead unit. One digest per
person and kind, listing all their tasks. Everyone gets the in-app notification; those with an
e-mail address also the e-mail. Whoever had no e-mail address or no account when it was sent is
marked on the reminder, and the review board lists them.

Exactly once: the one design of core/delivery.py (see also README, "Monthly review"). Each
reminder is claimed by INSERTing its unique row (review, recipient, kind) with this run's token
before anything is sent; unsent rows are taken over once their lease (LEASE, longer than the job's
hard time limit) or their backoff after a failed send has passed. Rows are sent over one connection
in batches, each batch stamped with its in-app notifications in one transaction; on any other
exception the sent ones are stamped and the untried released. A hard kill between the SMTP
"250 OK" and the stamp can repeat at most that batch. After MAX_ATTEMPTS a reminder stays in the
log with its last error.
"""

import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, cast

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core import delivery
from core.calendar import Calendar, is_working_time
from core.roles import Role
from members.models import Assignment, Committee, Person
from tasks.models import Task
from tasks.periods import month_start

from .board import (
    MISSING,
    Rate,
    classify,
    deadline_end,
    late_by_unit,
    open_review,
    owing_tasks,
    review_calendar,
    review_dates,
    second_reminder_date,
)
from .models import MonthlyReview, Reminder

if TYPE_CHECKING:
    from .board import BoardRow

logger = logging.getLogger(__name__)

Kind = Reminder.Kind
PERSON_KINDS = (Kind.FIRST, Kind.SECOND, Kind.OVERDUE)
AFTER_DEADLINE = (Kind.OVERDUE, Kind.OVERDUE_MEMBER, Kind.SECRETARIAT_SUMMARY, Kind.LEADERSHIP_SUMMARY)

# A claim older than this is presumed dead (worker killed) and taken over. It must exceed the hard
# time limit of the job that sends (jobs.CYCLE_TIME_LIMIT): asserted in tests/reviews/test_celery_settings.py.
LEASE = timedelta(minutes=15)
MAX_ATTEMPTS = 5
BACKOFF = timedelta(minutes=15)  # 15 min, 30 min, 1 h, 2 h after the 1st..4th failure
POLICY = delivery.Policy(name="reminder", lease=LEASE, first_backoff=BACKOFF, max_attempts=MAX_ATTEMPTS)


def send_batch_size() -> int:
    return getattr(settings, "REVIEW_MAIL_BATCH_SIZE", 100)


def backoff(attempts: int) -> timedelta:
    return POLICY.backoff(attempts)


@dataclass
class Planned:
    recipient: Person
    kind: str
    tasks: Sequence[Task]


@dataclass
class CycleResult:
    skipped: str = ""
    review: MonthlyReview | None = None
    kinds: list[str] = field(default_factory=list)
    planned: int = 0
    claimed: int = 0
    sent: int = 0
    failed: int = 0


@dataclass
class Context:
    """What the messages of one run need, computed once."""

    review: MonthlyReview
    rows: "list[BoardRow]"
    total: Rate
    late_units: list[dict]
    tasks_by_id: dict[int, Task]


def due_kinds(*, review: MonthlyReview, today: date, calendar: Calendar) -> list[str]:
    """The reminders due on `today` for a review (the latest stage of the ladder only)."""
    if review.closed_at or today < review.reminder_date:
        return []
    if today > review.deadline:
        return list(AFTER_DEADLINE)
    second = second_reminder_date(reminder=review.reminder_date, deadline=review.deadline, calendar=calendar)
    if second is not None and today >= second:
        return [Kind.SECOND]
    return [Kind.FIRST]


def report_path(task: Task) -> str:
    try:
        return reverse("tasks:report_create", kwargs={"pk": task.pk})
    except NoReverseMatch:  # the report form belongs to the plan views; until wired, the inbox
        return reverse("core:notifications")


def review_path(review: MonthlyReview) -> str:
    return reverse(
        "reviews:review_board",
        kwargs={"committee": review.committee_id, "year": review.month.year, "month": review.month.month},
    )


# --- planning: who gets what --------------------------------------------------------------------


def _focal_points_by_unit(unit_ids: set[int]) -> dict[int, list[Person]]:
    people = Person.objects.filter(user__groups__name=Role.FOCAL_POINT, user__is_active=True, unit_id__in=unit_ids)
    by_unit: dict[int, list[Person]] = defaultdict(list)
    for person in people.distinct():
        if person.unit_id is not None:
            by_unit[person.unit_id].append(person)
    return by_unit


def _members_by_unit(committee: Committee, unit_ids: set[int], today: date) -> dict[int, list[Person]]:
    """The members whose assignment (in force on `today`) covers each unit."""
    assignments = (
        Assignment.objects.filter(membership__committee=committee, units__in=unit_ids, start__lte=today)
        .filter(Q(end__isnull=True) | Q(end__gte=today))
        .filter(membership__start__lte=today)
        .filter(Q(membership__end__isnull=True) | Q(membership__end__gte=today))
        .values_list("units", "membership__person_id")
    )
    pairs = list(assignments)
    people = {p.pk: p for p in Person.objects.filter(pk__in={pid for _u, pid in pairs})}
    by_unit: dict[int, list[Person]] = defaultdict(list)
    for unit_id, person_id in pairs:
        person = people.get(person_id)
        if person and person not in by_unit[unit_id]:
            by_unit[unit_id].append(person)
    return by_unit


def _staff(role: str) -> list[Person]:
    return list(Person.objects.filter(user__groups__name=role, user__is_active=True).distinct().order_by("pk"))


def _digest(pairs) -> dict[int, tuple[Person, list[Task]]]:
    """(person, task) pairs -> one entry per person with their tasks, each task once, in order."""
    out: dict[int, tuple[Person, list[Task]]] = {}
    for person, task in pairs:
        if person is None:
            continue
        entry = out.setdefault(person.pk, (person, []))
        if task not in entry[1]:
            entry[1].append(task)
    return out


def plan_reminders(
    *, committee: Committee, review: MonthlyReview, kinds: list[str], today: date
) -> tuple[list[Planned], Context]:
    end = deadline_end(review.deadline)
    rows = cast(
        "list[BoardRow]",
        list(
            owing_tasks(committee, review.month)
            .select_related("lead_unit", "responsible", "area")
            .order_by("code", "pk")
        ),
    )
    total = Rate(_("Tổng cộng"))
    for task in rows:
        task.outcome = classify(task, end)
        total.add(task.outcome)
    missing = [t for t in rows if t.outcome == MISSING]
    ctx = Context(
        review=review, rows=rows, total=total, late_units=late_by_unit(rows), tasks_by_id={t.pk: t for t in rows}
    )
    planned: list[Planned] = []
    person_kind = next((k for k in kinds if k in PERSON_KINDS), None)
    unit_ids = {t.lead_unit_id for t in missing}
    if person_kind and missing:
        focal = _focal_points_by_unit(unit_ids)
        pairs = []
        for task in missing:
            pairs.append((task.responsible, task))
            pairs.extend((person, task) for person in focal.get(task.lead_unit_id, ()))
        planned += [Planned(p, person_kind, tasks) for p, tasks in _digest(pairs).values()]
    if Kind.OVERDUE_MEMBER in kinds and missing:
        members = _members_by_unit(committee, unit_ids, today)
        pairs = []
        for task in missing:
            people: list[Person | None] = [*members.get(task.lead_unit_id, [])]
            for person in people or [task.responsible]:
                pairs.append((person, task))
        planned += [Planned(p, Kind.OVERDUE_MEMBER, tasks) for p, tasks in _digest(pairs).values()]
    if Kind.SECRETARIAT_SUMMARY in kinds:
        planned += [Planned(p, Kind.SECRETARIAT_SUMMARY, missing) for p in _staff(Role.SECRETARIAT)]
    if Kind.LEADERSHIP_SUMMARY in kinds:
        planned += [Planned(p, Kind.LEADERSHIP_SUMMARY, missing) for p in _staff(Role.LEADERSHIP)]
    return planned, ctx


# --- claiming ------------------------------------------------------------------------------------


def claim(*, review: MonthlyReview, planned: list[Planned], now: datetime, token: str) -> list[Reminder]:
    """Claim the planned reminders and any stale unsent ones; return the rows this run holds."""
    rows = [
        Reminder(review=review, recipient=p.recipient, kind=p.kind, task_ids=[t.pk for t in p.tasks]) for p in planned
    ]
    delivery.claim_new(Reminder, rows, now=now, token=token, policy=POLICY)
    delivery.claim_due(Reminder.objects.filter(review=review), now=now, token=token, policy=POLICY)
    return list(delivery.held(Reminder.objects.filter(review=review), token).select_related("recipient__user"))


# --- rendering -----------------------------------------------------------------------------------


def subject_for(kind: str, review: MonthlyReview, count: int) -> str:
    month = f"{review.month:%m/%Y}"
    deadline = f"{review.deadline:%d/%m/%Y}"
    subjects: dict[str, str] = {
        Kind.FIRST: _("[CCHC] Nhắc báo cáo tiến độ tháng %(month)s (hạn %(deadline)s)"),
        Kind.SECOND: _("[CCHC] Nhắc lần 2: còn %(count)d nhiệm vụ chưa báo cáo tháng %(month)s, hạn %(deadline)s"),
        Kind.OVERDUE: _("[CCHC] Quá hạn báo cáo tiến độ tháng %(month)s"),
        Kind.OVERDUE_MEMBER: _("[CCHC] Đơn vị đồng chí phụ trách chưa báo cáo tiến độ tháng %(month)s"),
        Kind.SECRETARIAT_SUMMARY: _("[CCHC] Tổng hợp đơn vị báo cáo muộn, chưa báo cáo tháng %(month)s"),
        Kind.LEADERSHIP_SUMMARY: _("[CCHC] Tổng hợp kết quả báo cáo tiến độ tháng %(month)s"),
    }
    return subjects[kind] % {"month": month, "deadline": deadline, "count": count}


def render_reminder(reminder: Reminder, ctx: Context) -> tuple[str, str, str, str]:
    """(subject, text, html, in-app url) of one reminder."""
    tasks = [ctx.tasks_by_id[pk] for pk in reminder.task_ids if pk in ctx.tasks_by_id]
    review = ctx.review
    board_url = settings.SITE_URL + review_path(review)
    items = [{"task": t, "url": settings.SITE_URL + report_path(t)} for t in tasks]
    context = {
        "person": reminder.recipient,
        "kind": reminder.kind,
        "review": review,
        "items": items,
        "count": len(items),
        "total": ctx.total,
        "late_units": ctx.late_units,
        "board_url": board_url,
        "site_url": settings.SITE_URL,
        "is_summary": reminder.kind in (Kind.SECRETARIAT_SUMMARY, Kind.LEADERSHIP_SUMMARY),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = subject_for(reminder.kind, review, len(items))
        text = render_to_string("reviews/email/reminder.txt", context)
        html = render_to_string("reviews/email/reminder.html", context)
    if context["is_summary"]:
        url = review_path(review)
    elif len(tasks) == 1:
        url = report_path(tasks[0])
    else:
        url = reverse("core:notifications")
    return subject, text, html, url


def build_parcel(reminder: Reminder, ctx: Context) -> delivery.Parcel:
    """The reminder's in-app notice (always) and e-mail (when the person has an address)."""
    subject, text, html, url = render_reminder(reminder, ctx)
    reach = delivery.reach_person(reminder.recipient)
    message = None
    if reach.email:
        message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [reach.email])
        message.attach_alternative(html, "text/html")
    return reach.parcel(title=subject, body=_notification_body(reminder, ctx), url=url, email=message)


def _notification_body(reminder: Reminder, ctx: Context) -> str:
    tasks = [ctx.tasks_by_id[pk] for pk in reminder.task_ids if pk in ctx.tasks_by_id]
    lines = [f"{t.code}. {t.title}" for t in tasks[:20]]
    if len(tasks) > 20:
        lines.append(_("… và %(n)d nhiệm vụ khác") % {"n": len(tasks) - 20})
    return "\n".join(lines)


# --- sending -------------------------------------------------------------------------------------


def _load_missing_tasks(claimed: list[Reminder], ctx: Context) -> None:
    """Stale reminders re-claimed from an earlier run may name tasks this run did not load."""
    missing = {pk for r in claimed for pk in r.task_ids if pk not in ctx.tasks_by_id}
    if missing:
        for task in Task.objects.filter(pk__in=missing).select_related("lead_unit", "responsible", "area"):
            ctx.tasks_by_id[task.pk] = task


def run_cycle(*, committee: Committee, month: date, now: datetime, connection=None) -> CycleResult:
    """Open the month's review when due and send what the ladder says is due at `now`."""
    month = month_start(month)
    if not is_working_time(now):
        return CycleResult(skipped="outside_working_hours")
    today = timezone.localtime(now).date()
    calendar = review_calendar(month)
    reminder_day, _deadline = review_dates(month=month, calendar=calendar)
    existing = MonthlyReview.objects.filter(committee=committee, month=month).first()
    if existing is None and today < reminder_day:
        return CycleResult(skipped="not_open_yet")
    review = existing or open_review(committee=committee, month=month, calendar=calendar)
    kinds = due_kinds(review=review, today=today, calendar=calendar)
    result = CycleResult(review=review, kinds=kinds)
    if not kinds:
        result.skipped = "closed" if review.closed_at else "nothing_due"
        return result
    planned, ctx = plan_reminders(committee=committee, review=review, kinds=kinds, today=today)
    token = delivery.new_token()
    claimed = claim(review=review, planned=planned, now=now, token=token)
    result.planned, result.claimed = len(planned), len(claimed)
    if not claimed:
        return result
    _load_missing_tasks(claimed, ctx)
    result.sent, result.failed = delivery.deliver(
        claimed,
        prepare=lambda reminder: build_parcel(cast(Reminder, reminder), ctx),
        now=now,
        policy=POLICY,
        token=token,
        connection=connection,
        batch_size=send_batch_size(),
    )
    logger.info(
        "review cycle",
        extra={
            "review_id": review.pk,
            "kinds": kinds,
            "planned": result.planned,
            "sent": result.sent,
            "failed": result.failed,
        },
    )
    return result


CATCH_UP_DAYS = 10


def months_to_run(today: date) -> list[date]:
    """The current month; in its first CATCH_UP_DAYS days also the previous one, whose overdue
    notices may still be pending (a deadline moved by holidays, an outage)."""
    current = month_start(today)
    if today.day <= CATCH_UP_DAYS:
        return [month_start(current - timedelta(days=1)), current]
    return [current]
