"""Pilot units (điểm chỉ đạo): a plan's pilots, why and who oversees them, and how they compare."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.filters import query_filters
from core.roles import Role, role_required
from members.models import Committee
from members.selectors import provincial_committee

from .. import meeting_edits, pilots
from ..forms import PilotForm
from ..meeting_forms import PilotEditForm
from ..models import PilotUnit, Plan
from ..query_forms import PilotPickQuery
from ..selectors import (
    PLAN_READERS,
    YearChoice,
    choose_year,
    get_pilot_for_edit,
    get_plan_for_edit,
    get_plan_for_user,
    is_secretariat,
    plan_year_choice,
)
from .common import apply_errors, form_data, form_status, seen_version, today


def _page(request, plan: Plan | None, choice: YearChoice | None):
    """A plan's pilot units and how they compare, with the year selector when given one; without a plan, the
    year's empty state."""
    context = {"plan": plan, "year_choice": choice, "can_edit": is_secretariat(request.user)}
    if plan is not None:
        context["pilot_units"] = (
            PilotUnit.objects.filter(plan=plan).select_related("unit").prefetch_related("overseers")
        )
        context["comparison"] = pilots.comparison(plan=plan, today=today())
    return render(request, "tasks/pilot_list.html", context, status=choice.status if choice else 200)


@role_required(*PLAN_READERS)
def pilot_list(request, pk: int):
    """A plan's pilot units. The provincial committee's plans offer the other years (through pilots_current)."""
    plan = get_plan_for_user(request.user, pk)
    provincial = plan.committee.kind == Committee.Kind.PROVINCIAL and plan.committee.parent_id is None
    choice = choose_year(asked=plan.year, today=today(), committee=plan.committee) if provincial else None
    return _page(request, plan, choice)


@role_required(*PLAN_READERS)
def pilots_current(request):
    """The provincial committee's pilot units of a year (`?year=`, by default the plan year of today:
    tasks.selectors.choose_year): its plan's pilot page, or "no plan that year"."""
    committee = provincial_committee()
    choice = plan_year_choice(request.GET, today=today(), committee=committee)
    if choice.plan is not None and not choice.error:
        return redirect("tasks:pilot_list", pk=choice.plan.pk)
    return _page(request, choice.plan, choice)


@role_required(Role.SECRETARIAT)
def pilot_create(request, pk: int):
    """Add a pilot unit to a plan; beside the form, the units the public complained about most (the hotline's
    hot spots of the plan's year and the year before), each with a link that picks it in the form."""
    plan = get_plan_for_edit(request.user, pk)
    chosen = query_filters(PilotPickQuery(request.GET or None)).get("unit")  # a hot spot picked beside the form
    form = PilotForm(form_data(request), plan=plan, initial={"unit": chosen.pk} if chosen else {})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            pilots.add_pilot(plan=plan, unit=d["unit"], reason=d["reason"], overseers=list(d["overseers"]))
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("Đã thêm điểm chỉ đạo."))
            return redirect("tasks:pilot_list", pk=plan.pk)
    context = {"form": form, "plan": plan, "hot_spots": pilots.hot_spot_candidates(plan=plan, today=today())}
    return render(request, "tasks/pilot_form.html", context, status=400 if form.errors else 200)


@role_required(Role.SECRETARIAT)
def pilot_edit(request, pk: int):
    """Correct a pilot unit: the unit, why it was chosen, who oversees it (tasks/meeting_edits.py)."""
    pilot = get_pilot_for_edit(request.user, pk)
    plan = pilot.plan
    form = PilotEditForm(form_data(request), plan=plan, instance=pilot)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            meeting_edits.update_pilot(
                pilot=pilot,
                unit=d["unit"],
                reason=d["reason"],
                overseers=list(d["overseers"]),
                by=request.user,
                version=seen_version(form),
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("Đã lưu điểm chỉ đạo."))
            return redirect("tasks:pilot_list", pk=plan.pk)
    status = (form_status(form) if form.errors else 400) if request.method == "POST" else 200
    ctx = {"form": form, "plan": plan, "pilot": pilot}
    return render(request, "tasks/pilot_form.html", ctx, status=status)
