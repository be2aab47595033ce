"""A report is never lost: committed before anything is enqueued; with the broker down, refusing
or hanging, the citizen still gets the code within seconds and the outbox keeps the notices;
draining sends each notice exactly once."""

import logging
import socket
import threading
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import OperationalError, connection
from django.utils import timezone

from core import delivery
from hotline import outbox
from hotline.models import Outbox, Report
from steering.celery import app as celery_app

from .conftest import MONDAY, form_data, make_report

# The broker is only reached in on_commit hooks: these tests commit for real.
pytestmark = pytest.mark.django_db(transaction=True)

# The production broker options (steering/settings.py sets them when REDIS_URL is set).
BROKER_TIMEOUTS = {
    "socket_timeout": 3,
    "socket_connect_timeout": 3,
    "retry_on_timeout": False,
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 1,
}


@pytest.fixture
def broker(monkeypatch):
    """Point the Celery app at a broker of the test's choosing, with eager mode off."""
    keys = ("task_always_eager", "broker_url", "broker_transport_options")
    saved = {key: celery_app.conf.get(key) for key in keys}

    def use(url: str):
        monkeypatch.setattr(outbox, "_broker_down_until", 0.0)
        celery_app.conf.update(task_always_eager=False, broker_url=url, broker_transport_options=BROKER_TIMEOUTS)
        celery_app._pool = None
        celery_app.amqp._producer_pool = None

    yield use
    celery_app.conf.update(saved)
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def broker_down(monkeypatch):
    """Nothing reaches a worker: rows stay in the outbox until a test drains them."""
    monkeypatch.setattr(outbox, "enqueue_drain", lambda: None)


