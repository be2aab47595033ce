"""The monthly review of a committee: its dates, opening and closing it, and the board's figures.

A review covers every task of the committee's approved plans that owes a report for the month
(tasks/periods.py). A report counts as on time when its first submission for the month came by
the review's deadline (end of that day, local time); "late" reported after it; "missing" not at all.
Every function takes the day or moment it works for; none reads the clock.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, TypedDict, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, Min, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from core.calendar import Calendar, load_calendar
from members.models import Committee
from tasks.models import PilotUnit, Plan, ProgressReport, Task
from tasks.periods import month_start, next_month, owing_q, reported_for, tasks_owing_report

from .board_rows import LIGHT, LightRow, attach_related
from .models import MonthlyReview, Reminder

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

TREND_MONTHS = 6

ON_TIME = "on_time"
LATE = "late"
MISSING = "missing"


class BoardRowFields(TypedDict):
    """What a task on the board carries: from `owing_tasks` (has_report, first_submitted_at) and from
    `review_board` (returned, outcome, is_pilot)."""

    has_report: bool
    first_submitted_at: datetime | None
    returned: bool
    outcome: str
    is_pilot: bool


if TYPE_CHECKING:
    BoardRow = WithAnnotations[Task, BoardRowFields]


def parse_month(value: str) -> date:
    """'2023-05' -> date(2023, 5, 1); ValueError with a Vietnamese message otherwise."""
    try:
        year, month = (int(part) for part in value.split("-"))
        return date(year, month, 1)
    except (ValueError, TypeError):
        raise ValueError(_("Tháng không hợp lệ: “%(value)s” (định dạng YYYY-MM).") % {"value": value})


def review_calendar(month: date) -> Calendar:
    """The working calendar around a month (its province entries read in one query): enough for every
    date a review of the month needs."""
    month = month_start(month)
    return load_calendar(month - timedelta(days=45), next_month(next_month(month)) + timedelta(days=31))


def closed_reviews() -> QuerySet[MonthlyReview]:
    """The closed monthly reviews (`committee_id`, `month`): the months closed to reports
    (tasks/closed_months.py reads them)."""
    return MonthlyReview.objects.filter(closed_at__isnull=False)


def month_is_closed(committee_id: int, month: date) -> bool:
    """True when the committee's review of `month` (first day) is closed: no more reports for it."""
    return MonthlyReview.objects.filter(committee_id=committee_id, month=month, closed_at__isnull=False).exists()


def review_dates(*, month: date, calendar: Calendar) -> tuple[date, date]:
    """(reminder day, deadline) of a month: the configured days (settings.REVIEW_REMINDER_DAY and
    REVIEW_DEADLINE_DAY), each moved to the next working day.

    A reminder is never dated on the deadline: when a break covers both days (Tết 20–26/01/2023 moved
    both to 27/01), the reminder goes out on the last working day before its configured day instead,
    so units hear of the deadline before the break (19/01/2023), if that day is in the month."""
    month = month_start(month)
    configured = month.replace(day=settings.REVIEW_REMINDER_DAY)
    reminder = calendar.next_working_day(configured)
    deadline = max(reminder, calendar.next_working_day(month.replace(day=settings.REVIEW_DEADLINE_DAY)))
    if reminder == deadline and configured > month:
        earlier = calendar.previous_working_day(configured - timedelta(days=1))
        if earlier >= month:
            reminder = earlier
    return reminder, deadline


def second_reminder_date(*, reminder: date, deadline: date, calendar: Calendar) -> date | None:
    """The day of the second reminder: settings.REVIEW_SECOND_REMINDER_WORKING_DAYS working days before
    the deadline, and strictly between the first reminder and the deadline. When days off push that count
    back onto (or before) the first reminder, the last working day before the deadline is used if it still
    falls after the first reminder (11/2026: 20/11 first, 23/11 second, 25/11 deadline); None when no
    working day fits (then the ladder has no second reminder, as in January 2023)."""
    second = calendar.subtract_working_days(deadline, settings.REVIEW_SECOND_REMINDER_WORKING_DAYS)
    if second <= reminder:
        second = calendar.previous_working_day(deadline - timedelta(days=1))
    return second if reminder < second < deadline else None


def deadline_end(deadline: date) -> datetime:
    """The first moment after the deadline day, local time: reports before it are on time."""
    return timezone.make_aware(datetime.combine(deadline + timedelta(days=1), time.min))


