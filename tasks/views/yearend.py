"""The year's end: closing a plan's year (the assessment of each task, area by area, then the closing), the
closed year's frozen figures, and the next year's plan made from it (preview, then one step)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.filters import bad_query
from core.roles import Role, role_required

from .. import rollover, yearend
from ..models import Plan, PlanClosing, ProgressReport, Task, TaskAssessment
from ..selectors import READ_ALL, get_plan_for_edit, get_plan_for_user, is_secretariat
from ..yearend_forms import CloseForm, assessments_from, choices_from, row_errors
from .common import now, today

PAGE_SIZE = 100  # rows of one area on one page of the assessment (two inputs each)


def _areas(plan: Plan) -> list[dict]:
    """The plan's areas in order, each with its number of tasks and of tasks already assessed (one query)."""
    return list(
        Task.objects.filter(plan=plan)
        .values("area_id", "area__name", "area__order")
        .annotate(n=Count("pk"), assessed=Count("assessment"))
        .order_by("area__order", "area__name")
    )


def _area_id(request, areas: list[dict]) -> int | None:
    wanted = request.GET.get("area") or request.POST.get("area")
    ids = [a["area_id"] for a in areas]
    if wanted and wanted in {str(i) for i in ids}:
        return int(wanted)
    if wanted:  # an area not in this plan is a 400, never another area's tasks (core/filters.py)
        raise bad_query(_("Lĩnh vực không hợp lệ hoặc không có trong kế hoạch."))
    return ids[0] if ids else None


def _rows(plan: Plan, area_id: int | None, day, page_number, posted=None, errors=None):
    """One page of one area's tasks, each with its status, suggested and current outcome and note."""
    tasks = yearend.plan_tasks_with_status(plan=plan, today=day, area_id=area_id)
    page = Paginator(tasks, PAGE_SIZE).get_page(page_number)
    for task in page.object_list:
        saved = getattr(task, "assessment", None)
        task.suggested = yearend.suggested_outcome(task=task, status_code=task.status_code)
        task.outcome = saved.outcome if saved else task.suggested
        task.note = saved.note if saved else ""
        if posted and task.pk in posted:
            task.outcome, task.note = posted[task.pk]
        task.errors = (errors or {}).get(task.pk, [])
    return page


def _close_page(request, plan: Plan, *, status=200, posted=None, row_errs=None, problems=(), close_form=None):
    day = today()
    try:
        yearend.check_closable(plan=plan, today=day)
        refused = None
    except ValidationError as e:
        refused = " ".join(e.messages)
    areas = _areas(plan)
    area_id = _area_id(request, areas)
    page = _rows(plan, area_id, day, request.GET.get("page") or request.POST.get("page"), posted, row_errs)
    next_area = next((a["area_id"] for a in areas if a["area_id"] != area_id and a["assessed"] < a["n"]), None)
    context = {
        "plan": plan,
        "refused": refused,
        "areas": areas,
        "area_id": area_id,
        "page": page,
        "tasks": page.object_list,
        "query": f"area={area_id}" if area_id else "",
        "outcomes": TaskAssessment.Outcome.choices,
        "problems": problems,
        "next_area": next_area,
        "total": sum(a["n"] for a in areas),
        "assessed": sum(a["assessed"] for a in areas),
        "pending_reviews": ProgressReport.objects.filter(
            task__plan=plan, status=ProgressReport.Status.SUBMITTED
        ).count(),
        "close_form": close_form or CloseForm(),
    }
    return render(request, "tasks/plan_close.html", context, status=status)


@role_required(Role.SECRETARIAT)
def plan_close(request, pk: int):
    """Khóa sổ năm: assess the tasks area by area (saved as they go), then close the year."""
    plan = get_plan_for_edit(request.user, pk)
    if plan.closed_at is not None:
        messages.info(request, _("Kế hoạch năm %(year)s đã được khóa sổ.") % {"year": plan.year})
        return redirect("tasks:plan_closing", pk=plan.pk)
    if request.method != "POST":
        return _close_page(request, plan)
    if request.POST.get("action") == "close":
        form = CloseForm(request.POST)
        if not form.is_valid():
            return _close_page(request, plan, status=400, close_form=form)
        try:
            yearend.close_year(plan=plan, by=request.user, now=now())
        except ValidationError as e:
            per_row, others = row_errors(e, "task")
            return _close_page(request, plan, status=400, row_errs=per_row, problems=[*others, *_listed(per_row)])
        messages.success(request, _("Đã khóa sổ năm %(year)s.") % {"year": plan.year})
        return redirect("tasks:plan_closing", pk=plan.pk)
    try:
        posted = assessments_from(request.POST)
    except ValidationError as e:
        return _close_page(request, plan, status=400, problems=e.messages)
    try:
        saved = yearend.save_assessments(plan=plan, assessments=posted, by=request.user, now=now())
    except ValidationError as e:
        per_row, others = row_errors(e, "task")
        values = {pk: (a.outcome, a.note) for pk, a in posted.items()}
        # Every row's error is also listed at the top: its row may be on another page or area than the one drawn.
        problems = [*others, *_listed(per_row)]
        return _close_page(request, plan, status=400, posted=values, row_errs=per_row, problems=problems)
    messages.success(request, _("Đã lưu đánh giá %(n)s nhiệm vụ.") % {"n": saved})
    return redirect(_after_save(request, plan))


