"""Member changes: appoint, end, replace (with a confirmation step). Secretariat only."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core import dates
from core.forms import drawn_from, form_data, form_status, seen_version
from core.roles import role_required

from .. import changes
from ..forms import AppointForm, EndForm, ReplaceForm
from ..permissions import CHANGE_ROLES, get_committee_for_user, get_membership_for_user
from ._common import apply_errors


@role_required(*CHANGE_ROLES)
def appoint(request, pk):
    committee = get_committee_for_user(request.user, pk, change=True)
    form = AppointForm(form_data(request))
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            membership = changes.appoint_member(
                committee=committee,
                person=form.the_person(unit=c["unit"]),
                role=c["role"],
                position=c["position"],
                unit=c["unit"],
                start=c["start"],
                decision=form.the_decision(),
                by=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Đã bổ nhiệm %(name)s.") % {"name": membership.person.full_name})
            return redirect("members:membership_detail", pk=membership.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "members/appoint.html", {"committee": committee, "form": form}, status=status)


@role_required(*CHANGE_ROLES)
def end(request, pk):
    membership = get_membership_for_user(request.user, pk, change=True)
    form = drawn_from(EndForm(form_data(request)), membership)
    if request.method == "POST" and form.is_valid():
        try:
            changes.end_membership(
                membership=membership,
                end=form.cleaned_data["end"],
                decision=form.the_decision(),
                by=request.user,
                version=seen_version(form),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("Đã ghi nhận %(name)s thôi làm thành viên.") % {"name": membership.person.full_name}
            )
            return redirect("members:membership_detail", pk=membership.pk)
    status = (form_status(form) if form.errors else 400) if request.method == "POST" else 200
    return render(request, "members/end.html", {"membership": membership, "form": form}, status=status)


@role_required(*CHANGE_ROLES)
def replace(request, pk):
    """GET: the form. POST: the confirmation page. POST with `confirm`: the replacement itself."""
    membership = get_membership_for_user(request.user, pk, change=True)
    form = drawn_from(ReplaceForm(form_data(request)), membership)
    ctx = {"membership": membership, "form": form}
    if request.method != "POST":
        return render(request, "members/replace.html", ctx)
    if form.is_valid():
        c = form.cleaned_data
        if request.POST.get("confirm") == "1":
            try:
                new = changes.replace_member(
                    membership=membership,
                    successor=form.the_person(unit=c["unit"] or membership.unit),
                    start=c["start"],
                    decision=form.the_decision(),
                    by=request.user,
                    position=c["position"] or None,
                    unit=c["unit"],
                    version=seen_version(form),
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("%(new)s đã thay %(old)s từ ngày %(day)s.")
                    % {"new": new.person.full_name, "old": membership.person.full_name, "day": f"{new.start:%d/%m/%Y}"},
                )
                return redirect("members:membership_detail", pk=new.pk)
        else:
            ctx.update(
                {
                    "successor": form.the_person(),
                    "decision": form.the_decision(),
                    "start": c["start"],
                    "last_day": dates.day_before(c["start"]),
                    "transfers": changes.assignments_to_transfer(membership, c["start"]),
                }
            )
            return render(request, "members/replace_confirm.html", ctx)
    return render(request, "members/replace.html", ctx, status=form_status(form) if form.errors else 400)
