"""A real Celery worker against Redis picks up beat's job, runs the cycle, and the e-mails land.

Runs when REDIS_URL is set (CI sets it); outside CI without Redis it is skipped; in CI an
unreachable Redis fails it. The worker is a subprocess on the TEST database (same name as this
process uses), on its own queue so parallel runs on the shared Redis never steal its jobs, writing
e-mails to files because the locmem outbox is per process.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from datetime import date
from email import message_from_bytes
from email.header import decode_header, make_header
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from reviews.models import Reminder
from tests.reviews.review_world import at, build

pytestmark = [pytest.mark.worker, pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored")]
ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 90


def _require_redis() -> str:
    url = os.environ.get("REDIS_URL", "")
    if not url:
        if os.environ.get("CI"):
            pytest.fail("CI must set REDIS_URL for the worker test")
        pytest.skip("REDIS_URL is not set")
    import redis

    try:
        redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_connect_timeout=3).ping()
    except redis.RedisError as exc:
        pytest.fail(f"Redis unreachable at {settings.CELERY_BROKER_URL}: {exc}")
    return url


def _database_url() -> str:
    s = connection.settings_dict
    if connection.vendor != "postgresql":
        if os.environ.get("CI"):
            pytest.fail("the worker test needs a database another process can open (PostgreSQL in CI)")
        pytest.skip("the test database is an in-memory SQLite that a worker process cannot open")
    auth = quote(s["USER"] or "", safe="")
    if s.get("PASSWORD"):
        auth += ":" + quote(s["PASSWORD"], safe="")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def _wait_for(predicate, what: str, proc: subprocess.Popen, log: Path):
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if predicate():
            return
        if proc.poll() is not None:
            pytest.fail(f"worker exited ({proc.returncode}) before {what}:\n{log.read_text(errors='replace')[-4000:]}")
        time.sleep(0.2)  # polling with a deadline, not a fixed wait
    pytest.fail(f"timed out waiting for {what}:\n{log.read_text(errors='replace')[-4000:]}")


@pytest.fixture
def worker(transactional_db, tmp_path):
    _require_redis()
    queue = f"test-review-{uuid.uuid4().hex[:10]}"
    outbox = tmp_path / "mail"
    outbox.mkdir()
    log = tmp_path / "worker.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "steering.settings_test",
        "DATABASE_URL": _database_url(),
        "CELERY_EAGER": "0",
        "CELERY_QUEUE": queue,
        "EMAIL_FILE_PATH": str(outbox),
        "SITE_URL": "https://cchc.example.vn",
    }
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "steering",
                "worker",
                "--pool=solo",
                "--concurrency=1",
                "-Q",
                queue,
                "--without-heartbeat",
                "--without-gossip",
                "--without-mingle",
                "--loglevel=INFO",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    _wait_for(lambda: b"ready" in log.read_bytes(), "the worker to be ready", proc, log)
    try:
        yield {"queue": queue, "outbox": outbox, "proc": proc, "log": log}
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        connection.close()


def _messages(outbox: Path) -> list:
    messages = []
    for path in sorted(outbox.glob("*.log")):
        for chunk in path.read_bytes().split(b"-" * 79):
            if chunk.strip():
                messages.append(message_from_bytes(chunk.strip()))
    return messages


def test_a_real_worker_runs_beats_job_and_the_emails_land(worker, cast, committee, department, other_department):
    from steering.celery import app

    build(cast, committee, department, other_department)
    moment = at(date(2023, 5, 26))
    # As beat sends it: by name, no Python object shared, on the worker's queue.
    app.send_task("reviews.run_monthly_reviews", kwargs={"now": moment.isoformat()}, queue=worker["queue"])

    _wait_for(lambda: len(_messages(worker["outbox"])) >= 7, "seven e-mails", worker["proc"], worker["log"])
    _wait_for(
        lambda: Reminder.objects.filter(sent_at__isnull=False).count() == 7,
        "the reminders stamped",
        worker["proc"],
        worker["log"],
    )
    messages = _messages(worker["outbox"])
    assert sorted(m["To"] for m in messages) == sorted(
        [
            "thanhvien@example.vn",
            "daumoi@example.vn",
            "sxd@example.vn",
            "thanhvien@example.vn",
            "giamsat@example.vn",
            "thuky@example.vn",
            "lanhdao@example.vn",
        ]
    )
    subjects = {str(make_header(decode_header(m["Subject"]))) for m in messages}
    assert "[CCHC] Quá hạn báo cáo tiến độ tháng 05/2023" in subjects

    # Beat fires again (or twice): nothing is sent twice.
    app.send_task("reviews.run_monthly_reviews", kwargs={"now": moment.isoformat()}, queue=worker["queue"])
    app.send_task("reviews.run_review_cycle", args=[committee.pk, "2023-05", moment.isoformat()], queue=worker["queue"])
    log = worker["log"]
    _wait_for(lambda: log.read_bytes().count(b"succeeded") >= 5, "the reruns to finish", worker["proc"], log)
    assert len(_messages(worker["outbox"])) == 7
