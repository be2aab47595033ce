"""Django admin for the base layer (the calendar's days off, notifications) and the shared admin mixin."""

from django.contrib import admin

from .models import Holiday


class NoDeleteMixin:
    """For records that carry the committee's history: nothing is deleted from the admin."""

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ("date", "name")
    date_hierarchy = "date"
    search_fields = ("name",)
