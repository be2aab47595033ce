"""The notification outbox: rows written in the same transaction as the change they announce,
drained after commit (a job) and by a periodic job when the broker was unreachable.

Sent exactly once by the one design of core/delivery.py: a drainer claims rows by a conditional
UPDATE, so two drainers never send the same row; a claim not sent within CLAIM_TIMEOUT is taken
over; a failed e-mail waits a backoff (1 min, doubling) and after MAX_ATTEMPTS stays with its error.
A staff notice always lands in the app (for the person, or for an account without a person);
e-mail is one more channel. Payloads carry ids, not personal data; the PIN of a receipt is removed
once it is sent. Log records name the row and the error class only, never an address or a name.
"""

import logging
import time
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import delivery
from members.models import Person

from .codes import display_pin
from .models import Outbox, Report
from .personal import mask_for_report

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 10
CLAIM_TIMEOUT = timedelta(minutes=10)  # above the drain job's hard time limit (CELERY_TASK_TIME_LIMIT)
POLICY = delivery.Policy(
    name="hotline outbox",
    lease=CLAIM_TIMEOUT,
    first_backoff=timedelta(minutes=1),
    max_attempts=MAX_ATTEMPTS,
    detailed_errors=False,  # an SMTP error's text names the citizen's address
)
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
    "escalation_leadership": gettext_lazy("Phản ánh quá hạn: báo cáo Chủ tịch UBND tỉnh"),
}

# Notices addressed to the handling unit: the report's title in them is masked (personal.mask_for_report)
# until an operator shared the submitter's contact with the unit (privacy.sees_text_as_written).
UNIT_NOTICES = frozenset({"routed", "answer_returned", "extension_decided", "escalation_unit", "reopened"})


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
    """Queue one staff notice per person; returns how many."""
    return notify(report=report, targets=[("person_id", pk) for pk in person_ids], notice=notice, now=now)


def notify(*, report: Report, targets: Iterable[tuple[str, int]], notice: str, now: datetime) -> int:
    """Queue one staff notice per target: ("person_id", id) or ("user_id", id) for an account
    without a person. Returns how many."""
    count = 0
    for key, pk in sorted(set(targets)):
        add(kind=Outbox.Kind.STAFF_NOTICE, payload={"report_id": report.pk, key: pk, "notice": notice}, now=now)
        count += 1
    return count


def enqueue_drain() -> None:
    """Ask a worker to drain the outbox. A broker that is down must not fail the request:
    the rows are safe in the database and the periodic drain sends them later. After a failure
    this process stops trying for a while, so an outage does not slow every submission down."""
    global _broker_down_until
    from .jobs import drain_outbox

    if time.monotonic() < _broker_down_until or _drain_already_queued():
        return
    try:
        drain_outbox.apply_async(retry=False)
    except Exception as exc:  # any broker failure: connection refused, timeout, DNS
        drain_started()  # none is queued after all
        _broker_down_until = time.monotonic() + BROKER_BACKOFF_SECONDS
        logger.warning(
            "hotline outbox: enqueue failed, left for the periodic drain", extra={"error": type(exc).__name__}
        )


# A drain job enqueued and not started yet reads every row committed before it starts: a burst of reports
# (a thousand citizens in an hour, or a hostile script) enqueues one job, not one per report. The mark lives in
# the shared cache (Redis) and is cleared by the job as it starts; it expires after DRAIN_QUEUED_SECONDS should
# a job be lost, and without the cache every commit enqueues its own job, as before.
DRAIN_QUEUED_KEY = "hotline:outbox-drain-queued"
DRAIN_QUEUED_SECONDS = 60


def _drain_already_queued() -> bool:
    """True when a drain job is queued and not started (it will send this transaction's rows too); else
    marks one as queued and returns False. False when the cache cannot be reached."""
    from django.core.cache import cache

    from core.cache import without_fallback

    try:
        return not without_fallback(cache).add(DRAIN_QUEUED_KEY, 1, timeout=DRAIN_QUEUED_SECONDS)
    except Exception:  # noqa: BLE001 - any cache failure: enqueue, as without the mark
        return False


def drain_started() -> None:
    """Clear the queued mark: rows committed from now on need a job of their own (called first by the job)."""
    from django.core.cache import cache

    from core.cache import without_fallback

    try:
        without_fallback(cache).delete(DRAIN_QUEUED_KEY)
    except Exception:  # noqa: BLE001 - the mark expires by itself
        logger.warning("hotline outbox: queued mark not cleared", exc_info=True)


