""" "Việc của tôi" (what I must report this month, what is overdue, what was returned) and personal plans."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from members.models import Person
from members.roles import Role, role_required

from .. import plans
from .. import status as st
from ..forms import PersonalPlanForm
from ..models import PersonalPlan, ProgressReport, Task
from ..periods import month_start, tasks_owing_report
from ..selectors import PLAN_READERS, is_secretariat, own_tasks_q, person_of, reportable_q
from .common import apply_errors, form_data, now, today

LIMIT = 100


@role_required(*PLAN_READERS)
def my_work(request):
    user = request.user
    day = today()
    month = month_start(day)
    mine = Task.objects.filter(reportable_q(user))
    related = ("plan", "lead_unit", "responsible", "area")
    owing = list(
        st.annotate_status(tasks_owing_report(month, mine), today=day)
        .select_related(*related)
        .order_by("due_date", "code")[:LIMIT]
    )
    overdue = list(
        st.annotate_status(Task.objects.filter(own_tasks_q(user)), today=day)
        .filter(status_code=st.OVERDUE)
        .select_related(*related)
        .order_by("due_date", "code")[:LIMIT]
    )
    returned = list(
        ProgressReport.objects.filter(task__in=mine, status=ProgressReport.Status.RETURNED, superseded_by__isnull=True)
        .select_related("task", "reviewed_by")
        .order_by("period", "task__code", "submitted_at")[:LIMIT]  # not Meta.ordering: it joins plan and committee
    )
    pending = []
    if is_secretariat(user):
        pending = list(
            ProgressReport.objects.filter(status=ProgressReport.Status.SUBMITTED)
            .select_related("task", "task__lead_unit", "submitted_by")
            .order_by("submitted_at")[:LIMIT]
        )
    return render(
        request,
        "tasks/my_work.html",
        {
            "month": month,
            "to_report": [t for t in owing if not t.has_report],
            "reported": [t for t in owing if t.has_report],
            "overdue": overdue,
            "returned": returned,
            "pending": pending,
            "person": person_of(user),
        },
    )


def _year(request) -> int:
    try:
        year = int(request.GET.get("year") or today().year)
    except ValueError:
        year = today().year
    return year if 2000 <= year <= 2100 else today().year


@role_required(Role.MEMBER)
def personal_plan(request):
    person = person_of(request.user)
    if person is None or not person.memberships.exists():
        raise PermissionDenied
    year = _year(request)
    existing = PersonalPlan.objects.filter(person=person, year=year).first()
    initial = {
        "content": existing.content if existing else plans.personal_plan_prefill(person=person, year=year),
        "self_assessment": existing.self_assessment if existing else "",
    }
    form = PersonalPlanForm(form_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            plans.save_personal_plan(person=person, year=year, now=now(), **form.cleaned_data)
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("Đã lưu kế hoạch cá nhân."))
            return redirect(f"{request.path}?year={year}")
    return render(
        request,
        "tasks/personal_plan.html",
        {"form": form, "year": year, "existing": existing, "person": person},
        status=400 if form.errors else 200,
    )


@role_required(Role.SECRETARIAT, Role.LEADERSHIP)
def personal_plan_list(request):
    year = _year(request)
    people = Person.objects.filter(memberships__isnull=False).distinct().order_by("full_name")
    by_person = {p.person_id: p for p in PersonalPlan.objects.filter(year=year)}
    rows = [(p, by_person.get(p.pk)) for p in people]
    return render(request, "tasks/personal_plan_list.html", {"rows": rows, "year": year})
