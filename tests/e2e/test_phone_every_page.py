"""Every page type on a 390×844 phone, for each role that may open it: the page never scrolls sideways (a
wide table may scroll inside its own .table-wrap) and axe-core finds no serious or critical violation.

One browser, one context per role; a page a role may not open (403) is left to the roles that may, and
every page type must be opened by at least one role. axe runs once per page type (the first role that opens
it), the width is checked for every role."""

from pprint import pformat

import pytest
from django.urls import reverse

from members.models import Committee, Person, Unit
from members.seed import DEMO_PASSWORD
from members.selectors import provincial_committee
from periodic_reports.models import PeriodicReport
from tasks.models import AgendaItem, Meeting, Opinion, PilotUnit, Plan, Task

from .conftest import axe_violations, login
from .hotline_states import reports_in_every_state

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
ROLES = {
    "secretariat": "thuky",
    "member": "thanhvien",
    "focal_point": "daumoi",
    "hotline_operator": "tongdai",
    "leadership": "lanhdao",
    "anonymous": None,
}


def _page_types() -> dict[str, str]:
    """{page type: path} on the loaded demo data, hotline reports in every state included."""
    committee = provincial_committee()
    plan = Plan.objects.filter(committee=committee, year=2023).get()
    task = Task.objects.filter(plan=plan).order_by("pk").first()
    meeting = Meeting.objects.order_by("pk").first()
    unit = Unit.objects.filter(code="SNV").order_by("pk").first()
    other = Committee.objects.exclude(pk=committee.pk).order_by("pk").first() or committee
    pages = {
        "home": "/",
        "plan list": "/tasks/",
        "plan detail": f"/tasks/plans/{plan.pk}/",
        "plan detail searched": f"/tasks/plans/{plan.pk}/?q=thủ+tục",
        "new plan": "/tasks/plans/new/",
        "task detail": f"/tasks/task/{task.pk}/",
        "my work": "/tasks/my/",
        "personal plan": "/tasks/personal/",
        "review index": "/tasks/review/",
        "review board": f"/tasks/review/{committee.pk}/2023/5/",
        "meetings": "/tasks/meetings/",
        "new meeting": "/tasks/meetings/new/",
        "roster": "/members/",
        "my membership": "/members/me/",
        "roster history": "/members/history/",
        "committees": "/members/committees/",
        "committee": f"/members/committees/{committee.pk}/",
        "another committee": f"/members/committees/{other.pk}/",
        "unit list": "/members/units/",
        "unit": f"/members/units/{unit.pk}/",
        "documents register": "/documents/",
        "document add": f"/documents/{committee.pk}/add/",
        "periodic reports": "/reports/",
        "notifications": "/notifications/",
        "holidays": "/holidays/",
        "hotline inbox": "/hotline/inbox/",
        "hotline unit inbox": "/hotline/unit/",
        "hotline phone intake": "/hotline/phone/",
        "hot spots": "/hotline/hot-spots/",
        "hotline access log": "/hotline/access-log/",
        "public hotline form": "/hotline/",
        "look-up": "/hotline/lookup/",
        "published answers": "/hotline/answers/",
    }
    if meeting is not None:
        pages["meeting detail"] = f"/tasks/meetings/{meeting.pk}/"
        pages["meeting edit"] = reverse("tasks:meeting_edit", args=[meeting.pk])
    # The secretariat's pages for committees, units, meeting records, pilots, people and accounts.
    pages["new committee"] = reverse("members:committee_create")
    pages["committee edit"] = reverse("members:committee_edit", args=[committee.pk])
    pages["unit edit"] = reverse("members:unit_edit", args=[unit.pk])
    pages["new pilot"] = reverse("tasks:pilot_create", args=[plan.pk])
    pages["people"] = reverse("members:people_list")
    pages["people history"] = reverse("members:people_history")
    pages["new person"] = reverse("members:person_create")
    person = Person.objects.filter(unit=unit).order_by("pk").first()
    if person is not None:
        pages["person edit"] = reverse("members:person_edit", args=[person.pk])
        pages["person account"] = reverse("members:person_account", args=[person.pk])
    for model, name in (
        (AgendaItem, "tasks:agenda_edit"),
        (Opinion, "tasks:opinion_edit"),
        (PilotUnit, "tasks:pilot_edit"),
    ):
        record = model.objects.order_by("pk").first()
        if record is not None:
            pages[name.split(":")[1].replace("_", " ")] = reverse(name, args=[record.pk])
    report = PeriodicReport.objects.order_by("pk").first()
    if report is not None:
        pages["periodic report"] = f"/reports/{report.pk}/"
    return pages


