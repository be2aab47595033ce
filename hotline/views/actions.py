"""The POST actions of the staff report page: classify, route, transfer, answer, review, extensions,
sharing the contact, the follow-up task and the answer's attachments. Each fetches the report through
the role's scope, runs one service function and redirects; a refused form re-renders the page (400)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import apply_errors, form_status
from core.roles import Role, has_role
from members.selectors import provincial_committee

from .. import answer_files, followup, selectors, workflow
from ..forms import (
    AnswerFilesForm,
    AnswerForm,
    ApproveForm,
    ClassifyForm,
    ExtensionDecisionForm,
    ExtensionForm,
    FollowupTaskForm,
    RouteForm,
)
from ..personal import has_personal, known_personal
from .staff import OPERATOR, _detail, staff_page


def _action(request, pk: int, *, form_key: str, form, run, success: str, may=None):
    """Shared shape of every POST action: fetch with permission, validate, run one function,
    redirect with a message; on error re-render the page with the form (400)."""
    report = selectors.get_report_for_user(request.user, pk)
    if may is not None and not may(request.user, report):
        raise PermissionDenied
    if form.is_valid():
        try:
            run(report, form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, success)
            return redirect("hotline:detail", pk=report.pk)
    if getattr(form, "conflict", None) is not None:  # the page as it is now, with what was typed
        report = selectors.get_report_for_user(request.user, pk)
    return _detail(request, report, forms={form_key: form}, status=form_status(form))


@require_POST
@staff_page(*OPERATOR)
def classify(request, pk: int):
    now = timezone.now()
    return _action(
        request,
        pk,
        form_key="classify",
        form=ClassifyForm(request.POST),
        run=lambda report, d: workflow.classify(
            report=report,
            user=request.user,
            decision=d["decision"],
            reason=d["reason"],
            duplicate_code=d["duplicate_code"],
            forwarded_to=d["forwarded_to"],
            now=now,
            version=d["version"],
            internal_note=d["internal_note"],
        ),
        success=_("Đã phân loại phản ánh."),
    )


@require_POST
@staff_page(*OPERATOR)
def route(request, pk: int):
    now = timezone.now()
    return _action(
        request,
        pk,
        form_key="route",
        form=RouteForm(request.POST),
        run=lambda report, d: workflow.route(
            report=report,
            user=request.user,
            unit=d["unit"],
            days=d["days"],
            today=timezone.localdate(now),
            now=now,
            note=d["reason"],
            version=d["version"],
            internal_note=d["internal_note"],
        ),
        success=_("Đã chuyển phản ánh cho đơn vị xử lý."),
    )


@require_POST
@staff_page(*OPERATOR)
def transfer(request, pk: int):
    now = timezone.now()
    return _action(
        request,
        pk,
        form_key="transfer",
        form=RouteForm(request.POST, require_reason=True, prefix="transfer"),
        run=lambda report, d: workflow.transfer(
            report=report,
            user=request.user,
            unit=d["unit"],
            days=d["days"],
            reason=d["reason"],
            today=timezone.localdate(now),
            now=now,
            version=d["version"],
            internal_note=d["internal_note"],
        ),
        success=_("Đã chuyển phản ánh sang đơn vị khác."),
    )


@require_POST
@staff_page(Role.FOCAL_POINT)
def answer(request, pk: int):
    send = request.POST.get("action") == "send"
    return _action(
        request,
        pk,
        form_key="answer",
        form=AnswerForm(request.POST),
        run=lambda report, d: workflow.save_answer(
            report=report,
            user=request.user,
            answer=d["answer"],
            send=send,
            now=timezone.now(),
            version=d["version"],
        ),
        success=_("Đã gửi trả lời, chờ điều phối viên duyệt.") if send else _("Đã lưu dự thảo trả lời."),
        may=selectors.is_unit_focal_point,
    )


@require_POST
@staff_page(*OPERATOR)
def review(request, pk: int):
    """Approve or return the unit's answer. Publishing takes a preview first: the action "preview" shows
    the public answer as it will be, with the form as typed (nothing saved); approving with "publish"
    then checks the texts are those previewed (ApproveForm.previewed)."""
    if request.POST.get("action") == "preview":
        report = selectors.get_report_for_user(request.user, pk)
        form = ApproveForm(request.POST, preview=True)
        if not form.is_valid():
            return _detail(request, report, forms={"review": form}, status=form_status(form))
        data = form.cleaned_data
        found = [
            name
            for name in ("public_title", "public_summary", "answer")
            if has_personal(data[name], **known_personal(report))
        ]
        for name in found:
            form.add_error(name, _("Còn thông tin cá nhân: vui lòng lược bỏ trước khi công khai."))
        if found:
            return _detail(request, report, forms={"review": form}, status=400)
        posted = request.POST.copy()
        posted["previewed"] = form.preview_key()
        posted["publish"] = "on"
        posted["decision"] = ApproveForm.APPROVE
        preview = {
            "public_title": data["public_title"],
            "public_summary": data["public_summary"],
            "answer": data["answer"],
            "category": report.category,
            "routed_unit": report.routed_unit,
            "published_at": timezone.now(),
        }
        return _detail(request, report, forms={"review": ApproveForm(posted)}, preview=preview)
    return _action(
        request,
        pk,
        form_key="review",
        form=ApproveForm(request.POST),
        run=lambda report, d: workflow.review_answer(
            report=report,
            user=request.user,
            approve=d["decision"] == ApproveForm.APPROVE,
            answer=d["answer"],
            publish=d["publish"],
            public_title=d["public_title"],
            public_summary=d["public_summary"],
            note=d["note"],
            now=timezone.now(),
            version=d["version"],
        ),
        success=_review_message(request.POST),
    )


def _review_message(posted) -> str:
    """What the operator's decision on the answer did, said plainly (shown only once it is done)."""
    if posted.get("decision") != ApproveForm.APPROVE:
        return _("Đã trả lại dự thảo trả lời cho đơn vị xử lý.")
    if posted.get("publish"):
        return _("Đã duyệt trả lời: người phản ánh xem được khi tra cứu, và trả lời được công khai.")
    return _("Đã duyệt trả lời: người phản ánh xem được khi tra cứu (không công khai).")


