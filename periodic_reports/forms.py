"""Forms of the periodic reports: pick a period to draft, edit the sections, issue."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import date_field
from core.text import clean_text, dash_bullets
from members.models import Committee

from . import periods
from .models import ReportVersion
from .texts import SECTION_MAX


class NewReportForm(forms.Form):
    committee = forms.ModelChoiceField(label=_("Ban Chỉ đạo"), queryset=Committee.objects.none())
    year = forms.IntegerField(
        label=_("Năm"),
        min_value=2000,
        max_value=2100,
        error_messages={
            "invalid": _("Nhập năm bằng số, ví dụ 2023."),
            "min_value": _("Chọn một năm từ 2000 đến 2100."),
            "max_value": _("Chọn một năm từ 2000 đến 2100."),
        },
    )
    period = forms.ChoiceField(label=_("Kỳ báo cáo"), choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = Committee.objects.order_by("kind", "name")
        self.fields["period"].choices = periods.choices()

    def clean_period(self) -> tuple[str, int]:
        try:
            return periods.parse_code(self.cleaned_data["period"])
        except ValueError as error:
            raise forms.ValidationError(_("Chọn một kỳ báo cáo trong danh sách.")) from error


class SectionsForm(forms.Form):
    """One text area per section of the version the clerk opened, and that version's number."""

    base_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, version: ReportVersion, **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = list(version.sections.all())
        for section in self.sections:
            self.fields[f"s-{section.key}"] = forms.CharField(
                label=section.title,
                required=False,
                strip=False,
                max_length=SECTION_MAX,
                initial=section.text,
                widget=forms.Textarea(attrs={"rows": 10 if section.level == 1 else 8}),
            )

    def section_texts(self) -> dict[str, str]:
        """key -> text, as typed (cleaned by core/text.py: paragraph breaks made \\n, a line break within a
        paragraph a space), list items pasted from a word processor ("•\\t…") made "- " lines."""
        return {
            section.key: dash_bullets(clean_text(self.cleaned_data[f"s-{section.key}"], multiline=True)).strip()
            for section in self.sections
        }


class IssueForm(forms.Form):
    base_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    issued_on = date_field(_("Ngày ban hành"))
    place = forms.CharField(label=_("Địa danh"), max_length=100)
    authority = forms.CharField(
        label=_("Thẩm quyền ký"),
        max_length=200,
        required=False,
        help_text=_(
            "Để trống thì theo thể thức văn bản của Ban (T/M BAN CHỈ ĐẠO với văn bản của Đảng, TM. BAN CHỈ ĐẠO với văn bản hành chính)."
        ),
    )
    signer_position = forms.CharField(label=_("Chức vụ người ký"), max_length=200)
    signer_name = forms.CharField(label=_("Người ký"), max_length=150)
