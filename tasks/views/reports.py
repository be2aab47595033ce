"""Progress reports: submitting, the secretariat's review, and permission-checked attachment downloads."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.roles import Role, role_required
from core.uploads import attachment_response

from .. import reports
from ..forms import ReportForm, ReviewForm
from ..models import ProgressReport
from ..selectors import PLAN_READERS, get_attachment_for_user, get_report_for_review, get_task_for_report
from .common import apply_errors, form_files, form_status, now, seen_version, today


@role_required(Role.MEMBER, Role.FOCAL_POINT)
def report_create(request, pk: int):
    task = get_task_for_report(request.user, pk)
    day = today()
    form = ReportForm(*form_files(request), task=task, today=day)
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
    returned = (
        ProgressReport.objects.filter(task=task, status=ProgressReport.Status.RETURNED, superseded_by__isnull=True)
        .select_related("reviewed_by")
        .order_by("-reviewed_at")
    )
    status = 400 if form.errors else 200
    return render(request, "tasks/report_form.html", {"task": task, "form": form, "returned": returned}, status=status)


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
            messages.success(request, _("Đã chấp nhận báo cáo.") if accepted else _("Đã trả lại báo cáo."))
            return redirect("tasks:task_detail", pk=report.task_id)
    return render(request, "tasks/report_review.html", {"report": report, "form": form}, status=form_status(form))


@role_required(*PLAN_READERS)
def attachment_download(request, pk: int):
    attachment = get_attachment_for_user(request.user, pk)
    return attachment_response(attachment.file, attachment.original_name, attachment.content_type)
