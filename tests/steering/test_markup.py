"""Every page type is valid HTML: the Nu HTML Checker (npm's vnu-jar) finds no error in the raw
responses. One Java run checks all pages at once.

Outside CI a missing Java or vnu-jar skips this test; in CI (CI=true) it fails it.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import Client

from tests.factories import UserFactory

from .pages import PAGE_TYPES, client_for_role

VNU = Path(__file__).resolve().parents[2] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def _require_checker() -> str:
    java = shutil.which("java")
    if java is None or not VNU.exists():
        if os.environ.get("CI"):
            pytest.fail("CI must provide Java and node_modules/vnu-jar (npm ci)")
        pytest.skip("Java or vnu-jar is not installed")
    return java


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
    java = _require_checker()
    names = {}
    pages = {"control (invalid on purpose)": CONTROL, **_pages(cast)}
    for n, (name, body) in enumerate(pages.items()):
        path = tmp_path / f"page-{n:02d}.html"
        path.write_bytes(body)
        names[path.name] = name
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *[str(tmp_path / f) for f in names]],
        capture_output=True,
        text=True,
        timeout=180,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors: dict[str, list[str]] = {}
    for m in messages:
        if m["type"] == "error" or m.get("subType") == "fatal":
            page = names.get(Path(m.get("url", "")).name, m.get("url"))
            errors.setdefault(page, []).append(
                f"line {m.get('lastLine')}: {m['message']} [{m.get('extract', '').strip()}]"
            )
    # The checker really ran: it caught the page that is invalid on purpose.
    assert errors.pop("control (invalid on purpose)"), "the checker reported nothing for the invalid control page"
    assert errors == {}, "\n".join(f"{page}: {e}" for page, lines in errors.items() for e in lines)
