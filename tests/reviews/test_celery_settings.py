"""Celery settings fit the reliability rules; the beat job fans out only after commit."""

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from unittest import mock

import pytest
from django.db import transaction

from reviews import jobs, reminders
from steering.celery import app
from steering.schedule import BEAT_SCHEDULE
from tests.reviews.review_world import at, build

ROOT = Path(__file__).resolve().parents[2]


def _production_celery_settings() -> dict:
    """steering.settings as production reads it (REDIS_URL set), in a fresh interpreter."""
    code = (
        "import json; from steering import settings as s; "
        "print(json.dumps({k: getattr(s, k) for k in dir(s) if k.startswith('CELERY_')}, default=str))"
    )
    env = {**os.environ, "REDIS_URL": "redis://127.0.0.1:6379/0", "DEBUG": "1", "SECRET_KEY": "x" * 50}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _our_jobs():
    app.loader.import_default_modules()
    return [t for name, t in app.tasks.items() if not name.startswith("celery.")]


def test_late_acknowledgement_only_for_idempotent_jobs():
    conf = _production_celery_settings()
    assert conf["CELERY_TASK_ACKS_LATE"] is False
    late = [t.name for t in _our_jobs() if t.acks_late]
    assert "reviews.run_review_cycle" in late and "reviews.run_monthly_reviews" in late
    # Every job of every app that acknowledges late declares itself idempotent (`idempotent=True`).
    for job in _our_jobs():
        if job.acks_late:
            assert getattr(job, "idempotent", False), f"{job.name} acknowledges late but is not declared idempotent"


def test_a_lost_worker_rejects_the_job_and_every_job_is_time_limited():
    conf = _production_celery_settings()
    assert conf["CELERY_TASK_REJECT_ON_WORKER_LOST"] is True
    assert 0 < conf["CELERY_TASK_SOFT_TIME_LIMIT"] < conf["CELERY_TASK_TIME_LIMIT"]
    for job in (jobs.run_monthly_reviews, jobs.run_review_cycle):
        assert 0 < job.soft_time_limit < job.time_limit


def test_broker_sockets_time_out():
    conf = _production_celery_settings()
    options = conf["CELERY_BROKER_TRANSPORT_OPTIONS"]
    assert conf["CELERY_BROKER_CONNECTION_TIMEOUT"] > 0
    assert options["socket_timeout"] > 0 and options["socket_connect_timeout"] > 0


def test_visibility_timeout_exceeds_the_longest_job_and_any_countdown():
    conf = _production_celery_settings()
    visibility = conf["CELERY_BROKER_TRANSPORT_OPTIONS"]["visibility_timeout"]
    longest = max([conf["CELERY_TASK_TIME_LIMIT"]] + [t.time_limit or 0 for t in _our_jobs()])
    assert visibility > longest
    assert visibility > jobs.RETRY_BACKOFF_MAX
    assert visibility > reminders.LEASE.total_seconds()


def test_a_reminder_claim_outlives_the_job_that_holds_it():
    # A claim is taken over after LEASE: a running job (at most its hard limit) is never robbed.
    assert reminders.LEASE.total_seconds() > jobs.CYCLE_TIME_LIMIT


def test_the_beat_runs_the_monthly_review_in_working_hours():
    entry = BEAT_SCHEDULE["reviews-monthly-review"]
    assert entry["task"] == jobs.run_monthly_reviews.name
    schedule = entry["schedule"]
    assert schedule.hour == set(range(7, 17)) and schedule.day_of_week == {1, 2, 3, 4, 5}
    assert app.conf.timezone == "Asia/Ho_Chi_Minh"


def test_the_readme_says_exactly_one_beat_runs():
    assert "exactly ONE beat" in (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.django_db
def test_the_beat_job_enqueues_cycles_only_after_commit(
    cast, committee, department, other_department, django_capture_on_commit_callbacks
):
    build(cast, committee, department, other_department)
    with mock.patch.object(jobs.run_review_cycle, "delay") as delay:
        with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
            count = jobs.run_monthly_reviews(now=at(date(2023, 5, 22)).isoformat())
            assert delay.call_count == 0
        assert count == 1 and len(callbacks) == 1
        callbacks[0]()
    delay.assert_called_once_with(committee.pk, "2023-05", at(date(2023, 5, 22)).isoformat())


@pytest.mark.django_db
def test_the_beat_job_does_nothing_outside_working_hours(cast, committee, department, other_department):
    build(cast, committee, department, other_department)
    with mock.patch.object(jobs.run_review_cycle, "delay") as delay:
        assert jobs.run_monthly_reviews(now=at(date(2023, 5, 20)).isoformat()) == 0
    assert delay.call_count == 0


@pytest.mark.django_db
def test_early_in_a_month_the_previous_month_is_caught_up_too(cast, committee, department, other_department):
    build(cast, committee, department, other_department)
    assert reminders.months_to_run(date(2023, 6, 2)) == [date(2023, 5, 1), date(2023, 6, 1)]
    assert reminders.months_to_run(date(2023, 6, 22)) == [date(2023, 6, 1)]
