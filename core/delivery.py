"""Send exactly once: the one design behind every message the product sends (the monthly review's
reminders, the hotline's notices and its escalations).

A message is a row of a model that inherits `core.models.Delivery`.

1. Claim. A new message is claimed by INSERTing its row with this run's token (`claim_new`): the
   model's unique constraint turns a second insert of the same message into nothing, so of two
   runs one holds it. A row that exists but was never sent is claimed by a conditional UPDATE
   (`claim_due`) once its `retry_after` has passed: of two runs racing for it, one matches the WHERE.
   Every claim counts an attempt; after `Policy.max_attempts` the row stays unsent with its error.
2. Lease. A claim lasts `Policy.lease`, longer than the hard time limit of the job that sends, so
   a running job's claim is never taken over and a killed worker's claim is, after the lease.
3. Send. `deliver` sends the rows a run holds, in batches, over one mail connection. For each row
   the caller's `prepare` gives a `Parcel`: in-app notifications, an e-mail (one more channel,
   when there is an address) and database writes that must commit with the stamp. After each
   batch one transaction stamps `sent_at` and writes the notifications and the writes.
4. Backoff. A failed e-mail (an SMTP or connection error) keeps the claim and waits
   `Policy.backoff(attempts)` (doubling); its in-app notifications are written anyway, once (with
   the first failure, whose `last_error` marks them written). The other rows go on; when the mail
   server cannot be reached at all, this run's other e-mails fail at once the same way (one
   timeout per run, not one per message) and the rows without e-mail are still sent.
5. Release. If the run dies with any other exception (a bug, a soft time limit), the batch's sent
   rows are still stamped and the untried ones are given back at once (`release`).
Only a hard kill between the mail server's acceptance and the stamp can repeat a message (at most
one batch): SMTP gives no way to make delivery and the database commit one step.
"""

import logging
import smtplib
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.mail import EmailMessage, get_connection
from django.db import models, transaction
from django.db.models import F, Q

from .models import Delivery, Notification
from .models import channel_note as channel_note  # the pages' words for a missing channel

logger = logging.getLogger(__name__)

SEND_ERRORS: tuple[type[BaseException], ...] = (smtplib.SMTPException, OSError)
CLAIM_BATCH = 500


@dataclass(frozen=True)
class Policy:
    """How one kind of message is claimed and retried.

    `lease`: how long a claim holds (must exceed the sending job's hard time limit); `first_backoff`:
    the wait after the first failure, doubled after each next one; `max_attempts`: claims before a
    row is left alone; `name`: the log's word for the message; `detailed_errors`: keep the error's
    text (staff addresses) or only its class (a citizen's address must not reach logs).
    """

    name: str
    lease: timedelta
    first_backoff: timedelta
    max_attempts: int
    detailed_errors: bool = True

    def backoff(self, attempts: int) -> timedelta:
        """The wait after the `attempts`-th failed try: first_backoff, then ×2 each time."""
        return self.first_backoff * (2 ** max(attempts - 1, 0))


@dataclass
class Parcel:
    """What one row delivers. `notifications`: in-app, written with the stamp (once); `email`: sent
    first, when there is an address; `fields`: columns stamped on the row with `sent_at`;
    `effects`: database writes committed in the stamping transaction."""

    notifications: list[Notification] = field(default_factory=list)
    email: EmailMessage | None = None
    fields: dict = field(default_factory=dict)
    effects: Callable[[], None] | None = None


def new_token() -> str:
    return uuid.uuid4().hex


def due_q(*, now: datetime, policy: Policy) -> Q:
    """Rows nobody holds: unsent, attempts left, and no lease or backoff running at `now`."""
    return Q(sent_at__isnull=True, attempts__lt=policy.max_attempts) & (
        Q(retry_after__isnull=True) | Q(retry_after__lte=now)
    )


def claim_new(model: type[Delivery], rows: Sequence[Delivery], *, now: datetime, token: str, policy: Policy) -> None:
    """Insert new message rows claimed by `token`; rows whose unique key exists already are skipped
    (someone else's, sent or not)."""
    for row in rows:
        row.claim_token, row.claimed_at, row.retry_after, row.attempts = token, now, now + policy.lease, 1
    model._default_manager.bulk_create(rows, batch_size=CLAIM_BATCH, ignore_conflicts=True)


def claim_due(queryset: models.QuerySet, *, now: datetime, token: str, policy: Policy) -> int:
    """Take over the unsent rows of `queryset` that nobody holds (conditional UPDATE); returns how many."""
    return (
        queryset.filter(due_q(now=now, policy=policy))
        .exclude(claim_token=token)
        .update(claim_token=token, claimed_at=now, retry_after=now + policy.lease, attempts=F("attempts") + 1)
    )


def held(queryset: models.QuerySet, token: str) -> models.QuerySet:
    """The unsent rows `token` holds, in order."""
    return queryset.filter(claim_token=token, sent_at__isnull=True).order_by("pk")


def release(model: type[Delivery], ids: Iterable[int], *, token: str, now: datetime) -> int:
    """Give back held rows that were never tried: due at once, and the claim's attempt not counted."""
    return model._default_manager.filter(
        pk__in=list(ids), claim_token=token, sent_at__isnull=True, attempts__gt=0
    ).update(retry_after=now, attempts=F("attempts") - 1)


