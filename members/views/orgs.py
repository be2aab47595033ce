"""Committees and units set up on the app's pages: adding a committee, correcting a committee or a unit.
Secretariat only; the rules are in members/org_changes.py."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.forms import drawn_from, form_data, form_status, seen_version
from core.roles import role_required

from .. import org_changes
from ..org_forms import CommitteeForm, UnitEditForm, committee_initial, unit_initial
from ..permissions import CHANGE_ROLES, get_committee_for_user, get_unit_for_user
from ._common import apply_errors

# The model's name for the document is `established_by`; the form's is `decision`.
COMMITTEE_ERRORS = {"established_by": "decision"}


@role_required(*CHANGE_ROLES)
def committee_create(request):
    form = CommitteeForm(form_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            committee = org_changes.create_committee(fields=form.fields_value(), by=request.user)
        except ValidationError as exc:
            apply_errors(form, exc, COMMITTEE_ERRORS)
        else:
            messages.success(request, _("Đã thêm %(name)s.") % {"name": committee.name})
            return redirect("members:committee_detail", pk=committee.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "members/committee_form.html", {"form": form, "committee": None}, status=status)


@role_required(*CHANGE_ROLES)
def committee_edit(request, pk):
    committee = get_committee_for_user(request.user, pk, change=True)
    form = drawn_from(
        CommitteeForm(form_data(request), initial=committee_initial(committee), committee=committee), committee
    )
    if request.method == "POST" and form.is_valid():
        try:
            org_changes.update_committee(
                committee=committee, fields=form.fields_value(), by=request.user, version=seen_version(form)
            )
        except ValidationError as exc:
            apply_errors(form, exc, COMMITTEE_ERRORS)
        else:
            messages.success(request, _("Đã lưu thông tin Ban."))
            return redirect("members:committee_detail", pk=committee.pk)
    status = (form_status(form) if form.errors else 400) if request.method == "POST" else 200
    return render(request, "members/committee_form.html", {"form": form, "committee": committee}, status=status)


@role_required(*CHANGE_ROLES)
def unit_edit(request, pk):
    unit = get_unit_for_user(request.user, pk, change=True)
    form = drawn_from(UnitEditForm(form_data(request), initial=unit_initial(unit), unit=unit), unit)
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            org_changes.update_unit(
                unit=unit,
                code=c["code"],
                name=c["name"],
                short_name=c["short_name"],
                kind=c["kind"],
                parent=c["parent"],
                valid_from=c["valid_from"],
                ended_on=c.get("ended_on"),
                by=request.user,
                version=seen_version(form),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu thông tin đơn vị."))
            return redirect("members:unit_detail", pk=unit.pk)
    status = (form_status(form) if form.errors else 400) if request.method == "POST" else 200
    return render(request, "members/unit_edit.html", {"form": form, "unit": unit}, status=status)