def _check(page, path: str, *, run_axe: bool) -> tuple[int, dict]:
    """(status, problems) of one page: its width past the phone's with the elements sticking out, and
    axe's serious or critical violations."""
    response = page.goto(f"{page.base_url}{path}")
    status = response.status if response is not None else 0
    if response is not None and response.request.redirected_from is not None:
        status = 302  # sent elsewhere (the login page): not this role's page
    problems: dict = {}
    if status != 200:
        return status, problems
    return status, _problems(page, run_axe=run_axe)


def _problems(page, *, run_axe: bool) -> dict:
    problems: dict = {}
    width = page.evaluate("() => document.documentElement.scrollWidth")
    inner = page.evaluate("() => window.innerWidth")
    if width > inner:
        problems["width"] = (
            width,
            page.evaluate(
                """() => [...document.querySelectorAll('body *')]
                    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
                    .filter(e => !e.closest('.table-wrap, .table-scroll'))
                    .slice(0, 5).map(e => e.tagName + '#' + e.id + '.' + e.className)"""
            ),
        )
    if run_axe:
        violations = axe_violations(page)
        if violations:
            problems["axe"] = violations
    return problems


def _plan_table_problems(page) -> dict:
    """A plan's task table on the phone shows each task's deadline and status without scrolling."""
    shown = [h.strip() for h in page.locator(".plan-tasks thead th:visible").all_inner_texts()]
    fits = page.evaluate(
        "() => { const w = document.querySelector('.plan-tasks').closest('.table-wrap');"
        " return w.scrollWidth <= w.clientWidth + 1; }"
    )
    if "Thời hạn" in shown and "Trạng thái" in shown and fits:
        return {}
    return {"plan table": {"columns shown": shown, "fits": fits}}


def test_no_page_scrolls_sideways_on_a_phone_or_fails_axe(browser, live_server, e2e_data):
    states = reports_in_every_state()
    pages = _page_types()
    for state, tracked in states.items():
        pages[f"hotline report ({state})"] = f"/hotline/reports/{tracked.report.pk}/"
    opened: set[str] = set()
    failures: dict[str, dict] = {}
    for role, username in ROLES.items():
        context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport=PHONE)
        context.set_default_timeout(15_000)
        page = context.new_page()
        page.base_url = live_server.url
        if username is not None:
            login(page, username, DEMO_PASSWORD)
        for name, path in pages.items():
            status, problems = _check(page, path, run_axe=name not in opened)
            if status == 200:
                opened.add(name)
                if name == "plan detail":
                    problems.update(_plan_table_problems(page))
            elif status not in (302, 403, 404):  # 404: an object outside the role's scope
                problems = {"status": status}
            if problems:
                failures[f"{name} as {role} ({path})"] = problems
        if username is None:
            for state in ("new", "answered and published"):
                tracked = states[state]
                page.goto(f"{page.base_url}/hotline/lookup/")
                page.fill("#id_code", tracked.code)
                page.fill("#id_pin", tracked.pin)
                page.locator("main form button[type=submit]").click()
                page.wait_for_load_state("networkidle")
                assert "/hotline/lookup/result/" in page.url
                problems = _problems(page, run_axe=True)
                if problems:
                    failures[f"look-up result ({state})"] = problems
        context.close()
    assert failures == {}, pformat(failures)
    assert set(pages) - opened == set(), "page types no role could open"
