"""The admin reads periodic reports; every write goes through periodic_reports/drafting.py and issuing.py."""

from django.contrib import admin

from .models import PeriodicReport, ReportSection, ReportVersion


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PeriodicReport)
class PeriodicReportAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "committee", "starts_on", "ends_on", "status", "version")
    list_filter = ("kind", "year", "status")


@admin.register(ReportVersion)
class ReportVersionAdmin(ReadOnlyAdmin):
    list_display = ("report", "number", "status", "saved_by", "saved_at", "issued_document")
    list_select_related = ("report", "saved_by", "issued_document")


@admin.register(ReportSection)
class ReportSectionAdmin(ReadOnlyAdmin):
    list_display = ("version", "order", "key", "title")
    list_select_related = ("version__report",)
