"""Personal data of submitters (Decree 13/2023): who may see it, the log of every view, and the
anonymisation of contact details after the retention period.

Nothing here writes personal data to a log record.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction

from core import shared_cache
from core.roles import Role, has_role

from .models import ContactAccessLog, Event, Report

CONTACT_FIELDS = ("contact_name", "contact_phone", "contact_email", "contact_address")


def can_see_contact(user, report: Report) -> bool:
    if has_role(user, Role.HOTLINE_OPERATOR, Role.LEADERSHIP):
        return True
    if report.contact_shared and report.routed_unit_id and has_role(user, Role.FOCAL_POINT):
        person = getattr(user, "person", None)
        return person is not None and person.unit_id == report.routed_unit_id
    return False


def log_contact_view(*, user, report: Report, purpose: str, now: datetime) -> ContactAccessLog:
    entry = ContactAccessLog(user=user, report=report, at=now, purpose=purpose[:100])
    entry.full_clean()
    entry.save()
    return entry


def anonymise_expired(*, now: datetime) -> int:
    """Blank the contact details of reports older than HOTLINE_RETENTION_DAYS; return how many."""
    cutoff = now - timedelta(days=settings.HOTLINE_RETENTION_DAYS)
    with transaction.atomic():
        ids = list(
            Report.objects.select_for_update()
            .filter(created_at__lt=cutoff, anonymised_at__isnull=True)
            .values_list("pk", flat=True)[:5000]
        )
        if not ids:
            return 0
        # Contact details are never in `search_text` (core/search.py): this update leaves it right.
        Report.objects.filter(pk__in=ids).update(
            contact_name="",
            contact_phone="",
            contact_email="",
            contact_address="",
            contact_shared=False,
            anonymised_at=now,
        )
        Event.objects.bulk_create(
            [Event(report_id=pk, kind=Event.Kind.ANONYMISED, at=now, is_public=False) for pk in ids]
        )
        shared_cache.bump(shared_cache.HOTLINE)  # QuerySet.update sends no model signals
    return len(ids)
