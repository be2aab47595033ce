"""Forms of the work plan: they validate and convert input, and never change data themselves."""

from datetime import date, timedelta

from django import forms
from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from core import dates
from core.forms import DATE_ERRORS, DateInput, LongSelect, VersionField, date_field, light_choices
from core.text import LONG_TEXT
from members.decisions import NewDecision
from members.models import Committee, Decision, Membership, Person, ReformArea, Unit
from members.unit_fields import ActiveUnitField, ActiveUnitsField, UnitChoiceField, day_in_year

from . import deadlines, plans
from . import status as task_status
from .closed_months import closed_months
from .models import Meeting, PilotUnit, Plan, Task
from .periods import month_start

UNKNOWN_UNIT = _("Cơ quan, đơn vị không tồn tại trong danh mục.")
ATTACHMENT_TYPES = ("pdf", "doc", "docx", "xls", "xlsx", "jpg", "jpeg", "png")


class DecisionFields(forms.Form):
    """Cite a document: an existing one, or a new one by number, date and issuer (recorded by the service
    that makes the change, in its transaction)."""

    DECISION_FIELDS = ("decision", "decision_number", "decision_date", "decision_issuer")

    decision = forms.ModelChoiceField(
        label=_("Văn bản đã có"), queryset=Decision.objects.order_by("-date", "number"), required=False
    )
    decision_number = forms.CharField(label=_("hoặc số, ký hiệu văn bản mới"), max_length=60, required=False)
    decision_date = dates.limit(
        date_field(_("Ngày ban hành"), required=False),
        dates.ISSUED,
    )
    decision_issuer = forms.CharField(label=_("Cơ quan ban hành"), max_length=200, required=False)

    def cited(self) -> Decision | NewDecision | None:
        """The chosen document, the typed one (not yet recorded), or None when neither was given."""
        d = self.cleaned_data
        if d.get("decision"):
            return d["decision"]
        number, issuer = (d.get("decision_number") or "").strip(), (d.get("decision_issuer") or "").strip()
        if number or d.get("decision_date") or issuer:
            return NewDecision(number=number, date=d.get("decision_date"), issuer=issuer)
        return None

    def clean(self):
        cleaned = super().clean()
        typed = any((cleaned.get(name) or "") for name in ("decision_number", "decision_date", "decision_issuer"))
        if cleaned.get("decision") and typed:
            raise forms.ValidationError(_("Hãy chọn một văn bản đã có hoặc nhập văn bản mới, không nhập cả hai."))
        return cleaned


