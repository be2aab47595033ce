"""The secretariat's pages on a 390 px phone: none scrolls sideways. A wide table may scroll inside its own
container (.table-wrap), the page itself must not; selects and inputs never outgrow their row."""

import pytest
from django.urls import reverse

from members.seed import DEMO_PASSWORD
from members.selectors import provincial_committee
from tasks.models import AgendaItem, Meeting, Opinion, PilotUnit, Plan, Task

from .conftest import login

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport=PHONE)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.base_url = live_server.url
    yield page
    context.close()


def _staff_pages() -> list[str]:
    committee = provincial_committee()
    plan = Plan.objects.filter(committee=committee, year=2023).get()
    task = Task.objects.filter(plan=plan).order_by("pk").first()
    meeting = Meeting.objects.order_by("pk").first()
    pages = [
        "/tasks/review/",
        f"/tasks/review/{committee.pk}/2023/5/",
        "/tasks/",
        f"/tasks/plans/{plan.pk}/",
        f"/tasks/plans/{plan.pk}/?q=thủ+tục",
        f"/tasks/task/{task.pk}/",
        "/tasks/my/",
        "/tasks/meetings/",
        "/documents/",
        f"/documents/{committee.pk}/add/",
        "/reports/",
        "/tasks/plans/new/",
        "/tasks/meetings/new/",
    ]
    if meeting is not None:
        pages.append(f"/tasks/meetings/{meeting.pk}/")
        pages.append(reverse("tasks:meeting_edit", args=[meeting.pk]))
    # The secretariat's edit pages of committees, units and meeting records.
    pages += [
        reverse("members:committee_create"),
        reverse("members:committee_edit", args=[committee.pk]),
        reverse("members:unit_edit", args=[committee.unit_id]),
    ]
    for model, name in (
        (AgendaItem, "tasks:agenda_edit"),
        (Opinion, "tasks:opinion_edit"),
        (PilotUnit, "tasks:pilot_edit"),
    ):
        record = model.objects.order_by("pk").first()
        if record is not None:
            pages.append(reverse(name, args=[record.pk]))
    return pages


def _too_wide(phone, paths: list[str]) -> dict[str, tuple[int, list[str]]]:
    """The pages wider than the phone: their width and the first elements sticking out of it."""
    too_wide = {}
    for path in paths:
        response = phone.goto(f"{phone.base_url}{path}")
        assert response is not None and response.status == 200, (path, response and response.status)
        width = phone.evaluate("() => document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            culprits = phone.evaluate(
                """() => [...document.querySelectorAll('body *')]
                    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
                    .filter(e => !e.closest('.table-wrap, .table-scroll'))
                    .slice(0, 5).map(e => e.tagName + '#' + e.id + '.' + e.className)"""
            )
            too_wide[path] = (width, culprits)
    return too_wide


def test_no_staff_page_scrolls_sideways_on_a_phone(phone, e2e_data):
    login(phone, "thuky", DEMO_PASSWORD)
    assert _too_wide(phone, _staff_pages()) == {}


def test_the_hotline_staff_pages_fit_a_phone(phone, e2e_data):
    login(phone, "tongdai", DEMO_PASSWORD)
    assert _too_wide(phone, ["/hotline/inbox/", "/hotline/phone/", "/hotline/hot-spots/"]) == {}
