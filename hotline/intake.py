"""Taking a report in: from the public form or from an operator recording a phone call.

One transaction writes the report, its attachments, the first timeline entry and the outbox rows;
the drain job is enqueued only after commit (see outbox.enqueue_drain).

A form is sent once: each drawn form carries a one-time token (`new_form_token`), kept with the report
it filed (`Report.form_token`, unique). The same form sent again (a reload that re-posts, a double
click, the back button) finds that report and files nothing (`already_sent`, and under the unique
index when two arrive at once); the pages then show the receipt already given.
"""

import re
import secrets
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.calendar import add_working_days
from core.uploads import safe_filename, storage_name

from . import codes, outbox, people, receipts
from .models import Attachment, Event, Outbox, Report
from .personal import canonical_phone

FORM_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


class _AlreadySent(Exception):
    """The form's token was taken by a submission that committed while this one was being written."""


def new_form_token() -> str:
    """A one-time token for a newly drawn intake form (32 URL-safe characters, 192 random bits)."""
    return secrets.token_urlsafe(24)


def already_sent(form_token: str) -> Report | None:
    """The report a form with this token filed, or None (also for an empty or malformed token)."""
    if not form_token or not FORM_TOKEN.match(form_token):
        return None
    return Report.objects.filter(form_token=form_token).first()


def submit_report(
    *, data: dict, channel: str, now: datetime, recorded_by=None, is_demo: bool = False, form_token: str = ""
) -> tuple[Report, str | None]:
    """Create a report from a validated ReportForm's cleaned_data; return it with its PIN (shown once).

    An anonymous report (submitter_type "anonymous") is stored without contact details or consent, even
    when some were sent; a phone number is stored in its canonical form (hotline/personal.py), and one
    that is not a Vietnamese number raises ValidationError (the form refuses it first).

    `form_token` (see the module's docstring; empty: not deduplicated) already used by a report: that
    report is returned with None for the PIN, and nothing is written. The unique index finds it (the
    views look first, with `already_sent`, so a re-post is neither validated nor counted: no second look
    here on every submission)."""
    try:
        return _submit(
            data=data, channel=channel, now=now, recorded_by=recorded_by, is_demo=is_demo, form_token=form_token
        )
    except _AlreadySent:
        return Report.objects.get(form_token=form_token), None


def _submit(
    *, data: dict, channel: str, now: datetime, recorded_by, is_demo: bool, form_token: str
) -> tuple[Report, str]:
    today = timezone.localdate(now)
    anonymous = data["submitter_type"] == Report.SubmitterType.ANONYMOUS
    # An anonymous report keeps no contact details, whatever was sent (a form without the script that
    # hides the fields, or a hand-made request): they are dropped here, not only by the form.
    contact = {
        "contact_name": "" if anonymous else data.get("contact_name", ""),
        "contact_phone": "" if anonymous else canonical_phone(data.get("contact_phone", "")) or "",
        "contact_email": "" if anonymous else data.get("contact_email", ""),
        "contact_address": "" if anonymous else data.get("contact_address", ""),
    }
    if data.get("contact_phone") and not anonymous and not contact["contact_phone"]:
        raise ValidationError({"contact_phone": _("Số điện thoại không hợp lệ: vui lòng nhập số điện thoại Việt Nam.")})
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
            form_token=form_token or None,
            is_demo=is_demo,
            **contact,
        )
        _save_with_fresh_code(report, pin)
        # Kept before the commit: a second copy of the form, waiting on the token's unique index, reads it.
        receipts.keep(form_token=form_token, report_id=report.pk, pin=pin)
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
        # The form gave the category and unit as rows it read (no second look-up of each), and a new report
        # cannot break the table's one check (reopened at most once); the database holds both rules anyway.
        report.full_clean(
            exclude=["category", "unit_concerned", "recorded_by"], validate_unique=False, validate_constraints=False
        )
        try:
            with transaction.atomic():  # a savepoint: a code collision retries instead of failing the request
                report.save(force_insert=True)
            return
        except IntegrityError:
            if report.form_token and Report.objects.filter(form_token=report.form_token).exists():
                raise _AlreadySent from None
            if attempt == tries - 1:
                raise
            report.pk = None