class PlanForm(forms.ModelForm):
    """A plan's committee, year and title; editing an existing plan (`instance`) keeps its committee, and an
    approved plan's year is shown but not editable (tasks/plans.py says why). An edit carries the plan's
    version (core/versions.py)."""

    version = VersionField()

    class Meta:
        model = Plan
        fields = ["committee", "year", "title"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            del self.fields["version"]  # a new plan has no version to check
            # Only committees in operation in the plan's year (the posted one, else the one offered).
            self.fields["committee"].queryset = plans.committees_in_operation(self._year()).order_by("kind", "name")
        else:
            self.fields["version"].initial = self.instance.version
            del self.fields["committee"]
            if self.instance.status == Plan.Status.APPROVED:
                self.fields["year"].disabled = True
                self.fields["year"].help_text = _(
                    "Kế hoạch đã phê duyệt: không thể đổi năm kế hoạch. Nếu năm ghi sai, hãy lập kế hoạch mới."
                )

    def _year(self) -> int:
        return plans.plan_year(self.data.get(self.add_prefix("year")) if self.is_bound else None, self.initial)

    def clean(self):
        picked = str(self.data.get(self.add_prefix("committee"), ""))
        if self.has_error("committee", "invalid_choice") and picked.isdigit():
            for committee in Committee.objects.filter(pk=picked):  # not offered for the year: say why
                try:
                    plans.check_committee(committee=committee, year=self._year())
                except forms.ValidationError as e:
                    self.errors["committee"] = self.error_class(e.messages)
        return super().clean()


class ApproveForm(DecisionFields):
    """The document approving a plan (the service refuses an approval without one)."""


class TaskForm(DecisionFields, forms.ModelForm):
    """A task's fields; editing a task of an approved plan also offers the document behind a change of
    deadline or lead unit. The rules are checked by tasks/tasklist.py, for every writer; an edit carries the
    task's version (core/versions.py)."""

    version = VersionField()

    lead_unit = ActiveUnitField(label=_("Cơ quan chủ trì"), error_messages={"invalid_choice": UNKNOWN_UNIT})
    coordinating_units = ActiveUnitsField(
        label=_("Cơ quan phối hợp"),
        required=False,
        error_messages={"invalid_choice": UNKNOWN_UNIT, "invalid_pk_value": UNKNOWN_UNIT},
    )
    decision = forms.ModelChoiceField(
        label=_("Căn cứ văn bản đã có (khi điều chỉnh thời hạn, cơ quan chủ trì)"),
        queryset=Decision.objects.order_by("-date", "number"),
        required=False,
    )
    due_period = forms.ChoiceField(
        label=_("Kỳ (khi thời hạn ghi theo tháng, quý, 6 tháng)"),
        required=False,
        help_text=_("Kỳ trong năm kế hoạch, ghi như trong kế hoạch."),
    )

    class Meta:
        model = Task
        fields = [
            "code",
            "title",
            "description",
            "area",
            "lead_unit",
            "coordinating_units",
            "responsible",
            "due_kind",
            "due_date",
            "due_period",
            "is_multi_year",
            "starts_on",
            "recurrence",
            "recurrence_day",
            "expected_output",
            "expected_output_note",
            "is_focus",
        ]
        widgets = {"due_date": DateInput(), "starts_on": DateInput()}
        error_messages = {"due_date": DATE_ERRORS, "starts_on": DATE_ERRORS}
        labels = {"due_date": _("Ngày (khi thời hạn ghi theo ngày)")}
        help_texts = {"starts_on": _("Để trống nếu nhiệm vụ thực hiện từ đầu kế hoạch.")}

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        if self.instance.pk is not None:
            self.fields["version"].initial = self.instance.version
        self.fields["area"].queryset = ReformArea.objects.all()
        members = Membership.objects.filter(committee_id=plan.committee_id).values("person_id")
        self.fields["responsible"].queryset = Person.objects.filter(pk__in=members).order_by("full_name")
        self.fields["responsible"].error_messages["invalid_choice"] = _(
            "Người phụ trách phải là thành viên Ban Chỉ đạo."
        )
        # New work goes to units valid in the plan year (today, moved into it); an edited task keeps its own.
        day = day_in_year(plan.year)
        self.fields["lead_unit"].offer(day=day, keep=[self.instance.lead_unit_id] if self.instance.pk else ())
        coordinating = self.instance.coordinating_units.values("pk") if self.instance.pk else ()
        self.fields["coordinating_units"].offer(day=day, keep=coordinating)
        if plan.status != Plan.Status.APPROVED or self.instance.pk is None:
            for name in self.DECISION_FIELDS:
                del self.fields[name]
        self.fields["due_period"].choices = [("", "---------"), *deadlines.period_choices(plan.year)]
        # A browser always sends the kind (the select has a value); a client that leaves it out gets what
        # tasks/tasklist.py `create_task` assumes: ongoing for an ongoing recurrence, else a date.
        self.fields["due_kind"].required = False
        if self.instance.pk is not None:
            self.initial.setdefault(
                "due_period", deadlines.period_value(self.instance.due_kind, self.instance.due_date)
            )

    def clean(self):
        """The deadline as the clerk wrote it -> `due_kind` and `due_date` (the period's last day in the plan's
        year); whether it obeys the rules is the service's to say."""
        cleaned = super().clean()
        if not cleaned.get("due_kind") and "due_kind" not in self.errors:
            ongoing = cleaned.get("recurrence") == Task.Recurrence.ONGOING
            cleaned["due_kind"] = Task.DueKind.ONGOING if ongoing else Task.DueKind.DATE
        kind = cleaned.get("due_kind")
        if kind in (Task.DueKind.MONTH, Task.DueKind.QUARTER, Task.DueKind.HALF):
            value = cleaned.get("due_period")
            if not value:
                self.add_error("due_period", _("Hãy chọn tháng, quý hoặc 6 tháng của thời hạn."))
            else:
                chosen = deadlines.period_from_choice(value, self.plan.year)
                if chosen.kind != kind:
                    self.add_error(
                        "due_period",
                        _("Kỳ đã chọn (%(period)s) không khớp cách ghi thời hạn “%(kind)s”.")
                        % {
                            "period": deadlines.written_deadline(chosen.kind, chosen.due_date),
                            "kind": Task.DueKind(kind).label,
                        },
                    )
                else:
                    cleaned["due_date"] = chosen.due_date
        elif kind == Task.DueKind.YEAR:
            cleaned["due_date"] = deadlines.period_end(deadlines.YEAR, self.plan.year)
        elif kind == Task.DueKind.ONGOING:
            cleaned["due_date"] = None
        return cleaned

    def _post_clean(self):
        # The rules, and the model's checks, are the service's (tasks/tasklist.py): no model validation here.
        pass

    def task_fields(self) -> dict:
        skip = ("coordinating_units", "due_period")
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name not in skip}

    def cited(self) -> Decision | NewDecision | None:
        return super().cited() if "decision" in self.fields else None


