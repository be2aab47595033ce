"""Meetings: list, creation, attendees, agenda, opinions, conclusions, and conclusion → task in one click."""

from contextlib import suppress

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.roles import Role, role_required
from documents.forms import IssueFieldsMixin
from documents.letterheads import letterhead_for
from documents.models import IssuedDocument
from documents.register import next_number

from .. import meeting_notice, meetings
from ..forms import AgendaItemForm, AttendeesForm, ConclusionForm, MeetingForm, OpinionForm, TaskForm
from ..models import Meeting, Opinion, Task
from ..selectors import (
    MEETING_READERS,
    get_conclusion_for_edit,
    get_meeting_for_edit,
    get_meeting_for_user,
    is_secretariat,
)
from .common import apply_errors, form_data, today


class NoticeForm(IssueFieldsMixin):
    """The place, date and signer of a meeting's notice of conclusions."""


class NoticeIssueForm(NoticeForm):
    """Issuing the notice; `replace`, offered only when the meeting has its notice already, is the
    explicit choice of a new notice that replaces it (the first stays in the register)."""

    replace = forms.BooleanField(label=gettext_lazy("Ban hành thông báo thay thế thông báo đã có"), required=False)

    def __init__(self, *args, has_notice: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not has_notice:
            del self.fields["replace"]


@role_required(*MEETING_READERS)
def meeting_list(request):
    qs = Meeting.objects.select_related("committee", "notice").order_by("-date")
    return render(request, "tasks/meeting_list.html", {"meetings": qs, "can_edit": is_secretariat(request.user)})


@role_required(Role.SECRETARIAT)
def meeting_create(request):
    form = MeetingForm(form_data(request))
    posted = None
    if form.is_bound:
        with suppress(ValidationError):  # the form says why
            posted = form.fields["date"].clean(form.data.get("date"))
    form.fields["committee"].queryset = meetings.meeting_committees(posted, today=today())
    if request.method == "POST" and form.is_valid():
        try:
            meeting = meetings.create_meeting(**form.cleaned_data)
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("Đã tạo phiên họp; hãy chọn thành phần tham dự."))
            return redirect("tasks:meeting_detail", pk=meeting.pk)
    return render(request, "tasks/meeting_form.html", {"form": form}, status=400 if form.errors else 200)


def _meeting_context(request, meeting: Meeting, **forms) -> dict:
    secretariat = is_secretariat(request.user)
    ctx = {
        "meeting": meeting,
        "attendees": meeting.attendees.select_related("person").order_by("person__full_name"),
        "agenda": meeting.agenda_items.all(),
        "opinions": Opinion.objects.filter(meeting=meeting).select_related("person", "agenda_item"),
        "conclusions": meeting.conclusions.prefetch_related(
            # A task carried over has a copy a year: shown once, with its years (tasks_tags.task_years).
            Prefetch("tasks", queryset=Task.objects.select_related("lead_unit", "plan").order_by("code", "plan__year"))
        ),
        "can_edit": secretariat,
    }
    letterhead = letterhead_for(meeting.committee, meeting.date)
    initial = {
        "place": letterhead.place,
        "signer_name": letterhead.signer_name,
        "signer_position": letterhead.signer_position,
    }
    ctx["letterhead"] = letterhead
    ctx["notice_form"] = forms.get("notice_form") or NoticeForm(initial=initial)
    ctx["can_issue_notice"] = secretariat
    if ctx["can_issue_notice"]:
        ctx["issue_form"] = forms.get("issue_form") or NoticeIssueForm(
            initial=initial, prefix="issue", has_notice=bool(meeting.notice_id)
        )
        # Issued at the earliest on the meeting's day: its year, unless the clerk typed another date.
        ctx["next_number_year"] = ctx["issue_form"].preview_year(meeting.date.year)
        ctx["next_number"] = next_number(
            meeting.committee, IssuedDocument.Kind.NOTICE, ctx["next_number_year"], letterhead
        )
    if secretariat:
        ctx["attendees_form"] = forms.get("attendees_form") or AttendeesForm(
            meeting=meeting, initial={"attendees": list(meeting.attendees.values_list("pk", flat=True))}
        )
        ctx["agenda_form"] = forms.get("agenda_form") or AgendaItemForm()
        ctx["opinion_form"] = forms.get("opinion_form") or OpinionForm(meeting=meeting)
        ctx["conclusion_form"] = forms.get("conclusion_form") or ConclusionForm()
    return ctx


@role_required(*MEETING_READERS)
def meeting_detail(request, pk: int):
    meeting = get_meeting_for_user(request.user, pk)
    return render(request, "tasks/meeting_detail.html", _meeting_context(request, meeting))


