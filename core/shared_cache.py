"""Results many people read and few change (home panels, plan totals, filter lists), kept in the cache.

Each entry is keyed by the *data versions* of what it reads: "members" (the committee, its members,
units and decisions), "tasks" (plans, tasks, reports, meetings, pilot units) and "hotline" (citizens'
reports and their handling). Every write to those apps' models bumps the version,
at once and again after the transaction commits, so the next read misses and recomputes: nothing has to
be found and deleted, and old entries simply expire. (Bumping twice closes the gap where a reader between
the write and the commit would cache the old data under the new version.)

Writes that bypass model signals (raw SQL, bulk_create, QuerySet.update) call `bump` themselves.
If the cache is unreachable, values are computed directly: slower, never stale; after a failure the cache
is left alone for `OUTAGE` seconds, so a hung Redis costs one timeout, not one per write. Calls go to
Redis only, never to the local memory the cache backend falls back to during an outage (core/cache.py):
a copy in one process's memory would not see another process's bump. Entries also expire after
`TIMEOUT`, which bounds staleness should a bump be lost while the cache is down.
"""

import hashlib
import logging
import time
from collections.abc import Callable
from typing import Any

from django.core.cache import cache as _configured_cache
from django.db import transaction
from django.utils import translation

from .cache import without_fallback

logger = logging.getLogger(__name__)

MEMBERS = "members"
TASKS = "tasks"
HOTLINE = "hotline"
WORK = (MEMBERS, TASKS)  # what the work-plan pages read: tasks, and the names of units and people
TIMEOUT = 300
OUTAGE = 30.0
_down_until = 0.0
# What each topic covers: every model of these apps, except those no shared view reads (written often).
TOPIC_APPS = {"members": MEMBERS, "tasks": TASKS, "hotline": HOTLINE}
NOT_READ = {"tasks.reminder", "tasks.notification", "hotline.contactaccesslog", "hotline.outbox", "tasks.reportnotice"}


def _available() -> bool:
    return time.monotonic() >= _down_until


def _failed(what: str) -> None:
    global _down_until
    _down_until = time.monotonic() + OUTAGE
    logger.warning("shared cache unreachable (%s): left alone for %ss", what, OUTAGE, exc_info=True)


def _cache():
    return without_fallback(_configured_cache)


def _version_key(topic: str) -> str:
    return f"data-version:{topic}"


def versions(*topics: str) -> tuple[int, ...] | None:
    """The current version of each topic, or None when the cache cannot be read."""
    if not _available():
        return None
    connection = transaction.get_connection()
    if connection.in_atomic_block:  # a read: the next write in this transaction bumps these topics again
        _bumped_unread(connection).difference_update(topics)
    keys = [_version_key(t) for t in topics]
    try:
        found = _cache().get_many(keys)
        missing = [k for k in keys if k not in found]
        for key in missing:
            # A fresh start (or an evicted key) takes the clock, which is past any earlier version.
            _cache().add(key, time.time_ns(), timeout=None)
        if missing:
            found = _cache().get_many(keys)
        return tuple(found[k] for k in keys)
    except Exception:
        _failed("versions")
        return None


def _bump_now(topics: tuple[str, ...]) -> None:
    for topic in topics:
        if not _available():
            return
        key = _version_key(topic)
        try:
            try:
                _cache().incr(key)
            except ValueError:  # not there yet: any new number will do, the clock is past the old ones
                _cache().set(key, time.time_ns(), timeout=None)
        except Exception:
            _failed(f"bump {topic}")


class _CommitBump:
    """The bump of one topic after the transaction commits; one object per topic, so that a transaction's many
    writes register it once (`bump` looks for it among the connection's pending callbacks)."""

    def __init__(self, topic: str) -> None:
        self.topics = (topic,)

    def __call__(self) -> None:
        _bump_now(self.topics)


_COMMIT_BUMPS = {topic: _CommitBump(topic) for topic in set(TOPIC_APPS.values())}


def _bumped_unread(connection) -> set[str]:
    """The topics this connection's current transaction bumped and has not read since (see `bump`)."""
    outermost = connection.atomic_blocks[0]
    mark = getattr(connection, "_shared_cache_bumped", None)
    if mark is None or mark[0] is not outermost:  # a new transaction: nothing bumped in it yet
        mark = (outermost, set())
        connection._shared_cache_bumped = mark
    return mark[1]


def bump(*topics: str) -> None:
    """Mark the topics' data as changed: now, and again once the current transaction commits.

    Inside a transaction that writes many rows (a report, its history, its timeline, its outbox rows), each topic
    is bumped now only once while nothing has read it since (`versions` forgets the mark when it reads the
    topic, so a write after a read bumps again), and after the commit only once (the pending callback is looked
    for among the connection's, which a rolled-back savepoint takes back with it)."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:  # autocommit: the write is committed already, one bump will do
        _bump_now(topics)
        return
    unread = _bumped_unread(connection)
    fresh = tuple(t for t in topics if t not in unread)
    if fresh:
        _bump_now(fresh)
        unread.update(fresh)
    pending = {entry[1] for entry in connection.run_on_commit}
    for topic in topics:
        callback = _COMMIT_BUMPS.get(topic) or _CommitBump(topic)
        if callback not in pending:
            transaction.on_commit(callback)


def invalidate_all() -> None:
    """Bump every topic now (after bulk loads that bypass signals, and between tests)."""
    _bump_now(tuple(set(TOPIC_APPS.values())))


def cached(name: str, topics: tuple[str, ...], parts: tuple, compute: Callable[[], Any], timeout: int = TIMEOUT):
    """`compute()`, from the cache when the topics' data has not changed since it was stored.

    `parts` must hold everything else the value depends on (the day, the filters, the viewer's rights);
    the active language is added, so rendered text can be cached too."""
    current = versions(*topics)
    if current is None:
        return compute()
    digest = hashlib.blake2b(repr((parts, translation.get_language())).encode(), digest_size=16).hexdigest()
    key = f"shared:{name}:{'.'.join(map(str, current))}:{digest}"
    try:
        value = _cache().get(key)
    except Exception:
        _failed("get")
        return compute()
    if value is None:
        value = compute()
        try:
            _cache().set(key, value, timeout)
        except Exception:
            _failed("set")
    return value


def _topic_of(model) -> str | None:
    meta = model._meta
    if meta.label_lower in NOT_READ or meta.model_name.startswith("historical"):
        return None
    return TOPIC_APPS.get(meta.app_label)


def _on_write(sender, **kwargs) -> None:
    topic = _topic_of(sender)
    if topic is not None:
        bump(topic)


def _on_m2m(sender, instance, action, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        _on_write(type(instance))


def _on_migrate(sender, **kwargs) -> None:
    invalidate_all()


def connect() -> None:
    from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

    # A deploy runs `migrate`: entries rendered by the previous release's templates are retired with it.
    post_migrate.connect(_on_migrate, dispatch_uid="shared_cache_migrate")
    post_save.connect(_on_write, dispatch_uid="shared_cache_save")
    post_delete.connect(_on_write, dispatch_uid="shared_cache_delete")
    m2m_changed.connect(_on_m2m, dispatch_uid="shared_cache_m2m")