class CancelForm(DecisionFields):
    """Why a task is cancelled and, for a task of an approved plan, the document behind it (required by
    tasks/tasklist.py `cancel_task`)."""

    reason = forms.CharField(
        label=_("Lý do hủy"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Hãy nêu lý do hủy nhiệm vụ.")},
    )
    field_order = ["reason", *DecisionFields.DECISION_FIELDS]

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].label = _("Căn cứ văn bản đã có")
        if plan.status != Plan.Status.APPROVED:
            for name in self.DECISION_FIELDS:
                del self.fields[name]

    def cited(self) -> Decision | NewDecision | None:
        return super().cited() if "decision" in self.fields else None


class CascadeForm(forms.Form):
    committees = forms.ModelMultipleChoiceField(
        label=_("Giao cho Ban Chỉ đạo cấp huyện, Tổ công tác"),
        queryset=Committee.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Hãy chọn ít nhất một Ban Chỉ đạo hoặc Tổ công tác.")},
    )

    def __init__(self, *args, task: Task, **kwargs):
        super().__init__(*args, **kwargs)
        # Only committees whose unit works in the plan year (a district's committee ends with its district).
        working = Unit.objects.valid_on(day_in_year(task.plan.year)).values("pk")
        self.fields["committees"].queryset = Committee.objects.filter(
            parent_id=task.plan.committee_id, unit__in=working
        ).select_related("unit")


def month_of(value: str) -> date:
    """The first day of a "YYYY-MM" month (a value of `month_choices`)."""
    year, month = value.split("-")
    return date(int(year), int(month), 1)


def month_choices(*, year: int, today: date) -> list[tuple[str, str]]:
    """Months from January of the plan year to this month, newest first (unfinished work is reported on)."""
    choices = []
    month = month_start(today)
    while month >= date(year, 1, 1):
        choices.append((f"{month:%Y-%m}", f"{month:%m/%Y}"))
        month = (month - timedelta(days=1)).replace(day=1)
    return choices


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class MonthChoiceField(forms.ChoiceField):
    """The months offered (the open ones); a closed month (`closed`, "YYYY-MM" values) is still understood,
    so the form can refuse it by name rather than as an unknown choice."""

    closed: frozenset[str] = frozenset()

    def valid_value(self, value) -> bool:
        return super().valid_value(value) or value in self.closed


