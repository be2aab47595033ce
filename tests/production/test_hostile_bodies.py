"""Hostile request bodies against the production stack (gunicorn, DEBUG=0): each one gets a 400 page, read by
the client, never a dropped connection or a killed worker.

The fault this guards against: a form posted with a megabyte of spaces in a text field and the same field repeated with
invalid UTF-8 kept a worker busy for hours (core/text.py's line-break patterns were quadratic on runs of spaces)
until gunicorn killed it and dropped the connection. Also: a body over DATA_UPLOAD_MAX_MEMORY_SIZE, too many
fields, a charset nobody knows, invalid UTF-8 in the query string.
"""

import http.client
import re
import time
import urllib.parse

import pytest

from .conftest import BIN, manage, production_env
from .test_smoke import STARTUP_DEADLINE, Browser, Processes, _free_port, _healthy, _wait_until

pytestmark = pytest.mark.production

MEGABYTE = 1024 * 1024


def _post(port: int, path: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
    """POST `body` on a fresh connection and read the whole answer (raises if the server drops it)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=25)
    try:
        conn.request("POST", path, body=body, headers={"Content-Length": str(len(body)), **headers})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def test_hostile_bodies_answer_400_pages(tmp_path, scratch_databases):
    db = scratch_databases("steering_prod_hostile")
    env = production_env(tmp_path, database_url=db.url)
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    port = _free_port()
    procs = Processes(tmp_path, env)
    try:
        procs.start(
            "gunicorn", str(BIN / "gunicorn"), "steering.wsgi", "--workers", "2",
            "--bind", f"127.0.0.1:{port}", "--timeout", "30", "--graceful-timeout", "5",
        )  # fmt: skip
        browser = Browser(f"http://127.0.0.1:{port}")
        _wait_until(lambda: _healthy(browser), STARTUP_DEADLINE, "/healthz to answer 200", procs)
        status, _h, page, _u = browser.request("/accounts/login/")
        assert status == 200
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
        cookie = "; ".join(f"{c.name}={c.value}" for c in browser.jar)
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": cookie,
            "Referer": f"{browser.base}/accounts/login/",
        }
        start = f"csrfmiddlewaretoken={token}&".encode()

        # A megabyte of spaces in a one-line field, the same field again with invalid UTF-8.
        spaces = start + b"username=" + b"+" * MEGABYTE + b"&username=%FF%FE%C0%AF&password=x"
        began = time.monotonic()
        status, body = _post(port, "/accounts/login/", spaces, headers)
        # The login page answers a refused form like Django's LoginView (200 with the error); other forms 400.
        assert status in (200, 400) and b"</html>" in body, body[:500]
        assert time.monotonic() - began < 20  # a worker answered, it was not killed by the timeout
        raw_invalid = start + b"username=\xff\xfe\xc0\xaf" + b"a" * MEGABYTE + b"&username=\xff&password=x"
        status, body = _post(port, "/accounts/login/", raw_invalid, headers)
        assert status in (200, 400) and b"</html>" in body

        # Over DATA_UPLOAD_MAX_MEMORY_SIZE (5 MB), too many fields, an unknown charset: a 400 page, read in full.
        too_big = start + b"username=" + b"a" * (6 * MEGABYTE)
        status, body = _post(port, "/accounts/login/", too_big, headers)
        assert status == 400 and b"</html>" in body
        too_many = start + b"&".join(b"f%d=1" % i for i in range(2000))
        status, body = _post(port, "/accounts/login/", too_many, headers)
        assert status == 400 and b"</html>" in body
        odd_charset = {**headers, "Content-Type": "application/x-www-form-urlencoded; charset=x-no-such-charset"}
        assert _post(port, "/accounts/login/", start + b"username=a&password=b", odd_charset)[0] < 500
        status, _h, _b, _u = browser.request("/hotline/lookup/?" + urllib.parse.quote_from_bytes(b"code=\xff\xfe"))
        assert status < 500

        # The workers are alive and serve the next request at once.
        assert _healthy(browser)
        log = procs.output("gunicorn")
        assert "WORKER TIMEOUT" not in log, log[-3000:]
        assert '"status": 500' not in log and "Internal Server Error" not in log, log[-3000:]
    finally:
        procs.stop()
