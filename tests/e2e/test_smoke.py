"""The browser reaches the login page under the real CSP, and axe finds nothing serious on it."""

import pytest

from .conftest import axe_violations

pytestmark = pytest.mark.e2e


def test_login_page_renders_and_is_accessible(page, transactional_db):
    page.goto(f"{page.base_url}/accounts/login/")
    assert page.locator("h1").inner_text() == "Đăng nhập"
    assert axe_violations(page) == []
