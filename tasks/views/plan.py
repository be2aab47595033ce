"""Plans: the list, creation and approval, the plan page (filters, grouping by area), print and export."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core import shared_cache
from core.filters import query_filters
from core.pagination import KnownCount
from core.roles import Role, role_required
from members.models import Unit

from .. import exports, plans, yearend
from .. import status as st
from ..forms import ApproveForm, PlanForm, TaskFilterForm
from ..models import Plan, PlanClosing, Task
from ..query_forms import NewPlanQuery
from ..selectors import (
    PLAN_READERS,
    get_plan_for_edit,
    get_plan_for_user,
    is_secretariat,
    plan_task_rows,
    plan_tasks,
    plan_year_choice,
    reads_all,
)
from .common import apply_errors, form_data, form_status, now, seen_version, today

PAGE_SIZE = 50


@role_required(*PLAN_READERS)
def plan_list(request):
    """The plans of one year (`?year=`, by default this year's: tasks.selectors.choose_year), every committee's."""
    choice = plan_year_choice(request.GET, today=today())
    plans_qs = (
        Plan.objects.filter(year=choice.year)
        .select_related("committee", "approved_by")
        .annotate(task_count=Count("tasks"))
    )
    context = {"plans": plans_qs, "year_choice": choice, "can_edit": is_secretariat(request.user)}
    return render(request, "tasks/plan_list.html", context, status=choice.status)


def _new_plan_initial(request) -> dict:
    """The new plan's starting values: this year, or the committee and year a link asks for (`?committee=`,
    `?year=`, e.g. the hotline's offer when this year has no plan); a malformed or unknown value is a 400."""
    asked = query_filters(NewPlanQuery(request.GET or None))
    initial: dict = {"year": asked.get("year") or today().year}
    if asked.get("committee"):
        initial["committee"] = asked["committee"].pk
    return initial


@role_required(Role.SECRETARIAT)
def plan_create(request):
    form = PlanForm(form_data(request), initial=_new_plan_initial(request))
    if request.method == "POST" and form.is_valid():
        try:
            plan = plans.create_plan(**form.cleaned_data, by=request.user)
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("Đã tạo kế hoạch."))
            return redirect("tasks:plan_detail", pk=plan.pk)
    return render(request, "tasks/plan_form.html", {"form": form}, status=400 if form.errors else 200)


def _filters(request, plan: Plan) -> tuple[TaskFilterForm, dict]:
    """The filter form and the filters it holds (none when nothing was asked); an unknown or malformed
    value is a 400 (core.filters), never the whole plan."""
    form = TaskFilterForm(request.GET or None, plan=plan)
    return form, query_filters(form)


def _listing(request, plan: Plan, day, query: str) -> str:
    """Status totals, filters, the page of tasks and its pagination, rendered (one query each for totals
    and rows, whatever the plan's size)."""
    form, filters = _filters(request, plan)
    tasks, totals, count = plan_tasks(plan=plan, filters=filters, today=day)
    rows = partial(plan_task_rows, plan=plan, user=request.user, today=day)

    def decorate(part):  # a page's slice, annotated in one query
        return rows(Task.objects.filter(pk__in=part.values("pk")))

    page = Paginator(KnownCount(tasks, count, decorate), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "plan": plan,
        "form": form,
        "page": page,
        "tasks": page.object_list,
        "totals": [{"code": c, "label": st.LABELS[c], "badge": st.BADGES[c], "n": totals[c]} for c in st.ORDER],
        "cancelled": totals[st.CANCELLED],
        "query": query,
    }
    return render_to_string("tasks/_plan_listing.html", context, request)


@role_required(*PLAN_READERS)
def plan_detail(request, pk: int):
    plan = get_plan_for_user(request.user, pk)
    # A closed year is shown as it stood when it was closed: its statuses on that day, its frozen figures.
    closing = PlanClosing.objects.filter(plan=plan).first() if plan.closed_at else None
    day = closing.as_of if closing else today()
    query = request.GET.copy()
    query.pop("page", None)
    # The listing is the same for every reader who may open every task; a member or focal point's
    # links depend on their own tasks. Kept in the shared cache until the plan's data changes.
    viewer = "all" if reads_all(request.user) else request.user.pk
    listing = shared_cache.cached(
        "plan-listing",
        shared_cache.WORK,
        (plan.pk, sorted(request.GET.lists()), day, viewer),
        partial(_listing, request, plan, day, query.urlencode()),
    )
    return render(
        request,
        "tasks/plan_detail.html",
        {
            "plan": plan,
            "listing": mark_safe(listing),  # noqa: S308  rendered by our own template just above
            "today": day,
            "query": query.urlencode(),
            "can_edit": is_secretariat(request.user),
            "closing": closing,
            "figures": yearend.figure_rows(closing.figures) if closing else None,
            "can_read_closing": reads_all(request.user),
        },
    )


@role_required(Role.SECRETARIAT)
def plan_edit(request, pk: int):
    """Correct a plan's title, or a draft's year (an approved plan keeps its year: tasks/plans.py)."""
    plan = get_plan_for_edit(request.user, pk)
    form = PlanForm(form_data(request), instance=plan)
    if request.method == "POST" and form.is_valid():
        try:
            plans.update_plan(
                plan=plan,
                title=form.cleaned_data["title"],
                year=form.cleaned_data["year"],
                by=request.user,
                version=seen_version(form),
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("Đã lưu kế hoạch."))
            return redirect("tasks:plan_detail", pk=plan.pk)
    return render(request, "tasks/plan_form.html", {"form": form, "plan": plan}, status=form_status(form))


@role_required(Role.SECRETARIAT)
def plan_approve(request, pk: int):
    """Approve a draft plan, citing the approving document (a page of its own: a deliberate step)."""
    plan = get_plan_for_edit(request.user, pk)
    if request.method != "POST" and plan.status != Plan.Status.DRAFT:
        messages.info(request, _("Kế hoạch đã được phê duyệt."))
        return redirect("tasks:plan_detail", pk=plan.pk)
    form = ApproveForm(form_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            plans.approve_plan(plan=plan, decision=form.cited(), now=now(), by=request.user)
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("Đã phê duyệt kế hoạch."))
            return redirect("tasks:plan_detail", pk=plan.pk)
    return render(request, "tasks/plan_approve.html", {"plan": plan, "form": form}, status=400 if form.errors else 200)


def _export_tasks(request, plan: Plan):
    _form, filters = _filters(request, plan)
    day = today()
    tasks, _totals, _count = plan_tasks(plan=plan, filters=filters, today=day)
    tasks = plan_task_rows(tasks, plan=plan, user=request.user, today=day)
    return tasks.prefetch_related(Prefetch("coordinating_units", queryset=Unit.objects.order_by("name")))


@role_required(*PLAN_READERS)
def plan_print(request, pk: int):
    plan = get_plan_for_user(request.user, pk)
    tasks = list(_export_tasks(request, plan))
    context = {
        "plan": plan,
        "tasks": tasks,
        "header": exports.plan_header(plan),
        "heading": exports.document_heading(plan.title),
        "has_demo": any(t.is_demo for t in tasks),
    }
    return render(request, "tasks/plan_print.html", context)


@role_required(*PLAN_READERS)
def plan_export(request, pk: int):
    plan = get_plan_for_user(request.user, pk)
    data = exports.tasks_xlsx(plan=plan, tasks=list(_export_tasks(request, plan)), today=today())
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="ke-hoach-{plan.year}-{plan.pk}.xlsx"'
    return response