def _after_save(request, plan: Plan) -> str:
    """The next page of the area, else the next area with tasks not yet assessed, else the same area."""
    area, next_page, next_area = (request.POST.get(k) or "" for k in ("area", "next_page", "next_area"))
    url = reverse("tasks:plan_close", args=[plan.pk])
    if area.isdigit() and next_page.isdigit():
        return f"{url}?area={area}&page={next_page}"
    if next_area.isdigit():
        return f"{url}?area={next_area}"
    return f"{url}?area={area}" if area.isdigit() else url


def _listed(per_row: dict[int, list[str]]) -> list[str]:
    return [m for messages_ in per_row.values() for m in messages_]


@role_required(*READ_ALL)
def plan_closing(request, pk: int):
    """The closed year: its frozen figures (by outcome, status, area, lead unit) and each task's assessment."""
    plan = get_plan_for_user(request.user, pk)
    closing = PlanClosing.objects.filter(plan=plan).select_related("closed_by__person").first()
    if closing is None:
        raise Http404(_("Kế hoạch năm %(year)s chưa khóa sổ.") % {"year": plan.year})
    assessments = (
        TaskAssessment.objects.filter(plan=plan)
        .select_related("task", "task__area", "task__lead_unit")
        .order_by("task__area__order", "task__area__name", "task__code")
    )
    page = Paginator(assessments, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "tasks/plan_closing.html",
        {
            "plan": plan,
            "closing": closing,
            "figures": yearend.figure_rows(closing.figures),
            "page": page,
            "assessments": page.object_list,
            "can_edit": is_secretariat(request.user),
        },
    )


def _preview_page(request, plan: Plan, *, choices=None, status=200, errors=None):
    preview = rollover.preview_next_plan(closed_plan=plan, today=today())
    choices = choices or preview.default_choices()
    per_row, others = row_errors(errors, "lead_unit") if errors else ({}, [])
    for row in preview.rows:
        row.ticked = row.task.pk in choices.tasks
        row.chosen_unit = choices.lead_units.get(row.task.pk) or (row.lead_unit.pk if row.lead_unit else None)
        row.unit_options = row.successors or preview.unit_choices
        row.errors = per_row.get(row.task.pk, [])
    for offer in preview.pilots:
        offer.ticked = offer.unit.pk in choices.pilots
    context = {
        "plan": plan,
        "preview": preview,
        "counts": preview.counts(),
        "problems": [*others, *_listed(per_row)],
    }
    return render(request, "tasks/next_plan.html", context, status=status)


@role_required(Role.SECRETARIAT)
def next_plan(request, pk: int):
    """Lập kế hoạch năm sau: what the next plan will hold, reviewed, then made in one step as a draft."""
    plan = get_plan_for_edit(request.user, pk)
    if plan.closed_at is None:
        messages.info(request, _("Hãy khóa sổ năm %(year)s trước khi lập kế hoạch năm sau.") % {"year": plan.year})
        return redirect("tasks:plan_close", pk=plan.pk)
    if request.method != "POST":
        return _preview_page(request, plan)
    try:
        choices = choices_from(request.POST)
    except ValidationError as e:
        return _preview_page(request, plan, status=400, errors=e)
    try:
        result = rollover.make_next_plan(closed_plan=plan, choices=choices, by=request.user, now=now())
    except ValidationError as e:
        return _preview_page(request, plan, choices=choices, status=400, errors=e)
    if not result.created:
        messages.info(
            request, _("Kế hoạch năm %(year)s đã có: không thêm gì vào kế hoạch đó.") % {"year": result.plan.year}
        )
    else:
        messages.success(
            request,
            _(
                "Đã lập dự thảo kế hoạch năm %(year)s: %(carried)s nhiệm vụ chuyển tiếp, %(repeated)s nhiệm vụ lặp lại, "
                "%(pilots)s điểm chỉ đạo. Hãy rà soát rồi phê duyệt kế hoạch."
            )
            % {
                "year": result.plan.year,
                "carried": result.carried,
                "repeated": result.repeated,
                "pilots": result.pilots,
            },
        )
    return redirect("tasks:plan_detail", pk=result.plan.pk)
