"""Progress reports: submitting one (with checked attachments), and the secretariat's decision on it.

Nothing is overwritten: a returned report stays, and the resubmission is a new row that
`supersedes` it. A report for a period whose monthly review is closed is refused.
Saving a report refreshes its task's `TaskProgress` summary in the same transaction (`ProgressReport.save`).
"""

from collections.abc import Iterable
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.uploads import safe_filename, storage_name, validate_upload
from core.versions import check_version

from . import notices
from .closed_months import month_is_closed
from .models import ProgressReport, ReportAttachment, Task
from .periods import month_start

ATTACHMENT_TYPES = ("pdf", "doc", "docx", "xls", "xlsx", "jpg", "jpeg", "png")
MAX_ATTACHMENTS = 5


def period_is_closed(*, task: Task, period: date) -> bool:
    """True when the month of `period` is closed for the task's committee (no more reports for it:
    tasks/closed_months.py)."""
    return month_is_closed(task.plan.committee_id, period)


def check_attachments(files: list) -> list[str]:
    """Validate every file before anything is saved; return their content types."""
    if len(files) > MAX_ATTACHMENTS:
        raise ValidationError({"attachments": _("Tối đa %(n)s tệp đính kèm mỗi báo cáo.") % {"n": MAX_ATTACHMENTS}})
    types = []
    for f in files:
        try:
            types.append(validate_upload(f, allowed=ATTACHMENT_TYPES, max_bytes=settings.UPLOAD_MAX_BYTES))
        except ValidationError as e:
            raise ValidationError({"attachments": e.messages})
    return types


def returned_report_to_supersede(*, task: Task, period: date) -> ProgressReport | None:
    return (
        ProgressReport.objects.filter(
            task=task, period=period, status=ProgressReport.Status.RETURNED, superseded_by__isnull=True
        )
        .order_by("-submitted_at")
        .first()
    )


def completion_date_errors(*, task: Task, completed_on: date | None, today: date) -> list[str]:
    """What is wrong with the completion day of a report at 100 % (rules in `submit_report`); [] when nothing."""
    if completed_on is None:
        return [_("Báo cáo đạt 100%: hãy nhập ngày hoàn thành nhiệm vụ (dd/mm/yyyy).")]
    if completed_on > today:
        return [_("Ngày hoàn thành không được sau hôm nay.")]
    earliest = task.starts_on or date(task.plan.year, 1, 1)
    if completed_on < earliest:
        if task.starts_on:
            return [
                _("Ngày hoàn thành không được trước ngày nhiệm vụ bắt đầu (%(day)s).") % {"day": f"{earliest:%d/%m/%Y}"}
            ]
        return [
            _("Ngày hoàn thành không được trước năm kế hoạch %(year)s (từ %(day)s).")
            % {"year": task.plan.year, "day": f"{earliest:%d/%m/%Y}"}
        ]
    return []


def no_change_errors(*, task: Task, period: date, percent: int) -> list[tuple[str, str]]:
    """(field, message) pairs refusing "no change" on this report (rules in `submit_report`); [] when allowed."""
    previous = (
        ProgressReport.objects.filter(
            task=task,
            period__lt=period,
            status__in=[ProgressReport.Status.SUBMITTED, ProgressReport.Status.ACCEPTED],
        )
        .order_by("-period", "-submitted_at", "-pk")
        .first()
    )
    if previous is None:
        return [("no_change", _("Đây là báo cáo đầu tiên của nhiệm vụ: chưa có kỳ trước để ghi “không có thay đổi”."))]
    if previous.percent != percent:
        return [
            (
                "no_change",
                _(
                    "Đã chọn “không có thay đổi trong kỳ” nhưng tỷ lệ (%(new)s%%) khác kỳ trước (%(old)s%%, tháng "
                    "%(month)s): bỏ chọn “không có thay đổi” hoặc giữ tỷ lệ kỳ trước."
                )
                % {"new": percent, "old": previous.percent, "month": f"{previous.period:%m/%Y}"},
            )
        ]
    return []