def drain(*, now: datetime, limit: int = 200, connection=None) -> int:
    """Send pending rows (oldest first, at most `limit`); return how many were sent.
    `connection`: a mail connection to use (tests), or None for the configured backend."""
    due = Outbox.objects.filter(delivery.due_q(now=now, policy=POLICY)).order_by("created_at", "pk")
    ids = list(due.values_list("pk", flat=True)[:limit])
    if not ids:
        return 0
    token = delivery.new_token()
    delivery.claim_due(Outbox.objects.filter(pk__in=ids), now=now, token=token, policy=POLICY)
    rows = list(delivery.held(Outbox.objects.filter(pk__in=ids), token))
    sent, _failed = delivery.deliver(
        rows, prepare=_Prepare(rows), now=now, policy=POLICY, token=token, connection=connection, batch_size=1
    )
    return sent


class _Prepare:
    """Builds each row's parcel, with the reports, people and accounts of all rows loaded at once."""

    def __init__(self, rows: list[Outbox]):
        payloads = [row.payload for row in rows]
        self.reports = Report.objects.select_related("routed_unit").in_bulk(
            {p.get("report_id") for p in payloads} - {None}
        )
        self.people = Person.objects.select_related("user").in_bulk({p.get("person_id") for p in payloads} - {None})
        self.users = (
            get_user_model().objects.select_related("person").in_bulk({p.get("user_id") for p in payloads} - {None})
        )

    def __call__(self, row: Outbox) -> delivery.Parcel:
        report = self.reports.get(row.payload.get("report_id"))
        if report is None:
            return delivery.Parcel()
        if row.kind == Outbox.Kind.CITIZEN_RECEIPT:
            return _receipt(report, row.payload)
        if row.kind == Outbox.Kind.CITIZEN_ANSWER:
            return _answer_notice(report)
        if row.kind == Outbox.Kind.STAFF_NOTICE:
            person = self.people.get(row.payload.get("person_id"))
            user = self.users.get(row.payload.get("user_id"))
            if person is not None:
                return _staff_notice(report, delivery.reach_person(person), row.payload.get("notice", ""))
            if user is not None:
                return _staff_notice(report, delivery.reach_user(user), row.payload.get("notice", ""))
        return delivery.Parcel()


def _receipt(report: Report, payload: dict) -> delivery.Parcel:
    fields = {"payload": {k: v for k, v in payload.items() if k != "pin"}}
    pin = payload.get("pin", "")
    if not report.contact_email or not pin:
        return delivery.Parcel(fields=fields)
    body = _(
        "Ban Chỉ đạo cải cách hành chính tỉnh Nghệ An đã tiếp nhận phản ánh của Ông/Bà.\n\n"
        "Mã tra cứu: %(code)s\nMã bí mật (PIN): %(pin)s\n\n"
        "Tra cứu tình trạng xử lý tại %(url)s (nhập mã tra cứu và mã bí mật). Vui lòng giữ kín mã bí mật."
    ) % {"code": report.display_code, "pin": display_pin(pin), "url": settings.SITE_URL + reverse("hotline:lookup")}
    subject = _("Đã tiếp nhận phản ánh %(code)s") % {"code": report.display_code}
    return delivery.Parcel(email=EmailMessage(subject, body, None, [report.contact_email]), fields=fields)


def _answer_notice(report: Report) -> delivery.Parcel:
    if not report.contact_email:
        return delivery.Parcel()
    body = _(
        "Phản ánh %(code)s của Ông/Bà đã có trả lời. Xem nội dung trả lời và đánh giá tại %(url)s "
        "bằng mã tra cứu và mã bí mật đã được cấp."
    ) % {"code": report.display_code, "url": settings.SITE_URL + reverse("hotline:lookup")}
    subject = _("Phản ánh %(code)s đã có trả lời") % {"code": report.display_code}
    return delivery.Parcel(email=EmailMessage(subject, body, None, [report.contact_email]))


def _staff_notice(report: Report, reach: delivery.Reach, notice: str) -> delivery.Parcel:
    """In the app always; by e-mail too when the person (or account) has an address."""
    default_title = _("Thông báo đường dây nóng")
    title = f"{NOTICES.get(notice, default_title)}: {report.display_code}"
    url = reverse("hotline:detail", kwargs={"pk": report.pk})
    due = report.current_due()
    text = (
        report.title if notice not in UNIT_NOTICES or report.contact_shared else mask_for_report(report.title, report)
    )
    body = _("Phản ánh %(code)s — %(title)s.") % {"code": report.display_code, "title": text}
    if due:
        body += " " + _("Hạn: %(due)s.") % {"due": due.strftime("%d/%m/%Y")}
    email = EmailMessage(title, body + "\n\n" + settings.SITE_URL + url, None, [reach.email]) if reach.email else None
    return reach.parcel(title=title, body=body, url=url, email=email)
