"""Staff pages (inbox, unit list, report page and actions, phone intake, attachments, contact log); no-store."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.filters import bad_query, query_filters
from core.forms import drawn_from
from core.pagination import KnownCount
from core.roles import Role, has_role, role_required
from core.uploads import attachment_response
from tasks.selectors import PLAN_READERS

from .. import answer_files, codes, privacy, selectors
from ..forms import (
    AccessLogFilterForm,
    AnswerFilesForm,
    AnswerForm,
    ApproveForm,
    ClassifyForm,
    ExtensionDecisionForm,
    ExtensionForm,
    FollowupTaskForm,
    InboxFilterForm,
    ReportForm,
    RouteForm,
)
from ..intake import already_sent, submit_report
from ..models import ContactAccessLog, ExtensionRequest, Report
from ..personal import mask_for_report

S = Report.Status
OPERATOR = (Role.HOTLINE_OPERATOR,)


def staff_page(*roles):
    """Login and role required, and never cached by the browser or a proxy."""

    def decorator(view):
        @never_cache
        @role_required(*roles)
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def _page_query(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@staff_page(Role.HOTLINE_OPERATOR, Role.LEADERSHIP)
def inbox(request):
    today = timezone.localdate()
    operator = selectors.is_operator(request.user)
    form = InboxFilterForm(request.GET or None, contact_search=operator)
    filters = query_filters(form)
    reports = selectors.inbox(filters=filters, today=today, contact_search=operator)
    counts = selectors.inbox_counts(today=today)
    known = selectors.inbox_count(filters=filters, counts=counts)  # a view by status alone: no COUNT
    page = Paginator(reports if known is None else KnownCount(reports, known), 25).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    found = [r for r in page.object_list if getattr(r, "found_by_contact", False)]
    if found:  # a search by phone, e-mail or name showed who sent these: a contact view each
        privacy.log_contact_search(user=request.user, reports=found, now=timezone.now())
    context = {
        "form": form,
        "page": page,
        "counts": counts,
        "view": filters.get("view") or "open",
        "today": today,
        "query": _page_query(request),
        "is_operator": operator,
    }
    return render(request, "hotline/inbox.html", context)


@staff_page(Role.FOCAL_POINT)
def unit_inbox(request):
    view = request.GET.get("view") or "open"
    if view not in ("all", "open"):
        raise bad_query(_("Chế độ xem không hợp lệ."))
    unit_id = selectors.user_unit_id(request.user)
    page = Paginator(selectors.unit_reports(unit_id=unit_id, view=view), 25).get_page(request.GET.get("page"))
    page.object_list = [privacy.for_viewer(request.user, r) for r in page.object_list]  # masked unless shared
    context = {
        "page": page,
        "view": view,
        "today": timezone.localdate(),
        "query": _page_query(request),
        "has_unit": bool(unit_id),
    }
    return render(request, "hotline/unit_inbox.html", context)


def step_unavailable_message(report: Report) -> str:
    """The message for a posted step the report's current state does not offer (its form is not drawn)."""
    message = _("Phản ánh đang ở bước “%(status)s” nên không thực hiện được thao tác này.")
    return message % {"status": report.get_status_display()}


def _detail(request, report: Report, *, forms: dict | None = None, status: int = 200, preview: dict | None = None):
    """The report page with the action forms the user may use in the report's state; `preview`: the public
    answer as it would be published."""
    user = request.user
    now = timezone.now()
    operator = selectors.is_operator(user)
    focal = selectors.is_unit_focal_point(user, report)
    # The contact block is behind an explicit action (`contact`, logged once); this page logs nothing.
    may_see_contact = report.has_contact and privacy.can_see_contact(user, report)
    forms = forms or {}
    readable = privacy.for_viewer(user, report)  # the citizen's texts masked unless the contact was shared
    context = {
        "report": readable,
        "may_see_contact": may_see_contact,
        "contact_hidden": report.has_contact and not may_see_contact,
        "is_operator": operator,
        # The hot-spot page is for the province's staff, not a unit's focal point: no link that would refuse them.
        "sees_hotspots": has_role(user, Role.LEADERSHIP, Role.SECRETARIAT, Role.HOTLINE_OPERATOR),
        "is_focal": focal,
        "today": timezone.localdate(now),
        "events": privacy.events_for_viewer(user, report, list(report.events.all())),
        "escalations": list(report.escalations.all()),
        "sent_files": [a for a in report.attachments.all() if not a.is_answer],
        "answer_files": [a for a in report.attachments.all() if a.is_answer],
        "extensions": list(report.extensions.all()),
        "pending_extension": next(
            (e for e in report.extensions.all() if e.status == ExtensionRequest.Status.PENDING), None
        ),
    }
    if operator and report.status in (S.NEW, S.ACCEPTED):
        # A new report is classified; an accepted one may still be classified again (not accepted, a
        # duplicate, forwarded: workflow.classify), drawn as "Phân loại lại" without "accept" offered twice.
        context["classify_form"] = forms.get("classify") or ClassifyForm(reclassify=report.status == S.ACCEPTED)
        context["reclassify"] = report.status == S.ACCEPTED
        context["route_form"] = forms.get("route") or RouteForm(initial={"unit": report.unit_concerned_id})
    if operator and report.status in (S.PROCESSING, S.ANSWER_SUBMITTED):
        context["transfer_form"] = forms.get("transfer") or RouteForm(require_reason=True, prefix="transfer")
    if operator and report.status == S.ANSWER_SUBMITTED:
        context["review_form"] = forms.get("review") or ApproveForm(
            initial={
                "answer": report.answer,
                "public_title": report.public_title or mask_for_report(report.title, report),
                "public_summary": report.public_summary or mask_for_report(report.content, report),
            }
        )
        context["preview"] = preview
    if operator and answer_files.can_attach(report):
        context["answer_files_form"] = forms.get("answer_files") or AnswerFilesForm()
    if operator and context["pending_extension"]:
        context["extension_decision_form"] = forms.get("decide") or ExtensionDecisionForm()
    if operator and report.routed_unit_id and report.has_contact and not report.contact_shared:
        context["can_share_contact"] = True
    if focal and report.status == S.PROCESSING:
        context["answer_form"] = forms.get("answer") or AnswerForm(initial={"answer": readable.answer})
        if not context["pending_extension"]:
            context["extension_form"] = forms.get("extension") or ExtensionForm()
    if report.task_id and has_role(user, *PLAN_READERS):  # the follow-up task's page, for those who read plans
        context["task_url"] = reverse("tasks:task_detail", args=[report.task_id])
    if (operator or has_role(user, Role.SECRETARIAT)) and not report.task_id and report.routed_unit_id:
        context["task_form"] = forms.get("task") or FollowupTaskForm()
    for key, value in context.items():
        if key.endswith("_form") and not value.is_bound and "version" in value.fields:
            drawn_from(value, report)
        if key.endswith("_form") and not value.prefix:  # several forms share field names (reason, version): one id each
            value.auto_id = f"id_{key.removesuffix('_form')}-%s"
    shown = {id(v) for v in context.values()}
    context["stale_form"] = next(
        (f for f in forms.values() if getattr(f, "conflict", None) is not None and id(f) not in shown), None
    )
    # A refused step the state does not offer (form not drawn) or a stale form: say so at the top.
    for form in forms.values():
        if form.is_bound and form.errors and getattr(form, "conflict", None) is None and id(form) not in shown:
            messages.error(request, step_unavailable_message(report))
            for error in form.non_field_errors():
                messages.error(request, error)
    return render(request, "hotline/detail.html", context, status=status)


