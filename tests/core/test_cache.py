"""The Redis cache backend fails fast and falls back to this process's memory while Redis is away,
tries Redis again once after the outage window, and never lends its memory to the shared cache."""

import json
import logging
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache as configured_cache
from django.test import override_settings
from redis.exceptions import ConnectionError as RedisConnectionError

from core import shared_cache
from core.cache import Breaker, CacheUnavailable, ResilientRedisCache
from tests.outage import SilentServer, refusing_url, resilient_cache

ROOT = Path(__file__).resolve().parents[2]


def _backend(url: str, **options) -> ResilientRedisCache:
    return ResilientRedisCache(url, {"KEY_PREFIX": f"test-{uuid.uuid4().hex}", "OPTIONS": options})


def _trips(caplog) -> int:
    return len([r for r in caplog.records if r.name == "core.cache" and "unreachable" in r.getMessage()])


def test_a_refusing_redis_trips_the_breaker_and_the_values_live_in_local_memory(caplog):
    cache = _backend(refusing_url())
    cache.set("a", "một")
    assert cache.breaker.is_open
    assert cache.get("a") == "một"
    assert cache.add("counter", 1) is True
    assert cache.incr("counter") == 2
    assert cache.get_many(["a", "counter"]) == {"a": "một", "counter": 2}
    with pytest.raises(ValueError):
        cache.incr("missing")  # the same contract as Redis
    assert _trips(caplog) == 1  # logged once per outage, not once per call


def test_a_hung_redis_is_asked_once_per_outage_not_once_per_call():
    with SilentServer() as redis:
        cache = _backend(redis.url, socket_timeout=0.2, socket_connect_timeout=0.2)
        for n in range(20):
            cache.add(f"rl:{n}", 1, 60)
            cache.incr(f"rl:{n}")
        assert redis.accepted == 1
        assert cache.get("rl:19") == 2


def test_only_the_cache_that_must_be_shared_refuses_local_memory():
    cache = _backend(refusing_url())
    with pytest.raises(CacheUnavailable):
        cache.without_fallback.get("x")
    with pytest.raises(CacheUnavailable):  # the breaker is open now: no network call at all
        cache.without_fallback.set("x", 1)
    assert cache.get("x") is None
    with pytest.raises(AttributeError):
        cache.without_fallback.get_or_set  # noqa: B018 (built on calls that would fall back)


def test_the_breaker_stays_open_for_the_outage_then_admits_one_trial_call():
    now = [100.0]
    breaker = Breaker(30, clock=lambda: now[0])
    assert breaker.admit() is False  # closed: an ordinary call
    breaker.trip("get", RedisConnectionError("refused"))
    assert breaker.admit() is None
    now[0] += 29.9
    assert breaker.admit() is None
    now[0] += 0.2
    assert breaker.admit() is True  # the one trial call
    assert breaker.admit() is None  # the others keep local memory while it runs
    breaker.close()
    assert breaker.admit() is False


def _real_redis_url() -> str:
    if not os.environ.get("REDIS_URL"):
        if os.environ.get("CI"):
            pytest.fail("CI must set REDIS_URL")
        pytest.skip("REDIS_URL is not set")
    return settings.CACHES["default"]["LOCATION"]


def test_after_the_outage_redis_is_used_again(caplog):
    cache = _backend(_real_redis_url())
    now = [0.0]
    cache.breaker = Breaker(30, clock=lambda: now[0])
    cache.set("k", "trong Redis")
    cache.breaker.trip("set", RedisConnectionError("refused"))
    assert cache.get("k") is None  # local memory has never seen it
    cache.set("k", "trong bộ nhớ")
    now[0] += 31
    caplog.set_level(logging.INFO, logger="core.cache")
    assert cache.get("k") == "trong Redis"  # the trial call reached Redis
    assert not cache.breaker.is_open
    assert any("reachable again" in r.getMessage() for r in caplog.records)
    cache.delete("k")


@pytest.mark.django_db
def test_the_shared_cache_computes_directly_while_redis_is_away():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    with override_settings(CACHES=resilient_cache(refusing_url())):
        shared_cache._down_until = 0.0
        assert shared_cache.cached("test", shared_cache.WORK, (), compute) == 1
        shared_cache._down_until = 0.0  # even past its own back-off, the local memory is not used
        assert shared_cache.cached("test", shared_cache.WORK, (), compute) == 2
        assert configured_cache.breaker.is_open


def test_production_settings_keep_every_cache_use_short_and_off_the_cache_where_it_must_not_be():
    code = (
        "import json; from steering import settings as s; "
        "print(json.dumps({'caches': s.CACHES, 'broker': s.CELERY_BROKER_TRANSPORT_OPTIONS, "
        "'session': s.SESSION_ENGINE, 'axes': s.AXES_HANDLER, 'fail_open': s.RATELIMIT_FAIL_OPEN}))"
    )
    env = {**os.environ, "REDIS_URL": "redis://127.0.0.1:6379/0", "DEBUG": "1", "SECRET_KEY": "x" * 50}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    conf = json.loads(out.stdout.strip().splitlines()[-1])
    cache = conf["caches"]["default"]
    assert cache["BACKEND"] == "core.cache.ResilientRedisCache"
    assert 0 < cache["OPTIONS"]["socket_timeout"] <= 1 and 0 < cache["OPTIONS"]["socket_connect_timeout"] <= 1
    # One cache timeout and one broker timeout fit in the 5 s a hotline submission may take.
    assert cache["OPTIONS"]["socket_timeout"] + conf["broker"]["socket_timeout"] <= 3
    assert conf["session"] == "django.contrib.sessions.backends.db"
    assert conf["axes"] == "steering.lockout.LockoutHandler"  # axes' database handler, with the per-address limit
    assert conf["fail_open"] is False
