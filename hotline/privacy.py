"""Personal data of submitters (Decree 13/2023): who may see it, the log of every view, and the
anonymisation of contact details after the retention period.

Nothing here writes personal data to a log record.
"""

import copy
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from core import shared_cache
from core.models import Notification
from core.roles import Role, has_role

from .models import Attachment, ContactAccessLog, Event, ExtensionRequest, Report
from .personal import mask_for_report, mask_personal

CONTACT_FIELDS = ("contact_name", "contact_phone", "contact_email", "contact_address")


def can_see_contact(user, report: Report) -> bool:
    """Operators and leadership always; the routed unit's focal point once an operator shared it."""
    if has_role(user, Role.HOTLINE_OPERATOR, Role.LEADERSHIP):
        return True
    if report.contact_shared and report.routed_unit_id and has_role(user, Role.FOCAL_POINT):
        person = getattr(user, "person", None)
        return person is not None and person.unit_id == report.routed_unit_id
    return False


def sees_text_as_written(user, report: Report) -> bool:
    """Whether `user` reads the citizen's own texts of `report` as written: operators and leadership
    always; the routed unit's staff once an operator shared the contact (`contact_shared`), as the
    consent text (forms.consent_purpose) promises. Anyone else reads them masked (`texts_for`)."""
    if has_role(user, Role.HOTLINE_OPERATOR, Role.LEADERSHIP):
        return True
    if report.contact_shared and report.routed_unit_id:
        person = getattr(user, "person", None)
        return person is not None and person.unit_id == report.routed_unit_id
    return False


# The texts of a report a staff page shows that may quote what the submitter wrote about themselves.
SHOWN_TEXTS = ("title", "content", "answer", "classification_reason", "forwarded_to", "rating_comment")


def for_viewer(user, report: Report) -> Report:
    """The report as `user` may read it: `report` itself when they see the texts as written
    (`sees_text_as_written`), else an unsaved copy whose SHOWN_TEXTS are masked with
    personal.mask_for_report (the submitter's name, address, phone, e-mail, identity numbers). The copy is
    for display only (never saved); forms keep reading the real report."""
    if sees_text_as_written(user, report):
        return report
    shown = copy.copy(report)
    for name in SHOWN_TEXTS:
        if name in report.get_deferred_fields():
            continue
        setattr(shown, name, mask_for_report(getattr(report, name) or "", report))
    return shown


def events_for_viewer(user, report: Report, events: list[Event]) -> list[Event]:
    """Timeline entries as `user` may read them: their notes masked like `for_viewer` (unsaved copies)."""
    if sees_text_as_written(user, report):
        return events
    shown = []
    for event in events:
        event = copy.copy(event)
        event.note = mask_for_report(event.note, report)
        event.internal_note = mask_for_report(event.internal_note, report)
        shown.append(event)
    return shown


def log_contact_view(*, user, report: Report, purpose: str, now: datetime) -> ContactAccessLog:
    """One row of the contact-view log: written once per deliberate view of a report's contact block
    (the "Xem thông tin liên hệ" action, views/staff.contact), never by an ordinary page load."""
    entry = ContactAccessLog(user=user, report=report, at=now, purpose=purpose[:100])
    entry.full_clean()
    entry.save()
    return entry


def log_contact_search(*, user, reports: list[Report], now: datetime) -> int:
    """One row of the contact-view log per report that an operator's inbox search found by the submitter's
    phone number, e-mail address or name (selectors.inbox `found_by_contact`): such a search tells who sent
    those reports. The log keeps who, when and which report, never the words searched. One query; returns
    the number of rows."""
    purpose = _("Tìm theo thông tin liên hệ (hộp phản ánh)")[:100]
    entries = [ContactAccessLog(user=user, report=report, at=now, purpose=purpose) for report in reports]
    ContactAccessLog.objects.bulk_create(entries)
    return len(entries)


# The texts of a report that may repeat what the submitter typed about themselves.
REPORT_TEXTS = (
    "title",
    "content",
    "public_title",
    "public_summary",
    "answer",
    "classification_reason",
    "forwarded_to",
    "rating_comment",
)
ANONYMISED_REASON = "Hệ thống: xóa thông tin cá nhân hết thời hạn lưu trữ"
BATCH = 500


