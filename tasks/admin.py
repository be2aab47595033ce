"""Django admin for the plan: tasks, reports, meetings, pilot units and personal plans.

Change history (who changed what and when) comes from django-simple-history; nothing that
carries the plan's record is deletable here. Plans and tasks are saved through their services
(tasks/plans.py, tasks/tasklist.py), so the admin obeys the rules every other writer does. Progress
reports, meetings, pilot units and personal plans are read only here, with a link to the app page that
writes them through their services (tasks/reports.py, tasks/meetings.py, tasks/pilots.py, tasks/plans.py):
their rules (a report's completion day, "no change", a closed month; a meeting's documents) are checked
there, not by a plain model form.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.admin import AppPageAdminMixin, HistoryAdmin, NoDeleteMixin, adopt
from core.forms import VersionField, apply_errors
from core.search import FoldedSearchAdminMixin
from core.versions import check_version
from members.models import Decision

from . import plans, tasklist
from .models import (
    Conclusion,
    Meeting,
    PersonalPlan,
    PilotUnit,
    Plan,
    ProgressReport,
    ReportNotice,
    Task,
    TaskChange,
)


class PlanAdminForm(forms.ModelForm):
    """Checks a plan's committee (in operation in its year), year and approval (the approving document's date,
    the plan's tasks) with the rules of tasks/plans.py before anything is saved, and that nobody changed the
    plan since the page was drawn (core/versions.py)."""

    version_field = "drawn_version"
    drawn_version = VersionField()

    class Meta:
        model = Plan
        fields = ["committee", "year", "title", "status", "approved_by", "approved_at", "is_demo"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["drawn_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        try:
            if self.instance.pk is None:
                if "year" in cleaned:
                    plans.check_year(cleaned["year"])
                    if cleaned.get("committee"):
                        plans.check_committee(committee=cleaned["committee"], year=cleaned["year"])
            else:
                saved = Plan.objects.get(pk=self.instance.pk)
                check_version(saved, cleaned.get("drawn_version"), fields=("title", "year", "status", "approved_by"))
                if "year" in cleaned:
                    plans.check_plan_edit(plan=saved, year=cleaned["year"])
                if cleaned.get("approved_by") and saved.status == Plan.Status.DRAFT:
                    plans.check_approval(plan=saved, decision=cleaned["approved_by"])
        except ValidationError as e:
            if hasattr(e, "error_dict") and "decision" in e.error_dict:  # the service's name for approved_by
                e = ValidationError({"approved_by": e.error_dict["decision"]})
            apply_errors(self, e)
        return cleaned


@admin.register(Plan)
class PlanAdmin(NoDeleteMixin, HistoryAdmin):
    """Plans are written by tasks/plans.py: created as drafts, approved by choosing the approving document
    (once), and an approved plan keeps its committee and year."""

    form = PlanAdminForm
    list_display = ("title", "committee", "year", "status", "approved_by", "is_demo")
    list_filter = ("status", "year", "is_demo")
    search_fields = ("title",)
    raw_id_fields = ("approved_by",)

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ("status", "approved_by", "approved_at")
        if obj.status == Plan.Status.APPROVED:
            return ("committee", "year", "status", "approved_by", "approved_at", "is_demo")
        return ("committee", "status", "approved_at", "is_demo")

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if not change:
            plan = plans.create_plan(
                committee=data["committee"],
                year=data["year"],
                title=data["title"],
                is_demo=data.get("is_demo", False),
                by=request.user,
            )
            adopt(obj, plan)
            return
        plans.update_plan(
            plan=obj,
            title=data["title"],
            year=data.get("year", obj.year),
            by=request.user,
            version=data.get("drawn_version"),
        )
        if data.get("approved_by") and "approved_by" in form.changed_data:
            plans.approve_plan(plan=obj, decision=data["approved_by"], now=timezone.now(), by=request.user)
        obj.refresh_from_db()


# The task's own fields, as tasks/tasklist.py takes them (the links to plan, parent, conclusion and source are
# fixed when the task is made).
_LINKS = ("plan", "parent", "conclusion", "source")
_CANCELLATION = ("cancelled_at", "cancelled_by", "cancel_reason", "cancel_decision")


class TaskAdminForm(forms.ModelForm):
    """Checks a task with the rules of tasks/tasklist.py before anything is saved; a change of deadline or lead
    unit in an approved plan cites a document; nobody changed the task since the page was drawn
    (core/versions.py)."""

    version_field = "drawn_version"
    drawn_version = VersionField()
    decision = forms.ModelChoiceField(
        label=_("Căn cứ văn bản (khi điều chỉnh thời hạn, cơ quan chủ trì của kế hoạch đã phê duyệt)"),
        queryset=Decision.objects.all(),
        required=False,
        widget=AutocompleteSelect(TaskChange._meta.get_field("decision"), admin.site),
    )

    class Meta:
        model = Task
        fields = [
            "plan",
            "parent",
            "code",
            "title",
            "description",
            "area",
            "lead_unit",
            "coordinating_units",
            "responsible",
            "due_kind",
            "due_date",
            "is_multi_year",
            "starts_on",
            "recurrence",
            "recurrence_day",
            "expected_output",
            "expected_output_note",
            "is_focus",
            "source",
            "conclusion",
            "is_demo",
        ]

    def task_fields(self) -> dict:
        skip = {*_LINKS, "coordinating_units", "decision", "is_demo", "drawn_version"}
        return {name: value for name, value in self.cleaned_data.items() if name not in skip}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "due_kind" in self.fields:  # left out: what tasks/tasklist.py `create_task` assumes
            self.fields["due_kind"].required = False
        if self.instance.pk:
            self.fields["drawn_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("due_kind"):
            ongoing = cleaned.get("recurrence") == Task.Recurrence.ONGOING
            cleaned["due_kind"] = Task.DueKind.ONGOING if ongoing else Task.DueKind.DATE
        plan = self.instance.plan if self.instance.pk else cleaned.get("plan")
        if plan is None or self.errors:
            return cleaned
        fields = self.task_fields()
        try:
            tasklist.check_task(
                task=Task(plan=plan, **fields),
                coordinating_units=cleaned.get("coordinating_units") or (),
                exclude_pk=self.instance.pk,
            )
            if self.instance.pk:
                saved = Task.objects.select_related("plan").get(pk=self.instance.pk)
                check_version(saved, cleaned.get("drawn_version"), fields=fields.keys())
                if tasklist.needs_document(task=saved, fields=fields):
                    if not cleaned.get("decision"):
                        raise tasklist.document_required()
                    tasklist.check_change_document(cleaned["decision"], plan=saved.plan, on=timezone.localdate())
        except ValidationError as e:
            apply_errors(self, e)
        return cleaned


@admin.register(Task)
class TaskAdmin(FoldedSearchAdminMixin, NoDeleteMixin, HistoryAdmin):
    """Tasks are written by tasks/tasklist.py, with the rules every writer obeys."""

    form = TaskAdminForm
    list_display = ("code", "title", "plan", "area", "lead_unit", "responsible", "due_kind", "due_date", "recurrence")
    list_filter = ("plan__year", "area", "recurrence", "source", "is_focus", "is_demo")
    list_select_related = ("plan", "area", "lead_unit", "responsible")
    search_fields = ("code", "title")
    raw_id_fields = ("plan", "parent", "lead_unit", "responsible", "conclusion")
    filter_horizontal = ("coordinating_units",)
    history_list_display = ("due_date", "lead_unit")

    def get_readonly_fields(self, request, obj=None):
        # A task is cancelled through its page (tasks/tasklist.py `cancel_task`), never here.
        return (*_LINKS, "effective_due_date", *_CANCELLATION) if obj is not None else ()

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        return fields if obj is not None else [f for f in fields if f != "decision"]

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        units = list(data.get("coordinating_units") or ())
        if change:
            tasklist.update_task(
                task=obj,
                fields={**form.task_fields(), "is_demo": data.get("is_demo", obj.is_demo)},
                coordinating_units=units,
                user=request.user,
                decision=data.get("decision"),
                version=data.get("drawn_version"),
            )
            return
        task = tasklist.create_task(
            plan=data["plan"],
            fields=form.task_fields(),
            coordinating_units=units,
            source=data.get("source") or Task.Source.PLAN,
            conclusion=data.get("conclusion"),
            parent=data.get("parent"),
            is_demo=data.get("is_demo", False),
            by=request.user,
        )
        adopt(obj, task)

    def save_related(self, request, form, formsets, change):
        # The service saved the coordinating units with the task.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


@admin.register(ProgressReport)
class ProgressReportAdmin(AppPageAdminMixin, HistoryAdmin):
    """Read only: reports are submitted and reviewed on the task's page (tasks/reports.py)."""

    app_page_label = _("Gửi, xem xét báo cáo trên trang nhiệm vụ")
    list_display = ("task", "period", "percent", "status", "submitted_by", "submitted_at", "reviewed_by")
    list_filter = ("status", "period")
    list_select_related = ("task", "submitted_by", "reviewed_by")
    search_fields = ("task__code", "task__title")
    raw_id_fields = ("task", "supersedes")
    history_list_display = ("status", "percent")

    def app_url(self, obj) -> str:
        return reverse("tasks:task_detail", args=[obj.task_id])


