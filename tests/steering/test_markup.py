"""Every page type is valid HTML: the Nu HTML Checker (npm's vnu-jar) finds no error in the raw
responses. One Java run checks all pages at once.

Outside CI a missing Java or vnu-jar skips this test; in CI (CI=true) it fails it (tests/htmlcheck.py).
"""

import pytest
from django.test import Client

from tests.factories import UserFactory
from tests.htmlcheck import html_errors, report, require_checker

from .pages import PAGE_TYPES, client_for_role


def _pages(cast) -> dict[str, bytes]:
    """Raw bodies of every page type, error pages and account pages included."""
    superuser = UserFactory(username="quantri", is_staff=True, is_superuser=True)
    pages = {}
    for page in PAGE_TYPES:
        response = client_for_role(page.role, cast, superuser).get(page.path)
        assert response.status_code == page.status, page.name
        pages[page.name] = response.content
    pages["error 500"] = Client(raise_request_exception=False).get("/__boom__/").content
    pages["csrf refusal"] = Client(enforce_csrf_checks=True).post("/accounts/login/").content
    pages["bad host 400"] = Client().get("/", HTTP_HOST="evil.example.com").content
    login_errors = Client().post("/accounts/login/", {"username": "thuky", "password": "sai"})
    pages["login with errors"] = login_errors.content
    member = client_for_role("member", cast)
    pages["password change with errors"] = member.post("/accounts/password/change/", {"old_password": "x"}).content
    pages["password reset link invalid"] = Client().get("/accounts/password/reset/MQ/bad-token/").content
    pages["password reset sent"] = Client().get("/accounts/password/reset/sent/").content
    leader = client_for_role("leadership", cast)
    pages["two-factor wrong code"] = leader.post("/accounts/2fa/", {"otp_token": "12"}).content
    locked = Client()
    for _ in range(10):
        last = locked.post("/accounts/login/", {"username": "thuky", "password": "sai"}, REMOTE_ADDR="10.8.8.8")
    assert last.status_code == 429
    pages["locked out"] = last.content
    return pages


CONTROL = b'<!DOCTYPE html><html lang="vi"><head><title>x</title></head><body><p><div></p></body></html>'


@pytest.mark.urls("tests.steering.urls_errors")
def test_every_page_type_is_valid_html(cast, committee, tmp_path):
    require_checker()
    pages = {"control (invalid on purpose)": CONTROL, **_pages(cast)}
    errors = html_errors(pages, tmp_path, timeout=180)
    # The checker really ran: it caught the page that is invalid on purpose.
    assert errors.pop("control (invalid on purpose)"), "the checker reported nothing for the invalid control page"
    assert errors == {}, report(errors)
