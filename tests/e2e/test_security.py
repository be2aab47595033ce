"""In Chromium, under the real Content-Security-Policy: the pages load with no policy violation, the
site's own script runs (the language switcher submits itself), and the idle-expired, locked-out and
two-factor pages are reachable and accessible."""

import pytest

from .conftest import axe_violations

pytestmark = pytest.mark.e2e
PASSWORD = "nghean2023"


def _watch_csp(page) -> list[str]:
    violations: list[str] = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    return violations


def test_pages_run_under_the_policy_without_violations(page, e2e_data):
    violations = _watch_csp(page)
    page.goto(f"{page.base_url}/accounts/login/")
    page.fill("#id_username", "lanhdao")
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{page.base_url}/")
    for path in ("/", "/members/", "/hotline/", "/accounts/password/change/", "/accounts/2fa/"):
        response = page.goto(f"{page.base_url}{path}")
        assert response.status == 200, path
        assert "unsafe-inline" not in response.headers["content-security-policy"]
    # The server-drawn QR code is an image the policy allows (img-src data:).
    assert page.locator("img.qr-code").evaluate("img => img.complete && img.naturalWidth > 0")
    assert axe_violations(page) == []
    assert violations == []


def test_the_sites_script_runs_under_the_policy(page, e2e_data):
    violations = _watch_csp(page)
    page.goto(f"{page.base_url}/accounts/login/")
    with page.expect_navigation():
        page.select_option("#lang-select", "en")  # app.js submits the form on change
    assert page.locator("html").get_attribute("lang") == "en"
    assert violations == []


def test_a_locked_out_visitor_sees_the_vietnamese_lockout_page(page, e2e_data):
    for _ in range(5):
        page.goto(f"{page.base_url}/accounts/login/")
        page.fill("#id_username", "thuky")
        page.fill("#id_password", "sai-mat-khau")
        page.locator("main form button[type=submit]").click()
    assert page.locator("h1").inner_text() == "Tài khoản tạm khóa"
    assert axe_violations(page) == []