@admin.register(TaskChange)
class TaskChangeAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ("task", "field_shown", "old_shown", "new_shown", "decision", "changed_by", "changed_at")
    list_select_related = ("task", "decision", "changed_by")
    search_fields = ("task__code",)

    @admin.display(description=_("trường"))
    def field_shown(self, obj):
        return obj.field_label

    @admin.display(description=_("giá trị cũ"))
    def old_shown(self, obj):
        return obj.old_shown

    @admin.display(description=_("giá trị mới"))
    def new_shown(self, obj):
        return obj.new_shown

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ConclusionInline(admin.StackedInline):
    model = Conclusion
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Meeting)
class MeetingAdmin(AppPageAdminMixin, HistoryAdmin):
    """Read only: sessions, attendees, conclusions and the notice are written on the meeting's page
    (tasks/meetings.py, tasks/meeting_notice.py)."""

    app_page_label = _("Sửa trên trang phiên họp")
    list_display = ("title", "committee", "date", "notice")
    list_filter = ("committee",)
    date_hierarchy = "date"
    inlines = [ConclusionInline]

    def app_url(self, obj) -> str:
        return reverse("tasks:meeting_detail", args=[obj.pk])


@admin.register(PilotUnit)
class PilotUnitAdmin(AppPageAdminMixin, HistoryAdmin):
    """Read only: pilot units are chosen on the plan's pilot page (tasks/pilots.py)."""

    app_page_label = _("Điểm chỉ đạo trên trang kế hoạch")
    list_display = ("unit", "plan")
    list_filter = ("plan",)

    def app_url(self, obj) -> str:
        return reverse("tasks:pilot_list", args=[obj.plan_id])


@admin.register(PersonalPlan)
class PersonalPlanAdmin(AppPageAdminMixin, HistoryAdmin):
    """Read only: a member writes their plan on their own page (tasks/plans.py `save_personal_plan`)."""

    app_page_label = _("Kế hoạch cá nhân của các thành viên")
    list_display = ("person", "year", "assessed_at")
    list_filter = ("year",)

    def app_url(self, obj) -> str:
        return reverse("tasks:personal_plan_list")


@admin.register(ReportNotice)
class ReportNoticeAdmin(NoDeleteMixin, admin.ModelAdmin):
    """The log of notices about returned reports: who was told, when, and any failure. Read-only."""

    list_display = ("report", "kind", "recipient", "user", "created_at", "sent_at", "attempts", "last_error")
    list_filter = ("kind",)
    list_select_related = ("report__task", "recipient", "user")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
