"""Forms of the hotline: they validate and convert, nothing else (no saving, no sending)."""

import hashlib

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import LongSelect, VersionField
from core.uploads import validate_upload
from members.models import ReformArea, Unit
from members.unit_fields import ActiveUnitField, UnitChoiceField, unit_choices_on

from . import visibility as seen

# The list filters live in filter_forms.py; imported here so every form of the hotline is found in one place.
from .filter_forms import AccessLogFilterForm, InboxFilterForm, PublishedFilterForm  # noqa: F401
from .intake import FORM_TOKEN, new_form_token
from .models import Category, Report
from .personal import canonical_phone
from .visibility import PUBLIC_TO_CITIZEN, STAFF_ONLY, SaysWhoSees

ALLOWED_EXTENSIONS = ("jpg", "jpeg", "png", "pdf", "doc", "docx", "xls", "xlsx")
# The reply letter and its annexes (hotline/answer_files.py).
ANSWER_FILE_EXTENSIONS = ("pdf", "doc", "docx", "jpg", "jpeg", "png")


def retention_period(days: int) -> str:
    """HOTLINE_RETENTION_DAYS as the consent text says it: whole years ("5 năm") when it is a multiple of
    365 days, whole months ("18 tháng") of 30 days, otherwise days."""
    if days >= 365 and days % 365 == 0:
        return _("%(n)s năm") % {"n": days // 365}
    if days >= 30 and days % 30 == 0:
        return _("%(n)s tháng") % {"n": days // 30}
    return _("%(n)s ngày") % {"n": days}


def consent_purpose() -> str:
    """The consent text of the intake form: the data, its purpose, exactly who may see it and for how
    long (settings.HOTLINE_RETENTION_DAYS, hotline/privacy.py anonymise_expired)."""
    return _(
        "Tôi đồng ý để Ban Chỉ đạo cải cách hành chính tỉnh Nghệ An xử lý thông tin cá nhân của tôi (họ tên, số điện "
        "thoại, thư điện tử, địa chỉ) chỉ nhằm mục đích tiếp nhận, xác minh, xử lý và trả lời phản ánh này, theo Nghị "
        "định 13/2023/NĐ-CP. Chỉ những người sau được xem thông tin này: điều phối viên đường dây nóng, "
        "lãnh đạo Ban Chỉ đạo, và cán bộ đầu mối của đơn vị xử lý phản ánh khi điều phối viên chia sẻ cho đơn "
        "vị đó. Mỗi lượt xem đều được ghi nhật ký. Thông tin được lưu %(period)s kể từ ngày gửi, sau đó được xóa; "
        "nội dung phản ánh (đã xóa thông tin cá nhân) được giữ lại để thống kê."
    ) % {"period": retention_period(settings.HOTLINE_RETENTION_DAYS)}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if not data:
            return []
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in items if item]


class ReportForm(forms.Form):
    """The public intake form (also used by operators for phone calls, with `phone_call=True`). A drawn
    form carries a one-time token, so that sending it twice files one report (hotline/intake.py)."""

    form_token = forms.RegexField(
        regex=FORM_TOKEN,
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid": _("Biểu mẫu không hợp lệ. Vui lòng tải lại trang và gửi lại.")},
    )

    submitter_type = forms.ChoiceField(
        label=_("Gửi phản ánh với tư cách"),
        choices=Report.SubmitterType.choices,
        initial=Report.SubmitterType.INDIVIDUAL,
        widget=forms.RadioSelect,
    )
    contact_name = forms.CharField(label=_("Họ và tên / tên doanh nghiệp"), max_length=150, required=False)
    contact_phone = forms.CharField(
        label=_("Số điện thoại"),
        max_length=20,
        required=False,
        help_text=_("Số điện thoại Việt Nam, ví dụ: 0912 345 678 hoặc +84 912 345 678."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    contact_email = forms.EmailField(
        label=_("Thư điện tử"),
        max_length=254,
        required=False,
        help_text=_("Nếu có, mã tra cứu sẽ được gửi vào địa chỉ này."),
        error_messages={"invalid": _("Địa chỉ thư điện tử không hợp lệ.")},
    )
    contact_address = forms.CharField(label=_("Địa chỉ"), max_length=300, required=False)
    unit_concerned = UnitChoiceField(
        label=_("Cơ quan, đơn vị bị phản ánh"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("Không rõ"),
        help_text=_("Gõ vài chữ vào ô tìm kiếm để lọc danh sách, hoặc chọn “Không rõ”."),
        widget=LongSelect,
    )
    category = forms.ModelChoiceField(label=_("Lĩnh vực"), queryset=Category.objects.all(), empty_label=None)
    title = forms.CharField(label=_("Tiêu đề"), max_length=200)
    content = forms.CharField(
        label=_("Nội dung phản ánh, kiến nghị"), max_length=5000, widget=forms.Textarea(attrs={"rows": 8})
    )
    attachments = MultipleFileField(
        label=_("Tệp đính kèm"),
        required=False,
        help_text=_("Tối đa %(n)s tệp JPG, PNG, PDF, DOC, DOCX, XLS, XLSX; mỗi tệp không quá %(mb)s MB.")
        % {"n": settings.HOTLINE_MAX_ATTACHMENTS, "mb": settings.HOTLINE_ATTACHMENT_MAX_BYTES // (1024 * 1024)},
        widget=MultipleFileInput(attrs={"accept": ".jpg,.jpeg,.png,.pdf,.doc,.docx,.xls,.xlsx"}),
    )
    consent = forms.BooleanField(label="", required=False)
    # Honeypot: hidden from people by CSS; bots that fill every field give themselves away.
    website = forms.CharField(label=_("Để trống ô này"), required=False, max_length=200)

    def __init__(self, *args, phone_call: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.phone_call = phone_call
        if not self.is_bound:
            self.fields["form_token"].initial = new_form_token()
        day = timezone.localdate()
        unit = self.fields["unit_concerned"]
        unit.queryset = Unit.objects.valid_on(day)  # what a post may name
        # What the page lists (hundreds of units): from the shared cache, not one model per option, and
        # only when the page is drawn (a callable), not for a post that passes.
        empty = unit.empty_label
        unit.widget.choices = lambda: [("", empty), *unit_choices_on(day)]
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        self.fields["consent"].label = consent_purpose()
        if phone_call:  # an operator's form: each text field says who will see it (hotline/visibility.py)
            SaysWhoSees.say_who_sees(self, self.PHONE_CALL_SEEN_BY)
            self.fields["consent"].label = (
                _("Người gọi đã được đọc và đồng ý với mục đích xử lý dữ liệu cá nhân: ") + consent_purpose()
            )
            del self.fields["website"]

    PHONE_CALL_SEEN_BY = {
        "contact_name": seen.CONTACT_STAFF_ONLY,
        "contact_phone": seen.CONTACT_STAFF_ONLY,
        "contact_email": seen.CONTACT_STAFF_ONLY,
        "contact_address": seen.CONTACT_STAFF_ONLY,
        "title": seen.TITLE_SEEN_BY,
        "content": seen.CONTENT_SEEN_BY,
        "attachments": STAFF_ONLY,
    }

    def clean_contact_name(self):
        return self.cleaned_data["contact_name"].strip()

    def clean_contact_phone(self):
        raw = self.cleaned_data["contact_phone"].strip()
        if not raw:
            return ""
        phone = canonical_phone(raw)
        if phone is None:
            raise ValidationError(
                _(
                    "Số điện thoại không hợp lệ: vui lòng nhập số điện thoại Việt Nam (di động 10 chữ số hoặc cố định "
                    "11 chữ số, bắt đầu bằng 0 hoặc +84), ví dụ 0912 345 678."
                )
            )
        return phone

    def clean_title(self):
        return self.cleaned_data["title"].strip()

    def clean_attachments(self):
        files = self.cleaned_data["attachments"]
        if len(files) > settings.HOTLINE_MAX_ATTACHMENTS:
            raise ValidationError(_("Chỉ được gửi tối đa %(n)s tệp.") % {"n": settings.HOTLINE_MAX_ATTACHMENTS})
        errors = []
        checked = []
        for uploaded in files:
            try:
                content_type = validate_upload(
                    uploaded, allowed=ALLOWED_EXTENSIONS, max_bytes=settings.HOTLINE_ATTACHMENT_MAX_BYTES
                )
            except ValidationError as exc:
                errors.extend(exc.messages)
            else:
                checked.append((uploaded, content_type))
        if errors:
            raise ValidationError(errors)
        return checked

    def clean(self):
        data = super().clean()
        if self.has_error("form_token"):  # a hidden field: its error is shown above the form
            self.add_error(None, self.errors.pop("form_token"))
        if data.get("website"):
            raise ValidationError(_("Không thể gửi phản ánh. Vui lòng tải lại trang và thử lại."), code="honeypot")
        if data.get("submitter_type") == Report.SubmitterType.ANONYMOUS:
            # Anonymous: whatever the contact fields held is dropped, errors included (intake does it too).
            for name in ("contact_name", "contact_phone", "contact_email", "contact_address"):
                data[name] = ""
                self.errors.pop(name, None)
        contact = [data.get(f) for f in ("contact_name", "contact_phone", "contact_email", "contact_address")]
        identified = data.get("submitter_type") in (Report.SubmitterType.INDIVIDUAL, Report.SubmitterType.BUSINESS)
        if identified:
            if not data.get("contact_name") and "contact_name" not in self.errors:
                self.add_error("contact_name", _("Vui lòng nhập họ tên hoặc tên doanh nghiệp (hoặc chọn gửi ẩn danh)."))
            if not (data.get("contact_phone") or data.get("contact_email")) and not (
                self.has_error("contact_phone") or self.has_error("contact_email")
            ):
                self.add_error("contact_phone", _("Vui lòng nhập số điện thoại hoặc thư điện tử để chúng tôi liên hệ."))
        if any(contact) and not data.get("consent"):
            self.add_error(
                "consent", _("Ông/Bà cần đồng ý với việc xử lý dữ liệu cá nhân khi cung cấp thông tin liên hệ.")
            )
        return data

    @property
    def is_honeypot(self) -> bool:
        return any(e.code == "honeypot" for e in self.errors.as_data().get("__all__", []))


class LookupForm(forms.Form):
    code = forms.CharField(label=_("Mã tra cứu"), max_length=20, widget=forms.TextInput(attrs={"autocomplete": "off"}))
    pin = forms.CharField(
        label=_("Mã bí mật (PIN)"),
        max_length=20,
        widget=forms.PasswordInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )


class RatingForm(forms.Form):
    satisfied = forms.TypedChoiceField(
        label=_("Ông/Bà có hài lòng với câu trả lời?"),
        choices=[("1", _("Hài lòng")), ("0", _("Không hài lòng"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Ý kiến của Ông/Bà"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do đề nghị xem xét lại"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ClassifyForm(SaysWhoSees, forms.Form):
    SEEN_BY = {
        "reason": PUBLIC_TO_CITIZEN,
        "duplicate_code": PUBLIC_TO_CITIZEN,
        "forwarded_to": PUBLIC_TO_CITIZEN,
        "internal_note": STAFF_ONLY,
    }
    version = VersionField()  # the report's, as the page was drawn (core/versions.py)
    ACCEPT, NOT_ACCEPTED, DUPLICATE, FORWARD = "accept", "not_accepted", "duplicate", "forward"
    decision = forms.ChoiceField(
        label=_("Phân loại"),
        choices=[
            (ACCEPT, _("Tiếp nhận, xử lý")),
            (NOT_ACCEPTED, _("Không tiếp nhận")),
            (DUPLICATE, _("Trùng với phản ánh khác")),
            (FORWARD, _("Ngoài thẩm quyền: chuyển cơ quan có thẩm quyền")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Lý do"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    duplicate_code = forms.CharField(label=_("Mã phản ánh trùng"), max_length=20, required=False)
    forwarded_to = forms.CharField(label=_("Cơ quan có thẩm quyền"), max_length=255, required=False)
    internal_note = forms.CharField(
        label=_("Ghi chú nội bộ"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, reclassify: bool = False, **kwargs):
        """`reclassify`: the report is already accepted, so "accept" is not offered again."""
        super().__init__(*args, **kwargs)
        if reclassify:
            decision = self.fields["decision"]
            decision.choices = [c for c in decision.choices if c[0] != self.ACCEPT]


class RouteForm(SaysWhoSees, forms.Form):
    SEEN_BY = {"reason": PUBLIC_TO_CITIZEN, "internal_note": STAFF_ONLY}
    version = VersionField()  # the report's, as the page was drawn (core/versions.py)
    unit = ActiveUnitField(label=_("Đơn vị xử lý"))
    days = forms.IntegerField(
        label=_("Thời hạn trả lời (ngày làm việc)"), min_value=1, max_value=60, help_text=_("Tính theo lịch làm việc.")
    )
    reason = forms.CharField(
        label=_("Ghi chú gửi người phản ánh"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    internal_note = forms.CharField(
        label=_("Ghi chú nội bộ"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, require_reason: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        # A report goes only to a unit that works today (not one that has ended).
        self.fields["unit"].offer(day=timezone.localdate())
        self.fields["days"].initial = settings.HOTLINE_ANSWER_WORKING_DAYS
        if require_reason:
            self.fields["reason"].required = True
            self.fields["reason"].label = _("Lý do chuyển đơn vị")


class AnswerForm(SaysWhoSees, forms.Form):
    SEEN_BY = {"answer": seen.ANSWER_SEEN_BY}
    version = VersionField()  # the report's, as the page was drawn (core/versions.py)
    answer = forms.CharField(
        label=_("Nội dung trả lời"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )


def preview_key(*, public_title: str, public_summary: str, answer: str) -> str:
    """A short fingerprint of what a publication would show (the public title, summary and answer): the
    approval form carries the one the operator previewed, so a text changed after the preview is
    previewed again before it is published."""
    text = "\x1f".join((public_title.strip(), public_summary.strip(), answer.strip()))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


class ApproveForm(SaysWhoSees, forms.Form):
    """An operator's decision on the unit's answer. Publishing it is a moderation step: the public title
    and summary (prefilled with personal data masked) are previewed as the public page will show them
    (action "preview"), then approved; `previewed` is the preview's `preview_key`."""

    SEEN_BY = {
        "answer": seen.ANSWER_PUBLISHED_SEEN_BY,
        "public_title": seen.PUBLIC_TEXT_HELP,
        "public_summary": seen.PUBLIC_TEXT_HELP,
        "note": STAFF_ONLY,
    }
    version = VersionField()  # the report's, as the page was drawn (core/versions.py)
    APPROVE, RETURN = "approve", "return"
    decision = forms.ChoiceField(
        label=_("Quyết định"),
        choices=[(APPROVE, _("Duyệt trả lời, gửi người phản ánh")), (RETURN, _("Trả lại đơn vị để sửa"))],
        widget=forms.RadioSelect,
    )
    answer = forms.CharField(
        label=_("Nội dung trả lời"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    publish = forms.BooleanField(label=_("Công khai trả lời trên trang thông tin"), required=False)
    public_title = forms.CharField(
        label=_("Tiêu đề công khai"),
        max_length=200,
        required=False,
    )
    public_summary = forms.CharField(
        label=_("Tóm tắt nội dung phản ánh để công khai"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    note = forms.CharField(
        label=_("Ý kiến gửi đơn vị (ghi chú nội bộ)"),
        max_length=2000,
        required=False,
    )
    previewed = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    def __init__(self, *args, preview: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.preview = preview
        if preview:  # a preview is not yet a decision
            self.fields["decision"].required = False

    def preview_key(self) -> str:
        data = self.cleaned_data
        return preview_key(
            public_title=data.get("public_title") or "",
            public_summary=data.get("public_summary") or "",
            answer=data.get("answer") or "",
        )

    def clean(self):
        data = super().clean()
        publishing = data.get("decision") == self.APPROVE and data.get("publish")
        if publishing or self.preview:
            if not (data.get("public_title") or "").strip():
                self.add_error("public_title", _("Cần tiêu đề (không có thông tin cá nhân) để công khai."))
            if not (data.get("public_summary") or "").strip():
                self.add_error("public_summary", _("Cần tóm tắt nội dung (không có thông tin cá nhân) để công khai."))
        if publishing and not self.preview and not self.errors and data.get("previewed") != self.preview_key():
            self.add_error(
                None,
                _(
                    "Vui lòng bấm “Xem trước trang công khai” và kiểm tra nội dung sẽ công khai trước khi duyệt "
                    "(nội dung đã thay đổi sau lần xem trước, hoặc chưa xem trước)."
                ),
            )
        if data.get("decision") == self.RETURN and not self.preview and not (data.get("note") or "").strip():
            self.add_error("note", _("Vui lòng nêu lý do trả lại."))
        return data


class ExtensionForm(SaysWhoSees, forms.Form):
    SEEN_BY = {"reason": STAFF_ONLY}
    version = VersionField()  # the report's, as the page was drawn (core/versions.py)
    days = forms.IntegerField(label=_("Số ngày làm việc xin gia hạn"), min_value=1, max_value=30)
    reason = forms.CharField(label=_("Lý do"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class ExtensionDecisionForm(SaysWhoSees, forms.Form):
    SEEN_BY = {"note": seen.EXTENSION_NOTE_SEEN_BY}
    version = VersionField()  # the report's, as the page was drawn (core/versions.py)
    grant = forms.TypedChoiceField(
        label=_("Quyết định"),
        choices=[("1", _("Đồng ý gia hạn")), ("0", _("Không đồng ý"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Ý kiến"),
        max_length=2000,
        required=False,
    )


class AnswerFilesForm(SaysWhoSees, forms.Form):
    """The files of the answer (the official reply letter): each checked by content, size and type."""

    SEEN_BY = {"files": seen.ANSWER_FILES_SEEN_BY}

    files = MultipleFileField(
        label=_("Văn bản trả lời và tệp kèm theo"),
        required=False,  # an empty choice gets its own message (clean_files)
        help_text=_("PDF, DOC, DOCX, JPG, PNG; mỗi tệp tối đa %(mb)s MB."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = self.fields["files"].help_text % {
            "mb": round(settings.HOTLINE_ATTACHMENT_MAX_BYTES / (1024 * 1024), 1)
        }

    def clean_files(self):
        files = self.cleaned_data["files"]
        if not files:
            raise ValidationError(_("Vui lòng chọn tệp."))
        if len(files) > settings.HOTLINE_MAX_ATTACHMENTS:
            raise ValidationError(_("Chỉ được gửi tối đa %(n)s tệp.") % {"n": settings.HOTLINE_MAX_ATTACHMENTS})
        errors, checked = [], []
        for uploaded in files:
            try:
                content_type = validate_upload(
                    uploaded, allowed=ANSWER_FILE_EXTENSIONS, max_bytes=settings.HOTLINE_ATTACHMENT_MAX_BYTES
                )
            except ValidationError as exc:
                errors.extend(exc.messages)
            else:
                checked.append((uploaded, content_type))
        if errors:
            raise ValidationError(errors)
        return checked


class FollowupTaskForm(forms.Form):
    area = forms.ModelChoiceField(label=_("Lĩnh vực cải cách"), queryset=ReformArea.objects.all(), empty_label=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        default = ReformArea.objects.filter(code="thu-tuc-hanh-chinh").first()
        if default:
            self.fields["area"].initial = default.pk
