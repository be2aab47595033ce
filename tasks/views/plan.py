"""Plans: the list, creation and approval, the plan page (filters, grouping by area), print and export."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.models import Committee, Unit
from members.roles import Role, role_required

from .. import exports, plans
from .. import status as st
from ..forms import ApproveForm, PlanForm, TaskFilterForm
from ..models import Plan
from ..selectors import (
    PLAN_READERS,
    get_plan_for_edit,
    get_plan_for_user,
    is_secretariat,
    plan_task_ids,
    plan_task_rows,
)
from .common import apply_errors, form_data, now, today

PAGE_SIZE = 50


@role_required(*PLAN_READERS)
def plan_list(request):
    plans_qs = Plan.objects.select_related("committee", "approved_by").annotate(task_count=Count("tasks"))
    return render(request, "tasks/plan_list.html", {"plans": plans_qs, "can_edit": is_secretariat(request.user)})


@role_required(Role.SECRETARIAT)
def plan_create(request):
    form = PlanForm(form_data(request), initial={"year": today().year})
    form.fields["committee"].queryset = Committee.objects.order_by("kind", "name")
    if request.method == "POST" and form.is_valid():
        try:
            plan = plans.create_plan(**form.cleaned_data)
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("Đã tạo kế hoạch."))
            return redirect("tasks:plan_detail", pk=plan.pk)
    return render(request, "tasks/plan_form.html", {"form": form}, status=400 if form.errors else 200)


def _filters(request, plan: Plan) -> TaskFilterForm:
    form = TaskFilterForm(request.GET or None, plan=plan)
    form.is_valid()
    return form


@role_required(*PLAN_READERS)
def plan_detail(request, pk: int):
    plan = get_plan_for_user(request.user, pk)
    day = today()
    form = _filters(request, plan)
    filters = getattr(form, "cleaned_data", {}) if form.is_bound else {}
    ids, totals = plan_task_ids(plan=plan, filters=filters, today=day)
    page = Paginator(ids, PAGE_SIZE).get_page(request.GET.get("page"))
    tasks = plan_task_rows(ids=list(page.object_list), plan=plan, user=request.user, today=day)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "tasks/plan_detail.html",
        {
            "plan": plan,
            "form": form,
            "page": page,
            "tasks": tasks,
            "today": day,
            "totals": [
                {"code": c, "label": st.LABELS[c], "badge": st.BADGES[c], "n": totals.get(c, 0)} for c in st.ORDER
            ],
            "query": query.urlencode(),
            "can_edit": is_secretariat(request.user),
            "approve_form": ApproveForm() if plan.status == Plan.Status.DRAFT else None,
        },
    )


@role_required(Role.SECRETARIAT)
def plan_edit(request, pk: int):
    plan = get_plan_for_edit(request.user, pk)
    form = PlanForm(form_data(request), instance=plan)
    form.fields["committee"].queryset = Committee.objects.filter(pk=plan.committee_id)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Đã lưu kế hoạch."))
        return redirect("tasks:plan_detail", pk=plan.pk)
    return render(request, "tasks/plan_form.html", {"form": form, "plan": plan})


@require_POST
@role_required(Role.SECRETARIAT)
def plan_approve(request, pk: int):
    plan = get_plan_for_edit(request.user, pk)
    form = ApproveForm(request.POST)
    if form.is_valid():
        try:
            decision = plans.resolve_decision(**form.cited())
            plans.approve_plan(plan=plan, decision=decision, now=now())
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("Đã phê duyệt kế hoạch."))
            return redirect("tasks:plan_detail", pk=plan.pk)
    return render(request, "tasks/plan_approve.html", {"plan": plan, "form": form}, status=400)


def _export_tasks(request, plan: Plan):
    form = _filters(request, plan)
    filters = getattr(form, "cleaned_data", {}) if form.is_bound else {}
    day = today()
    ids, _totals = plan_task_ids(plan=plan, filters=filters, today=day)
    tasks = plan_task_rows(ids=ids, plan=plan, user=request.user, today=day)
    return tasks.prefetch_related(Prefetch("coordinating_units", queryset=Unit.objects.order_by("name")))


@role_required(*PLAN_READERS)
def plan_print(request, pk: int):
    plan = get_plan_for_user(request.user, pk)
    tasks = _export_tasks(request, plan)
    return render(request, "tasks/plan_print.html", {"plan": plan, "tasks": tasks, "today": today()})


@role_required(*PLAN_READERS)
def plan_export(request, pk: int):
    plan = get_plan_for_user(request.user, pk)
    data = exports.tasks_xlsx(plan=plan, tasks=list(_export_tasks(request, plan)), today=today())
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="ke-hoach-{plan.year}-{plan.pk}.xlsx"'
    return response
