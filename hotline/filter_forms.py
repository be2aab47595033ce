"""The filter forms of the hotline's lists (inbox, published answers, access log): GET forms, read through
core.filters.query_filters (an unknown value is a 400)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import date_field
from members.models import Unit
from members.unit_fields import UnitChoiceField

from .models import Category, Report


class InboxFilterForm(forms.Form):
    VIEWS = [
        ("open", _("Đang mở")),
        ("new", _("Mới, chưa phân loại")),
        ("overdue", _("Quá hạn")),
        ("pending_approval", _("Chờ duyệt trả lời")),
        ("closed", _("Đã đóng")),
        ("all", _("Tất cả")),
    ]
    view = forms.ChoiceField(label=_("Xem"), choices=VIEWS, required=False)
    unit = UnitChoiceField(label=_("Đơn vị"), queryset=Unit.objects.none(), required=False, empty_label=_("Tất cả"))
    category = forms.ModelChoiceField(
        label=_("Lĩnh vực"), queryset=Category.objects.all(), required=False, empty_label=_("Tất cả")
    )
    channel = forms.ChoiceField(label=_("Kênh"), choices=[("", _("Tất cả")), *Report.Channel.choices], required=False)
    q = forms.CharField(label=_("Tìm (mã, tiêu đề, nội dung trả lời)"), max_length=100, required=False)

    def __init__(self, *args, contact_search: bool = False, **kwargs):
        """`contact_search`: the reader is an operator, who may also find a report by its sender's contact."""
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.all()
        if contact_search:
            self.fields["q"].label = _("Tìm (mã, tiêu đề, số điện thoại, họ tên, thư điện tử)")
            self.fields["q"].help_text = _("Mỗi lần tìm theo thông tin liên hệ được ghi nhật ký xem thông tin cá nhân.")


class PublishedFilterForm(forms.Form):
    unit = UnitChoiceField(label=_("Đơn vị"), queryset=Unit.objects.none(), required=False, empty_label=_("Tất cả"))
    category = forms.ModelChoiceField(
        label=_("Lĩnh vực"), queryset=Category.objects.all(), required=False, empty_label=_("Tất cả")
    )
    q = forms.CharField(label=_("Từ khóa"), max_length=100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The public is offered the units that work today: an ended unit's name would only confuse.
        self.fields["unit"].queryset = Unit.objects.valid_on(timezone.localdate())


class AccessLogFilterForm(forms.Form):
    user = forms.CharField(label=_("Tài khoản"), max_length=150, required=False)
    code = forms.CharField(label=_("Mã phản ánh"), max_length=20, required=False)
    date_from = date_field(_("Từ ngày"), required=False, help_text="")
    date_to = date_field(_("Đến ngày"), required=False, help_text="")
