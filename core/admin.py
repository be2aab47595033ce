"""Django admin for the base layer (the province's calendar entries, read only) and the shared admin
helpers: no deleting, and no lost edits (`VersionedAdminForm`)."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from simple_history.admin import SimpleHistoryAdmin

from .forms import VersionField, apply_errors
from .models import CalendarEntry
from .versions import check_version


class VersionedAdminForm(forms.ModelForm):
    """The admin form of a record several people edit (core/versions.py): it carries the version it was
    drawn from and refuses, before saving, a change to a record whose edited fields someone changed
    since (the list of changes shown above the form). Records saved through a service (plans, tasks)
    have the service check it again under its lock. (The field is not named `version`: the admin builds
    its form from the model, whose `version` no form edits.)"""

    version_field = "drawn_version"
    drawn_version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["drawn_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean() or {}
        if self.instance.pk and not self.errors:
            saved = type(self.instance)._default_manager.get(pk=self.instance.pk)
            concrete = {f.name for f in saved._meta.concrete_fields}
            try:
                check_version(saved, cleaned.get("drawn_version"), fields=[n for n in self.fields if n in concrete])
            except ValidationError as e:
                apply_errors(self, e)
        return cleaned


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
