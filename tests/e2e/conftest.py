"""Browser tests: Playwright driving Debian's Chromium against the live server.

Outside CI a missing browser skips these tests; in CI (CI=true) it fails them.
The pages run under the real Content-Security-Policy; axe-core is injected through the
DevTools protocol (page.evaluate), which the policy does not govern, so no exception is needed.
"""

import os
import uuid
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

CHROMIUM = os.environ.get("PLAYWRIGHT_CHROMIUM_EXECUTABLE", "/usr/bin/chromium")
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def _require(path: Path | str, what: str):
    if not Path(path).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{what} is missing at {path}: CI must install it")
        pytest.skip(f"{what} not installed at {path}")


@pytest.fixture(autouse=True)
def _fresh_rate_limits(settings):
    """Rate-limit counters of their own: the Redis test cache outlives a run, and the live server's
    visitors all come from 127.0.0.1."""
    settings.RATELIMIT_CACHE_PREFIX = f"rl:e2e-{uuid.uuid4().hex}:"


@pytest.fixture(scope="session")
def browser():
    _require(CHROMIUM, "Chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", accept_downloads=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.base_url = live_server.url
    yield page
    context.close()


def login(page, username: str, password: str):
    page.goto(f"{page.base_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    # The login form's own button: the header's language form has a submit button too.
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{page.base_url}/")


def axe_violations(page, impacts=("serious", "critical")) -> list[dict]:
    """Run axe-core on the current page; return the violations of the given impacts."""
    _require(AXE, "axe-core (npm ci)")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;true")
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in impacts
    ]


@pytest.fixture
def e2e_data(transactional_db):
    """The loaded Nghệ An data with demo accounts, as `make run` has it."""
    from django.core.management import call_command

    call_command("load_nghean_2023", demo=True, verbosity=0)
