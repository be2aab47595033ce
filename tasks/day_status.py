"""Each task's status as of today, kept on the task (`Task.day_status`, stamped with its day in
`Task.day_status_on`), so lists and aggregates read one column instead of working the rule of
tasks/status.py out for every row of every query.

A status changes in two ways: a write changes what it is derived from (the task, its plan, its reports), or
the day changes (a deadline passes, a month ends). So:
- every write marks the tasks it touches stale in the same transaction (`day_status_on` set to NULL):
  `Task.save`, `Plan.save` (its tasks), `TaskProgress.refresh` (the report's task), and the few bulk paths
  (`mark_stale`); a task made by `bulk_create` starts stale;
- a day change makes every stamp stale at once (stamped for another day);
- a reader asking for today's statuses (`tasks.status.annotate_status` with today's date) first stamps the
  stale tasks of its own scope (`ready`: one EXISTS query, and one UPDATE when some are stale), then reads
  the column. The beat job `tasks.stamp_day_status` stamps every task a few minutes after midnight, so the
  first reader of the day does not wait for a whole province.
Statuses on any other day (a report's cut-off, a past month's board, tests) are always worked out from the
rule, never read from the column. `tests/tasks/test_day_status.py` checks the stamps against the rule after
each kind of write and across day changes.
"""

from __future__ import annotations

from datetime import date

from django.db import DatabaseError, connection, transaction
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

# Stampers of different scopes take this lock (PostgreSQL) instead of waiting on each other's rows.
_LOCK_KEY = 7_316_001


def stale_q(today: date) -> Q:
    """The tasks whose stamp is not for `today` (never stamped, marked stale by a write, or another day's)."""
    return Q(day_status_on__isnull=True) | Q(day_status_on__lt=today) | Q(day_status_on__gt=today)


def mark_stale(tasks: QuerySet) -> int:
    """Mark `tasks` stale after a bulk write to what their status is derived from (QuerySet.update and
    raw SQL send no model signal); returns how many. Call it in the same transaction as the write."""
    from .models import Task

    return Task.objects.filter(pk__in=tasks.order_by().values("pk")).update(day_status_on=None)


def stamp(tasks: QuerySet, *, today: date, skip_locked: bool = False) -> int:
    """Write each task's status as of `today` (tasks.status.status_expression, the one rule) and the day, in
    one UPDATE; returns how many tasks were stamped. `skip_locked`: leave out the tasks another transaction is
    writing right now (PostgreSQL), so a reader never waits on a writer's row locks (nor deadlocks with one)."""
    from .models import Task
    from .status import annotate_status_computed

    rule = annotate_status_computed(Task.objects.filter(pk=OuterRef("pk")), today=today).values("status_code")[:1]
    rows = Task.objects.filter(pk__in=tasks.order_by().values("pk"))
    if skip_locked:
        rows = Task.objects.filter(pk__in=rows.select_for_update(skip_locked=True, of=("self",)).values("pk"))
    return rows.update(day_status=Subquery(rule), day_status_on=today)


def _try_lock() -> bool:
    if connection.vendor != "postgresql":
        return True  # SQLite runs one writer at a time
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [_LOCK_KEY])
        return bool(cursor.fetchone()[0])


def ready(tasks: QuerySet, *, today: date) -> bool:
    """Whether today's statuses of `tasks` can be read from the column: `today` is today (Asia/Ho_Chi_Minh)
    and every task in the scope carries today's stamp. Stale ones are stamped here first (one EXISTS query;
    when some are stale, the UPDATE and one more EXISTS). False when `today` is another day, when another
    process is stamping right now, when a writer holds some of the tasks, or when the stamping fails: the
    caller then works the rule out itself, as before."""
    if today != timezone.localdate():
        return False
    stale = tasks.filter(stale_q(today))
    if not stale.exists():
        return True
    try:
        with transaction.atomic():
            if not _try_lock():
                return False
            stamp(stale, today=today, skip_locked=True)
    except DatabaseError:  # a lock timeout or a serialisation failure: read the rule this time
        return False
    # Tasks a writer held were left out: still stale (the writer marks them), so this reader works it out.
    return not stale.exists()


def stamp_all(*, today: date | None = None) -> int:
    """Stamp every stale task for `today` (default today): the daily job's work; returns how many."""
    from .models import Task

    today = today or timezone.localdate()
    with transaction.atomic():
        if not _try_lock():
            return 0
        return stamp(Task.objects.filter(stale_q(today)), today=today)
