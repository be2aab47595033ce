"""Units: the list, a unit's page, adding a unit, ending one and passing its open work to its successors.

Reading: secretariat, leadership, members. Changing: the secretariat. Ending a unit and passing work on
are reviewed steps: the form, then a page listing every open item with the proposed successor (POST
without `confirm`), then the change itself (POST with `confirm=1`), one transaction.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.forms import form_data
from core.roles import role_required

from .. import unit_changes
from ..models import Unit
from ..permissions import CHANGE_ROLES, READ_ROLES, can_change_roster, get_unit_for_user
from ..selectors import unit_context, unit_list
from ..unit_forms import TransferChoicesForm, UnitCreateForm, UnitEndForm, UnitTransferForm
from ._common import apply_errors


class UnitFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại"), choices=[("", _("Tất cả"))] + list(Unit.Kind.choices), required=False)
    state = forms.ChoiceField(
        label=_("Tình trạng"),
        choices=[("active", _("Đang hoạt động")), ("ended", _("Đã kết thúc hoạt động")), ("all", _("Tất cả"))],
        required=False,
    )


@role_required(*READ_ROLES)
def unit_list_page(request):
    form = UnitFilterForm(request.GET or None)
    valid = form.is_valid() if request.GET else True
    data = form.cleaned_data if request.GET and valid else {}
    units = unit_list(kind=data.get("kind", ""), state=data.get("state") or "active")
    ctx = {"form": form, "units": units, "may_change": can_change_roster(request.user), "today": timezone.localdate()}
    return render(request, "members/unit_list.html", ctx, status=200 if valid else 400)


@role_required(*READ_ROLES)
def unit_detail(request, pk):
    unit = get_unit_for_user(request.user, pk)
    ctx = unit_context(unit)
    ctx["may_change"] = can_change_roster(request.user)
    if ctx["may_change"]:
        ctx["pending"] = unit_changes.pending_work(unit=unit)
    return render(request, "members/unit_detail.html", ctx)


@role_required(*CHANGE_ROLES)
def unit_create(request):
    form = UnitCreateForm(form_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            unit = unit_changes.create_unit(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Đã thêm đơn vị %(name)s.") % {"name": unit.name})
            return redirect("members:unit_detail", pk=unit.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "members/unit_form.html", {"form": form}, status=status)


def _split_errors(exc: ValidationError, form, choices: TransferChoicesForm) -> bool:
    """Put a refusal on the review page's choices (True) or, when it concerns the first form, on it (False)."""
    if hasattr(exc, "error_dict") and set(exc.message_dict) <= set(choices.fields):
        for key, messages_ in exc.message_dict.items():
            choices.add_error(key, messages_)
        return True
    if not hasattr(exc, "error_dict"):
        choices.add_error(None, exc.messages)
        return True
    apply_errors(form, exc)
    return False


@role_required(*CHANGE_ROLES)
def unit_end(request, pk):
    """GET: the form. POST: the review of the open work. POST with `confirm`: the change."""
    unit = get_unit_for_user(request.user, pk, change=True)
    if getattr(unit, "ending", None) is not None:
        messages.info(request, _("Đơn vị này đã được ghi nhận kết thúc hoạt động."))
        return redirect("members:unit_transfer", pk=unit.pk)
    form = UnitEndForm(form_data(request), unit=unit, initial={"on": unit.ended_on})
    ctx = {"unit": unit, "form": form}
    if request.method != "POST" or not form.is_valid():
        return render(request, "members/unit_end.html", ctx, status=400 if request.method == "POST" else 200)
    c = form.cleaned_data
    successors = list(c["successors"])
    confirming = request.POST.get("confirm") == "1"
    items = unit_changes.pending_work(unit=unit, on=c["on"])
    choices = TransferChoicesForm(request.POST if confirming else None, items=items, successors=successors)
    if confirming and choices.is_valid():
        try:
            unit_changes.end_unit(
                unit=unit,
                on=c["on"],
                successors=successors,
                decision=form.the_decision(),
                note=c["note"],
                choices=choices.choices(),
                by=request.user,
                now=timezone.now(),
            )
        except ValidationError as exc:
            if not _split_errors(exc, form, choices):
                return render(request, "members/unit_end.html", ctx, status=400)
        else:
            messages.success(request, _("Đã ghi nhận %(unit)s kết thúc hoạt động.") % {"unit": unit.name})
            return redirect("members:unit_detail", pk=unit.pk)
    ctx.update({"choices": choices, "successors": successors, "on": c["on"], "decision": form.the_decision()})
    return render(request, "members/unit_review.html", ctx, status=400 if confirming else 200)


@role_required(*CHANGE_ROLES)
def unit_transfer(request, pk):
    """An ended unit's remaining open work: GET the form, POST the review, POST with `confirm` the moves."""
    unit = get_unit_for_user(request.user, pk, change=True)
    change = getattr(unit, "ending", None)
    if change is None:
        return redirect("members:unit_end", pk=unit.pk)
    form = UnitTransferForm(form_data(request), change=change)
    ctx = {"unit": unit, "change": change, "form": form, "successors": list(change.successors.order_by("name"))}
    if request.method != "POST" or not form.is_valid():
        return render(request, "members/unit_transfer.html", ctx, status=400 if request.method == "POST" else 200)
    successors = ctx["successors"] + list(form.cleaned_data["add_successors"])
    confirming = request.POST.get("confirm") == "1"
    items = unit_changes.pending_work(unit=unit, on=change.on)
    choices = TransferChoicesForm(request.POST if confirming else None, items=items, successors=successors)
    if confirming and choices.is_valid():
        try:
            moved = unit_changes.transfer_work(
                change=change,
                choices=choices.choices(),
                add_successors=form.cleaned_data["add_successors"],
                decision=form.the_decision(),
                by=request.user,
                now=timezone.now(),
            )
        except ValidationError as exc:
            if not _split_errors(exc, form, choices):
                return render(request, "members/unit_transfer.html", ctx, status=400)
        else:
            messages.success(request, _("Đã chuyển %(n)s việc cho đơn vị kế thừa.") % {"n": len(moved)})
            return redirect("members:unit_detail", pk=unit.pk)
    ctx.update({"choices": choices, "successors": successors, "on": change.on, "decision": form.the_decision()})
    return render(request, "members/unit_review.html", ctx, status=400 if confirming else 200)