@pytest.fixture
def silent_server():
    """A TCP port that accepts connections and never answers (a hung Redis)."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    accepted = []
    stop = threading.Event()

    def serve():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = server.accept()
                accepted.append(conn)
            except OSError:
                continue

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join()
    for conn in accepted:
        conn.close()
    server.close()


@pytest.mark.parametrize("kind", ["refused", "hung"])
def test_submission_succeeds_quickly_with_the_broker_unreachable(
    client, categories, operator_user, broker, silent_server, kind, caplog, monkeypatch
):
    # What earlier tests in this process did to the outbox's logger (a worker or a logging set-up) is undone.
    monkeypatch.setattr(outbox.logger, "disabled", False)
    monkeypatch.setattr(outbox.logger, "propagate", True)
    caplog.set_level(logging.WARNING, logger=outbox.logger.name)
    broker("redis://127.0.0.1:1/0" if kind == "refused" else f"redis://127.0.0.1:{silent_server}/0")
    started = time.monotonic()
    response = client.post("/hotline/", form_data(categories), follow=True)
    elapsed = time.monotonic() - started
    assert response.status_code == 200
    assert elapsed < 5, f"submission took {elapsed:.1f}s"
    report = Report.objects.get()
    assert response.context["report"].code == report.code
    pending = Outbox.objects.filter(sent_at__isnull=True)
    assert set(pending.values_list("kind", flat=True)) == {Outbox.Kind.CITIZEN_RECEIPT, Outbox.Kind.STAFF_NOTICE}
    assert mail.outbox == []
    assert len([r for r in caplog.records if "enqueue failed" in r.getMessage()]) == 1
    # While the broker is known to be down, later submissions do not wait for it again.
    started = time.monotonic()
    assert client.post("/hotline/", form_data(categories, contact_phone="0987654321"), follow=True).status_code == 200
    assert time.monotonic() - started < 1
    Report.objects.exclude(pk=report.pk).delete()
    Outbox.objects.filter(payload__report_id__gt=report.pk).delete()
    for record in caplog.records:
        assert "phananh@example.vn" not in str(record.__dict__)

    # The broker is back (or the periodic drain runs): everything is sent, once.
    assert outbox.drain(now=timezone.now()) == 2
    assert outbox.drain(now=timezone.now()) == 0
    assert len([m for m in mail.outbox if m.to == ["phananh@example.vn"]]) == 1
    receipt = Outbox.objects.get(kind=Outbox.Kind.CITIZEN_RECEIPT)
    assert receipt.sent_at is not None and "pin" not in receipt.payload


def test_two_drainers_never_send_the_same_row_twice(categories, broker_down):
    for _ in range(5):
        make_report(categories, now=MONDAY)
    expected = Outbox.objects.filter(sent_at__isnull=True).count()
    barrier = threading.Barrier(2)
    results = []

    def run():
        from django.db import connection as thread_connection

        barrier.wait()
        try:
            results.append(outbox.drain(now=timezone.now()))
        except OperationalError:  # SQLite: "table is locked"; its rows stay for the next drain
            results.append(0)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    receipts = [m.body for m in mail.outbox if m.to == ["phananh@example.vn"]]
    assert len(set(receipts)) == len(receipts), "a receipt was sent twice"
    if connection.vendor == "postgresql":  # row locks: both drainers run to the end, every row goes once
        assert sum(results) == expected
        assert len(receipts) == 5
    else:  # SQLite locks the whole table: a drainer may stop early ("table is locked"), never send twice
        assert len(receipts) <= 5


def test_a_claimed_row_is_not_sent_by_another_drainer_until_its_lease_ends(categories, broker_down):
    make_report(categories, now=MONDAY)
    row = Outbox.objects.get(kind=Outbox.Kind.CITIZEN_RECEIPT)
    now = timezone.now()
    # Another drainer holds it (claimed, not sent yet).
    assert delivery.claim_due(Outbox.objects.filter(pk=row.pk), now=now, token="other", policy=outbox.POLICY) == 1
    outbox.drain(now=now + timedelta(minutes=1))
    row.refresh_from_db()
    assert row.sent_at is None
    assert [m for m in mail.outbox if m.to == ["phananh@example.vn"]] == []
    # That drainer died: after the lease the row is taken over and sent, once.
    assert outbox.drain(now=now + outbox.CLAIM_TIMEOUT + timedelta(seconds=1)) == 1
    assert outbox.drain(now=now + outbox.CLAIM_TIMEOUT * 3) == 0
    assert len([m for m in mail.outbox if m.to == ["phananh@example.vn"]]) == 1


class DownOnce(EmailBackend):
    """An SMTP server that is unreachable for the first message, then accepts."""

    down = True

    def send_messages(self, messages):
        if DownOnce.down:
            DownOnce.down = False
            raise ConnectionError("smtp down")
        return super().send_messages(messages)


def test_a_failed_send_is_retried_after_its_backoff(categories, broker_down):
    make_report(categories, now=MONDAY)
    DownOnce.down = True
    now = timezone.now()
    assert outbox.drain(now=now, connection=DownOnce()) == 0
    row = Outbox.objects.get(kind=Outbox.Kind.CITIZEN_RECEIPT)
    assert row.sent_at is None and row.attempts == 1 and row.last_error == "ConnectionError"
    assert row.retry_after == now + outbox.POLICY.backoff(1)
    assert outbox.drain(now=now + timedelta(seconds=10)) == 0  # still waiting
    assert outbox.drain(now=row.retry_after) == 1
    row.refresh_from_db()
    assert row.sent_at is not None and "pin" not in row.payload
    assert len([m for m in mail.outbox if m.to == ["phananh@example.vn"]]) == 1


def test_report_is_committed_before_the_drain_job_is_enqueued(client, categories, monkeypatch):
    seen = []

    def spy():
        seen.append(Report.objects.count())  # runs after commit: the report is already there

    monkeypatch.setattr(outbox, "enqueue_drain", spy)
    assert client.post("/hotline/", form_data(categories), follow=True).status_code == 200
    assert seen and all(n == 1 for n in seen)
