"""Django admin for the members models, with the audit history of django-simple-history.

Nothing is deleted here (units and memberships end on a date). Units, committees and documents are saved
through their services (members/unit_changes.py, org_changes.py, decisions.py), committees checked by the
app's own form. People, memberships and assignments are read only here, linked to their app pages.
Memberships and assignments are read only: every change to them cites a decision and goes through members/changes.py on the app's pages
(appoint, end, replace, assign), which each record links to (`AppPageAdminMixin`), so no change to the
roster can be made here without its decision. A document is recorded by members/decisions.py, so the
same document typed another way is not a second row.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import history
from core.admin import AppPageAdminMixin, HistoryAdmin, NoDeleteMixin, VersionedAdminForm, adopt, check_with_app_form
from core.forms import apply_errors

from . import decisions, org_changes, unit_changes
from .models import Assignment, Committee, Decision, Membership, Person, ReformArea, Sector, Unit, UnitChange
from .org_forms import CommitteeForm


@admin.register(ReformArea)
class ReformAreaAdmin(NoDeleteMixin, HistoryAdmin):
    list_display = ("order", "code", "name")
    list_display_links = ("name",)
    search_fields = ("name", "code")


@admin.register(Sector)
class SectorAdmin(NoDeleteMixin, HistoryAdmin):
    list_display = ("code", "name")
    search_fields = ("name", "code")


class UnitAdminForm(VersionedAdminForm):
    """A unit's fields with the rules members/unit_changes.py and members/org_changes.py keep for every writer:
    its parent has not ended before it begins and is not one of its own lower units, an ended unit begins before
    its end; a stale form is refused."""

    class Meta:
        model = Unit
        fields = ["code", "name", "short_name", "kind", "parent", "sector", "valid_from", "is_demo"]

    def clean(self):
        cleaned = super().clean()
        try:
            if self.instance.pk:
                saved = Unit.objects.get(pk=self.instance.pk)
                org_changes.check_unit_parent(
                    unit=saved, parent=cleaned.get("parent"), valid_from=cleaned.get("valid_from")
                )
                org_changes.check_first_day(unit=saved, valid_from=cleaned.get("valid_from"))
            else:
                unit_changes.check_parent(parent=cleaned.get("parent"), valid_from=cleaned.get("valid_from"))
        except ValidationError as e:
            apply_errors(self, e)
        return cleaned


@admin.register(Unit)
class UnitAdmin(NoDeleteMixin, HistoryAdmin):
    """A new unit is made by members/unit_changes.py `create_unit` and corrected by members/org_changes.py
    `update_unit`, as on the unit pages."""

    form = UnitAdminForm
    list_display = ("code", "name", "kind", "parent", "sector", "valid_from", "valid_to", "is_demo")
    list_filter = ("kind", "sector", "is_demo")
    list_select_related = ("parent", "sector")
    search_fields = ("name", "short_name", "code")
    autocomplete_fields = ("parent",)
    # A unit ends, with its successors and its document, on its page (members.unit_changes.end_unit), which
    # also passes its open work on: not here.
    readonly_fields = ("valid_to", "successors")

    def save_model(self, request, obj, form, change):
        d = form.cleaned_data
        fields = {
            "code": d["code"],
            "name": d["name"],
            "kind": d["kind"],
            "parent": d.get("parent"),
            "short_name": d.get("short_name", ""),
            "valid_from": d.get("valid_from"),
            "by": request.user,
        }
        if change:
            saved = org_changes.update_unit(unit=obj, version=d.get("drawn_version"), **fields)
        else:
            saved = unit_changes.create_unit(**fields)
        extra = {"sector": d.get("sector"), "is_demo": d.get("is_demo", False)}
        if any(getattr(saved, name) != value for name, value in extra.items()):
            for name, value in extra.items():
                setattr(saved, name, value)
            history.stamp(saved, request.user)
            saved.save(update_fields=list(extra))
        adopt(obj, saved)


@admin.register(UnitChange)
class UnitChangeAdmin(HistoryAdmin):
    """Read only: ending a unit passes its open work on, so it is done on the unit's page
    (members.unit_changes), never here."""

    list_display = ("unit", "on", "decision", "source", "recorded_at")
    list_select_related = ("unit", "decision")
    search_fields = ("unit__name", "source", "decision__number")
    date_hierarchy = "on"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class DecisionAdminForm(forms.ModelForm):
    """A document's number kept in the register's form, and no second row for a document already recorded
    (the rules of members/decisions.py)."""

    class Meta:
        model = Decision
        fields = ["number", "date", "issuer", "kind", "subject", "is_demo"]

    def clean_number(self):
        return decisions.canonical_number(self.cleaned_data["number"])

    def clean_issuer(self):
        return decisions.canonical_issuer(self.cleaned_data["issuer"])

    def clean(self):
        cleaned = super().clean()
        number, day, issuer = cleaned.get("number"), cleaned.get("date"), cleaned.get("issuer")
        if not (number and day and issuer):
            return cleaned
        found = decisions.find_decision(number=number, date=day, issuer=issuer)
        if found is not None and found.pk != self.instance.pk:
            self.add_error(
                "number",
                _("Văn bản %(number)s ngày %(day)s đã có trong danh mục; hãy dùng văn bản đó.")
                % {"number": found.number, "day": f"{found.date:%d/%m/%Y}"},
            )
            return cleaned
        try:
            decisions.check_decision(number=number, date=day, issuer=issuer, exclude_pk=self.instance.pk)
        except ValidationError as e:
            self.add_error("date", e.messages)
        return cleaned


@admin.register(Decision)
class DecisionAdmin(NoDeleteMixin, HistoryAdmin):
    """New documents are recorded by `members.decisions.record_decision`, as every cited document is."""

    form = DecisionAdminForm
    list_display = ("number", "date", "issuer", "kind", "subject", "is_demo")
    list_filter = ("kind", "issuer", "is_demo")
    search_fields = ("number", "issuer", "subject")
    date_hierarchy = "date"

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        d = form.cleaned_data
        saved = decisions.record_decision(
            number=d["number"],
            date=d["date"],
            issuer=d["issuer"],
            subject=d.get("subject", ""),
            kind=d.get("kind") or None,
            is_demo=d.get("is_demo", False),
            by=request.user,
        )
        adopt(obj, saved)


# The app's committee form (members/org_forms.py) field behind each admin field it checks.
_COMMITTEE_APP_FIELDS = {"decision": "established_by", "version": "drawn_version"}


class CommitteeAdminForm(VersionedAdminForm):
    """A committee's fields checked by the app's committee form (members/org_forms.py `CommitteeForm`: a declared
    size from 1 to 500, a unit in operation, a parent that is not a working group) and by the rules of
    members/org_changes.py (its place in the hierarchy) it is saved with; a stale form is refused."""

    class Meta:
        model = Committee
        fields = ["name", "short_name", "kind", "unit", "parent", "established_by", "declared_size", "is_demo"]

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        committee = self.instance if self.instance.pk else None
        posted = {
            "name": cleaned.get("name") or "",
            "short_name": cleaned.get("short_name") or "",
            "kind": cleaned.get("kind") or "",
            "parent": getattr(cleaned.get("parent"), "pk", ""),
            "unit": getattr(cleaned.get("unit"), "pk", ""),
            "declared_size": "" if cleaned.get("declared_size") is None else cleaned["declared_size"],
            "decision": getattr(cleaned.get("established_by"), "pk", ""),
            "version": committee.version if committee else "",
        }
        self.app_form = CommitteeForm(posted, committee=committee)
        if not check_with_app_form(self, self.app_form, _COMMITTEE_APP_FIELDS):
            return cleaned
        try:
            org_changes.check_committee_parent(committee=committee, kind=cleaned["kind"], parent=cleaned.get("parent"))
        except ValidationError as e:
            apply_errors(self, e)
        return cleaned


@admin.register(Committee)
class CommitteeAdmin(NoDeleteMixin, HistoryAdmin):
    """A committee is set up and corrected by members/org_changes.py, as on its app page."""

    form = CommitteeAdminForm
    list_display = ("name", "kind", "unit", "parent", "declared_size", "is_demo")
    list_filter = ("kind", "is_demo")
    list_select_related = ("unit", "parent")
    search_fields = ("name", "short_name")
    autocomplete_fields = ("unit", "parent", "established_by")

    def save_model(self, request, obj, form, change):
        fields = form.app_form.fields_value()
        demo = form.cleaned_data.get("is_demo", False)
        if change:
            saved = org_changes.update_committee(
                committee=obj, fields=fields, by=request.user, version=form.cleaned_data.get("drawn_version")
            )
        else:
            saved = org_changes.create_committee(fields=fields, by=request.user)
        if saved.is_demo != demo:
            saved.is_demo = demo
            history.stamp(saved, request.user)
            saved.save(update_fields=["is_demo"])
        adopt(obj, saved)


@admin.register(Person)
class PersonAdmin(AppPageAdminMixin, HistoryAdmin):
    """Read only: a person and their account are written on the people pages (members/people_forms.py,
    members/accounts.py), with the app's rules for names, phones, e-mails and roles."""

    app_page_label = gettext_lazy("Sửa trên trang cán bộ")
    list_display = ("full_name", "title", "unit", "user", "is_demo")
    list_filter = ("is_demo", "unit__kind")
    list_select_related = ("unit", "user")
    search_fields = ("full_name", "title", "email")
    autocomplete_fields = ("unit",)
    raw_id_fields = ("user",)

    def app_url(self, obj) -> str:
        return reverse("members:person_edit", args=[obj.pk])


