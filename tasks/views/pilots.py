"""Pilot units (điểm chỉ đạo): a plan's pilots, why and who oversees them, and how they compare."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.roles import Role, role_required

from .. import pilots
from ..forms import PilotForm
from ..leadership import current_plan
from ..models import PilotUnit
from ..selectors import PLAN_READERS, get_plan_for_edit, get_plan_for_user, is_secretariat
from .common import apply_errors, form_data, today


@role_required(*PLAN_READERS)
def pilot_list(request, pk: int):
    plan = get_plan_for_user(request.user, pk)
    pilot_units = PilotUnit.objects.filter(plan=plan).select_related("unit").prefetch_related("overseers")
    return render(
        request,
        "tasks/pilot_list.html",
        {
            "plan": plan,
            "pilot_units": pilot_units,
            "comparison": pilots.comparison(plan=plan, today=today()),
            "can_edit": is_secretariat(request.user),
        },
    )


@role_required(*PLAN_READERS)
def pilots_current(request):
    plan = current_plan(today())
    if plan is None:
        raise Http404(_("Chưa có kế hoạch."))
    return redirect("tasks:pilot_list", pk=plan.pk)


@role_required(Role.SECRETARIAT)
def pilot_create(request, pk: int):
    plan = get_plan_for_edit(request.user, pk)
    form = PilotForm(form_data(request), plan=plan)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            pilots.add_pilot(plan=plan, unit=d["unit"], reason=d["reason"], overseers=list(d["overseers"]))
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("Đã thêm điểm chỉ đạo."))
            return redirect("tasks:pilot_list", pk=plan.pk)
    return render(request, "tasks/pilot_form.html", {"form": form, "plan": plan}, status=400 if form.errors else 200)
