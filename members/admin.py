"""Django admin for the members models, with the audit history of django-simple-history.

Nothing is deleted here (units and memberships end on a date); a Membership saved without a
decision, or breaking the seat rules, is refused by the model's clean().
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.admin import NoDeleteMixin

from .models import Assignment, Committee, Decision, Membership, Person, ReformArea, Sector, Unit


@admin.register(ReformArea)
class ReformAreaAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ("order", "code", "name")
    list_display_links = ("name",)
    search_fields = ("name", "code")


@admin.register(Sector)
class SectorAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ("code", "name")
    search_fields = ("name", "code")


@admin.register(Unit)
class UnitAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ("code", "name", "kind", "parent", "sector", "valid_from", "valid_to", "is_demo")
    list_filter = ("kind", "sector", "is_demo")
    list_select_related = ("parent", "sector")
    search_fields = ("name", "short_name", "code")
    autocomplete_fields = ("parent",)


@admin.register(Decision)
class DecisionAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ("number", "date", "issuer", "kind", "subject", "is_demo")
    list_filter = ("kind", "issuer", "is_demo")
    search_fields = ("number", "issuer", "subject")
    date_hierarchy = "date"


@admin.register(Committee)
class CommitteeAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ("name", "kind", "unit", "parent", "declared_size", "is_demo")
    list_filter = ("kind", "is_demo")
    list_select_related = ("unit", "parent")
    search_fields = ("name", "short_name")
    autocomplete_fields = ("unit", "parent", "established_by")


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ("full_name", "title", "unit", "user", "is_demo")
    list_filter = ("is_demo", "unit__kind")
    list_select_related = ("unit", "user")
    search_fields = ("full_name", "title", "email")
    autocomplete_fields = ("unit",)
    raw_id_fields = ("user",)


class AssignmentInline(admin.TabularInline):
    model = Assignment
    fk_name = "membership"
    extra = 0
    fields = ("start", "end", "areas", "units", "sectors", "decision", "note")
    autocomplete_fields = ("units", "decision")
    filter_horizontal = ("areas", "sectors")
    show_change_link = True

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Membership)
class MembershipAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ("person", "role", "committee", "position", "start", "end", "appointed_by", "ended_by", "is_demo")
    list_filter = ("committee", "role", "is_demo")
    list_select_related = ("person", "committee", "appointed_by", "ended_by")
    search_fields = ("person__full_name", "position")
    autocomplete_fields = ("person", "unit", "appointed_by", "ended_by", "predecessor")
    date_hierarchy = "start"
    inlines = [AssignmentInline]


@admin.register(Assignment)
class AssignmentAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ("membership", "start", "end", "decision", "transferred_from", "is_demo")
    list_filter = ("is_demo", "areas")
    list_select_related = ("membership__person", "decision", "transferred_from__membership__person")
    search_fields = ("membership__person__full_name", "note")
    autocomplete_fields = ("membership", "units", "decision", "transferred_from")
    filter_horizontal = ("areas", "sectors")
