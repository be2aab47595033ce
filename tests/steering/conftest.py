"""Rate-limit counters in a namespace of their own per test: the Redis test cache is shared and
persists between runs, and it is never cleared by these tests."""

import uuid

import pytest


@pytest.fixture(autouse=True)
def _fresh_rate_limits(settings):
    settings.RATELIMIT_CACHE_PREFIX = f"rl:test-{uuid.uuid4().hex}:"