@transaction.atomic
def submit_report(
    *,
    task: Task,
    user,
    period: date,
    percent: int,
    no_change: bool = False,
    done: str = "",
    obstacles: str = "",
    proposals: str = "",
    completed_on: date | None = None,
    files: list | tuple = (),
    now: datetime,
    today: date,
    is_demo: bool = False,
) -> ProgressReport:
    """Record a report for `period` (a month); raises ValidationError (Vietnamese, keyed by field) and saves
    nothing on bad input. Besides the period rules (not before the plan's year, not a month to come, not a
    closed month, one live report a month), the rules of what a report says:
    - a report at 100 % gives the day the task was completed (`completed_on`): none is assumed, since the
      day decides whether the task was done on time (tasks/completion.py); below 100 % none is kept;
    - that day is not before the task could start (its `starts_on`, else 1 January of its plan's year) and
      not after `today`;
    - "no change" (`no_change`) repeats the task's previous report (the latest one of an earlier month,
      submitted or accepted): never on its first report, and only with the same percent."""
    period = month_start(period)
    if task.cancelled_at is not None:
        raise ValidationError(_("Nhiệm vụ đã bị hủy: không nhận báo cáo tiến độ."))
    errors: dict[str, list[str]] = {}
    if percent is None or not 0 <= percent <= 100:
        errors.setdefault("percent", []).append(_("Tỷ lệ hoàn thành phải từ 0 đến 100."))
    if period.year < task.plan.year:
        errors.setdefault("period", []).append(
            _("Kỳ báo cáo không được trước năm kế hoạch %(year)s.") % {"year": task.plan.year}
        )
    elif period > month_start(today):
        errors.setdefault("period", []).append(_("Chưa đến kỳ báo cáo này."))
    if percent is not None and percent == 100:
        for message in completion_date_errors(task=task, completed_on=completed_on, today=today):
            errors.setdefault("completed_on", []).append(message)
    elif completed_on is not None:  # a date typed, then the percent lowered: say so rather than drop it
        errors.setdefault("completed_on", []).append(
            _("Chỉ ghi ngày hoàn thành khi tỷ lệ đạt 100%; xóa ngày này hoặc sửa tỷ lệ.")
        )
    if errors:
        raise ValidationError(errors)
    # Lock the task so two submissions for one period cannot both pass the checks below.
    Task.objects.select_for_update().filter(pk=task.pk).first()
    if period_is_closed(task=task, period=period):
        raise ValidationError(
            {
                "period": _("Tháng %(month)s đã đóng; không nhận thêm báo cáo cho tháng này.")
                % {"month": f"{period:%m/%Y}"}
            }
        )
    live = ProgressReport.objects.filter(
        task=task, period=period, status__in=[ProgressReport.Status.SUBMITTED, ProgressReport.Status.ACCEPTED]
    )
    if live.exists():
        raise ValidationError(
            {
                "period": _("Nhiệm vụ đã có báo cáo kỳ %(month)s đang chờ xem xét hoặc đã được chấp nhận.")
                % {"month": f"{period:%m/%Y}"}
            }
        )
    if no_change:
        for field, message in no_change_errors(task=task, period=period, percent=percent):
            errors.setdefault(field, []).append(message)
        if errors:
            raise ValidationError(errors)
    types = check_attachments(list(files))
    if percent < 100:
        completed_on = None
    report = ProgressReport(
        task=task,
        period=period,
        percent=percent,
        no_change=no_change,
        done=done,
        obstacles=obstacles,
        proposals=proposals,
        completed_on=completed_on,
        submitted_by=user,
        submitted_at=now,
        supersedes=returned_report_to_supersede(task=task, period=period),
        is_demo=is_demo,
    )
    report.full_clean()
    report.save()
    for f, content_type in zip(files, types, strict=True):
        attachment = ReportAttachment(
            report=report, original_name=safe_filename(f.name), content_type=content_type, size=f.size
        )
        attachment.file.save(storage_name(f.name), f, save=False)
        attachment.full_clean()
        attachment.save()
    return report


@transaction.atomic
def review_report(
    *, report: ProgressReport, user, accept: bool, comment: str, now: datetime, version: int | None = None
) -> ProgressReport:
    """Accept a submitted report, or return it with a comment (the comment is required). `version` is the
    report's version the reviewing form was drawn from (None: not checked): a report someone else reviewed
    meanwhile raises `core.versions.StaleEdit` naming their decision. A returned report's reporters are told,
    with the comment and a link to the resubmission form, in the same transaction (tasks/notices.py)."""
    # The task first, then the report: the same lock order as `submit_report` and the summary refresh.
    Task.objects.select_for_update().filter(pk=report.task_id).first()
    report = ProgressReport.objects.select_for_update().get(pk=report.pk)
    check_version(report, version, fields=("status", "review_comment"))
    if report.status != ProgressReport.Status.SUBMITTED:
        raise ValidationError(_("Báo cáo này đã được xem xét."))
    comment = (comment or "").strip()
    if not accept and not comment:
        raise ValidationError({"comment": _("Phải nêu lý do khi trả lại báo cáo.")})
    return _decide(report, user=user, accept=accept, comment=comment, now=now)


def _decide(report: ProgressReport, *, user, accept: bool, comment: str, now: datetime) -> ProgressReport:
    """Record the decision on a locked, pending report (its history and its task's summary follow the
    save); a returned one's reporters are told, unless it is demonstration data (`is_demo`: loaded after the
    fact, it is news to nobody)."""
    report.status = ProgressReport.Status.ACCEPTED if accept else ProgressReport.Status.RETURNED
    report.reviewed_by = user
    report.reviewed_at = now
    report.review_comment = comment
    report.full_clean()
    report.save()
    if not accept and not report.is_demo:
        notices.queue_returned(report=report, now=now)
    return report


@transaction.atomic
def accept_reports(*, reports: Iterable[ProgressReport], user, now: datetime) -> list[ProgressReport]:
    """Accept several pending reports at once (the review queue), each recorded as `review_report` records
    one accepted singly (decision, reviewer, time, history, its task's summary). All or none: when any is
    no longer pending (someone reviewed it meanwhile, or it was resubmitted), raises ValidationError on
    `reports` naming each of them, and nothing is accepted. Returns the accepted reports, by id."""
    ids = sorted({r.pk for r in reports})
    task_ids = sorted(set(ProgressReport.objects.filter(pk__in=ids).values_list("task_id", flat=True)))
    # Tasks first, in id order, then the reports: the lock order of `review_report` and `submit_report`.
    list(Task.objects.select_for_update().filter(pk__in=task_ids).order_by("pk").values_list("pk", flat=True))
    locked = list(
        ProgressReport.objects.select_for_update(of=("self",)).filter(pk__in=ids).select_related("task").order_by("pk")
    )
    stale = [r for r in locked if r.status != ProgressReport.Status.SUBMITTED]
    if stale:
        names = "; ".join(
            _("nhiệm vụ %(code)s kỳ %(month)s (%(status)s)")
            % {"code": r.task.code, "month": f"{r.period:%m/%Y}", "status": r.get_status_display().lower()}
            for r in stale
        )
        raise ValidationError(
            _(
                "Các báo cáo sau không còn chờ xem xét: %(names)s. Chưa chấp nhận báo cáo nào; "
                "đồng chí xem lại danh sách và chọn lại."
            )
            % {"names": names}
        )
    return [_decide(r, user=user, accept=True, comment="", now=now) for r in locked]