def committee_tasks(committee: Committee) -> QuerySet[Task]:
    return Task.objects.filter(plan__committee=committee, plan__status=Plan.Status.APPROVED)


def owing_tasks(committee: Committee, month: date) -> QuerySet[Task]:
    """Tasks of the committee that owe a report for `month`, with `has_report` and `first_submitted_at`."""
    month = month_start(month)
    first = (
        ProgressReport.objects.filter(task=OuterRef("pk"), period=month)
        .order_by()
        .values("task")
        .annotate(first=Min("submitted_at"))
        .values("first")
    )
    return tasks_owing_report(month, committee_tasks(committee)).annotate(first_submitted_at=Subquery(first[:1]))


def returned_reports(month: date) -> QuerySet[ProgressReport]:
    """Subquery: the task's report for `month` returned by the secretariat and not yet sent again."""
    return ProgressReport.objects.filter(
        task=OuterRef("pk"), period=month, status=ProgressReport.Status.RETURNED, superseded_by__isnull=True
    )


def open_review(*, committee: Committee, month: date, calendar: Calendar | None = None) -> MonthlyReview:
    """The committee's review of the month, created with its dates if it does not exist yet."""
    month = month_start(month)
    existing = MonthlyReview.objects.filter(committee=committee, month=month).first()
    if existing:
        return existing
    if calendar is None:
        calendar = review_calendar(month)
    reminder, deadline = review_dates(month=month, calendar=calendar)
    review = MonthlyReview(committee=committee, month=month, reminder_date=reminder, deadline=deadline)
    # The one-per-month rule is left to the database: checked here too, a job that lost the race to open
    # the month would fail on it instead of reading the winner's row below.
    review.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            review.save()
    except IntegrityError:  # two beats opened it at once: the other one won
        review = MonthlyReview.objects.get(committee=committee, month=month)
    return review


def lock_review(*, committee: Committee, month: date) -> MonthlyReview:
    """`open_review`, its row then locked (SELECT ... FOR UPDATE) until the caller's transaction ends:
    two clerks issuing the month's letter at once see each other's. Call inside transaction.atomic()."""
    review = open_review(committee=committee, month=month)
    return MonthlyReview.objects.select_for_update().get(pk=review.pk)


def save_assessment(*, review: MonthlyReview, assessment: str, close: bool, user, now: datetime) -> MonthlyReview:
    """The secretariat's assessment; with close=True the month becomes read-only (`close_month`).

    Raises ValidationError when the month is closed already."""
    if review.closed_at:
        raise ValidationError(_("Tháng %(month)s đã đóng, không thể sửa.") % {"month": f"{review.month:%m/%Y}"})
    review.assessment = assessment.strip()
    if close:
        review.closed_at = now
        review.closed_by = user
    review.full_clean()
    review.save(update_fields=["assessment", "closed_at", "closed_by"])
    return review


def open_month(*, committee: Committee, month: date, today: date) -> MonthlyReview:
    """The secretariat opens the review of a month by hand, without waiting for the scheduler: the same
    review (dates from the working calendar) the scheduler opens. Returns the review, new or existing.

    Raises ValidationError for a month after `today`'s (no report is owed for it yet)."""
    month = month_start(month)
    if month > month_start(today):
        raise ValidationError(
            _("Chưa đến tháng %(month)s: chỉ mở được đánh giá từ tháng này trở về trước.") % {"month": f"{month:%m/%Y}"}
        )
    return open_review(committee=committee, month=month)


def close_month(*, review: MonthlyReview, user, now: datetime) -> MonthlyReview:
    """Close the month (after the clerk confirmed): no more reports, assessment or letters for it, until
    leadership reopens it (`reopen_month`). Call inside transaction.atomic().

    Raises ValidationError when it is closed already (a second clerk confirmed first)."""
    review = MonthlyReview.objects.select_for_update().get(pk=review.pk)
    if review.closed_at:
        raise ValidationError(_("Tháng %(month)s đã đóng.") % {"month": f"{review.month:%m/%Y}"})
    review.closed_at, review.closed_by = now, user
    review._change_reason = _("Đóng tháng")  # type: ignore[attr-defined]
    review.save(update_fields=["closed_at", "closed_by"])
    return review


