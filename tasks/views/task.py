"""Tasks: creating and editing (with the document behind a change), cascading, and the task page."""

from datetime import date, datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Exists, F, OuterRef, QuerySet, prefetch_related_objects
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.history import name_of
from core.roles import Role, has_role, role_required

from .. import status as st
from .. import tasklist
from ..forms import CancelForm, CascadeForm, TaskForm
from ..models import ProgressReport, ReportAttachment, Task, TaskChange
from ..related import related_blocks
from ..selectors import (
    MEETING_READERS,
    PLAN_READERS,
    can_report,
    get_plan_for_edit,
    get_task_for_edit,
    get_task_for_user,
    is_secretariat,
    with_access,
)
from .common import apply_errors, form_data, form_status, now, seen_version, today


@role_required(Role.SECRETARIAT)
def task_create(request, pk: int):
    plan = get_plan_for_edit(request.user, pk)
    form = TaskForm(form_data(request), plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            task = tasklist.create_task(
                plan=plan,
                fields=form.task_fields(),
                coordinating_units=form.cleaned_data["coordinating_units"],
                by=request.user,
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
            tasklist.update_task(
                task=task,
                fields=form.task_fields(),
                coordinating_units=form.cleaned_data["coordinating_units"],
                user=request.user,
                decision=form.cited(),
                version=seen_version(form),
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("Đã lưu nhiệm vụ."))
            return redirect("tasks:task_detail", pk=task.pk)
    return render(
        request, "tasks/task_form.html", {"form": form, "plan": task.plan, "task": task}, status=form_status(form)
    )


@role_required(Role.SECRETARIAT)
def task_cascade(request, pk: int):
    task = get_task_for_edit(request.user, pk)
    form = CascadeForm(form_data(request), task=task)
    if request.method == "POST" and form.is_valid():
        try:
            created = tasklist.cascade_task(
                task=task, committees=list(form.cleaned_data["committees"]), by=request.user
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("Đã giao %(n)s nhiệm vụ cho cấp dưới.") % {"n": len(created)})
            return redirect("tasks:task_detail", pk=task.pk)
    return render(request, "tasks/task_cascade.html", {"form": form, "task": task}, status=400 if form.errors else 200)


@role_required(Role.SECRETARIAT)
def task_cancel(request, pk: int):
    """Cancel a task (GET: the form; POST: cancel, with the reason and, for an approved plan, the document)."""
    task = get_task_for_edit(request.user, pk)
    form = CancelForm(form_data(request), plan=task.plan)
    if request.method == "POST" and form.is_valid():
        try:
            tasklist.cancel_task(
                task=task, reason=form.cleaned_data["reason"], decision=form.cited(), by=request.user, now=now()
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("Đã hủy nhiệm vụ %(code)s.") % {"code": task.code})
            return redirect("tasks:task_detail", pk=task.pk)
    return render(request, "tasks/task_cancel.html", {"form": form, "task": task}, status=400 if form.errors else 200)


def _stamp(when: datetime) -> dict[str, str]:
    """A moment as the page prints it, local time: `iso` for <time datetime>, `shown` (d/m/Y H:i).

    strftime gives what the `date` filter gives for these numeric formats, at a tenth of the cost."""
    local = timezone.localtime(when)
    return {"iso": local.strftime("%Y-%m-%dT%H:%M:%S%z"), "shown": local.strftime("%d/%m/%Y %H:%M")}


def timeline(task: Task, reports: list[ProgressReport], *, has_changes: bool = True) -> list[dict]:
    """Reports, the secretariat's decisions, documented changes and every recorded edit, newest first."""
    events = []
    for r in reports:
        events.append({"when": r.submitted_at, "kind": "report", "report": r})
        if r.reviewed_at:
            events.append({"when": r.reviewed_at, "kind": "review", "report": r})
    if has_changes:
        # Ordered by date alone: TaskChange's default ordering starts with "task", which joins the task, its
        # plan and its committee only to sort rows that all belong to one task.
        changes = TaskChange.objects.filter(task=task).select_related("decision", "changed_by__person")
        for c in changes.order_by("changed_at", "pk"):
            events.append({"when": c.changed_at, "kind": "change", "change": c})
    edits = task.history.order_by("-history_date").values(
        "history_date",
        "history_type",
        "history_user__person__full_name",
        "history_user__first_name",
        "history_user__last_name",
        "history_user__username",
    )
    for row in edits[:50]:
        who = name_of(
            person_name=row["history_user__person__full_name"],
            first_name=row["history_user__first_name"],
            last_name=row["history_user__last_name"],
            username=row["history_user__username"],
        )
        events.append(
            {"when": row["history_date"], "kind": "history", "created": row["history_type"] == "+", "who": who}
        )
    events.sort(key=lambda e: e["when"], reverse=True)
    for e in events:
        e.update(_stamp(e["when"]))
    return events


def _report_cards(reports: list[ProgressReport]) -> None:
    """What each report card prints, worked out once per report rather than by template lookups (the
    attachments of all the reports in one query)."""
    labels = {value: str(label) for value, label in ProgressReport.Status.choices}
    files = {}
    if reports:
        for a in ReportAttachment.objects.filter(report_id__in=[r.pk for r in reports]).order_by("pk"):
            files.setdefault(a.report_id, []).append(a)
    for r in reports:
        r.submitter = name_of(
            person_name=r.submitter_name,
            first_name=r.submitter_first_name,
            last_name=r.submitter_last_name,
            username=r.submitter_username,
        )
        r.status_label = labels.get(r.status, r.status)
        r.period_shown = r.period.strftime("%m/%Y")
        r.submitted = _stamp(r.submitted_at)
        r.files = files.get(r.pk, [])


def _page_tasks() -> QuerySet[Task]:
    """A task with what its page shows in the same query, and whether it has sub-tasks and documented changes:
    most tasks have neither, and their queries then do not run. (The parent and a conclusion's meeting are
    rarer still, and fetched separately: each join makes the query slower to plan.)

    Statuses are then worked out in Python from the `progress` summaries (tasks/status.py): building
    `with_status`'s annotated query costs more than the whole rule does."""
    return Task.objects.select_related("plan", "area", "lead_unit", "responsible", "progress").annotate(
        has_subtasks=Exists(Task.objects.filter(parent=OuterRef("pk"))),
        has_changes=Exists(TaskChange.objects.filter(task=OuterRef("pk"))),
        has_continuations=Exists(Task.objects.filter(origin=OuterRef("pk"))),
    )


def _subtasks(task: Task, user, day: date) -> list[Task]:
    """The sub-tasks in code order, each with its status, latest percent and `can_open` for the user."""
    if not task.has_subtasks:
        return []
    subtasks = list(with_access(task.subtasks.select_related("plan__committee", "progress"), user).order_by("code"))
    for s in subtasks:
        progress = st.progress_of(s)
        s.status = st.info(st.status_of(s, today=day))
        s.latest_percent = progress.latest_percent if progress else None
    return subtasks


@role_required(*PLAN_READERS)
def task_detail(request, pk: int):
    task = get_task_for_user(request.user, pk, queryset=_page_tasks())
    if task.parent_id or task.conclusion_id:
        prefetch_related_objects([task], "parent", "conclusion__meeting")
    if task.origin_id:  # carried over or repeated from last year's plan: its history stays there
        prefetch_related_objects([task], "origin__plan")
    continuations = (
        list(task.continuations.select_related("plan").order_by("plan__year")) if task.has_continuations else []
    )
    if task.cancelled_at:
        prefetch_related_objects([task], "cancelled_by__person", "cancel_decision")
    day = today()
    reports = list(
        ProgressReport.objects.filter(task=task)
        .annotate(
            submitter_username=F("submitted_by__username"),
            submitter_name=F("submitted_by__person__full_name"),
            submitter_first_name=F("submitted_by__first_name"),
            submitter_last_name=F("submitted_by__last_name"),
        )
        .order_by("-period", "-submitted_at")
    )
    _report_cards(reports)
    subtasks = _subtasks(task, request.user, day)
    progress = st.progress_of(task)
    task_status = {
        "status_code": st.status_of(task, today=day),
        "latest_percent": progress.latest_percent if progress else None,
        "done_on": progress.done_on if progress else None,
        **st.subtask_rollup(subtasks),
    }
    return render(
        request,
        "tasks/task_detail.html",
        {
            "task": task,
            "status": task_status,
            "status_info": st.info(task_status["status_code"]),
            "coordinating": task.coordinating_units.order_by("name").values_list("name", flat=True),
            "reports": reports,
            "subtasks": subtasks,
            "continuations": continuations,
            "timeline": timeline(task, reports, has_changes=task.has_changes),
            "related": related_blocks(task, request.user),
            "can_report": task.cancelled_at is None and can_report(request.user, task),
            "can_edit": task.cancelled_at is None and is_secretariat(request.user),
            "can_read_meetings": has_role(request.user, *MEETING_READERS),  # else the source is named, not linked
        },
    )
