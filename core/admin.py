"""Django admin for the base layer (the province's calendar entries, read only) and the shared admin
helpers: no deleting, no lost edits (`VersionedAdminForm`), read only with a link to the app's page
(`AppPageAdminMixin`), and an admin form checked by the app's own form (`check_with_app_form`).

Every model registered in the admin is either written through its service with the app's rules, or read
only here with a link to the app page that writes it (tests/steering/test_admin_rules.py walks them all).
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy
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


class HistoryAdmin(SimpleHistoryAdmin):
    """django-simple-history's admin (the audit history of a record, each version viewable), whose "revert"
    form saves only where the record may be changed here: django-simple-history saves a posted version form
    on view permission alone, which made a read-only record writable past its service."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST" and not self.has_change_permission(request):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class NoDeleteMixin:
    """For records that carry the committee's history: nothing is deleted from the admin."""

    def has_delete_permission(self, request, obj=None):
        return False


class AppPageAdminMixin:
    """Read only in the admin, with a link to the app page that changes the record through its service (and
    its rules): for records whose every change is a service's (a decision to cite, work to pass on, a rule
    the plain model form cannot check, a workflow). Subclasses give `app_url(obj) -> str`."""

    app_page_label = gettext_lazy("Sửa trên trang của ứng dụng")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def app_url(self, obj) -> str:
        raise NotImplementedError

    @admin.display(description=gettext_lazy("Trang của ứng dụng"))
    def app_page(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        return format_html('<a href="{}">{}</a>', self.app_url(obj), self.app_page_label)

    def get_readonly_fields(self, request, obj=None):
        return ("app_page", *super().get_readonly_fields(request, obj))  # type: ignore[misc]


def adopt(obj, saved) -> None:
    """Make the admin's object the row a service saved (the admin logs and redirects with it)."""
    obj.pk = saved.pk
    obj._state.adding = False
    obj.refresh_from_db()


def check_with_app_form(admin_form: forms.BaseForm, app_form: forms.BaseForm, names: dict[str, str]) -> bool:
    """Validate what the admin form posted with the app's own form for the same record (`app_form`, bound to
    the admin's values under the app's field names), so the admin refuses what the app page refuses, with
    the same messages. `names` maps an app field to the admin field its errors belong to; other errors are
    the form's. Returns whether the app form is valid (its `cleaned_data` is then what the service takes)."""
    if app_form.is_valid():
        return True
    for name, errors in app_form.errors.items():
        field = names.get(name, name)
        target = field if field in admin_form.fields else None
        for message in errors:
            if target is None or target not in admin_form.errors or message not in admin_form.errors[target]:
                admin_form.add_error(target, message)
    return False


@admin.register(CalendarEntry)
class CalendarEntryAdmin(AppPageAdminMixin, HistoryAdmin):
    """Read only: a change to the calendar moves open deadlines, so it is made on the calendar page
    (core.calendar_changes), never here."""

    app_page_label = gettext_lazy("Sửa trên trang lịch làm việc")

    list_display = ("date", "kind", "name", "source_document", "confirmed")
    list_filter = ("kind", "confirmed")
    date_hierarchy = "date"
    search_fields = ("name", "source_document")

    def app_url(self, obj) -> str:
        return f"{reverse('core:holidays')}?year={obj.date.year}"
