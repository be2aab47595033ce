"""A burst of reports enqueues one outbox drain job until that job starts (hotline/outbox.py), and the job
sends every row of the burst; without the shared cache every report enqueues its own job, as before."""

import pytest
from django.core import mail
from django.test import override_settings

from hotline import jobs, outbox
from hotline.models import Outbox

from .conftest import form_data

# Redis away, as production configures the cache (core/cache.py): the rate limits fall back to this process's
# memory, and the queued mark cannot be read.
REDIS_AWAY = {
    "default": {
        "BACKEND": "core.cache.ResilientRedisCache",
        "LOCATION": "redis://127.0.0.1:9/0",  # the discard port: nothing answers
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
}

pytestmark = pytest.mark.django_db(transaction=True)  # each report committed: its after-commit work runs


@pytest.fixture
def enqueued(monkeypatch, settings):
    """The drain jobs asked for (not run), the queued mark cleared before and after."""
    settings.HOTLINE_RATE_LIMIT = "100/h"
    asked: list[dict] = []
    monkeypatch.setattr(jobs.drain_outbox, "apply_async", lambda **kwargs: asked.append(kwargs))
    outbox.drain_started()
    yield asked
    outbox.drain_started()


def _send(client, categories, n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        answer = client.post("/hotline/", form_data(categories, title=f"Phản ánh thứ {i}"))
        assert answer.status_code == 302


def test_a_burst_enqueues_one_job_which_sends_the_whole_burst(client, categories, enqueued):
    _send(client, categories, 3)
    assert len(enqueued) == 1
    assert Outbox.objects.filter(sent_at__isnull=True).count() == 3
    assert jobs.drain_outbox() == 3  # the one job: every receipt of the burst
    assert len(mail.outbox) == 3
    _send(client, categories, 1, start=3)  # after the job started, a new report needs a job of its own
    assert len(enqueued) == 2


def test_a_job_drains_batch_after_batch(client, categories, enqueued, monkeypatch):
    monkeypatch.setattr(jobs, "DRAIN_BATCH", 2)
    _send(client, categories, 5)
    assert len(enqueued) == 1
    assert jobs.drain_outbox() == 5
    assert not Outbox.objects.filter(sent_at__isnull=True).exists()


def test_without_the_shared_cache_each_report_enqueues_its_job(client, categories, enqueued):
    with override_settings(CACHES=REDIS_AWAY):
        _send(client, categories, 2)
    assert len(enqueued) == 2
