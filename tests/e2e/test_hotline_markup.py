"""A hotline report's pages are valid HTML in every state as the browser holds them after their scripts
ran (page.content()): the staff page as the hotline operator and as the routed unit's focal point sees it,
and the citizen's look-up result. One Java run of the Nu HTML Checker for all of them.

Outside CI a missing browser, Java or vnu-jar skips this test; in CI (CI=true) it fails it."""

import pytest

from tests.factories import PASSWORD
from tests.htmlcheck import html_errors, report, require_checker

from .conftest import login
from .hotline_states import reports_in_every_state

pytestmark = pytest.mark.e2e

CONTROL = b'<!DOCTYPE html><html lang="vi"><head><title>x</title></head><body><p><div></p></body></html>'
STAFF = ("tongdai", "daumoi")


def _staff_pages(browser, base: str, states) -> dict[str, bytes]:
    pages = {}
    for username in STAFF:
        context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
        context.set_default_timeout(15_000)
        page = context.new_page()
        page.base_url = base
        login(page, username, PASSWORD)
        for state, tracked in states.items():
            response = page.goto(f"{base}/hotline/reports/{tracked.report.pk}/")
            if response is not None and response.status == 200:
                pages[f"report {state} as {username}"] = page.content().encode()
        context.close()
    return pages


def _look_up_pages(browser, base: str, states) -> dict[str, bytes]:
    pages = {}
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    context.set_default_timeout(15_000)
    page = context.new_page()
    for state, tracked in states.items():
        page.goto(f"{base}/hotline/lookup/")
        page.fill("#id_code", tracked.code)
        page.fill("#id_pin", tracked.pin)
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(f"{base}/hotline/lookup/result/")
        pages[f"look-up result {state}"] = page.content().encode()
    context.close()
    return pages


def test_hotline_report_pages_in_every_state_are_valid_html_after_their_scripts(
    browser, live_server, cast, transactional_db, tmp_path
):
    require_checker()
    states = reports_in_every_state()
    pages = _staff_pages(browser, live_server.url, states)
    # The operator sees every report; the focal point of Sở Nội vụ every report routed there.
    assert {name for name in pages if name.endswith("as tongdai")} == {f"report {s} as tongdai" for s in states}
    assert {name for name in pages if name.endswith("as daumoi")} == {
        f"report {s} as daumoi" for s in states if s != "new"
    }
    pages.update(_look_up_pages(browser, live_server.url, states))
    errors = html_errors({"control (invalid on purpose)": CONTROL, **pages}, tmp_path)
    assert errors.pop("control (invalid on purpose)"), "the checker reported nothing for the invalid control page"
    assert errors == {}, report(errors)
