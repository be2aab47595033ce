"""Admin for the hotline: reference data, and the audit history of reports.

Reports are read only here, with a link to the report's page: every change to a report is a step of its
workflow (hotline/workflow.py and its neighbours: a reason, the receiving body, the timeline, the
normalised texts), and a report is removed only by the retention (hotline/privacy.py).
Contact details are not shown here: administrators do not need them, and every view of them must
go through the logged staff pages.
"""

from django.contrib import admin
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.admin import AppPageAdminMixin, HistoryAdmin, NoDeleteMixin
from core.search import FoldedSearchAdminMixin

from .models import PERSONAL_FIELDS, Category, ContactAccessLog, Report


@admin.register(Category)
class CategoryAdmin(NoDeleteMixin, admin.ModelAdmin):
    """The hotline's categories: reference data with no page of its own in the app (the model form's rules:
    a unique code, a name). Reports cite them, so none is deleted."""

    list_display = ("name", "code", "order")
    search_fields = ("name", "code")


@admin.register(Report)
class ReportAdmin(AppPageAdminMixin, FoldedSearchAdminMixin, HistoryAdmin):
    """Read only: a report is received, classified, routed, answered and published on its page through the
    workflow's services, never here."""

    app_page_label = _("Xử lý trên trang phản ánh, kiến nghị")
    list_display = ("code", "title", "status", "channel", "routed_unit", "received_on", "is_published")
    list_filter = ("status", "channel", "is_published", "category")
    search_fields = ("code", "title")
    exclude = ("pin_hash", *PERSONAL_FIELDS)
    raw_id_fields = ("unit_concerned", "routed_unit", "duplicate_of")
    history_list_display = ("status", "routed_unit")

    def app_url(self, obj) -> str:
        return reverse("hotline:detail", args=[obj.pk])


@admin.register(ContactAccessLog)
class ContactAccessLogAdmin(admin.ModelAdmin):
    list_display = ("at", "user", "report", "purpose")
    list_filter = ("purpose",)
    search_fields = ("user__username", "report__code")
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
