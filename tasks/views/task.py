"""Tasks: creating and editing (with the document behind a change), cascading, and the task page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from members.roles import Role, role_required

from .. import plans
from .. import status as st
from ..forms import CascadeForm, ReportForm, ReviewForm, TaskForm
from ..models import ProgressReport, ReportAttachment, Task, TaskChange
from ..selectors import (
    PLAN_READERS,
    can_report,
    get_plan_for_edit,
    get_task_for_edit,
    get_task_for_user,
    is_secretariat,
    with_access,
)
from .common import apply_errors, form_data, today


@role_required(Role.SECRETARIAT)
def task_create(request, pk: int):
    plan = get_plan_for_edit(request.user, pk)
    form = TaskForm(form_data(request), plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            task = plans.create_task(
                plan=plan, fields=form.task_fields(), coordinating_units=form.cleaned_data["coordinating_units"]
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("Đã thêm nhiệm vụ."))
            return redirect("tasks:task_detail", pk=task.pk)
    return render(request, "tasks/task_form.html", {"form": form, "plan": plan}, status=400 if form.errors else 200)


@role_required(Role.SECRETARIAT)
def task_edit(request, pk: int):
    task = get_task_for_edit(request.user, pk)
    form = TaskForm(form_data(request), instance=task, plan=task.plan)
    if request.method == "POST" and form.is_valid():
        try:
            plans.update_task(
                task=task,
                fields=form.task_fields(),
                coordinating_units=form.cleaned_data["coordinating_units"],
                user=request.user,
                decision=form.cleaned_data.get("decision"),
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("Đã lưu nhiệm vụ."))
            return redirect("tasks:task_detail", pk=task.pk)
    if request.method == "POST":
        task.refresh_from_db()
    return render(
        request,
        "tasks/task_form.html",
        {"form": form, "plan": task.plan, "task": task},
        status=400 if form.errors else 200,
    )


@role_required(Role.SECRETARIAT)
def task_cascade(request, pk: int):
    task = get_task_for_edit(request.user, pk)
    form = CascadeForm(form_data(request), task=task)
    if request.method == "POST" and form.is_valid():
        try:
            created = plans.cascade_task(task=task, committees=list(form.cleaned_data["committees"]))
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("Đã giao %(n)s nhiệm vụ cho cấp dưới.") % {"n": len(created)})
            return redirect("tasks:task_detail", pk=task.pk)
    return render(request, "tasks/task_cascade.html", {"form": form, "task": task}, status=400 if form.errors else 200)


def timeline(task: Task, reports: list[ProgressReport]) -> list[dict]:
    """Reports, the secretariat's decisions, documented changes and every recorded edit, newest first."""
    events = []
    for r in reports:
        events.append({"when": r.submitted_at, "kind": "report", "report": r})
        if r.reviewed_at:
            events.append({"when": r.reviewed_at, "kind": "review", "report": r})
    changes = TaskChange.objects.filter(task=task).select_related("decision", "changed_by")
    for c in changes:
        events.append({"when": c.changed_at, "kind": "change", "change": c})
    for h in task.history.select_related("history_user").order_by("-history_date")[:50]:
        events.append({"when": h.history_date, "kind": "history", "history": h})
    return sorted(events, key=lambda e: e["when"], reverse=True)


@role_required(*PLAN_READERS)
def task_detail(request, pk: int):
    task = get_task_for_user(request.user, pk)
    day = today()
    task_status = st.with_status(Task.objects.filter(pk=task.pk), today=day).values(
        "status_code", "latest_percent", "done_on", "subtask_count", "subtask_done", "subtask_percent"
    )[0]
    reports = list(
        ProgressReport.objects.filter(task=task)
        .select_related("submitted_by", "submitted_by__person", "reviewed_by", "reviewed_by__person", "supersedes")
        .prefetch_related(Prefetch("attachments", queryset=ReportAttachment.objects.order_by("pk")))
        .order_by("-period", "-submitted_at")
    )
    subtasks = with_access(
        st.with_status(task.subtasks.select_related("plan__committee", "lead_unit"), today=day), request.user
    ).order_by("code")
    reporter = can_report(request.user, task)
    secretariat = is_secretariat(request.user)
    return render(
        request,
        "tasks/task_detail.html",
        {
            "task": task,
            "status": task_status,
            "status_info": st.info(task_status["status_code"]),
            "coordinating": task.coordinating_units.order_by("name"),
            "reports": reports,
            "subtasks": subtasks,
            "timeline": timeline(task, reports),
            "can_report": reporter,
            "report_form": ReportForm(task=task, today=day) if reporter else None,
            "can_edit": secretariat,
            "review_form": ReviewForm() if secretariat else None,
            "today": day,
        },
    )
