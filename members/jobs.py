"""Background jobs of the members app: thin wrappers that read the clock and call plain functions."""

from celery import shared_task
from django.utils import timezone


@shared_task(name="members.drain_invitations", acks_late=True, idempotent=True, ignore_result=True)
def drain_invitations() -> int:
    """Send pending invitations to set a password; safe to run concurrently (rows are claimed first)."""
    from .invitations import drain

    return drain(now=timezone.now())
