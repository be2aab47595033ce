"""Assignments (phân công nhiệm vụ): create and edit. Secretariat only."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.forms import drawn_from, form_data, form_status, seen_version
from core.roles import role_required

from .. import changes
from ..forms import AssignmentForm
from ..permissions import CHANGE_ROLES, get_assignment_for_user, get_membership_for_user
from ._common import apply_errors


def _fields(form) -> dict:
    c = form.cleaned_data
    return {
        "areas": c["areas"],
        "units": c["units"],
        "sectors": c["sectors"],
        "start": c["start"],
        "end": c["end"],
        "note": c["note"],
        "decision": c["decision"],
    }


@role_required(*CHANGE_ROLES)
def assignment_create(request, pk):
    membership = get_membership_for_user(request.user, pk, change=True)
    form = AssignmentForm(form_data(request), initial={"start": max(membership.start, timezone.localdate())})
    if request.method == "POST" and form.is_valid():
        try:
            changes.assign(membership=membership, by=request.user, **_fields(form))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu phân công."))
            return redirect("members:membership_detail", pk=membership.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "members/assignment_form.html",
        {"membership": membership, "form": form, "assignment": None},
        status=status,
    )


@role_required(*CHANGE_ROLES)
def assignment_edit(request, pk):
    assignment = get_assignment_for_user(request.user, pk, change=True)
    initial = {
        "areas": assignment.areas.all(),
        "units": assignment.units.all(),
        "sectors": assignment.sectors.all(),
        "note": assignment.note,
        "decision": assignment.decision,
        "start": assignment.start,
        "end": assignment.end,
    }
    form = drawn_from(AssignmentForm(form_data(request), initial=initial, assignment=assignment), assignment)
    if request.method == "POST" and form.is_valid():
        try:
            changes.update_assignment(
                assignment=assignment, by=request.user, version=seen_version(form), **_fields(form)
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Đã cập nhật phân công."))
            return redirect("members:membership_detail", pk=assignment.membership_id)
    status = (form_status(form) if form.errors else 400) if request.method == "POST" else 200
    ctx = {"membership": assignment.membership, "form": form, "assignment": assignment}
    return render(request, "members/assignment_form.html", ctx, status=status)
