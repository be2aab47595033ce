"""Invitations to set a password: the link's token, the e-mail, and the drain that sends it exactly once.

No password is ever chosen, sent or shown by the secretariat: a new account has an unusable password and
its holder sets one through the e-mailed link. The link carries a token of Django's password-reset
machinery (`InvitationTokenGenerator`), with its own salt and a longer validity (settings.INVITATION_TIMEOUT,
seconds; 7 days unless set): it works once, since setting the password changes the hash it signs, and
stops working when the account is deactivated.

The e-mail is an `Invitation` row written in the transaction that creates the account (or asks to invite
again); the drain job is enqueued after commit and, when the broker is down, the periodic job
(steering/schedule.py) sends it later: the design of core/delivery.py, like the hotline's outbox.
The row holds no link: the token is made when the e-mail is built, so it is never stored.
"""

import logging
import time
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_encode
from django.utils.translation import gettext as _

from core import delivery

from .models import Invitation

logger = logging.getLogger(__name__)
POLICY = delivery.Policy(
    name="account invitation",
    lease=timedelta(minutes=10),  # above the drain job's hard time limit (CELERY_TASK_TIME_LIMIT)
    first_backoff=timedelta(minutes=1),
    max_attempts=10,
)
BROKER_BACKOFF_SECONDS = 30
_broker_down_until = 0.0


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    """Django's password-reset token with its own salt, the invitation's validity, and the account's active
    flag in the signed value (a deactivated account's link stops working)."""

    key_salt = "members.invitations.InvitationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        return f"{super()._make_hash_value(user, timestamp)}{int(bool(user.is_active))}"

    def check_token(self, user, token) -> bool:
        """True when `token` was made for `user` in its present state less than INVITATION_TIMEOUT ago."""
        if not (user and token):
            return False
        try:
            ts = base36_to_int(str(token).split("-")[0])
        except ValueError:
            return False
        if self._num_seconds(self._now()) - ts > settings.INVITATION_TIMEOUT:
            return False
        return any(
            constant_time_compare(self._make_token_with_timestamp(user, ts, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        )


invitation_tokens = InvitationTokenGenerator()


def invitation_path(user) -> str:
    """The path of the link that lets `user` set a password (a fresh token each call)."""
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("members:invitation", kwargs={"uidb64": uidb64, "token": invitation_tokens.make_token(user)})


def queue(*, user, by, now: datetime) -> Invitation:
    """Write an invitation for `user` (call inside the transaction that makes the change); the drain is
    asked for after commit."""
    row = Invitation.objects.create(
        user=user, by=by if getattr(by, "is_authenticated", False) else None, created_at=now
    )
    pending = getattr(transaction.get_connection(), "run_on_commit", [])
    if not any(entry[1] is enqueue_drain for entry in pending):
        transaction.on_commit(enqueue_drain)
    return row


def enqueue_drain() -> None:
    """Ask a worker to send the invitations. A broker that is down fails nothing: the rows wait in the
    database for the periodic drain; this process stops trying for a while after a failure."""
    global _broker_down_until
    from .jobs import drain_invitations

    if time.monotonic() < _broker_down_until:
        return
    try:
        drain_invitations.apply_async(retry=False)
    except Exception as exc:  # any broker failure: connection refused, timeout, DNS
        _broker_down_until = time.monotonic() + BROKER_BACKOFF_SECONDS
        logger.warning("invitations: enqueue failed, left for the periodic drain", extra={"error": type(exc).__name__})


def drain(*, now: datetime, limit: int = 200, connection=None) -> int:
    """Send the pending invitations (oldest first, at most `limit`); returns how many were sent.
    `connection`: a mail connection to use (tests), or None for the configured backend."""
    due = Invitation.objects.filter(delivery.due_q(now=now, policy=POLICY)).order_by("created_at", "pk")
    ids = list(due.values_list("pk", flat=True)[:limit])
    if not ids:
        return 0
    token = delivery.new_token()
    delivery.claim_due(Invitation.objects.filter(pk__in=ids), now=now, token=token, policy=POLICY)
    rows = list(delivery.held(Invitation.objects.filter(pk__in=ids).select_related("user__person"), token))
    sent, _failed = delivery.deliver(rows, prepare=_parcel, now=now, policy=POLICY, token=token, connection=connection)
    return sent


def recipient_email(user) -> str:
    """Where an account's invitation goes: its person's address, else the account's own ("" when none)."""
    person = getattr(user, "person", None)
    return (person.email if person is not None and person.email else user.email) or ""


def _parcel(row: Invitation) -> delivery.Parcel:
    """The e-mail of one invitation; nothing for an account deactivated since or without an address."""
    user = row.user
    address = recipient_email(user)
    if not user.is_active or not address:
        return delivery.Parcel()
    person = getattr(user, "person", None)
    days = max(settings.INVITATION_TIMEOUT // 86400, 1)
    body = _(
        "Kính gửi đồng chí %(name)s,\n\n"
        "Bộ phận Thường trực Ban Chỉ đạo cải cách hành chính tỉnh Nghệ An đã tạo tài khoản cho đồng chí "
        "trên hệ thống theo dõi cải cách hành chính.\n"
        "Tên đăng nhập: %(username)s\n\n"
        "Đồng chí vui lòng mở đường liên kết dưới đây để tự đặt mật khẩu (liên kết dùng được một lần, "
        "trong %(days)s ngày):\n%(url)s\n\n"
        "Đặt mật khẩu xong, đồng chí đăng nhập tại %(login)s.\n"
        "Nếu đồng chí không đề nghị tài khoản này, vui lòng bỏ qua thư."
    ) % {
        "name": person.full_name if person is not None else (user.get_full_name() or user.get_username()),
        "username": user.get_username(),
        "days": days,
        "url": settings.SITE_URL + invitation_path(user),
        "login": settings.SITE_URL + reverse("login"),
    }
    subject = _("Mời đồng chí đặt mật khẩu tài khoản Ban Chỉ đạo cải cách hành chính tỉnh Nghệ An")
    return delivery.Parcel(email=EmailMessage(subject, body, None, [address]))
