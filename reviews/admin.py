"""Django admin for the monthly review: reviews (with history, read only, linked to the month's board) and
the read-only reminder log."""

from django.contrib import admin
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.admin import AppPageAdminMixin, HistoryAdmin, NoDeleteMixin

from .models import MonthlyReview, Reminder


@admin.register(MonthlyReview)
class MonthlyReviewAdmin(AppPageAdminMixin, HistoryAdmin):
    """Read only: a month is opened, assessed, closed and reopened on its board (reviews/ services), whose
    deadlines follow the working calendar."""

    app_page_label = _("Xem, đánh giá trên trang kiểm điểm tháng")
    list_display = ("committee", "month", "reminder_date", "deadline", "closed_at")
    list_filter = ("committee",)

    def app_url(self, obj) -> str:
        return reverse("reviews:review_board", args=[obj.committee_id, obj.month.year, obj.month.month])


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
