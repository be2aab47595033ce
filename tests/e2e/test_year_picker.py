"""The year selector in a real browser, on a 390 px phone: leadership picks 2023 on the dashboard and on the
pilot units page without JavaScript, the page stays within the screen, and axe finds nothing serious."""

import pytest

from members.seed import DEMO_PASSWORD
from tasks.seed import PLAN_TITLE

from .conftest import axe_violations, login

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


def _fits(page) -> None:
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"], page.url


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(
        locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport=PHONE, java_script_enabled=False
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.base_url = live_server.url
    yield page
    context.close()


def _pick(page, year: str) -> None:
    page.get_by_label("Năm", exact=True).select_option(year)
    with page.expect_navigation():
        page.locator("form.year-picker").get_by_role("button", name="Xem").click()


def test_leadership_picks_2023_on_a_phone_without_javascript(phone, e2e_data):
    login(phone, "lanhdao", DEMO_PASSWORD)
    _fits(phone)
    _pick(phone, "2023")
    assert phone.locator(".dashboard-panel h2 a").inner_text() == PLAN_TITLE
    _fits(phone)
    phone.goto(f"{phone.base_url}/tasks/pilots/")
    _pick(phone, "2023")
    assert PLAN_TITLE in phone.locator("h1").inner_text()
    _fits(phone)


def test_the_selector_passes_axe(page, e2e_data):
    login(page, "lanhdao", DEMO_PASSWORD)
    page.goto(f"{page.base_url}/?year=abc")
    assert "Năm không hợp lệ" in page.locator(".year-picker").inner_text()
    assert axe_violations(page) == [], page.url
    page.goto(f"{page.base_url}/tasks/personal/all/?year=2023")
    assert axe_violations(page) == [], page.url