def reopen_month(*, review: MonthlyReview, user, reason: str, now: datetime) -> MonthlyReview:
    """Leadership undoes a closing, with a reason: the month takes reports and edits again. The reopening
    (who, when, why) is kept on the review and in its history. Call inside transaction.atomic().

    Raises ValidationError when the month is not closed or the reason is empty."""
    review = MonthlyReview.objects.select_for_update().get(pk=review.pk)
    if not review.closed_at:
        raise ValidationError(_("Tháng %(month)s đang mở.") % {"month": f"{review.month:%m/%Y}"})
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Nêu lý do mở lại tháng.")})
    review.closed_at, review.closed_by = None, None
    review.reopened_at, review.reopened_by, review.reopen_reason = now, user, reason
    review._change_reason = (_("Mở lại: %(reason)s") % {"reason": reason})[:100]  # type: ignore[attr-defined]
    review.full_clean()
    review.save(update_fields=["closed_at", "closed_by", "reopened_at", "reopened_by", "reopen_reason"])
    return review


def classify(task: "BoardRow", end: datetime) -> str:
    if not task.has_report:
        return MISSING
    if task.first_submitted_at is not None and task.first_submitted_at < end:
        return ON_TIME
    return LATE


@dataclass
class Rate:
    """Counts for one group of tasks (a unit, a member, an area, pilot or not)."""

    label: str
    owed: int = 0
    on_time: int = 0
    late: int = 0
    missing: int = 0
    key: object = None
    is_pilot: bool = False

    @property
    def reported(self) -> int:
        return self.on_time + self.late

    @property
    def on_time_rate(self) -> int:
        return round(100 * self.on_time / self.owed) if self.owed else 0

    def add(self, outcome: str) -> None:
        """Count one task with its outcome (ON_TIME, LATE or MISSING)."""
        self.owed += 1
        if outcome == ON_TIME:
            self.on_time += 1
        elif outcome == LATE:
            self.late += 1
        else:
            self.missing += 1


@dataclass
class Board:
    committee: Committee
    month: date
    review: MonthlyReview | None
    reminder_date: date
    deadline: date
    second_reminder: date | None
    today: date
    rows: "list[BoardRow]" = field(default_factory=list)
    total: Rate = field(default_factory=lambda: Rate(_("Tổng cộng")))
    by_unit: list[Rate] = field(default_factory=list)
    by_member: list[Rate] = field(default_factory=list)
    by_area: list[Rate] = field(default_factory=list)
    pilot: Rate = field(default_factory=lambda: Rate(_("Điểm chỉ đạo")))
    others: Rate = field(default_factory=lambda: Rate(_("Đơn vị khác")))
    trend: list[dict] = field(default_factory=list)
    reminders: list[Reminder] = field(default_factory=list)

    @property
    def past_deadline(self) -> bool:
        return self.today > self.deadline

    @property
    def late_rows(self) -> "list[BoardRow]":
        return [t for t in self.rows if t.outcome == LATE]

    @property
    def unreached(self) -> list[Reminder]:
        """Sent reminders that no e-mail carried (in the app only, or to no one): never skipped in silence."""
        return [r for r in self.reminders if r.sent_at and not r.emailed]

    @property
    def missing_rows(self) -> "list[BoardRow]":
        return [t for t in self.rows if t.outcome == MISSING]

    @property
    def on_time_rows(self) -> "list[BoardRow]":
        return [t for t in self.rows if t.outcome == ON_TIME]

    @property
    def returned_rows(self) -> "list[BoardRow]":
        """Missing because the secretariat returned the month's report and it was not sent again."""
        return [t for t in self.rows if t.outcome == MISSING and t.returned]


def _group(rows: "list[BoardRow]", key, label, pilot_units: frozenset[int] = frozenset()) -> list[Rate]:
    groups: dict = {}
    for task in rows:
        k = key(task)
        if k not in groups:
            groups[k] = Rate(label(task), key=k, is_pilot=k in pilot_units)
        groups[k].add(task.outcome)
    return sorted(groups.values(), key=lambda r: (r.on_time_rate, -r.missing, str(r.label)))


