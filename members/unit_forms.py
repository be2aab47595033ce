"""The forms of the units pages: adding a unit, ending one, passing its work on (they change nothing)."""

from __future__ import annotations

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.unit_successions import OpenItem, kind_label

from .forms import DecisionChoiceField, DecisionFieldsMixin, date_field
from .models import Decision, Unit
from .unit_fields import ActiveUnitField, ActiveUnitsField

KEEP = "keep"


class UnitDecisionFields(DecisionFieldsMixin):
    """The document behind a unit's end: any kind (a resolution, a decision, a law), picked or typed."""

    decision = DecisionChoiceField(
        label=_("Văn bản đã có"),
        queryset=Decision.objects.all(),
        required=False,
        empty_label=_("— Nhập văn bản mới ở dưới —"),
        error_messages={"invalid_choice": _("Văn bản đã chọn không tồn tại; hãy chọn lại trong danh sách.")},
    )
    MISSING_DECISION = _(
        "Việc kết thúc hoạt động của đơn vị phải căn cứ một văn bản: hãy chọn văn bản đã có hoặc nhập số, ngày, "
        "cơ quan ban hành."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision_issuer"].initial = ""
        self.fields["decision_number"].label = _("Số, ký hiệu văn bản mới")
        self.fields["decision_number"].help_text = _("Ví dụ: 1243/NQ-UBTVQH15, 123/QĐ-UBND")


class UnitEndForm(UnitDecisionFields):
    on = date_field(
        _("Kết thúc hoạt động từ ngày"),
        help_text=_(
            "Dạng dd/mm/yyyy: ngày đầu tiên đơn vị không còn hoạt động (ngày văn bản có hiệu lực). "
            "Đơn vị kế thừa nhận công việc từ ngày này."
        ),
    )
    successors = ActiveUnitsField(
        label=_("Đơn vị kế thừa"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Một hoặc nhiều đơn vị; để trống nếu chưa có (ví dụ xã, phường mới chưa được thêm)."),
    )
    note = forms.CharField(
        label=_("Ghi chú"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    field_order = ["on", "successors", "note"]

    def __init__(self, *args, unit: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        # Successors are valid on the day the unit ends; the list is read before that day is known.
        day = self._posted_day() or unit.ended_on or timezone.localdate()
        self.fields["successors"].offer(day=day)
        self.fields["successors"].queryset = self.fields["successors"].queryset.exclude(pk=unit.pk)

    def _posted_day(self) -> date | None:
        if not self.is_bound:
            return None
        try:
            return self.fields["on"].clean(self.data.get(self.add_prefix("on")))
        except ValidationError:
            return None


class UnitTransferForm(UnitDecisionFields):
    """Passing an ended unit's remaining work on: more successors (valid on the day it ended), and the
    document (the recorded one by default)."""

    add_successors = ActiveUnitsField(
        label=_("Thêm đơn vị kế thừa"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Ví dụ: các xã, phường mới nhận địa bàn của huyện. Thêm đơn vị mới ở trang danh mục đơn vị."),
    )

    def __init__(self, *args, change, **kwargs):
        super().__init__(*args, **kwargs)
        self.change = change
        field = self.fields["add_successors"]
        field.offer(day=change.on)
        field.queryset = field.queryset.exclude(pk=change.unit_id).exclude(pk__in=change.successors.values("pk"))
        if change.decision_id:
            self.fields["decision"].initial = change.decision_id
            self.MISSING_DECISION = _("Hãy chọn văn bản căn cứ.")

    def cited(self):
        return self.the_decision()


class UnitCreateForm(forms.Form):
    name = forms.CharField(label=_("Tên đơn vị"), max_length=255, help_text=_("Ví dụ: Phường Vinh Phú"))
    short_name = forms.CharField(label=_("Tên ngắn"), max_length=120, required=False)
    code = forms.CharField(
        label=_("Mã"), max_length=40, help_text=_("Mã đơn vị hành chính hoặc mã tự đặt, không trùng mã đã có.")
    )
    kind = forms.ChoiceField(label=_("Loại"), choices=Unit.Kind.choices, initial=Unit.Kind.COMMUNE)
    parent = ActiveUnitField(label=_("Trực thuộc"), required=False, empty_label=_("— Không —"))
    valid_from = date_field(_("Hoạt động từ ngày"), help_text=_("Dạng dd/mm/yyyy, ví dụ 01/07/2025."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].offer(day=timezone.localdate())


class TransferChoicesForm(forms.Form):
    """One choice per open item: which successor takes it, or keep it where it is. The proposal is the
    only successor; with several there is none, and the secretariat must choose."""

    def __init__(self, *args, items: list[OpenItem], successors: list[Unit], **kwargs):
        super().__init__(*args, prefix="item", **kwargs)
        self.items = items
        self.successors = successors
        options = [("", _("— Chọn đơn vị nhận —"))] if len(successors) > 1 else []
        options += [(str(s.pk), s.name) for s in successors]
        options.append((KEEP, _("Giữ nguyên, không chuyển")))
        initial = str(successors[0].pk) if len(successors) == 1 else ("" if successors else KEEP)
        for item in items:
            self.fields[item.key] = forms.ChoiceField(
                label=item.label,
                choices=options,
                initial=initial,
                error_messages={"required": _("Hãy chọn đơn vị nhận việc này, hoặc giữ nguyên.")},
            )

    def rows(self):
        """(kind label, item, bound field) for the review table."""
        return [(kind_label(item.kind), item, self[item.key]) for item in self.items]

    def choices(self) -> dict[str, Unit | None]:
        by_pk = {str(s.pk): s for s in self.successors}
        return {key: by_pk.get(value) for key, value in self.cleaned_data.items()}