def _post(request, pk: int, form_class, name: str, action, needs_meeting: bool = False):
    meeting = get_meeting_for_edit(request.user, pk)
    form = form_class(request.POST, meeting=meeting) if needs_meeting else form_class(request.POST)
    if form.is_valid():
        try:
            action(meeting, form.cleaned_data)
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("Đã lưu."))
            return redirect("tasks:meeting_detail", pk=meeting.pk)
    ctx = _meeting_context(request, meeting, **{name: form})
    return render(request, "tasks/meeting_detail.html", ctx, status=400)


@require_POST
@role_required(Role.SECRETARIAT)
def meeting_attendees(request, pk: int):
    return _post(
        request,
        pk,
        AttendeesForm,
        "attendees_form",
        lambda m, d: meetings.set_attendees(meeting=m, memberships=list(d["attendees"])),
        needs_meeting=True,
    )


@require_POST
@role_required(Role.SECRETARIAT)
def agenda_add(request, pk: int):
    return _post(
        request, pk, AgendaItemForm, "agenda_form", lambda m, d: meetings.add_agenda_item(meeting=m, title=d["title"])
    )


@require_POST
@role_required(Role.SECRETARIAT)
def opinion_add(request, pk: int):
    return _post(
        request,
        pk,
        OpinionForm,
        "opinion_form",
        lambda m, d: meetings.add_opinion(meeting=m, person=d["person"], content=d["content"]),
        needs_meeting=True,
    )


@require_POST
@role_required(Role.SECRETARIAT)
def conclusion_add(request, pk: int):
    return _post(
        request,
        pk,
        ConclusionForm,
        "conclusion_form",
        lambda m, d: meetings.add_conclusion(meeting=m, content=d["content"]),
    )


@role_required(Role.SECRETARIAT)
def conclusion_task(request, pk: int):
    """A task form prefilled from the conclusion; saving creates the task (source: conclusion).

    Opening the page writes nothing: when the committee has no plan for the meeting's year, the page says
    that saving will create a draft one, and saving does, with the task."""
    conclusion = get_conclusion_for_edit(request.user, pk)
    plan = meetings.conclusion_plan(conclusion)
    form = TaskForm(form_data(request), plan=plan, initial=meetings.conclusion_task_initial(conclusion, plan=plan))
    if request.method == "POST" and form.is_valid():
        try:
            task = meetings.task_from_conclusion(
                conclusion=conclusion,
                fields=form.task_fields(),
                coordinating_units=form.cleaned_data["coordinating_units"],
                by=request.user,
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("Đã tạo nhiệm vụ từ kết luận."))
            return redirect("tasks:task_detail", pk=task.pk)
    return render(
        request,
        "tasks/task_form.html",
        {"form": form, "plan": plan, "conclusion": conclusion, "plan_to_create": plan.pk is None},
        status=400 if form.errors else 200,
    )


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@role_required(*MEETING_READERS)
def meeting_notice_docx(request, pk: int):
    """The notice of conclusions as a draft .docx (`?place=&issued_on=&signer_name=&signer_position=`),
    its number left blank."""
    meeting = get_meeting_for_user(request.user, pk)
    form = NoticeForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return render(
            request, "tasks/meeting_detail.html", _meeting_context(request, meeting, notice_form=form), status=400
        )
    c = form.cleaned_data if form.is_bound else {}
    content = meeting_notice.build_notice(
        meeting,
        issued_on=c.get("issued_on"),
        place=c.get("place") or None,
        signer_name=c.get("signer_name") or None,
        signer_position=c.get("signer_position") or None,
    )
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="thong-bao-ket-luan-{meeting.date:%Y-%m-%d}.docx"'
    return response


@require_POST
@role_required(Role.SECRETARIAT)
def meeting_notice_issue(request, pk: int):
    """Issue the notice of conclusions: the next TB number of the committee's register; it becomes the
    meeting's notice."""
    meeting = get_meeting_for_edit(request.user, pk)
    form = NoticeIssueForm(request.POST, prefix="issue", has_notice=bool(meeting.notice_id))
    if form.is_valid() and not form.cleaned_data.get("issued_on"):
        form.add_error("issued_on", _("Hãy nhập ngày ban hành thông báo (dd/mm/yyyy)."))
    if form.is_valid():
        c = form.cleaned_data
        try:
            document = meeting_notice.issue_notice(
                meeting=meeting,
                issued_on=c["issued_on"],
                place=c["place"],
                signer_name=c["signer_name"],
                signer_position=c["signer_position"],
                by=request.user,
                replace=bool(c.get("replace")),
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("Đã ban hành thông báo kết luận số %(number)s.") % {"number": document.number})
            return redirect("tasks:meeting_detail", pk=meeting.pk)
    return render(request, "tasks/meeting_detail.html", _meeting_context(request, meeting, issue_form=form), status=400)
