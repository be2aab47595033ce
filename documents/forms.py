"""Forms of the register and letterhead pages: they validate and convert input, and change nothing."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import dates
from core.forms import date_field
from core.uploads import validate_upload
from members.models import Committee

from .models import IssuedDocument, Letterhead

UPLOAD_KINDS = ("docx", "doc", "pdf")
MAX_UPLOAD = 20 * 1024 * 1024


class CommitteeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class RegisterFilterForm(forms.Form):
    """The register's filters: `?committee=&year=&kind=`."""

    committee = CommitteeChoiceField(
        label=_("Ban Chỉ đạo, Tổ công tác"),
        # With what the letterhead is derived from (documents.letterheads).
        queryset=Committee.objects.select_related("unit", "established_by").order_by("kind", "name"),
        required=False,
        empty_label=None,
        error_messages={"invalid_choice": _("Ban Chỉ đạo đã chọn không tồn tại; hãy chọn lại.")},
    )
    year = forms.IntegerField(
        label=_("Năm"),
        required=False,
        min_value=2000,
        max_value=2100,
        error_messages={
            "invalid": _("Năm phải là một số, ví dụ 2023."),
            "min_value": _("Chọn một năm từ 2000 đến 2100."),
            "max_value": _("Chọn một năm từ 2000 đến 2100."),
        },
    )
    kind = forms.ChoiceField(
        label=_("Loại văn bản"),
        choices=[("", _("Tất cả"))] + list(IssuedDocument.Kind.choices),
        required=False,
        error_messages={"invalid_choice": _("Loại văn bản đã chọn không có; hãy chọn lại.")},
    )


class DocumentFieldsMixin(forms.Form):
    """What a register row says of a document: its kind, date, subject and signer."""

    kind = forms.ChoiceField(label=_("Loại văn bản"), choices=IssuedDocument.Kind.choices)
    issued_on = dates.limit(date_field(_("Ngày ban hành")), dates.ISSUED)
    title = forms.CharField(label=_("Trích yếu nội dung"), max_length=500)
    signer_name = forms.CharField(label=_("Người ký"), max_length=150)
    signer_position = forms.CharField(label=_("Chức vụ người ký"), max_length=100, required=False)

    def clean_issued_on(self):
        day = self.cleaned_data["issued_on"]
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("Ngày ban hành không thể sau ngày hôm nay."))
        return day


class TypedDocumentForm(DocumentFieldsMixin):
    """A document the committee issued outside the app, entered in its register with its number."""

    field_order = ["kind", "number", "issued_on", "title", "signer_name", "signer_position", "file"]
    number = forms.CharField(label=_("Số, ký hiệu"), max_length=60, help_text=_("Ví dụ: 05-BC/BCĐ"))
    file = forms.FileField(
        label=_("Tệp văn bản (không bắt buộc)"),
        required=False,
        help_text=_("DOCX, DOC hoặc PDF, tối đa 20 MB."),
    )

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded:
            validate_upload(uploaded, allowed=UPLOAD_KINDS, max_bytes=MAX_UPLOAD)
        return uploaded


class LetterheadForm(forms.ModelForm):
    """The committee's letterhead, edited by the secretariat."""

    class Meta:
        model = Letterhead
        fields = [
            "layout",
            "governing_body",
            "issuing_body",
            "symbol",
            "letter_unit",
            "place",
            "signing_authority",
            "signer_position",
            "signer_name",
            "filing_code",
        ]
        widgets = {"layout": forms.RadioSelect, "issuing_body": forms.Textarea(attrs={"rows": 2})}

    AUTHORITY_HINT = {
        Letterhead.Layout.PARTY: _("Ví dụ: T/M BAN CHỈ ĐẠO (văn bản của Đảng)."),
        Letterhead.Layout.STATE: _("Ví dụ: TM. BAN CHỈ ĐẠO (văn bản hành chính)."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A required choice: no blank "---------" radio.
        self.fields["layout"].choices = Letterhead.Layout.choices
        layout = self.data.get("layout") if self.is_bound else None
        layout = layout if layout in Letterhead.Layout.values else self.instance.layout
        self.fields["signing_authority"].help_text = self.AUTHORITY_HINT.get(
            layout, self.AUTHORITY_HINT[Letterhead.Layout.STATE]
        )

    def clean_issuing_body(self):
        """Each line upper-cased and its spaces evened; at most 2 lines (Decree 30's samples)."""
        lines = [" ".join(line.split()).upper() for line in (self.cleaned_data.get("issuing_body") or "").splitlines()]
        lines = [line for line in lines if line]
        if len(lines) > 2:
            raise forms.ValidationError(_("Tên cơ quan ban hành viết tối đa 2 dòng."))
        return "\n".join(lines)

    def clean(self):
        cleaned = super().clean()
        for name in ("governing_body", "signing_authority", "signer_position"):
            if cleaned.get(name):
                cleaned[name] = " ".join(cleaned[name].split()).upper()
        for name in ("symbol", "letter_unit", "filing_code"):
            value = (cleaned.get(name) or "").strip().upper()
            if any(ch in value for ch in " -/"):
                self.add_error(name, _("Chữ viết tắt không có dấu cách, gạch ngang hay gạch chéo (ví dụ BCĐ)."))
            cleaned[name] = value
        if cleaned.get("place"):
            cleaned["place"] = " ".join(cleaned["place"].split())
        if cleaned.get("signer_name"):
            cleaned["signer_name"] = " ".join(cleaned["signer_name"].split())
        return cleaned


class IssueFieldsMixin(forms.Form):
    """The place and date a clerk puts on a document built by the app (a report, a notice, a letter),
    and whether it is entered in the register with the next number."""

    place = forms.CharField(label=_("Địa danh"), max_length=100, required=False)
    issued_on = date_field(
        _("Ngày ban hành"),
        required=False,
        help_text=_("Dạng dd/mm/yyyy. Để trống: bản dự thảo, để trống ngày tháng để điền tay."),
    )
    signer_name = forms.CharField(label=_("Người ký"), max_length=150, required=False)
    signer_position = forms.CharField(label=_("Chức vụ người ký"), max_length=100, required=False)

    def preview_year(self, default: int) -> int:
        """The year whose series a preview of the next number is taken from: the issue date typed in
        this form (sent back with errors), else `default` (the year it will most likely be issued
        in). The register numbers each year from 01 (documents.register)."""
        if self.is_bound:
            try:
                typed = self.fields["issued_on"].clean(self["issued_on"].value())
            except forms.ValidationError:
                typed = None
            if typed:
                return typed.year
        return default
