"""The app started the way README's production section says, checked end to end over real HTTP.

A scratch PostgreSQL database and Redis db 14; migrate, collectstatic, load_nghean_2023 (no demo
data); gunicorn with 2 workers on a free loopback port, a Celery worker and a Celery beat, all with
DEBUG=0. Then: health check, login through the real form, the main pages, a hotline report from
the public form, a job consumed by the worker, hashed and compressed static files with long cache
headers, JSON access logs, and no submitter's personal data in any process's output.
Everything started here is stopped here (process groups), the database dropped, the Redis db flushed.
"""

import http.cookiejar
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.urls import NoReverseMatch, reverse

from .conftest import BIN, ROOT, SMOKE_REDIS_DB, manage, production_env, require_redis, with_redis_db
from .htmlforms import fill_hotline_form, hotline_form, parse_forms

pytestmark = pytest.mark.production

STARTUP_DEADLINE = 40.0
JOB_DEADLINE = 20.0
# Pages every deployment has; other apps' parameterless pages are visited too when they exist.
MAIN_PAGES = ("home", "members:roster", "hotline:submit")
NOT_VISITED = {"logout", "set_language", "javascript-catalog", "healthz", "login", "otp_verify"}


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Processes:
    """Subprocesses in their own process groups, with their output in files; stop() ends them all."""

    def __init__(self, log_dir: Path, env: dict[str, str]):
        self.log_dir, self.env = log_dir, env
        self.started: dict[str, tuple[subprocess.Popen, Path]] = {}

    def start(self, name: str, *argv: str) -> subprocess.Popen:
        log = self.log_dir / f"{name}.log"
        with log.open("wb") as out:
            proc = subprocess.Popen(
                argv, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        self.started[name] = (proc, log)
        return proc

    def output(self, name: str) -> str:
        return self.started[name][1].read_text(encoding="utf-8", errors="replace")

    def all_output(self) -> str:
        return "\n".join(self.output(name) for name in self.started)

    def stop(self) -> None:
        for proc, _log in self.started.values():
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        deadline = time.monotonic() + 15
        for proc, _log in self.started.values():
            try:
                proc.wait(timeout=max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=5)


class Browser:
    """urllib with a cookie jar; responses of any status are returned, not raised."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def request(self, path: str, data: dict | None = None, headers: dict | None = None):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        req = urllib.request.Request(self.base + path, data=body, headers=headers or {})
        try:
            with self.opener.open(req, timeout=15) as resp:
                return resp.status, resp.headers, resp.read(), resp.geturl()
        except urllib.error.HTTPError as err:
            return err.code, err.headers, err.read(), err.geturl()


def _wait_until(predicate, deadline_s: float, what: str, procs: Processes):
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        for name, (proc, _log) in procs.started.items():
            assert proc.poll() is None, f"{name} exited early:\n{procs.output(name)[-3000:]}"
        time.sleep(0.2)  # polling a live process with a deadline, not waiting for time to pass
    pytest.fail(f"timed out waiting for {what}\n{procs.all_output()[-4000:]}")


def _healthy(browser: Browser) -> bool:
    try:
        status, _h, _b, _u = browser.request("/healthz")
    except OSError:
        return False
    return status == 200


def _parameterless_pages() -> list[str]:
    from django.urls import URLPattern, URLResolver, get_resolver

    def walk(resolver, ns=""):
        for p in resolver.url_patterns:
            if isinstance(p, URLResolver):
                if p.namespace == "admin":
                    continue
                yield from walk(p, f"{ns}{p.namespace}:" if p.namespace else ns)
            elif isinstance(p, URLPattern) and p.name:
                yield f"{ns}{p.name}"

    urls = []
    for name in sorted(set(walk(get_resolver()))):
        if name in NOT_VISITED:
            continue
        try:
            urls.append(reverse(name))
        except NoReverseMatch:
            continue  # needs arguments: covered by each app's own tests
    return urls


@pytest.fixture
def redis_db():
    import redis

    url = with_redis_db(require_redis(), SMOKE_REDIS_DB)
    client = redis.Redis.from_url(url)
    client.flushdb()
    yield url, client
    client.flushdb()
    client.close()


def test_production_stack_serves_pages_runs_jobs_and_static_files(tmp_path, scratch_databases, redis_db):
    redis_url, redis_client = redis_db
    db = scratch_databases("steering_prod_smoke")
    env = production_env(tmp_path, database_url=db.url, redis_url=redis_url)

    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    manage(env, "load_nghean_2023")
    password = secrets.token_urlsafe(16)
    manage(
        env | {"DJANGO_SUPERUSER_PASSWORD": password},
        "createsuperuser", "--noinput", "--username", "smoke-admin", "--email", "smoke@example.org",
    )  # fmt: skip

    port = _free_port()
    procs = Processes(tmp_path, env)
    try:
        procs.start(
            "gunicorn", str(BIN / "gunicorn"), "steering.wsgi", "--workers", "2",
            "--bind", f"127.0.0.1:{port}", "--timeout", "30", "--graceful-timeout", "5",
        )  # fmt: skip
        procs.start(
            "worker", str(BIN / "celery"), "-A", "steering", "worker", "--loglevel=INFO", "--concurrency=2",
            f"--hostname=smoke-{secrets.token_hex(3)}@%h", "--without-gossip", "--without-mingle",
        )  # fmt: skip
        procs.start(
            "beat", str(BIN / "celery"), "-A", "steering", "beat", "--loglevel=INFO",
            f"--schedule={tmp_path / 'celerybeat-schedule'}",
        )  # fmt: skip
        browser = Browser(f"http://127.0.0.1:{port}")
        _wait_until(lambda: _healthy(browser), STARTUP_DEADLINE, "/healthz to answer 200", procs)

        # Log in through the real form, with its CSRF token.
        status, _h, body, _u = browser.request("/accounts/login/")
        assert status == 200
        login_form = next(f for f in parse_forms(body.decode()) if "password" in f.names())
        token = next(i["value"] for i in login_form.inputs if i["name"] == "csrfmiddlewaretoken")
        status, headers, body, final = browser.request(
            "/accounts/login/",
            {"csrfmiddlewaretoken": token, "username": "smoke-admin", "password": password, "next": "/"},
            headers={"Referer": f"{browser.base}/accounts/login/"},
        )
        assert status == 200 and urllib.parse.urlsplit(final).path == "/", body.decode()[:2000]
        assert "smoke-admin" in body.decode()

        # Production headers on a page.
        assert "unsafe-inline" not in headers["Content-Security-Policy"]
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert re.fullmatch(r"[0-9a-f]{32}", headers["X-Request-ID"])

        # The main pages answer 200; every other parameterless page at least answers without a 500.
        for name in MAIN_PAGES:
            status, _h, body, _u = browser.request(reverse(name))
            assert status == 200, f"{name}: {status}"
        for path in _parameterless_pages():
            status, _h, _b, _u = browser.request(path)
            assert status < 500, f"{path} answered {status} in production mode"

        # A job sent through the real broker is consumed by the worker (its mark appears in the cache).
        from celery import Celery

        mark = secrets.token_hex(8)
        sender = Celery("smoke-sender", broker=redis_url)
        sender.send_task("core.jobs.ping", args=[mark])
        sender.close()
        cache_key = f"steering:1:jobs:ping:{mark}"
        _wait_until(lambda: redis_client.exists(cache_key), JOB_DEADLINE, "the ping job to run in the worker", procs)

        # A hotline report from the public form, with unique contact details to look for in the logs.
        canary = secrets.token_hex(5)
        contact = {
            "name": f"Nguyễn Canary {canary}",
            "phone": "09" + str(int(canary, 16) % 10**8).zfill(8),
            "email": f"canary.{canary}@example.org",
            "address": f"Số 9 ngõ Canary{canary}, Vinh",
        }
        public = Browser(browser.base)
        status, _h, body, _u = public.request(reverse("hotline:submit"))
        assert status == 200
        form = hotline_form(body.decode())
        assert form is not None, "the public hotline page has no report form"
        status, _h, body, final = public.request(
            form.action or reverse("hotline:submit"),
            fill_hotline_form(form, **contact),
            headers={"Referer": f"{browser.base}{reverse('hotline:submit')}"},
        )
        assert status == 200, body.decode()[:2000]
        assert db.scalar("SELECT count(*) FROM hotline_report") == 1, "report not accepted: " + body.decode()[:3000]
        # The report's background jobs (acknowledgement, notifications) run in the worker.
        _wait_until(
            lambda: re.search(r"Task hotline\.[\w.]+\[[0-9a-f-]+\] succeeded", procs.output("worker")),
            JOB_DEADLINE,
            "a hotline job to succeed in the worker",
            procs,
        )

        # whitenoise: the hashed name from the manifest, compressed, cached for a long time.
        manifest = json.loads((Path(env["STATIC_ROOT"]) / "staticfiles.json").read_text())
        hashed = manifest["paths"]["css/app.css"]
        assert re.fullmatch(r"css/app\.[0-9a-f]{12}\.css", hashed)
        for encoding in ("br", "gzip"):
            status, headers, _b, _u = browser.request(f"/static/{hashed}", headers={"Accept-Encoding": encoding})
            assert status == 200
            assert headers["Content-Encoding"] == encoding
            assert "immutable" in headers["Cache-Control"]
            assert int(re.search(r"max-age=(\d+)", headers["Cache-Control"]).group(1)) >= 365 * 24 * 3600

        assert procs.started["beat"][0].poll() is None, procs.output("beat")
        assert "beat: Starting" in procs.output("beat")
    finally:
        procs.stop()

    # JSON access lines carry request id, user id, method, path, status and duration.
    lines = [json.loads(line) for line in procs.output("gunicorn").splitlines() if line.startswith("{")]
    access = [line for line in lines if line.get("name") == "steering.access"]
    assert access, procs.output("gunicorn")[-3000:]
    home_line = next(line for line in access if line["path"] == "/" and line["status"] == 200)
    assert {"request_id", "user_id", "method", "path", "status", "duration_ms"} <= home_line.keys()
    assert home_line["user_id"] not in ("-", "", None)
    # The submitter's personal data appears in no process's output (web, worker, beat).
    everything = procs.all_output()
    for value in contact.values():
        assert value not in everything, f"personal data {value!r} leaked into the logs"
    assert all(proc.poll() is not None for proc, _log in procs.started.values())