@require_POST
@staff_page(Role.FOCAL_POINT)
def request_extension(request, pk: int):
    return _action(
        request,
        pk,
        form_key="extension",
        form=ExtensionForm(request.POST),
        run=lambda report, d: workflow.request_extension(
            report=report,
            user=request.user,
            days=d["days"],
            reason=d["reason"],
            now=timezone.now(),
            version=d["version"],
        ),
        success=_("Đã gửi đề nghị gia hạn."),
        may=selectors.is_unit_focal_point,
    )


@require_POST
@staff_page(*OPERATOR)
def decide_extension(request, pk: int, extension_pk: int):
    def run(report, d):
        extension = selectors.get_extension_for_user(request.user, extension_pk, report=report)
        workflow.decide_extension(
            extension=extension,
            user=request.user,
            grant=d["grant"],
            note=d["note"],
            now=timezone.now(),
            version=d["version"],
        )

    return _action(
        request,
        pk,
        form_key="decide",
        form=ExtensionDecisionForm(request.POST),
        run=run,
        success=_("Đã quyết định về đề nghị gia hạn."),
    )


@require_POST
@staff_page(*OPERATOR)
def share_contact(request, pk: int):
    report = selectors.get_report_for_user(request.user, pk)
    try:
        workflow.share_contact(report=report, user=request.user, now=timezone.now())
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _detail(request, report, status=400)
    messages.success(request, _("Đã chia sẻ thông tin liên hệ cho đơn vị xử lý."))
    return redirect("hotline:detail", pk=pk)


@require_POST
@staff_page(Role.HOTLINE_OPERATOR, Role.SECRETARIAT)
def make_task(request, pk: int):
    """Make the report's follow-up task in this year's provincial plan. Without such a plan nothing is made:
    the page says so and offers the secretariat the new plan's form for the year (others are told to ask it)."""
    now = timezone.now()
    today = timezone.localdate(now)
    form = FollowupTaskForm(request.POST)
    if form.is_valid() and followup.current_plan(today) is None:
        report = selectors.get_report_for_user(request.user, pk)
        committee = provincial_committee()
        context = {
            "report": report,
            "year": today.year,
            "committee": committee,
            "may_create_plan": committee is not None and has_role(request.user, Role.SECRETARIAT),
        }
        return render(request, "hotline/no_plan.html", context)
    return _action(
        request,
        pk,
        form_key="task",
        form=form,
        run=lambda report, d: followup.create_followup_task(
            report=report, user=request.user, area=d["area"], today=today, now=now
        ),
        success=_("Đã tạo nhiệm vụ theo dõi trong kế hoạch."),
    )


@require_POST
@staff_page(*OPERATOR)
def attach_answer_files(request, pk: int):
    """An operator attaches the official reply letter (and its annexes) to the answer."""
    return _action(
        request,
        pk,
        form_key="answer_files",
        form=AnswerFilesForm(request.POST, request.FILES),
        run=lambda report, d: answer_files.attach(
            report=report, user=request.user, files=d["files"], now=timezone.now()
        ),
        success=_("Đã đính kèm văn bản trả lời."),
    )
