"""The notification outbox: rows written in the same transaction as the change they announce,
drained after commit (a job) and by a periodic job when the broker was unreachable.

A row is claimed by a conditional UPDATE before it is sent, so two drainers never send it twice.
Payloads carry ids, not personal data; the PIN of a receipt is removed once it is sent.
Log records name the row and the error class only, never an address or a name.
"""

import logging
import time
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Outbox, Report

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 10
CLAIM_TIMEOUT = timedelta(minutes=10)
BROKER_BACKOFF_SECONDS = 30
_broker_down_until = 0.0

NOTICES = {
    "new_report": gettext_lazy("Có phản ánh mới cần phân loại"),
    "routed": gettext_lazy("Đơn vị được giao xử lý một phản ánh"),
    "answer_submitted": gettext_lazy("Đơn vị đã gửi dự thảo trả lời, chờ duyệt"),
    "answer_returned": gettext_lazy("Dự thảo trả lời bị trả lại"),
    "extension_requested": gettext_lazy("Đơn vị đề nghị gia hạn trả lời phản ánh"),
    "extension_decided": gettext_lazy("Đã có quyết định về đề nghị gia hạn"),
    "reopened": gettext_lazy("Phản ánh được mở lại theo đề nghị của người gửi"),
    "escalation_unit": gettext_lazy("Phản ánh quá hạn xử lý"),
    "escalation_leadership": gettext_lazy("Phản ánh quá hạn: báo cáo Văn phòng Chủ tịch UBND tỉnh"),
}


def add(*, kind: str, payload: dict, now: datetime) -> Outbox:
    """Queue a notification; call inside the transaction that makes the change."""
    row = Outbox(kind=kind, payload=payload, created_at=now)
    row.full_clean()
    row.save()
    _drain_after_commit()
    return row


def _drain_after_commit() -> None:
    """One enqueue per transaction, however many rows it wrote."""
    pending = getattr(transaction.get_connection(), "run_on_commit", [])
    if not any(entry[1] is enqueue_drain for entry in pending):
        transaction.on_commit(enqueue_drain)


def notify_people(*, report: Report, person_ids, notice: str, now: datetime) -> int:
    count = 0
    for person_id in sorted(set(person_ids)):
        add(
            kind=Outbox.Kind.STAFF_NOTICE,
            payload={"report_id": report.pk, "person_id": person_id, "notice": notice},
            now=now,
        )
        count += 1
    return count


def enqueue_drain() -> None:
    """Ask a worker to drain the outbox. A broker that is down must not fail the request:
    the rows are safe in the database and the periodic drain sends them later. After a failure
    this process stops trying for a while, so an outage does not slow every submission down."""
    global _broker_down_until
    from .jobs import drain_outbox

    if time.monotonic() < _broker_down_until:
        return
    try:
        drain_outbox.apply_async(retry=False)
    except Exception as exc:  # any broker failure: connection refused, timeout, DNS
        _broker_down_until = time.monotonic() + BROKER_BACKOFF_SECONDS
        logger.warning(
            "hotline outbox: enqueue failed, left for the periodic drain", extra={"error": type(exc).__name__}
        )


def drain(*, now: datetime, limit: int = 200) -> int:
    """Send pending rows; return how many were sent."""
    stale = now - CLAIM_TIMEOUT
    claimable = Q(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS) & (
        Q(claimed_at__isnull=True) | Q(claimed_at__lt=stale)
    )
    ids = list(Outbox.objects.filter(claimable).order_by("created_at", "pk").values_list("pk", flat=True)[:limit])
    sent = 0
    for pk in ids:
        if not Outbox.objects.filter(claimable, pk=pk).update(claimed_at=now, attempts=F("attempts") + 1):
            continue  # another drainer claimed it first
        row = Outbox.objects.get(pk=pk)
        try:
            _send(row)
        except Exception as exc:  # a failed send is retried by a later drain
            logger.warning(
                "hotline outbox: send failed", extra={"outbox_id": pk, "kind": row.kind, "error": type(exc).__name__}
            )
            Outbox.objects.filter(pk=pk).update(claimed_at=None, last_error=type(exc).__name__[:200])
            continue
        payload = {k: v for k, v in row.payload.items() if k != "pin"}
        Outbox.objects.filter(pk=pk).update(sent_at=now, payload=payload, last_error="")
        sent += 1
    return sent


def _send(row: Outbox) -> None:
    report = Report.objects.select_related("routed_unit").filter(pk=row.payload.get("report_id")).first()
    if report is None:
        return
    if row.kind == Outbox.Kind.CITIZEN_RECEIPT:
        _send_receipt(report, row.payload.get("pin", ""))
    elif row.kind == Outbox.Kind.CITIZEN_ANSWER:
        _send_answer_notice(report)
    elif row.kind == Outbox.Kind.STAFF_NOTICE:
        _send_staff_notice(report, row.payload.get("person_id"), row.payload.get("notice", ""))


def _send_receipt(report: Report, pin: str) -> None:
    if not report.contact_email or not pin:
        return
    from .codes import display_pin

    body = _(
        "Ban Chỉ đạo cải cách hành chính tỉnh Nghệ An đã tiếp nhận phản ánh của bạn.\n\n"
        "Mã tra cứu: %(code)s\nMã bí mật (PIN): %(pin)s\n\n"
        "Tra cứu tình trạng xử lý tại %(url)s (nhập mã tra cứu và mã bí mật). Vui lòng giữ kín mã bí mật."
    ) % {"code": report.display_code, "pin": display_pin(pin), "url": settings.SITE_URL + reverse("hotline:lookup")}
    send_mail(_("Đã tiếp nhận phản ánh %(code)s") % {"code": report.display_code}, body, None, [report.contact_email])


def _send_answer_notice(report: Report) -> None:
    if not report.contact_email:
        return
    body = _(
        "Phản ánh %(code)s của bạn đã có trả lời. Xem nội dung trả lời và đánh giá tại %(url)s "
        "bằng mã tra cứu và mã bí mật đã được cấp."
    ) % {"code": report.display_code, "url": settings.SITE_URL + reverse("hotline:lookup")}
    send_mail(_("Phản ánh %(code)s đã có trả lời") % {"code": report.display_code}, body, None, [report.contact_email])


def _send_staff_notice(report: Report, person_id, notice: str) -> None:
    from core.models import Notification
    from members.models import Person

    person = Person.objects.filter(pk=person_id).first()
    if person is None:
        return
    default_title = _("Thông báo đường dây nóng")
    title = f"{NOTICES.get(notice, default_title)}: {report.display_code}"
    url = reverse("hotline:detail", kwargs={"pk": report.pk})
    due = report.current_due()
    body = _("Phản ánh %(code)s — %(title)s.") % {"code": report.display_code, "title": report.title}
    if due:
        body += " " + _("Hạn: %(due)s.") % {"due": due.strftime("%d/%m/%Y")}
    # One transaction: a failed e-mail rolls the in-app notice back, so a retry does not double it.
    with transaction.atomic():
        Notification.objects.create(recipient=person, title=title[:300], body=body, url=url)
        if person.email:
            send_mail(title, body + "\n\n" + settings.SITE_URL + url, None, [person.email])