def review_board(*, committee: Committee, month: date, today: date, page: bool = False) -> Board:
    """Everything the review page, the .docx and the .xlsx show, in a fixed number of queries. `page`: the rows
    are light rows (`LIGHT`, no task model: thousands of rows at province scale), enough to count and group;
    the page reads the rows its tables show with `page_rows`. The exports and letters read whole tasks."""
    month = month_start(month)
    calendar = review_calendar(month)
    review = (
        MonthlyReview.objects.filter(committee=committee, month=month)
        .select_related("closed_by__person", "reopened_by__person")
        .first()
    )
    if review:
        reminder, deadline = review.reminder_date, review.deadline
    else:
        reminder, deadline = review_dates(month=month, calendar=calendar)
    board = Board(
        committee=committee,
        month=month,
        review=review,
        reminder_date=reminder,
        deadline=deadline,
        second_reminder=second_reminder_date(reminder=reminder, deadline=deadline, calendar=calendar),
        today=today,
    )
    end = deadline_end(deadline)
    owing = (
        owing_tasks(committee, month)
        .annotate(returned=Exists(returned_reports(month)))
        .order_by("lead_unit__name", "code", "pk")
    )
    if page:  # what counting and grouping need, as light rows; `page_rows` reads the few rows a table shows
        rows = cast("list[BoardRow]", [LightRow(values) for values in owing.values_list(*LIGHT)])
    else:
        rows = cast("list[BoardRow]", list(owing))
    attach_related(rows)
    pilot_units = frozenset(
        PilotUnit.objects.filter(plan__committee=committee, plan__year=month.year).values_list("unit_id", flat=True)
    )
    for task in rows:
        task.outcome = classify(task, end)
        task.is_pilot = task.lead_unit_id in pilot_units
        board.total.add(task.outcome)
        (board.pilot if task.is_pilot else board.others).add(task.outcome)
    board.rows = rows
    board.by_unit = _group(rows, lambda t: t.lead_unit_id, lambda t: t.lead_unit.name, pilot_units)
    board.by_member = _group(
        rows,
        lambda t: t.responsible_id,
        lambda t: t.responsible.full_name if t.responsible else _("(chưa phân công thành viên)"),
    )
    board.by_area = _group(rows, lambda t: t.area_id, lambda t: t.area.name)
    board.trend = review_trend(committee=committee, month=month)
    if review:
        board.reminders = list(
            Reminder.objects.filter(review=review)
            .select_related("recipient__user")
            .order_by("claimed_at", "kind", "pk")
        )
    return board


def review_trend(*, committee: Committee, month: date) -> list[dict]:
    """On-time rate of the past TREND_MONTHS months up to `month`, as
    `[{"month": date, "owed": int, "on_time": int, "reported": int, "rate": int % | None}]`, oldest first.

    One aggregate query for all the months: per month, the tasks owing a report (tasks.periods.owing_q),
    those with a live report for it (`has_report`), and those whose first report for it was sent before the
    end of the month's deadline day (the board's on-time rule: `first_submitted_at` < `deadline_end`). The
    months' deadlines are their reviews' when opened, else the calendar's (`review_dates`)."""
    months = [month_start(month)]
    for _i in range(TREND_MONTHS - 1):
        months.insert(0, month_start(months[0] - timedelta(days=1)))
    calendar = load_calendar(months[0], next_month(months[-1]) + timedelta(days=31))
    deadlines = dict(
        MonthlyReview.objects.filter(committee=committee, month__in=months).values_list("month", "deadline")
    )
    counted: dict = {}
    any_month = Q(pk__in=[])
    for i, m in enumerate(months):
        deadline = deadlines.get(m) or review_dates(month=m, calendar=calendar)[1]
        owing, live = owing_q(m), Exists(reported_for(m))
        early = Exists(
            ProgressReport.objects.filter(task=OuterRef("pk"), period=m, submitted_at__lt=deadline_end(deadline))
        )
        counted[f"owed_{i}"] = Count("pk", filter=owing)
        counted[f"reported_{i}"] = Count("pk", filter=owing & live)
        counted[f"on_time_{i}"] = Count("pk", filter=owing & live & early)
        any_month |= owing
    counts = committee_tasks(committee).filter(any_month).aggregate(**counted)
    trend = []
    for i, m in enumerate(months):
        owed, on_time = counts[f"owed_{i}"] or 0, counts[f"on_time_{i}"] or 0
        trend.append(
            {
                "month": m,
                "owed": owed,
                "on_time": on_time,
                "reported": counts[f"reported_{i}"] or 0,
                # No report owed that month: no rate (0 % would say every report was late).
                "rate": round(100 * on_time / owed) if owed else None,
            }
        )
    return trend


def late_by_unit(rows: "list[BoardRow]") -> list[dict]:
    """Missing reports grouped by lead unit (for summaries and the report body)."""
    units: dict[int, dict] = defaultdict(lambda: {"unit": None, "tasks": []})
    for task in rows:
        if task.outcome == MISSING:
            entry = units[task.lead_unit_id]
            entry["unit"] = task.lead_unit
            entry["tasks"].append(task)
    return sorted(units.values(), key=lambda e: (-len(e["tasks"]), e["unit"].name))