def anonymise_expired(*, now: datetime, batch: int = BATCH) -> int:
    """Remove the personal data of reports older than HOTLINE_RETENTION_DAYS (Decree 13/2023); return how
    many reports (at most `batch` a run: the daily job catches up over the next days).

    For each report, in one transaction: the contact fields are blanked and the consent dropped; the same
    values (name, address, phone, e-mail), and any phone number, e-mail address or identity number
    (hotline/personal.py), are masked wherever they sit: the report's texts (REPORT_TEXTS), its history
    rows (django-simple-history), its timeline notes, its extension requests, and the in-app
    notifications that link to it; its attachments' files are deleted and their names replaced; the
    Django admin's log rows of the report and of its timeline entries, attachments and extension requests
    (`django_admin_log`, whose object_repr and change_message copy what was typed) name the report by its
    tracking code and lose their change message. The
    report is saved through `save()`, so the audit history gets a row for the change, authored by no
    one (the system) with ANONYMISED_REASON; a public, non-personal timeline entry is not written (the
    anonymisation is internal), an internal one is."""
    cutoff = now - timedelta(days=settings.HOTLINE_RETENTION_DAYS)
    ids = list(
        Report.objects.filter(created_at__lt=cutoff, anonymised_at__isnull=True)
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)[:batch]
    )
    done = 0
    for pk in ids:
        with transaction.atomic():
            report = Report.objects.select_for_update().filter(pk=pk, anonymised_at__isnull=True).first()
            if report is None:
                continue
            _anonymise(report, now=now)
            done += 1
    if done:
        shared_cache.bump(shared_cache.HOTLINE)
    return done


def _masker(report: Report):
    names = [report.contact_name]
    addresses = [report.contact_address]
    raw = [v for v in (report.contact_phone, report.contact_email) if v]

    def mask(text: str) -> str:
        if not text:
            return text
        for value in raw:  # a stored value written exactly as is (an old phone the patterns do not see)
            text = text.replace(value, _("[thông tin liên hệ]"))
        return mask_personal(text, names=names, addresses=addresses)

    return mask


def _anonymise(report: Report, *, now: datetime) -> None:
    mask = _masker(report)
    for name in REPORT_TEXTS:
        setattr(report, name, mask(getattr(report, name)))
    for name in CONTACT_FIELDS:
        setattr(report, name, "")
    report.consent_at = None
    report.contact_shared = False
    report.anonymised_at = now
    report._history_user = None  # the system, even when run from a request (django-simple-history)
    report._change_reason = ANONYMISED_REASON
    report.save()

    for row in report.history.all().only("pk", *REPORT_TEXTS):
        changed = {name: mask(getattr(row, name)) for name in REPORT_TEXTS}
        if any(changed[name] != getattr(row, name) for name in REPORT_TEXTS):
            Report.history.filter(pk=row.pk).update(**changed)
    for event in Event.objects.filter(report=report).only("pk", "note", "internal_note"):
        note, internal = mask(event.note), mask(event.internal_note)
        if (note, internal) != (event.note, event.internal_note):
            Event.objects.filter(pk=event.pk).update(note=note, internal_note=internal)
    for extension in ExtensionRequest.objects.filter(report=report).only("pk", "reason", "decision_note"):
        reason, decision = mask(extension.reason), mask(extension.decision_note)
        if (reason, decision) != (extension.reason, extension.decision_note):
            ExtensionRequest.objects.filter(pk=extension.pk).update(reason=reason, decision_note=decision)
    url = reverse("hotline:detail", kwargs={"pk": report.pk})
    for notice in Notification.objects.filter(url=url).only("pk", "title", "body"):
        title, body = mask(notice.title), mask(notice.body)
        if (title, body) != (notice.title, notice.body):
            Notification.objects.filter(pk=notice.pk).update(title=title[:300], body=body)
    for number, attachment in enumerate(Attachment.objects.filter(report=report).order_by("pk"), 1):
        if attachment.file:
            attachment.file.delete(save=False)
        Attachment.objects.filter(pk=attachment.pk).update(
            file="", original_name=_("Tệp đính kèm %(n)s (đã xóa khi hết thời hạn lưu trữ)") % {"n": number}
        )
    _scrub_admin_log(report)
    Event.objects.create(report=report, kind=Event.Kind.ANONYMISED, at=now, is_public=False)


def _scrub_admin_log(report: Report) -> None:
    """The admin log rows of the report and of its own records: the tracking code for the object's text,
    no change message (it may quote a changed title or note)."""
    owned = {
        Report: [report.pk],
        Event: Event.objects.filter(report=report).values_list("pk", flat=True),
        Attachment: Attachment.objects.filter(report=report).values_list("pk", flat=True),
        ExtensionRequest: ExtensionRequest.objects.filter(report=report).values_list("pk", flat=True),
    }
    types = ContentType.objects.get_for_models(*owned)
    for model, pks in owned.items():
        ids = [str(pk) for pk in pks]
        if ids:
            LogEntry.objects.filter(content_type=types[model], object_id__in=ids).update(
                object_repr=report.code[:200], change_message=""
            )