@staff_page(Role.HOTLINE_OPERATOR, Role.LEADERSHIP, Role.SECRETARIAT, Role.FOCAL_POINT)
def detail(request, pk: int):
    try:
        report = selectors.get_report_for_user(request.user, pk)
    except Http404:
        if selectors.moved_away_from(request.user, pk):  # e.g. opened from an old notification
            return render(request, "hotline/moved.html", status=403)
        raise
    return _detail(request, report)


@require_POST
@staff_page(Role.HOTLINE_OPERATOR, Role.LEADERSHIP, Role.FOCAL_POINT)
def contact(request, pk: int):
    """The submitter's contact details, shown on an explicit "Xem thông tin liên hệ" action (POST) and
    logged once per action. Why an action and not the report page: the page is loaded again after every
    action (post/redirect/get) and on every reload, and a log row for each of those would not say when
    someone actually looked at the contact details; an operator expects the log to read "viewed" only
    when they asked to see them. The response is never cached and the details are not kept on the page:
    seeing them again is another logged action."""
    report = selectors.get_report_for_user(request.user, pk)
    if not (report.has_contact and privacy.can_see_contact(request.user, report)):
        raise PermissionDenied
    privacy.log_contact_view(
        user=request.user, report=report, purpose=_("Xem thông tin liên hệ (trang phản ánh)"), now=timezone.now()
    )
    return render(request, "hotline/contact.html", {"report": report})


@staff_page(*OPERATOR)
def phone_intake(request):
    """An operator writes down a phone call as a report (channel: phone)."""
    if request.method == "POST":
        form = ReportForm(request.POST, request.FILES, phone_call=True)
        sent = already_sent(request.POST.get("form_token", ""))
        if sent is not None:  # the same call written down twice (a reload): the report already filed
            messages.info(request, _("Cuộc gọi này đã được ghi nhận: phản ánh %(code)s.") % {"code": sent.display_code})
            return redirect("hotline:detail", pk=sent.pk)
        if form.is_valid():
            report, pin = submit_report(
                data=form.cleaned_data,
                channel=Report.Channel.PHONE,
                now=timezone.now(),
                recorded_by=request.user,
                form_token=form.cleaned_data["form_token"],
            )
            if pin is None:
                return redirect("hotline:detail", pk=report.pk)
            return render(
                request,
                "hotline/submitted.html",
                {
                    "report": report,
                    "pin": codes.display_pin(pin),
                    "emailed": bool(report.contact_email),
                    "phone_call": True,
                },
            )
        status = 400
    else:
        form = ReportForm(phone_call=True, initial={"consent": False})
        status = 200
    return render(request, "hotline/phone_intake.html", {"form": form}, status=status)


@staff_page(Role.HOTLINE_OPERATOR, Role.LEADERSHIP, Role.SECRETARIAT, Role.FOCAL_POINT)
def attachment(request, pk: int, attachment_pk: int):
    """Files go to staff who may open the report, always as a download, never inline."""
    item = selectors.get_attachment_for_user(request.user, pk, attachment_pk)
    if not item.file:  # deleted at the end of the retention period (privacy.anonymise_expired)
        raise Http404
    return attachment_response(item.file, item.original_name, item.content_type)


@staff_page(Role.LEADERSHIP)
def access_log(request):
    form = AccessLogFilterForm(request.GET or None)
    qs = ContactAccessLog.objects.select_related("user", "report").order_by("-at", "-pk")
    if query_filters(form):
        d = form.cleaned_data
        if d["user"]:
            qs = qs.filter(user__username__icontains=d["user"])
        if d["code"]:
            qs = qs.filter(report__code=codes.normalise_code(d["code"]))
        if d["date_from"]:
            qs = qs.filter(at__date__gte=d["date_from"])
        if d["date_to"]:
            qs = qs.filter(at__date__lte=d["date_to"])
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "hotline/access_log.html", {"form": form, "page": page, "query": _page_query(request)})
