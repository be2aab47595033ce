"""Background jobs of the hotline: thin wrappers that read the clock and call plain functions."""

import logging

from celery import shared_task
from django.utils import timezone

logger = logging.getLogger(__name__)
DRAIN_BATCH = 200


@shared_task(name="hotline.drain_outbox", acks_late=True, idempotent=True, ignore_result=True)
def drain_outbox() -> int:
    """Send pending notifications; safe to run concurrently (rows are claimed before sending). One job
    may stand for a burst of reports (outbox.enqueue_drain): it drains batch after batch while full ones come."""
    from .outbox import drain, drain_started

    drain_started()
    sent = total = drain(now=timezone.now(), limit=DRAIN_BATCH)
    while sent == DRAIN_BATCH:
        sent = drain(now=timezone.now(), limit=DRAIN_BATCH)
        total += sent
    return total


@shared_task(name="hotline.escalate_overdue", acks_late=True, idempotent=True, ignore_result=True)
def escalate_overdue() -> int:
    """Daily: warn units, then leadership, about reports past their deadline (idempotent)."""
    from .escalation import escalate_overdue as run

    now = timezone.now()
    created = run(today=timezone.localdate(now), now=now)
    logger.info("hotline escalation done", extra={"escalations": created})
    return created


@shared_task(name="hotline.anonymise_expired", acks_late=True, idempotent=True, ignore_result=True)
def anonymise_expired() -> int:
    """Daily: blank contact details older than HOTLINE_RETENTION_DAYS."""
    from .privacy import anonymise_expired as run

    count = run(now=timezone.now())
    logger.info("hotline anonymisation done", extra={"reports": count})
    return count


@shared_task(name="hotline.rebuild_tallies", acks_late=True, idempotent=True, ignore_result=True)
def rebuild_tallies() -> int:
    """Count every report again into the hotline's tallies (hotline/tally_models.py): a nightly safety net under
    the tallies every report write keeps; returns the tallies' rows."""
    from .tally_models import rebuild_tallies as rebuild

    return rebuild()
