"""The admin reads the register and the letterheads: numbers are given by documents/register.py, and a
letterhead is written on the committee's letterhead page (its layout's rules), linked from each row."""

from django.contrib import admin
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.admin import AppPageAdminMixin, HistoryAdmin

from .models import IssuedDocument, Letterhead


@admin.register(Letterhead)
class LetterheadAdmin(AppPageAdminMixin, HistoryAdmin):
    """Read only: a letterhead is written on the committee's letterhead page (documents/views.py)."""

    app_page_label = _("Sửa trên trang thể thức văn bản của Ban")
    list_display = ("committee", "layout", "issuing_body", "symbol", "place")

    def app_url(self, obj) -> str:
        return reverse("documents:letterhead", args=[obj.committee_id])


@admin.register(IssuedDocument)
class IssuedDocumentAdmin(HistoryAdmin):
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