class AssignmentInline(admin.TabularInline):
    """Read only, as the membership is (members/changes.py assigns, with the decision)."""

    model = Assignment
    fk_name = "membership"
    extra = 0
    fields = ("start", "end", "areas", "units", "sectors", "decision", "note")
    show_change_link = True

    def get_queryset(self, request):
        # Read only, each row prints its areas, units and sectors: fetched for all rows at once.
        return super().get_queryset(request).prefetch_related("areas", "units", "sectors").select_related("decision")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Membership)
class MembershipAdmin(AppPageAdminMixin, HistoryAdmin):
    """Read only: a member is appointed, ended or replaced by a decision on the committee's and the
    membership's pages (members/changes.py), never here."""

    app_page_label = gettext_lazy("Bổ nhiệm, thôi, thay thế thành viên (theo quyết định)")
    list_display = ("person", "role", "committee", "position", "start", "end", "appointed_by", "ended_by", "is_demo")
    list_filter = ("committee", "role", "is_demo")
    list_select_related = ("person", "committee", "appointed_by", "ended_by")
    search_fields = ("person__full_name", "position")
    autocomplete_fields = ("person", "unit", "appointed_by", "ended_by", "predecessor")
    date_hierarchy = "start"
    inlines = [AssignmentInline]

    def app_url(self, obj) -> str:
        return reverse("members:membership_detail", args=[obj.pk])


@admin.register(Assignment)
class AssignmentAdmin(AppPageAdminMixin, HistoryAdmin):
    """Read only: an assignment is made or changed by a decision on the membership's page
    (members/changes.py), never here."""

    app_page_label = gettext_lazy("Phân công trên trang thành viên (theo quyết định)")
    list_display = ("membership", "start", "end", "decision", "transferred_from", "is_demo")
    list_filter = ("is_demo", "areas")
    list_select_related = ("membership__person", "decision", "transferred_from__membership__person")
    search_fields = ("membership__person__full_name", "note")
    autocomplete_fields = ("membership", "units", "decision", "transferred_from")
    filter_horizontal = ("areas", "sectors")

    def app_url(self, obj) -> str:
        return reverse("members:assignment_edit", args=[obj.pk])
