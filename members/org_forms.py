"""The forms of the committee and unit edit pages (they change nothing: members/org_changes.py does)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import VersionField

from .decisions import NewDecision
from .forms import DecisionChoiceField, DecisionFieldsMixin, date_field
from .models import Committee, Decision, Unit
from .org_changes import CommitteeFields
from .unit_fields import ActiveUnitField


class CommitteeForm(DecisionFieldsMixin):
    """A committee: name, level, place in the hierarchy, its unit, the document that established it (picked,
    typed, or left empty when not known yet) and its declared size. An edit carries the version."""

    name = forms.CharField(
        label=_("Tên"), max_length=255, help_text=_("Ví dụ: Ban Chỉ đạo cải cách hành chính thị xã Thái Hòa")
    )
    short_name = forms.CharField(label=_("Tên ngắn"), max_length=60, required=False)
    kind = forms.ChoiceField(
        label=_("Cấp"),
        choices=Committee.Kind.choices,
        initial=Committee.Kind.DISTRICT,
        error_messages={"invalid_choice": _("Cấp đã chọn không hợp lệ; hãy chọn lại trong danh sách.")},
    )
    parent = forms.ModelChoiceField(
        label=_("Ban Chỉ đạo cấp trên"),
        queryset=Committee.objects.exclude(kind=Committee.Kind.WORKING_GROUP).order_by("kind", "name"),
        required=False,
        empty_label=_("— Không (Ban Chỉ đạo cấp tỉnh) —"),
        error_messages={"invalid_choice": _("Ban Chỉ đạo đã chọn không tồn tại; hãy chọn lại trong danh sách.")},
    )
    unit = ActiveUnitField(label=_("Địa phương, đơn vị"))
    declared_size = forms.IntegerField(
        label=_("Số thành viên theo quyết định"),
        required=False,
        min_value=1,
        max_value=500,
        error_messages={
            "invalid": _("Hãy nhập một số nguyên."),
            "min_value": _("Số thành viên theo quyết định phải từ 1 trở lên."),
            "max_value": _("Số thành viên theo quyết định không quá 500."),
        },
    )
    decision = DecisionChoiceField(
        label=_("Quyết định thành lập đã có"),
        queryset=Decision.objects.all(),
        required=False,
        empty_label=_("— Chưa có, hoặc nhập quyết định mới ở dưới —"),
        error_messages={"invalid_choice": _("Văn bản đã chọn không tồn tại; hãy chọn lại trong danh sách.")},
    )
    version = VersionField()

    field_order = ["name", "short_name", "kind", "parent", "unit", "declared_size"]

    def __init__(self, *args, committee: Committee | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.committee = committee
        self.fields["decision_issuer"].initial = ""
        keep = [committee.unit_id] if committee is not None else ()
        self.fields["unit"].offer(day=timezone.localdate(), keep=keep)
        if committee is None:
            del self.fields["version"]
        else:
            self.fields["parent"].queryset = self.fields["parent"].queryset.exclude(pk=committee.pk)

    def clean(self):
        picked = self.data.get(self.add_prefix("decision"), "") if self.is_bound else ""
        typed = any(
            (self.data.get(self.add_prefix(name), "") or "").strip() for name in ("decision_number", "decision_date")
        )
        if not picked and not typed:  # a committee may be recorded before its document is at hand
            return forms.Form.clean(self)
        return super().clean()

    def fields_value(self) -> CommitteeFields:
        c = self.cleaned_data
        return CommitteeFields(
            name=c["name"],
            short_name=c["short_name"],
            kind=c["kind"],
            unit=c["unit"],
            parent=c["parent"],
            established_by=self.established_by(),
            declared_size=c["declared_size"],
        )

    def established_by(self) -> Decision | NewDecision | None:
        c = self.cleaned_data
        if c.get("decision") or c.get("decision_number"):
            return self.the_decision()
        return None


def committee_initial(committee: Committee) -> dict:
    """The edit form's initial values, from the committee as stored."""
    return {
        "name": committee.name,
        "short_name": committee.short_name,
        "kind": committee.kind,
        "parent": committee.parent_id,
        "unit": committee.unit_id,
        "declared_size": committee.declared_size,
        "decision": committee.established_by_id,
        "version": committee.version,
    }


class UnitEditForm(forms.Form):
    """Correcting a unit: code, names, kind, parent and first day (its end has a page of its own)."""

    code = forms.CharField(label=_("Mã"), max_length=40)
    name = forms.CharField(label=_("Tên đơn vị"), max_length=255)
    short_name = forms.CharField(label=_("Tên ngắn"), max_length=120, required=False)
    kind = forms.ChoiceField(
        label=_("Loại"),
        choices=Unit.Kind.choices,
        error_messages={"invalid_choice": _("Loại đã chọn không hợp lệ; hãy chọn lại trong danh sách.")},
    )
    parent = ActiveUnitField(label=_("Trực thuộc"), required=False, empty_label=_("— Không —"))
    valid_from = date_field(_("Hoạt động từ ngày"), required=False, help_text=_("Dạng dd/mm/yyyy, ví dụ 01/07/2025."))
    ended_on = date_field(
        _("Kết thúc hoạt động từ ngày"),
        help_text=_(
            "Ngày đầu tiên đơn vị không còn hoạt động, như văn bản căn cứ; chỉ sửa được khi chưa chuyển công việc "
            "nào cho đơn vị kế thừa."
        ),
    )
    version = VersionField()

    def __init__(self, *args, unit: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        if getattr(unit, "ending", None) is None:
            del self.fields["ended_on"]  # a unit is ended on its end page, with its document
        day = unit.valid_to if unit.valid_to else timezone.localdate()
        field = self.fields["parent"]
        field.offer(day=day, keep=[unit.parent_id] if unit.parent_id else ())
        field.queryset = field.queryset.exclude(pk=unit.pk)


def unit_initial(unit: Unit) -> dict:
    """The unit edit form's initial values, from the unit as stored."""
    return {
        "code": unit.code,
        "name": unit.name,
        "short_name": unit.short_name,
        "kind": unit.kind,
        "parent": unit.parent_id,
        "valid_from": unit.valid_from,
        "ended_on": unit.ended_on,
        "version": unit.version,
    }