def _record(model, sent: list, failed: list, *, now: datetime, policy: Policy) -> None:
    """One transaction per batch: stamp the sent rows, write their notifications and effects, and
    give the failed ones their error and backoff. A row's in-app notifications are written when it
    is first tried to the end: no earlier failure recorded (`last_error` empty)."""
    notes = [n for row, parcel, *_e in sent + failed if not row.last_error for n in parcel.notifications]
    with transaction.atomic():
        if sent:
            model.objects.filter(pk__in=[row.pk for row, _p in sent]).update(sent_at=now, last_error="")
            for row, parcel in sent:
                if parcel.fields:
                    model.objects.filter(pk=row.pk).update(**parcel.fields)
                if parcel.effects is not None:
                    parcel.effects()
        if notes:
            Notification.objects.bulk_create(notes)
        for row, _parcel, error in failed:
            row.last_error = error[:500]
            row.retry_after = now + policy.backoff(row.attempts)
        if failed:
            model.objects.bulk_update([r for r, _p, _e in failed], ["last_error", "retry_after"])


def deliver(
    rows: Sequence[Delivery],
    *,
    prepare: Callable[[Delivery], Parcel],
    now: datetime,
    policy: Policy,
    token: str,
    connection=None,
    batch_size: int = 100,
) -> tuple[int, int]:
    """Send the rows `token` holds (see the module's steps 3-5). Returns (sent, failed).

    `prepare(row)` builds the row's Parcel; it may raise only for a bug (then the run stops, the
    sent are stamped and the untried released). `connection`: a mail connection to reuse (opened
    here once, when the first e-mail goes), or None for the configured backend."""
    if not rows:
        return 0, 0
    model = type(rows[0])
    own_connection = connection is None
    connection = connection or get_connection()
    opened = False
    mail_down: BaseException | None = None
    tried: set[int] = set()
    total_sent = total_failed = 0
    try:
        for start in range(0, len(rows), batch_size):
            sent: list[tuple[Delivery, Parcel]] = []
            failed: list[tuple[Delivery, Parcel, str]] = []
            try:
                for row in rows[start : start + batch_size]:
                    parcel = prepare(row)
                    tried.add(row.pk)
                    if parcel.email is not None:
                        try:
                            if mail_down is not None:
                                raise mail_down
                            if not opened:
                                connection.open()
                                opened = True
                            connection.send_messages([parcel.email])
                        except SEND_ERRORS as exc:
                            error = f"{type(exc).__name__}: {exc}" if policy.detailed_errors else type(exc).__name__
                            logger.warning(
                                f"{policy.name} send failed",
                                extra={"row_id": row.pk, "attempt": row.attempts, "error": error},
                            )
                            failed.append((row, parcel, error))
                            if not opened:  # the mail server is unreachable: this run's other e-mails wait too
                                mail_down = exc
                            elif isinstance(exc, smtplib.SMTPServerDisconnected):
                                connection.close()
                                opened = False
                            continue
                    sent.append((row, parcel))
            finally:
                _record(model, sent, failed, now=now, policy=policy)
                total_sent += len(sent)
                total_failed += len(failed)
    except BaseException:
        # Dying (a bug, a soft time limit): give the untried rows back so the next run sends them.
        release(model, [r.pk for r in rows if r.pk not in tried], token=token, now=now)
        raise
    finally:
        if own_connection and opened:
            connection.close()
    return total_sent, total_failed


# --- channels: where a recipient can be told ------------------------------------------------------


@dataclass(frozen=True)
class Reach:
    """One recipient and their channels: an e-mail address and/or an active account (in-app)."""

    name: str
    email: str
    person_id: int | None
    user_id: int | None

    @property
    def no_email(self) -> bool:
        return not self.email

    @property
    def no_account(self) -> bool:
        return self.user_id is None

    def notification(self, *, title: str, body: str = "", url: str = "") -> Notification:
        """The in-app notice for this recipient (unsaved), written whether or not there is an e-mail."""
        return Notification(
            recipient_id=self.person_id, user_id=self.user_id, title=title[:300], body=body, url=url[:500]
        )

    def parcel(self, *, title: str, body: str, url: str, email: EmailMessage | None = None) -> Parcel:
        """In-app notice always (when there is a person or an account to hold it); `email` only when
        there is an address (built by the caller)."""
        has_target = self.person_id is not None or self.user_id is not None
        return Parcel(
            notifications=[self.notification(title=title, body=body, url=url)] if has_target else [],
            email=email if self.email else None,
        )


def reach_person(person) -> Reach:
    """A members.Person (with `user` selected): the person's own address; their account if active."""
    user = person.user if person.user_id else None
    user_id = user.pk if user is not None and user.is_active else None
    return Reach(name=person.full_name, email=person.email, person_id=person.pk, user_id=user_id)


def reach_user(user) -> Reach:
    """An account: through its person when it has one (their address), else the account's own address."""
    person = getattr(user, "person", None)
    if person is not None:
        return reach_person(person)
    return Reach(
        name=user.get_full_name() or user.get_username(),
        email=user.email,
        person_id=None,
        user_id=user.pk if user.is_active else None,
    )
