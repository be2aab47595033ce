"""The cache backend for Redis that never takes a request down with it.

Every use of the cache goes through here: rate-limit counters (django-ratelimit: hotline intake and
look-up, password reset) and the shared cache of pages (core/shared_cache.py). Sessions and login
lockouts are kept in the database and need no cache.

`ResilientRedisCache` is Django's `RedisCache` with short socket timeouts and a circuit breaker.
When a call fails because Redis refuses, times out or is otherwise unable to serve (any
`redis.RedisError` or socket error), the breaker trips for `outage_seconds` (default 30): for
that long every call in this process goes straight to a local-memory cache of its own, with no
network wait, so a hung Redis costs one timeout per process and window, not one per call. After
the window one call tries Redis again (the others keep the local memory meanwhile); if it answers,
the breaker closes. Each trip and each recovery is logged (logger `core.cache`, the error's class
only: the location may hold a password).

What the local memory means for each user of the cache:
- rate limits keep counting, per process, during the outage (a stranger cannot flood the hotline
  while Redis is away; with n web processes the limit is at most n times looser);
- the shared cache must never serve one process's stale copy after another process changed the
  data, so it reads through `without_fallback`, which raises `CacheUnavailable` instead, and
  computes directly.

Options (CACHES[...]["OPTIONS"]): `outage_seconds` and `fallback_max_entries` are ours; the rest
go to redis-py's connection pool (`socket_connect_timeout`, `socket_timeout`, default 0.5 s each).
"""

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

DEFAULT_SOCKET_TIMEOUT = 0.5
DEFAULT_OUTAGE_SECONDS = 30.0
DEFAULT_FALLBACK_MAX_ENTRIES = 10_000
UNREACHABLE = (RedisError, OSError)


class CacheUnavailable(Exception):
    """Redis cannot be used now (it failed, or failed within the last `outage_seconds`)."""


class Breaker:
    """Whether calls may go to Redis: closed (yes), open until a moment (no), then one trial call."""

    def __init__(self, outage_seconds: float, clock: Callable[[], float] = time.monotonic):
        self.outage_seconds = outage_seconds
        self.clock = clock
        self._open_until: float | None = None
        self._lock = threading.Lock()

    @property
    def is_open(self) -> bool:
        return self._open_until is not None and self.clock() < self._open_until

    def admit(self) -> bool | None:
        """None: stay away from Redis. False: an ordinary call. True: the trial call after an outage
        (the window is extended at once, so the other callers keep the fallback while it runs)."""
        with self._lock:
            if self._open_until is None:
                return False
            now = self.clock()
            if now < self._open_until:
                return None
            self._open_until = now + self.outage_seconds
            return True

    def trip(self, operation: str, exc: BaseException) -> None:
        with self._lock:
            self._open_until = self.clock() + self.outage_seconds
        logger.warning(
            "cache unreachable: this process uses its own memory for %ss",
            self.outage_seconds,
            extra={"operation": operation, "error": type(exc).__name__},
        )

    def close(self) -> None:
        with self._lock:
            self._open_until = None
        logger.info("cache reachable again")


# One breaker and one fallback memory per Redis location and process, shared by every thread.
_breakers: dict[tuple[str, float], Breaker] = {}
_breakers_lock = threading.Lock()


def _breaker_for(location: str, outage_seconds: float) -> Breaker:
    with _breakers_lock:
        return _breakers.setdefault((location, outage_seconds), Breaker(outage_seconds))


def _guarded(name: str):
    redis_method = getattr(RedisCache, name)

    def method(self, *args, **kwargs):
        return self._call(name, redis_method, args, kwargs, fallback=True)

    method.__name__ = name
    method.__doc__ = f"RedisCache.{name}; while Redis is away, the same call on this process's memory."
    return method


class _ClientPerPool(RedisCacheClient):
    """Django's Redis client that keeps one redis.Redis per connection pool instead of building one for every
    call: building it (its table of reply handlers) cost more than the cache read itself, several times a
    request. redis.Redis is safe to share between threads: each command takes a connection from the pool."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)  # type: ignore[attr-defined]  # private in the stubs
        client = self._clients.get(id(pool))
        if client is None or client.connection_pool is not pool:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)  # type: ignore[attr-defined]
        return client


class ResilientRedisCache(RedisCache):
    """Django's RedisCache that fails fast and falls back to local memory while Redis is away."""

    def __init__(self, server, params: dict):
        options = dict(params.get("OPTIONS") or {})
        outage_seconds = float(options.pop("outage_seconds", DEFAULT_OUTAGE_SECONDS))
        max_entries = int(options.pop("fallback_max_entries", DEFAULT_FALLBACK_MAX_ENTRIES))
        options.setdefault("socket_connect_timeout", DEFAULT_SOCKET_TIMEOUT)
        options.setdefault("socket_timeout", DEFAULT_SOCKET_TIMEOUT)
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = _ClientPerPool
        location = server if isinstance(server, str) else ",".join(server)
        self.breaker = _breaker_for(location, outage_seconds)
        # LocMemCache instances with one name share their storage: every thread sees the same counters.
        self.fallback = LocMemCache(
            f"core.cache.fallback:{location}", {**params, "OPTIONS": {"MAX_ENTRIES": max_entries}}
        )
        self.without_fallback = _WithoutFallback(self)

    def _call(self, name: str, redis_method, args: tuple, kwargs: dict, *, fallback: bool) -> Any:
        trial = self.breaker.admit()
        if trial is None:
            if not fallback:
                raise CacheUnavailable(name)
            return getattr(self.fallback, name)(*args, **kwargs)
        try:
            result = redis_method(self, *args, **kwargs)
        except UNREACHABLE as exc:
            self.breaker.trip(name, exc)
            if not fallback:
                raise CacheUnavailable(name) from exc
            return getattr(self.fallback, name)(*args, **kwargs)
        except Exception:  # Redis answered (e.g. incr of a missing key): it is back
            if trial:
                self.breaker.close()
            raise
        if trial:
            self.breaker.close()
        return result


# Every call that reaches Redis; the others (get_or_set, decr, incr_version, ...) are built on these.
GUARDED = ("add", "get", "set", "touch", "delete", "get_many", "has_key", "incr", "set_many", "delete_many", "clear")
for _name in GUARDED:
    setattr(ResilientRedisCache, _name, _guarded(_name))


class _WithoutFallback:
    """The same calls on Redis only: `CacheUnavailable` while it is away, never local memory."""

    def __init__(self, backend: ResilientRedisCache):
        self._backend = backend

    def __getattr__(self, name: str):
        if name not in GUARDED:
            raise AttributeError(name)
        redis_method = getattr(RedisCache, name)

        def call(*args, **kwargs):
            return self._backend._call(name, redis_method, args, kwargs, fallback=False)

        return call


def without_fallback(cache):
    """The cache to use when a value must be the one every process sees: Redis only, raising
    `CacheUnavailable` while it is away. Other backends (files, local memory) are returned as they are."""
    return getattr(cache, "without_fallback", cache)
