"""Forms of the members pages: they validate and convert input, and change nothing.

Dates are typed dd/mm/yyyy. A change cites a decision picked from the list or typed inline
(number, date, issuer); the inline one is turned into `changes.NewDecision` and recorded in the
same transaction as the change, so a refused change leaves no stray decision behind.
"""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import dates
from core.forms import VersionField, date_field

from .changes import MEMBERSHIP_ISSUER_DEFAULT, NewPerson
from .decisions import NewDecision
from .models import Committee, Decision, Membership, Person, ReformArea, Sector, Unit
from .unit_fields import ActiveUnitField, ActiveUnitsField
from .validators import normalize_decision_number, validate_decision_number


class DecisionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.number} ({obj.date:%d/%m/%Y}) — {obj.issuer}"


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name} — {obj.title}" if obj.title else obj.full_name


def _choice_errors(what):
    return {"invalid_choice": _("%(what)s đã chọn không tồn tại; hãy chọn lại trong danh sách.") % {"what": what}}


class RosterDateForm(forms.Form):
    """The `?on=dd/mm/yyyy` picker of the roster pages."""

    on = date_field(_("Danh sách ngày"), required=False, help_text="")

    def day(self) -> date:
        return (self.cleaned_data.get("on") if self.is_valid() else None) or timezone.localdate()


class DecisionFieldsMixin(forms.Form):
    """Pick an existing decision, or type a new one inline."""

    decision = DecisionChoiceField(
        label=_("Quyết định đã có"),
        queryset=Decision.objects.filter(kind=Decision.Kind.DECISION),
        required=False,
        empty_label=_("— Nhập quyết định mới ở dưới —"),
        error_messages=_choice_errors(_("Quyết định")),
    )
    decision_number = forms.CharField(
        label=_("Số, ký hiệu quyết định mới"),
        required=False,
        max_length=60,
        help_text=_("Ví dụ: 1830-QĐ/TU"),
    )
    decision_date = dates.limit(date_field(_("Ngày ban hành"), required=False), dates.ISSUED)
    decision_issuer = forms.CharField(
        label=_("Cơ quan ban hành"), required=False, max_length=200, initial=MEMBERSHIP_ISSUER_DEFAULT
    )
    decision_subject = forms.CharField(label=_("Trích yếu"), required=False, max_length=500)

    DECISION_FIELDS = ("decision", "decision_number", "decision_date", "decision_issuer", "decision_subject")
    MISSING_DECISION = _(
        "Mỗi thay đổi thành viên phải căn cứ một quyết định: hãy chọn quyết định đã có hoặc nhập số, ngày, cơ quan ban hành."
    )

    def clean_decision_number(self):
        value = normalize_decision_number(self.cleaned_data.get("decision_number", ""))
        if value:
            validate_decision_number(value)
        return value

    def clean(self):
        cleaned = super().clean()
        picked = cleaned.get("decision")
        number = cleaned.get("decision_number")
        typed = bool(number) or bool(self.data.get(self.add_prefix("decision_date"), "").strip())
        if self.has_error("decision") or self.has_error("decision_number") or self.has_error("decision_date"):
            return cleaned
        if picked and typed:
            raise ValidationError(_("Hãy chọn một quyết định đã có hoặc nhập quyết định mới, không nhập cả hai."))
        if not picked and not typed:
            self.add_error("decision", self.MISSING_DECISION)
            return cleaned
        if typed:
            if not number:
                self.add_error("decision_number", _("Hãy nhập số, ký hiệu của quyết định."))
            if not cleaned.get("decision_date"):
                self.add_error("decision_date", _("Hãy nhập ngày ban hành quyết định (dd/mm/yyyy)."))
            elif cleaned["decision_date"] > timezone.localdate():
                self.add_error("decision_date", _("Ngày ban hành không thể sau ngày hôm nay."))
            if not (cleaned.get("decision_issuer") or "").strip():
                self.add_error("decision_issuer", _("Hãy nhập cơ quan ban hành quyết định."))
        return cleaned

    def the_decision(self) -> Decision | NewDecision:
        c = self.cleaned_data
        if c.get("decision"):
            return c["decision"]
        return NewDecision(
            number=c["decision_number"],
            date=c["decision_date"],
            issuer=c["decision_issuer"],
            subject=c.get("decision_subject", ""),
        )


