"""Taking a report in: from the public form or from an operator recording a phone call.

One transaction writes the report, its attachments, the first timeline entry and the outbox rows;
the drain job is enqueued only after commit (see outbox.enqueue_drain).
"""

from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.calendar import add_working_days
from core.uploads import safe_filename, storage_name

from . import codes, outbox, people
from .models import Attachment, Event, Outbox, Report


def submit_report(
    *, data: dict, channel: str, now: datetime, recorded_by=None, is_demo: bool = False
) -> tuple[Report, str]:
    """Create a report from a validated ReportForm's cleaned_data; return it with its PIN (shown once)."""
    today = timezone.localdate(now)
    anonymous = data["submitter_type"] == Report.SubmitterType.ANONYMOUS
    contact = {
        "contact_name": data.get("contact_name", ""),
        "contact_phone": data.get("contact_phone", ""),
        "contact_email": data.get("contact_email", ""),
        "contact_address": data.get("contact_address", ""),
    }
    has_contact = any(contact.values())
    pin = codes.new_pin()
    with transaction.atomic():
        report = Report(
            channel=channel,
            submitter_type=data["submitter_type"],
            consent_at=now if has_contact and data.get("consent") else None,
            unit_concerned=data.get("unit_concerned"),
            category=data["category"],
            title=data["title"],
            content=data["content"],
            received_on=today,
            classify_due=add_working_days(today, settings.HOTLINE_CLASSIFY_WORKING_DAYS),
            recorded_by=recorded_by,
            created_at=now,
            is_demo=is_demo,
            **contact,
        )
        _save_with_fresh_code(report, pin)
        for uploaded, content_type in data.get("attachments") or []:
            attachment = Attachment(
                report=report, original_name=safe_filename(uploaded.name), content_type=content_type, size=uploaded.size
            )
            attachment.file.save(storage_name(uploaded.name), uploaded, save=False)
            attachment.full_clean()
            attachment.save()
        Event.objects.create(
            report=report,
            kind=Event.Kind.SUBMITTED,
            at=now,
            actor=recorded_by,
            status_to=report.status,
            is_public=True,
            note=str(report.get_channel_display()) + ((" — " + _("ẩn danh")) if anonymous else ""),
        )
        if report.contact_email:
            outbox.add(kind=Outbox.Kind.CITIZEN_RECEIPT, payload={"report_id": report.pk, "pin": pin}, now=now)
        outbox.notify_people(report=report, person_ids=people.operator_ids(), notice="new_report", now=now)
    return report, pin


def _save_with_fresh_code(report: Report, pin: str, tries: int = 5) -> None:
    for attempt in range(tries):
        report.code = codes.new_code()
        report.pin_hash = codes.hash_pin(report.code, pin)
        report.full_clean(validate_unique=False)
        try:
            with transaction.atomic():  # a savepoint: a code collision retries instead of failing the request
                report.save(force_insert=True)
            return
        except IntegrityError:
            if attempt == tries - 1:
                raise
            report.pk = None
