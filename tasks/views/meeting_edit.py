"""Correcting a meeting's record: its date and title, an agenda item, an opinion (and removing the last
two). Secretariat only; the rules are in tasks/meeting_edits.py."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.roles import Role, role_required

from .. import meeting_edits
from ..meeting_forms import AgendaItemEditForm, MeetingEditForm, OpinionEditForm, RemoveForm
from ..selectors import get_agenda_item_for_edit, get_meeting_for_edit, get_opinion_for_edit
from .common import apply_errors, form_data, form_status, seen_version


def _status(request, form) -> int:
    return (form_status(form) if form.errors else 400) if request.method == "POST" else 200


def _saved(request, meeting_id: int, anchor: str = ""):
    messages.success(request, _("Đã lưu."))
    return redirect(reverse("tasks:meeting_detail", args=[meeting_id]) + anchor)


@role_required(Role.SECRETARIAT)
def meeting_edit(request, pk: int):
    meeting = get_meeting_for_edit(request.user, pk)
    form = MeetingEditForm(form_data(request), initial=MeetingEditForm.initial_of(meeting))
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            meeting_edits.update_meeting(
                meeting=meeting, date=c["date"], title=c["title"], by=request.user, version=seen_version(form)
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            return _saved(request, meeting.pk)
    ctx = {"form": form, "meeting": meeting}
    return render(request, "tasks/meeting_edit.html", ctx, status=_status(request, form))


def _record_page(request, *, form, meeting, record, title: str, remove_url: str, status: int = 200, remove=None):
    ctx = {
        "form": form,
        "meeting": meeting,
        "record": record,
        "page_title": title,
        "remove_url": remove_url,
        "remove_form": remove or RemoveForm(initial={"version": record.version}),
    }
    return render(request, "tasks/meeting_record_form.html", ctx, status=status)


@role_required(Role.SECRETARIAT)
def agenda_edit(request, pk: int):
    item = get_agenda_item_for_edit(request.user, pk)
    form = AgendaItemEditForm(form_data(request), initial=AgendaItemEditForm.initial_of(item))
    if request.method == "POST" and form.is_valid():
        try:
            meeting_edits.update_agenda_item(
                item=item, title=form.cleaned_data["title"], by=request.user, version=seen_version(form)
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            return _saved(request, item.meeting_id, "#agenda-h")
    return _agenda_page(request, item, form, _status(request, form))


def _agenda_page(request, item, form, status, remove=None):
    return _record_page(
        request,
        form=form,
        meeting=item.meeting,
        record=item,
        title=_("Sửa nội dung phiên họp"),
        remove_url="tasks:agenda_delete",
        status=status,
        remove=remove,
    )


@require_POST
@role_required(Role.SECRETARIAT)
def agenda_delete(request, pk: int):
    item = get_agenda_item_for_edit(request.user, pk)
    remove = RemoveForm(request.POST)
    if remove.is_valid():
        try:
            meeting_edits.delete_agenda_item(item=item, by=request.user, version=seen_version(remove))
        except ValidationError as e:
            apply_errors(remove, e)
        else:
            messages.success(request, _("Đã xóa nội dung phiên họp."))
            return redirect(reverse("tasks:meeting_detail", args=[item.meeting_id]) + "#agenda-h")
    form = AgendaItemEditForm(initial=AgendaItemEditForm.initial_of(item))
    return _agenda_page(request, item, form, form_status(remove), remove=remove)


@role_required(Role.SECRETARIAT)
def opinion_edit(request, pk: int):
    opinion = get_opinion_for_edit(request.user, pk)
    form = OpinionEditForm(form_data(request), opinion=opinion, initial=OpinionEditForm.initial_of(opinion))
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            meeting_edits.update_opinion(
                opinion=opinion,
                person=c["person"],
                agenda_item=c["agenda_item"],
                content=c["content"],
                by=request.user,
                version=seen_version(form),
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            return _saved(request, opinion.meeting_id, "#op-h")
    return _opinion_page(request, opinion, form, _status(request, form))


def _opinion_page(request, opinion, form, status, remove=None):
    return _record_page(
        request,
        form=form,
        meeting=opinion.meeting,
        record=opinion,
        title=_("Sửa ý kiến phát biểu"),
        remove_url="tasks:opinion_delete",
        status=status,
        remove=remove,
    )


@require_POST
@role_required(Role.SECRETARIAT)
def opinion_delete(request, pk: int):
    opinion = get_opinion_for_edit(request.user, pk)
    remove = RemoveForm(request.POST)
    if remove.is_valid():
        try:
            meeting_edits.delete_opinion(opinion=opinion, by=request.user, version=seen_version(remove))
        except ValidationError as e:
            apply_errors(remove, e)
        else:
            messages.success(request, _("Đã xóa ý kiến phát biểu."))
            return redirect(reverse("tasks:meeting_detail", args=[opinion.meeting_id]) + "#op-h")
    form = OpinionEditForm(opinion=opinion, initial=OpinionEditForm.initial_of(opinion))
    return _opinion_page(request, opinion, form, form_status(remove), remove=remove)
