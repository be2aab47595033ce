"""Jobs of the steering package: `ping`, a harmless job that proves a worker consumes the queue.

The production smoke test sends it through the real broker and watches for its mark in the cache;
operators can do the same after a deployment.
"""

from celery import shared_task
from django.core.cache import cache

PING_KEY = "jobs:ping:{token}"


@shared_task(name="core.jobs.ping", ignore_result=True)
def ping(token: str) -> None:
    """Leave a mark in the cache for ten minutes; running it twice changes nothing."""
    cache.set(PING_KEY.format(token=str(token)[:64]), "pong", timeout=600)