class PersonFieldsMixin(forms.Form):
    """Pick a person from the register, or type a new one."""

    person = PersonChoiceField(
        label=_("Người đã có trong danh sách"),
        queryset=Person.objects.select_related(None),
        required=False,
        empty_label=_("— Nhập người mới ở dưới —"),
        error_messages=_choice_errors(_("Người")),
    )
    new_person_name = forms.CharField(label=_("Họ và tên người mới"), required=False, max_length=150)
    new_person_title = forms.CharField(label=_("Chức vụ của người mới"), required=False, max_length=255)

    PERSON_FIELDS = ("person", "new_person_name", "new_person_title")

    def clean(self):
        cleaned = super().clean()
        if self.has_error("person"):
            return cleaned
        picked, name = cleaned.get("person"), (cleaned.get("new_person_name") or "").strip()
        if picked and name:
            self.add_error("person", _("Hãy chọn một người trong danh sách hoặc nhập người mới, không nhập cả hai."))
        elif not picked and not name:
            self.add_error("person", _("Hãy chọn người trong danh sách hoặc nhập họ tên người mới."))
        return cleaned

    def the_person(self, unit: Unit | None = None) -> Person | NewPerson:
        c = self.cleaned_data
        if c.get("person"):
            return c["person"]
        return NewPerson(full_name=c["new_person_name"], title=c.get("new_person_title", ""), unit=unit)


def _unit_field(label):
    return ActiveUnitField(
        label=label,
        required=False,
        empty_label=_("— Theo cơ quan của người được cử —"),
        error_messages=_choice_errors(_("Cơ quan")),
    )


class UnitTodayMixin(forms.Form):
    """The person's unit is one that works today (units that have ended are not offered)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].offer(day=timezone.localdate())


class AppointForm(UnitTodayMixin, PersonFieldsMixin, DecisionFieldsMixin):
    role = forms.ChoiceField(
        label=_("Vai trò"),
        choices=Membership.Role.choices,
        initial=Membership.Role.MEMBER,
        error_messages={"invalid_choice": _("Vai trò đã chọn không hợp lệ; hãy chọn lại trong danh sách.")},
    )
    position = forms.CharField(
        label=_("Chức vụ khi tham gia"), required=False, max_length=255, help_text=_("Ví dụ: Giám đốc Sở Nội vụ")
    )
    unit = _unit_field(_("Cơ quan công tác"))
    start = date_field(_("Từ ngày"))

    field_order = ["person", "new_person_name", "new_person_title", "role", "position", "unit", "start"]


class EndForm(DecisionFieldsMixin):
    version = VersionField()
    end = date_field(
        _("Ngày cuối cùng làm thành viên"),
        help_text=_("Dạng dd/mm/yyyy. Từ ngày hôm sau người này không còn là thành viên."),
    )

    field_order = ["end"]


class ReplaceForm(UnitTodayMixin, PersonFieldsMixin, DecisionFieldsMixin):
    version = VersionField()
    start = date_field(
        _("Người thay thế bắt đầu từ ngày"),
        help_text=_(
            "Dạng dd/mm/yyyy. Người được thay thế thôi làm thành viên từ ngày này (ngày cuối cùng là hôm trước)."
        ),
    )
    position = forms.CharField(
        label=_("Chức vụ của người thay thế"),
        required=False,
        max_length=255,
        help_text=_("Để trống: giữ chức vụ của ghế cũ."),
    )
    unit = _unit_field(_("Cơ quan công tác của người thay thế"))

    field_order = ["person", "new_person_name", "new_person_title", "position", "unit", "start"]


class AssignmentForm(forms.Form):
    version = VersionField()
    areas = forms.ModelMultipleChoiceField(
        label=_("Lĩnh vực phụ trách"),
        queryset=ReformArea.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Lĩnh vực đã chọn không tồn tại."),
            "invalid_pk_value": _("Lĩnh vực đã chọn không tồn tại."),
        },
    )
    units = ActiveUnitsField(
        label=_("Đơn vị, địa bàn theo dõi"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Đơn vị đã chọn không tồn tại."),
            "invalid_pk_value": _("Đơn vị đã chọn không tồn tại."),
        },
    )
    sectors = forms.ModelMultipleChoiceField(
        label=_("Ngành dọc theo dõi (từ tỉnh xuống cơ sở)"),
        queryset=Sector.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Ngành đã chọn không tồn tại."),
            "invalid_pk_value": _("Ngành đã chọn không tồn tại."),
        },
    )
    note = forms.CharField(
        label=_("Ghi chú"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    decision = DecisionChoiceField(
        label=_("Văn bản phân công (nếu có)"),
        queryset=Decision.objects.all(),
        required=False,
        empty_label=_("— Không có —"),
        error_messages=_choice_errors(_("Văn bản")),
    )
    start = date_field(_("Từ ngày"))
    end = date_field(_("Đến ngày"), required=False, help_text=_("Để trống nếu còn hiệu lực."))

    def __init__(self, *args, assignment=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Units valid today; an assignment being edited keeps the units it already follows.
        keep = assignment.units.values("pk") if assignment is not None else ()
        self.fields["units"].offer(day=timezone.localdate(), keep=keep)

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not (cleaned.get("areas") or cleaned.get("units") or cleaned.get("sectors")):
            raise ValidationError(_("Hãy chọn ít nhất một lĩnh vực, đơn vị/địa bàn hoặc ngành được phân công."))
        return cleaned


class CommitteeFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Cấp"), choices=[("", _("Tất cả"))] + list(Committee.Kind.choices), required=False)
