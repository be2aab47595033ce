"""Telling reporters what to do about their reports: when the secretariat returns a progress report,
a notice to the people who report on its task, with the secretariat's comment and a link straight to
the resubmission form on the returned month (`resubmit_path`).

Whom: the person who sent the report (their account when they have no person), the task's responsible
member and the focal points of its lead unit: the people the monthly review reminds (reviews/reminders.py).
Everyone gets the in-app notification; those with an e-mail address also the e-mail.

Sent exactly once by the one design of core/delivery.py, like the hotline's outbox: the rows are written
in the transaction that returns the report (`queue_returned`), drained after commit by a job and every
five minutes by the periodic drain when the broker was unreachable (steering/schedule.py).
"""

import logging
import time
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from core import delivery
from core.roles import Role
from members.models import Person

from .models import ProgressReport, ReportNotice

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 10
LEASE = timedelta(minutes=10)  # above the drain job's hard time limit (CELERY_TASK_TIME_LIMIT)
POLICY = delivery.Policy(
    name="report notice", lease=LEASE, first_backoff=timedelta(minutes=1), max_attempts=MAX_ATTEMPTS
)
BROKER_BACKOFF_SECONDS = 30
_broker_down_until = 0.0


def resubmit_path(report: ProgressReport) -> str:
    """The report form of the report's task, opened on the report's month (`?month=YYYY-MM`)."""
    return reverse("tasks:report_create", kwargs={"pk": report.task_id}) + f"?month={report.period:%Y-%m}"


def recipients(report: ProgressReport) -> tuple[list[int], list[int]]:
    """(person ids, account ids) told about `report`: the reporter's person (else their account), the
    task's responsible member and the active focal points of its lead unit, each once."""
    people: list[int] = []
    accounts: list[int] = []
    reporter = Person.objects.filter(user_id=report.submitted_by_id).values_list("pk", flat=True).first()
    if reporter is not None:
        people.append(reporter)
    else:
        accounts.append(report.submitted_by_id)
    task = report.task
    if task.responsible_id is not None:
        people.append(task.responsible_id)
    focal = Person.objects.filter(
        user__groups__name=Role.FOCAL_POINT, user__is_active=True, unit_id=task.lead_unit_id
    ).values_list("pk", flat=True)
    people.extend(focal.distinct().order_by("pk"))
    return list(dict.fromkeys(people)), accounts


def queue_returned(*, report: ProgressReport, now: datetime) -> list[ReportNotice]:
    """Write the notices of a returned report; call inside the transaction that returns it. A worker
    sends them after commit."""
    people, accounts = recipients(report)
    rows = [ReportNotice(report=report, recipient_id=pk, created_at=now) for pk in people]
    rows += [ReportNotice(report=report, user_id=pk, created_at=now) for pk in accounts]
    ReportNotice.objects.bulk_create(rows)
    if rows:
        _drain_after_commit()
    return rows


def _drain_after_commit() -> None:
    """One enqueue per transaction, however many rows it wrote."""
    pending = getattr(transaction.get_connection(), "run_on_commit", [])
    if not any(entry[1] is enqueue_drain for entry in pending):
        transaction.on_commit(enqueue_drain)


def enqueue_drain() -> None:
    """Ask a worker to send the notices. A broker that is down must not fail the request: the rows are
    safe in the database and the periodic drain sends them later."""
    global _broker_down_until
    from .jobs import drain_report_notices

    if time.monotonic() < _broker_down_until:
        return
    try:
        drain_report_notices.apply_async(retry=False)
    except Exception as exc:  # any broker failure: connection refused, timeout, DNS
        _broker_down_until = time.monotonic() + BROKER_BACKOFF_SECONDS
        logger.warning(
            "report notices: enqueue failed, left for the periodic drain", extra={"error": type(exc).__name__}
        )


def drain(*, now: datetime, limit: int = 200, connection=None) -> int:
    """Send the pending notices (oldest first, at most `limit`); returns how many were sent.
    `connection`: a mail connection to use (tests), or None for the configured backend."""
    due = ReportNotice.objects.filter(delivery.due_q(now=now, policy=POLICY)).order_by("created_at", "pk")
    ids = list(due.values_list("pk", flat=True)[:limit])
    if not ids:
        return 0
    token = delivery.new_token()
    delivery.claim_due(ReportNotice.objects.filter(pk__in=ids), now=now, token=token, policy=POLICY)
    rows = list(
        delivery.held(ReportNotice.objects.filter(pk__in=ids), token).select_related(
            "report__task", "recipient__user", "user__person"
        )
    )
    sent, _failed = delivery.deliver(rows, prepare=_parcel, now=now, policy=POLICY, token=token, connection=connection)
    return sent


def _reach(row: ReportNotice) -> delivery.Reach | None:
    if row.recipient is not None:
        return delivery.reach_person(row.recipient)
    if row.user is not None:
        return delivery.reach_user(row.user)
    return None


def _parcel(row: ReportNotice) -> delivery.Parcel:
    reach = _reach(row)
    if reach is None:
        return delivery.Parcel()
    report, task = row.report, row.report.task
    url = resubmit_path(report)
    with translation.override(settings.LANGUAGE_CODE):
        month = f"{report.period:%m/%Y}"
        title = _("Báo cáo tiến độ kỳ %(month)s bị trả lại: nhiệm vụ %(code)s") % {"month": month, "code": task.code}
        body = _(
            "Bộ phận Thường trực đã trả lại báo cáo kỳ %(month)s của nhiệm vụ %(code)s. %(title)s.\n"
            "Ý kiến của Bộ phận Thường trực: %(comment)s\n"
            "Đề nghị sửa và gửi lại báo cáo kỳ %(month)s."
        ) % {"month": month, "code": task.code, "title": task.title, "comment": report.review_comment}
    email = None
    if reach.email:
        text = body + "\n\n" + _("Gửi lại báo cáo: %(url)s") % {"url": settings.SITE_URL + url}
        email = EmailMessage(title, text, settings.DEFAULT_FROM_EMAIL, [reach.email])
    return reach.parcel(title=title, body=body, url=url, email=email)
