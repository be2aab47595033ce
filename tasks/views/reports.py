"""Progress reports: submitting, the secretariat's review, and permission-checked attachment downloads."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.filters import bad_query, query_filters
from core.roles import Role, role_required
from core.uploads import attachment_response

from .. import mywork, reports
from ..forms import ReportForm, ReviewForm, closed_month_error
from ..models import ProgressReport
from ..periods import month_start
from ..report_forms import AcceptReportsForm, ReportMonthQuery
from ..selectors import (
    PLAN_READERS,
    get_attachment_for_user,
    get_report_for_review,
    get_task_for_report,
    reports_for_review,
)
from .common import apply_errors, form_data, form_files, form_status, now, seen_version, today
from .mywork import section_page

PREFILLED = ("percent", "no_change", "done", "obstacles", "proposals", "completed_on")


def _opening(query, task, returned: list[ProgressReport], day, closed: set) -> dict:
    """What the report form opens with: `?month=YYYY-MM` (a returned report's notice links there), else the
    month of the latest returned report still waiting for a resubmission, else the newest open month; with
    the returned report of that month, its text, percent and fields. A malformed month is a 400 (BadQuery);
    a month the form does not take (to come, before the plan's year, closed) is a 400 naming it."""
    asked = query_filters(ReportMonthQuery(query)).get("month") if "month" in query else None
    if asked is None:
        waiting = [r for r in returned if r.period not in closed]
        report = max(waiting, key=lambda r: r.reviewed_at or r.submitted_at, default=None)
        return _initial(report) if report is not None else {}
    if asked > month_start(day) or asked.year < task.plan.year:
        raise bad_query(_("Tháng %(month)s không phải là kỳ báo cáo của nhiệm vụ này.") % {"month": f"{asked:%m/%Y}"})
    if asked in closed:
        raise bad_query(closed_month_error(asked))
    report = next((r for r in returned if r.period == asked), None)
    return _initial(report) if report is not None else {"period": f"{asked:%Y-%m}"}


def _initial(report: ProgressReport) -> dict:
    """The form's initial values from a returned report (its month, text, percent and fields)."""
    return {"period": f"{report.period:%Y-%m}", **{name: getattr(report, name) for name in PREFILLED}}


@role_required(Role.MEMBER, Role.FOCAL_POINT)
def report_create(request, pk: int):
    """The report form of a task. It opens on the month of `?month=YYYY-MM` or of the latest returned report,
    prefilled from that report (`_opening`); a closed month is refused (400), on the link as in the post."""
    task = get_task_for_report(request.user, pk)
    day = today()
    returned = list(
        ProgressReport.objects.filter(task=task, status=ProgressReport.Status.RETURNED, superseded_by__isnull=True)
        .select_related("reviewed_by")
        .order_by("-reviewed_at")
    )
    form = ReportForm(*form_files(request), task=task, today=day)
    initial = _opening(request.GET, task, returned, day, form.closed_months)
    form.initial.update(initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            reports.submit_report(
                task=task,
                user=request.user,
                period=d["period"],
                percent=d["percent"],
                no_change=d["no_change"],
                done=d["done"],
                obstacles=d["obstacles"],
                proposals=d["proposals"],
                completed_on=d["completed_on"],
                files=d["attachments"],
                now=now(),
                today=day,
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("Đã gửi báo cáo tiến độ."))
            return redirect("tasks:task_detail", pk=task.pk)
    status = 400 if form.errors else 200
    opened_on = initial.get("period")
    resubmitting = next((r for r in returned if f"{r.period:%Y-%m}" == opened_on and "percent" in initial), None)
    context = {"task": task, "form": form, "returned": returned, "resubmitting": resubmitting}
    return render(request, "tasks/report_form.html", context, status=status)


@require_POST
@role_required(Role.SECRETARIAT)
def report_review(request, pk: int):
    report = get_report_for_review(request.user, pk)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            reports.review_report(
                report=report,
                user=request.user,
                accept=form.cleaned_data["decision"] == "accept",
                comment=form.cleaned_data["comment"],
                now=now(),
                version=seen_version(form),
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            accepted = form.cleaned_data["decision"] == "accept"
            returned = _("Đã trả lại báo cáo; người báo cáo và đầu mối của đơn vị được thông báo kèm ý kiến.")
            messages.success(request, _("Đã chấp nhận báo cáo.") if accepted else returned)
            return redirect("tasks:task_detail", pk=report.task_id)
    return render(request, "tasks/report_review.html", {"report": report, "form": form}, status=form_status(form))


@require_POST
@role_required(Role.SECRETARIAT)
def reports_accept(request):
    """Accept the reports ticked on the review queue at once (tasks.reports.accept_reports): all or none; a
    report no longer pending is named and nothing is accepted (400, the queue drawn again with the choice)."""
    form = AcceptReportsForm(form_data(request), queryset=reports_for_review(request.user))
    if form.is_valid():
        try:
            accepted = reports.accept_reports(reports=form.cleaned_data["reports"], user=request.user, now=now())
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("Đã chấp nhận %(n)s báo cáo.") % {"n": len(accepted)})
            return redirect("tasks:my_work_section", section=mywork.PENDING)
    return section_page(request, mywork.PENDING, accept_form=form, status=400)


@role_required(*PLAN_READERS)
def attachment_download(request, pk: int):
    attachment = get_attachment_for_user(request.user, pk)
    return attachment_response(attachment.file, attachment.original_name, attachment.content_type)
