"""Admin for the hotline: reference data, and the audit history of reports.

Contact details are not shown here: administrators do not need them, and every view of them must
go through the logged staff pages.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.admin import VersionedAdminForm
from core.search import FoldedSearchAdminMixin

from .models import PERSONAL_FIELDS, Category, ContactAccessLog, Report


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "order")
    search_fields = ("name", "code")


@admin.register(Report)
class ReportAdmin(FoldedSearchAdminMixin, SimpleHistoryAdmin):
    form = VersionedAdminForm
    list_display = ("code", "title", "status", "channel", "routed_unit", "received_on", "is_published")
    list_filter = ("status", "channel", "is_published", "category")
    search_fields = ("code", "title")
    exclude = ("pin_hash", *PERSONAL_FIELDS)
    # Publication is the operators' moderation step (workflow.review_answer checks the public texts for
    # personal data): the admin shows it and does not change it.
    readonly_fields = (
        "code",
        "created_at",
        "anonymised_at",
        "consent_at",
        "task",
        "recorded_by",
        "is_published",
        "published_at",
        "public_title",
        "public_summary",
    )
    raw_id_fields = ("unit_concerned", "routed_unit", "duplicate_of")
    history_list_display = ("status", "routed_unit")

    def has_delete_permission(self, request, obj=None):
        return False


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
