"""The forms of the meeting and pilot edit pages: each carries the version it was drawn from
(core/versions.py); they change nothing (tasks/meeting_edits.py does)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import VersionField
from core.text import LONG_TEXT
from members.forms import date_field
from members.models import Membership, Person

from .forms import PilotForm
from .models import AgendaItem, Meeting, Opinion, PilotUnit


class MeetingEditForm(forms.Form):
    date = date_field(_("Ngày họp"))
    title = forms.CharField(label=_("Tên phiên họp"), max_length=300)
    version = VersionField()

    @classmethod
    def initial_of(cls, meeting: Meeting) -> dict:
        return {"date": meeting.date, "title": meeting.title, "version": meeting.version}


class AgendaItemEditForm(forms.Form):
    title = forms.CharField(label=_("Nội dung (dự thảo, vấn đề)"), max_length=500)
    version = VersionField()

    @classmethod
    def initial_of(cls, item: AgendaItem) -> dict:
        return {"title": item.title, "version": item.version}


class OpinionEditForm(forms.Form):
    person = forms.ModelChoiceField(
        label=_("Người phát biểu"),
        queryset=Person.objects.none(),
        error_messages={"invalid_choice": _("Người đã chọn không là thành viên Ban Chỉ đạo vào ngày họp.")},
    )
    agenda_item = forms.ModelChoiceField(
        label=_("Nội dung phiên họp"),
        queryset=AgendaItem.objects.none(),
        required=False,
        empty_label=_("— Không gắn với nội dung nào —"),
        error_messages={"invalid_choice": _("Hãy chọn một nội dung của phiên họp này.")},
    )
    content = forms.CharField(label=_("Ý kiến"), max_length=LONG_TEXT, widget=forms.Textarea)
    version = VersionField()

    def __init__(self, *args, opinion: Opinion, **kwargs):
        super().__init__(*args, **kwargs)
        meeting = opinion.meeting
        members = Membership.objects.filter(committee_id=meeting.committee_id).on(meeting.date).values("person_id")
        self.fields["person"].queryset = Person.objects.filter(pk__in=members).order_by("full_name")
        self.fields["agenda_item"].queryset = AgendaItem.objects.filter(meeting=meeting).order_by("order")

    @classmethod
    def initial_of(cls, opinion: Opinion) -> dict:
        return {
            "person": opinion.person_id,
            "agenda_item": opinion.agenda_item_id,
            "content": opinion.content,
            "version": opinion.version,
        }


class RemoveForm(forms.Form):
    """Removing a record: the version it was shown at (required: an empty post removes nothing)."""

    version = VersionField(
        required=True,
        error_messages={
            "required": _("Thiếu phiên bản của bản ghi: hãy mở lại trang rồi xóa lần nữa."),
            "invalid": _("Phiên bản của biểu mẫu không hợp lệ."),
        },
    )


class PilotEditForm(PilotForm):
    """PilotForm on an existing pilot unit (`instance`), with its version."""

    version = VersionField()

    class Meta(PilotForm.Meta):
        model = PilotUnit
        fields = ["unit", "reason", "overseers"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
