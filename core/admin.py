"""Django admin for the base layer (the province's calendar entries, read only) and the shared admin mixin."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import CalendarEntry


class NoDeleteMixin:
    """For records that carry the committee's history: nothing is deleted from the admin."""

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CalendarEntry)
class CalendarEntryAdmin(SimpleHistoryAdmin):
    """Read only: a change to the calendar moves open deadlines, so it is made on the calendar page
    (core.calendar_changes), never here."""

    list_display = ("date", "kind", "name", "source_document", "confirmed")
    list_filter = ("kind", "confirmed")
    date_hierarchy = "date"
    search_fields = ("name", "source_document")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