def closed_month_error(month: date) -> str:
    return _("Tháng %(month)s đã đóng; không nhận thêm báo cáo cho tháng này.") % {"month": f"{month:%m/%Y}"}


class ReportForm(forms.Form):
    period = MonthChoiceField(label=_("Kỳ báo cáo (tháng)"))
    percent = forms.IntegerField(
        label=_("Tỷ lệ hoàn thành (%)"),
        min_value=0,
        max_value=100,
        error_messages={
            "min_value": _("Tỷ lệ hoàn thành phải từ 0 đến 100."),
            "max_value": _("Tỷ lệ hoàn thành phải từ 0 đến 100."),
            "invalid": _("Tỷ lệ hoàn thành phải là số nguyên từ 0 đến 100."),
        },
    )
    no_change = forms.BooleanField(label=_("Không có thay đổi trong kỳ"), required=False)
    done = forms.CharField(label=_("Kết quả thực hiện"), max_length=LONG_TEXT, widget=forms.Textarea, required=False)
    obstacles = forms.CharField(
        label=_("Khó khăn, vướng mắc"), max_length=LONG_TEXT, widget=forms.Textarea, required=False
    )
    proposals = forms.CharField(
        label=_("Đề xuất, kiến nghị"), max_length=LONG_TEXT, widget=forms.Textarea, required=False
    )
    completed_on = date_field(_("Ngày hoàn thành (khi đạt 100%)"), required=False)
    attachments = MultipleFileField(
        label=_("Tệp đính kèm (PDF, DOC, DOCX, XLS, XLSX, JPG, PNG)"),
        required=False,
        help_text=_("Tối đa %(mb)s MB mỗi tệp.") % {"mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)},
    )

    def __init__(self, *args, task: Task, today: date, **kwargs):
        """The months offered run from January of the plan year to `today`'s, without the closed ones
        (tasks/closed_months.py): a closed month posted is refused with its name."""
        super().__init__(*args, **kwargs)
        months = month_choices(year=task.plan.year, today=today)
        closed = {f"{m:%Y-%m}" for m in closed_months(task.plan.committee_id, [month_of(v) for v, _l in months])}
        field = self.fields["period"]
        field.choices = [(v, label) for v, label in months if v not in closed]
        field.closed = frozenset(closed)
        self.closed_months = {month_of(v) for v in closed}  # the closed months among those of the plan's year
        self.fields["attachments"].widget.attrs["accept"] = ",".join("." + ext for ext in ATTACHMENT_TYPES)

    def clean_period(self) -> date:
        value = self.cleaned_data["period"]
        if value in self.fields["period"].closed:
            raise forms.ValidationError(closed_month_error(month_of(value)))
        return month_of(value)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("no_change") and not cleaned.get("done"):
            cleaned["done"] = ""
        return cleaned


class ReviewForm(forms.Form):
    version = VersionField()
    decision = forms.ChoiceField(
        label=_("Quyết định"),
        choices=[("accept", _("Chấp nhận")), ("return", _("Trả lại"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Ý kiến của Bộ phận Thường trực"), max_length=LONG_TEXT, widget=forms.Textarea, required=False
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "return" and not (cleaned.get("comment") or "").strip():
            self.add_error("comment", _("Phải nêu lý do khi trả lại báo cáo."))
        return cleaned


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["committee", "date", "title"]
        widgets = {"date": DateInput()}
        error_messages = {"date": DATE_ERRORS}


class AttendeesForm(forms.Form):
    attendees = forms.ModelMultipleChoiceField(
        label=_("Thành phần tham dự"),
        queryset=Membership.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        qs = Membership.objects.filter(committee=meeting.committee).on(meeting.date).select_related("person")
        self.fields["attendees"].queryset = qs.order_by("person__full_name")
        self.fields["attendees"].label_from_instance = lambda m: f"{m.person.full_name} — {m.get_role_display()}"


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Nội dung (dự thảo, vấn đề)"), max_length=500)


class OpinionForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Người phát biểu"), queryset=Person.objects.none())
    content = forms.CharField(label=_("Ý kiến"), max_length=LONG_TEXT, widget=forms.Textarea)

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        members = Membership.objects.filter(committee=meeting.committee).on(meeting.date).values("person_id")
        self.fields["person"].queryset = Person.objects.filter(pk__in=members).order_by("full_name")


class ConclusionForm(forms.Form):
    # Shares the page with the opinion form, whose field is also "content": keep the ids apart.
    prefix = "conclusion"
    content = forms.CharField(label=_("Nội dung kết luận"), max_length=LONG_TEXT, widget=forms.Textarea)


class PilotForm(forms.ModelForm):
    unit = ActiveUnitField(label=_("Đơn vị"), error_messages={"invalid_choice": UNKNOWN_UNIT})

    class Meta:
        model = PilotUnit
        fields = ["unit", "reason", "overseers"]
        widgets = {"overseers": forms.CheckboxSelectMultiple}

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        members = Membership.objects.filter(committee_id=plan.committee_id).values("person_id")
        self.fields["overseers"].queryset = Person.objects.filter(pk__in=members).order_by("full_name")
        self.fields["unit"].offer(day=day_in_year(plan.year), keep=[self.instance.unit_id] if self.instance.pk else ())

    def clean_unit(self):
        unit = self.cleaned_data["unit"]
        if PilotUnit.objects.filter(plan=self.plan, unit=unit).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Đơn vị này đã là điểm chỉ đạo của kế hoạch."))
        return unit


class PersonalPlanForm(forms.Form):
    version = VersionField(min_value=0)
    content = forms.CharField(
        label=_("Nội dung kế hoạch cá nhân"),
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 12}),
        required=False,
    )
    self_assessment = forms.CharField(
        label=_("Tự đánh giá cuối năm"), max_length=LONG_TEXT, widget=forms.Textarea(attrs={"rows": 6}), required=False
    )


class TaskFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Tìm kiếm"), max_length=100, required=False, widget=forms.TextInput(attrs={"type": "search"})
    )
    unit = UnitChoiceField(label=_("Cơ quan chủ trì"), queryset=Unit.objects.none(), required=False, widget=LongSelect)
    member = forms.ModelChoiceField(
        label=_("Thành viên phụ trách"), queryset=Person.objects.none(), required=False, widget=LongSelect
    )
    status = forms.ChoiceField(
        label=_("Trạng thái"), choices=[("", _("Tất cả"))] + task_status.CHOICES, required=False, widget=LongSelect
    )
    area = forms.ModelChoiceField(
        label=_("Lĩnh vực"), queryset=ReformArea.objects.all(), required=False, widget=LongSelect
    )
    pilot = forms.BooleanField(label=_("Điểm chỉ đạo"), required=False)
    focus = forms.BooleanField(label=_("Trọng tâm"), required=False)
    overdue = forms.BooleanField(label=_("Quá hạn"), required=False)

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        # Who leads or is responsible for a task of the plan: one index probe per unit and per person
        # (indexes task_plan_lead_unit, task_plan_responsible), not a pass over the plan's tasks.
        plan_tasks = Task.objects.filter(plan=plan)
        self.fields["unit"].queryset = Unit.objects.filter(Exists(plan_tasks.filter(lead_unit=OuterRef("pk"))))
        self.fields["member"].queryset = Person.objects.filter(
            Exists(plan_tasks.filter(responsible=OuterRef("pk")))
        ).order_by("full_name")
        # The options from one light query each (ids and labels, as `__str__` gives them), run only when
        # the form is drawn, not model instances; validation still goes through the querysets above.
        for name, label in (("unit", "name"), ("member", "full_name"), ("area", "name")):
            field = self.fields[name]
            field.choices = light_choices(field.queryset, label, field.empty_label)
