""" "Việc của tôi" (what I must report this month, what is overdue, what was returned, the review queue), each
list's own paginated page, and personal plans."""

from collections.abc import Callable
from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import dateformat
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core import shared_cache
from core.roles import Role, role_required, user_roles
from members.models import Person

from .. import mywork, plans
from ..forms import PersonalPlanForm
from ..models import PersonalPlan
from ..periods import month_start
from ..selectors import PLAN_READERS, person_of, plan_year_choice
from .common import apply_errors, form_data, form_status, now, seen_version, today

FIRST = 20  # rows of each section on "Việc của tôi"; the rest are on the section's own pages
PAGE_SIZE = 50
_MARK = 987654321


def _link(name: str) -> Callable[[int], str]:
    """The URL of `name` for a pk, reversed once per page rather than once per row."""
    head, tail = reverse(name, args=[_MARK]).split(str(_MARK))
    return lambda pk: f"{head}{pk}{tail}"


def _add_links(section: str, rows) -> None:
    """Give each row the links its template shows (`url`, and `report_url` for tasks that owe a report); a
    returned report links to the form on its month."""
    task_url, report_url = _link("tasks:task_detail"), _link("tasks:report_create")
    for row in rows:
        if section == mywork.PENDING:
            row.url = f"{task_url(row.task_id)}#report-{row.pk}"
        elif section == mywork.RETURNED:  # the form on the returned month, prefilled (as the notice links it)
            row.url = f"{report_url(row.task_id)}?month={row.period:%Y-%m}"
        else:
            row.url = task_url(row.pk)
            row.report_url = report_url(row.pk)


def _sections(user, day) -> str:
    """The person's line and every section they see, rendered (one query per section)."""
    sections = mywork.summary(user, today=day, first=FIRST)
    for name, (rows, _total) in sections.items():
        _add_links(name, rows)
    work = {name: {"rows": rows, "total": total, "more": total > len(rows)} for name, (rows, total) in sections.items()}
    context = {"work": work, "month": month_start(day), "person": person_of(user)}
    return render_to_string("tasks/_my_work_sections.html", context)  # no request: the page runs the processors


HOME_FIRST = 5  # tasks listed on the home page's panel


def _home_panel(user, day) -> str:
    sections = mywork.summary(user, today=day, first=HOME_FIRST)
    for name, (rows, _total) in sections.items():
        _add_links(name, rows)
    work = {name: {"rows": rows, "total": total} for name, (rows, total) in sections.items()}
    context = {"work": work, "month": month_start(day), "person": person_of(user)}
    return render_to_string("tasks/_home_work.html", context)


def home_panel(user, day) -> str:
    """The home page's "Việc của tôi" panel (HTML): the counts of each section the user sees, with links,
    and the first tasks to report on; "" for a user with no work of their own and no review queue. Kept in
    the shared cache like the page itself (the same data version)."""
    if not (mywork.has_own_work(user) or mywork.may_see(user, mywork.PENDING)):
        return ""
    key = (user.pk, user.is_superuser, sorted(user_roles(user)), day)
    return shared_cache.cached("home-my-work", shared_cache.WORK, key, partial(_home_panel, user, day))


@role_required(*PLAN_READERS)
def my_work(request):
    user, day = request.user, today()
    # Kept in the shared cache until the committee's work data changes (any report, task or member change
    # bumps its version): the key holds everything else the sections depend on.
    sections = shared_cache.cached(
        "my-work",
        shared_cache.WORK,
        (user.pk, user.is_superuser, sorted(user_roles(user)), day, FIRST),
        partial(_sections, user, day),
    )
    return render(request, "tasks/my_work.html", {"sections": mark_safe(sections)})  # noqa: S308  our template


@role_required(*PLAN_READERS)
def my_work_section(request, section: str):
    """One section of "Việc của tôi" in full, a page at a time (the review queue with its boxes to tick)."""
    if section not in mywork.SECTIONS:
        raise Http404
    if not mywork.may_see(request.user, section):
        raise PermissionDenied
    return section_page(request, section)


def section_page(request, section: str, *, accept_form=None, status: int = 200):
    """The page of one section; `accept_form`: the review queue's form of reports to accept, as posted."""
    day = today()
    rows = mywork.section_rows(request.user, section, today=day)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    _add_links(section, page.object_list)
    chosen = {str(v) for v in accept_form.data.getlist("reports")} if accept_form is not None else set()
    for row in page.object_list:
        row.chosen = str(row.pk) in chosen
    context = {
        "section": section,
        "page": page,
        "rows": page.object_list,
        "title": _title(section, month_start(day)),
        "accept_form": accept_form,
    }
    return render(request, "tasks/my_work_section.html", context, status=status)


def _title(section: str, month) -> str:
    m = dateformat.format(month, "m/Y")
    return {
        mywork.PENDING: _("Báo cáo chờ Bộ phận Thường trực xem xét"),
        mywork.RETURNED: _("Báo cáo bị trả lại"),
        mywork.DUE: _("Cần báo cáo tháng %(m)s") % {"m": m},
        mywork.REPORTED: _("Đã báo cáo tháng %(m)s") % {"m": m},
        mywork.OVERDUE: _("Quá hạn chưa hoàn thành"),
    }[section]


@role_required(Role.MEMBER)
def personal_plan(request):
    """The member's personal plan of a year (`?year=`, by default the plan year of today:
    tasks.selectors.choose_year); a `?year=` that is not a year is refused (400), nothing saved."""
    person = person_of(request.user)
    if person is None or not person.memberships.exists():
        raise PermissionDenied
    choice = plan_year_choice(request.GET, today=today())
    year = choice.year
    existing = PersonalPlan.objects.filter(person=person, year=year).first()
    initial = {
        "content": existing.content if existing else plans.personal_plan_prefill(person=person, year=year),
        "self_assessment": existing.self_assessment if existing else "",
        "version": existing.version if existing else 0,
    }
    form = PersonalPlanForm(form_data(request), initial=initial)
    if request.method == "POST" and not choice.error and form.is_valid():
        try:
            plans.save_personal_plan(
                person=person,
                year=year,
                now=now(),
                content=form.cleaned_data["content"],
                self_assessment=form.cleaned_data["self_assessment"],
                version=seen_version(form),
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("Đã lưu kế hoạch cá nhân."))
            return redirect(f"{request.path}?year={year}")
    return render(
        request,
        "tasks/personal_plan.html",
        {"form": form, "year": year, "year_choice": choice, "existing": existing, "person": person},
        status=form_status(form) if form.errors else (400 if choice.error else 200),
    )


@role_required(Role.SECRETARIAT, Role.LEADERSHIP)
def personal_plan_list(request):
    """Every member's personal plan of a year (`?year=`, as on personal_plan)."""
    choice = plan_year_choice(request.GET, today=today())
    people = Person.objects.filter(memberships__isnull=False).distinct().order_by("full_name")
    by_person = {p.person_id: p for p in PersonalPlan.objects.filter(year=choice.year)}
    rows = [(p, by_person.get(p.pk)) for p in people]
    context = {"rows": rows, "year": choice.year, "year_choice": choice}
    return render(request, "tasks/personal_plan_list.html", context, status=choice.status)
