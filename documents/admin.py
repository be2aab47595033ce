from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import IssuedDocument, Letterhead


@admin.register(Letterhead)
class LetterheadAdmin(SimpleHistoryAdmin):
    list_display = ("committee", "layout", "issuing_body", "symbol", "place")

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(IssuedDocument)
class IssuedDocumentAdmin(SimpleHistoryAdmin):
    """Read only: numbers are given by documents.register, and a number is never given again."""

    list_display = ("number", "issued_on", "kind", "title", "committee")
    list_filter = ("committee", "year", "kind")
    search_fields = ("number", "title")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
