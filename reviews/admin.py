"""Django admin for the monthly review: reviews (with history) and the read-only reminder log."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.admin import NoDeleteMixin

from .models import MonthlyReview, Reminder


@admin.register(MonthlyReview)
class MonthlyReviewAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ("committee", "month", "reminder_date", "deadline", "closed_at")
    list_filter = ("committee",)
    readonly_fields = ("closed_at", "closed_by")


@admin.register(Reminder)
class ReminderAdmin(NoDeleteMixin, admin.ModelAdmin):
    """The reminder log: proof of who was reminded when. Read-only."""

    list_display = ("review", "recipient", "kind", "claimed_at", "sent_at", "attempts", "last_error")
    list_filter = ("kind", "review__month")
    list_select_related = ("review", "recipient")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
