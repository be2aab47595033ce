"""Django admin for the plan: tasks, reports, meetings, pilot units and personal plans.

Change history (who changed what and when) comes from django-simple-history; nothing that
carries the plan's record is deletable here.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.admin import NoDeleteMixin
from core.search import FoldedSearchAdminMixin

from .models import (
    Conclusion,
    Meeting,
    PersonalPlan,
    PilotUnit,
    Plan,
    ProgressReport,
    Task,
    TaskChange,
)


@admin.register(Plan)
class PlanAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ("title", "committee", "year", "status", "approved_by", "is_demo")
    list_filter = ("status", "year", "is_demo")
    search_fields = ("title",)
    raw_id_fields = ("approved_by",)


@admin.register(Task)
class TaskAdmin(FoldedSearchAdminMixin, NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ("code", "title", "plan", "area", "lead_unit", "responsible", "due_date", "recurrence", "is_focus")
    list_filter = ("plan__year", "area", "recurrence", "source", "is_focus", "is_demo")
    list_select_related = ("plan", "area", "lead_unit", "responsible")
    search_fields = ("code", "title")
    raw_id_fields = ("plan", "parent", "lead_unit", "responsible", "conclusion")
    filter_horizontal = ("coordinating_units",)
    history_list_display = ("due_date", "lead_unit")


@admin.register(ProgressReport)
class ProgressReportAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ("task", "period", "percent", "status", "submitted_by", "submitted_at", "reviewed_by")
    list_filter = ("status", "period")
    list_select_related = ("task", "submitted_by", "reviewed_by")
    search_fields = ("task__code", "task__title")
    raw_id_fields = ("task", "supersedes")
    readonly_fields = ("submitted_by", "submitted_at", "reviewed_by", "reviewed_at")
    history_list_display = ("status", "percent")


@admin.register(TaskChange)
class TaskChangeAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ("task", "field", "old_value", "new_value", "decision", "changed_by", "changed_at")
    list_select_related = ("task", "decision", "changed_by")
    search_fields = ("task__code",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ConclusionInline(admin.StackedInline):
    model = Conclusion
    extra = 0

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Meeting)
class MeetingAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ("title", "committee", "date", "notice")
    list_filter = ("committee",)
    date_hierarchy = "date"
    raw_id_fields = ("notice",)
    filter_horizontal = ("attendees",)
    inlines = [ConclusionInline]


@admin.register(PilotUnit)
class PilotUnitAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ("unit", "plan")
    list_filter = ("plan",)
    filter_horizontal = ("overseers",)


@admin.register(PersonalPlan)
class PersonalPlanAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ("person", "year", "assessed_at")
    list_filter = ("year",)
