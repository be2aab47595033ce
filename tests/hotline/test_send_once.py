"""One send-exactly-once design (core/delivery.py) serves the monthly review's reminders, the
hotline's notices (outbox) and its escalations: for each, a second run racing the first, or a rerun,
sends nothing twice."""

import threading
from datetime import date, datetime, timedelta

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import OperationalError, connection
from django.utils import timezone

from core import delivery
from core.models import Delivery, Notification
from hotline import escalation, outbox, workflow
from hotline.models import Escalation, Event, Outbox
from reviews import reminders
from reviews.models import MonthlyReview, Reminder
from tests.reviews.review_world import MAY, at, build

from .conftest import MONDAY, TZ, make_report

THURSDAY = datetime(2023, 6, 8, 7, 30, tzinfo=TZ)


def test_the_three_kinds_of_message_share_one_design():
    for model, module in ((Reminder, reminders), (Outbox, outbox), (Escalation, escalation)):
        assert issubclass(model, Delivery)
        assert isinstance(module.POLICY, delivery.Policy)


def assert_each_once(messages) -> None:
    keys = [(m.to[0], m.subject, m.body) for m in messages]
    assert len(keys) == len(set(keys)), "a message went twice"


# --- a run that claimed first, and a second run in between -------------------------------------


@pytest.mark.django_db
def test_reminders_held_by_one_run_are_not_sent_by_another(cast, committee, department, other_department):
    world = build(cast, committee, department, other_department)
    now = at(date(2023, 5, 22))
    review = MonthlyReview.objects.create(
        committee=world.committee, month=MAY, reminder_date=date(2023, 5, 22), deadline=date(2023, 5, 25)
    )
    planned, ctx = reminders.plan_reminders(
        committee=world.committee, review=review, kinds=[reminders.Kind.FIRST], today=now.date()
    )
    first = reminders.claim(review=review, planned=planned, now=now, token="first")
    second = reminders.run_cycle(committee=world.committee, month=MAY, now=now + timedelta(minutes=1))
    assert (second.claimed, second.sent) == (0, 0)
    sent, _failed = delivery.deliver(
        first, prepare=lambda r: reminders.build_parcel(r, ctx), now=now, policy=reminders.POLICY, token="first"
    )
    assert sent == 3
    assert reminders.run_cycle(committee=world.committee, month=MAY, now=now + reminders.LEASE * 2).sent == 0
    assert len(mail.outbox) == 3 and Notification.objects.count() == 3
    assert_each_once(mail.outbox)


@pytest.mark.django_db
def test_hotline_notices_held_by_one_drainer_are_not_sent_by_another(categories, operator_user, monkeypatch):
    monkeypatch.setattr(outbox, "enqueue_drain", lambda: None)
    for _ in range(3):
        make_report(categories)
    now = timezone.now()
    delivery.claim_due(Outbox.objects.all(), now=now, token="first", policy=outbox.POLICY)
    first = list(delivery.held(Outbox.objects.all(), "first"))
    assert len(first) == 6  # a receipt and the operators' notice per report
    assert outbox.drain(now=now + timedelta(minutes=1)) == 0
    sent, _failed = delivery.deliver(
        first, prepare=outbox._Prepare(first), now=now, policy=outbox.POLICY, token="first", batch_size=1
    )
    assert sent == 6
    assert outbox.drain(now=now + outbox.CLAIM_TIMEOUT * 2) == 0
    assert len(mail.outbox) == 3 and Notification.objects.filter(user=operator_user).count() == 3
    assert_each_once(mail.outbox)


@pytest.mark.django_db
def test_escalations_held_by_one_run_are_not_sent_by_another(categories, department, operator_user, focal_user):
    report, _ = make_report(categories)
    report = workflow.route(report=report, user=operator_user, unit=department, days=2, today=MONDAY.date(), now=MONDAY)
    row = Escalation(report=report, level=Escalation.Level.UNIT, due_date=report.answer_due, created_at=THURSDAY)
    delivery.claim_new(Escalation, [row], now=THURSDAY, token="first", policy=escalation.POLICY)
    assert escalation.escalate_overdue(today=THURSDAY.date(), now=THURSDAY + timedelta(minutes=1)) == 0
    first = list(delivery.held(Escalation.objects.all(), "first"))
    sent, _failed = delivery.deliver(
        first,
        prepare=lambda r: escalation._parcel(r, now=THURSDAY),
        now=THURSDAY,
        policy=escalation.POLICY,
        token="first",
    )
    assert sent == 1
    later = THURSDAY + escalation.POLICY.lease * 2
    assert escalation.escalate_overdue(today=THURSDAY.date(), now=later) == 0
    assert Event.objects.filter(report=report, kind=Event.Kind.ESCALATED).count() == 1
    assert Outbox.objects.filter(payload__notice="escalation_unit").count() == 1


# --- two runs at the same moment, for real (PostgreSQL's row locks) ----------------------------


def race(run) -> None:
    """Run `run()` in two threads started together; a run stopped by SQLite's table lock is a run
    that sent nothing (its claims wait for their lease)."""
    barrier = threading.Barrier(2)

    def go():
        from django.db import connection as thread_connection

        barrier.wait()
        try:
            run()
        except OperationalError:
            pass
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=go) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="two concurrent writers need PostgreSQL (CI runs it)"
)


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_review_cycles_at_once_send_each_reminder_once(cast, committee, department, other_department):
    world = build(cast, committee, department, other_department)
    now = at(date(2023, 5, 26))
    race(lambda: reminders.run_cycle(committee=world.committee, month=MAY, now=now))
    reminders.run_cycle(committee=world.committee, month=MAY, now=now + reminders.LEASE * 2)
    assert len(mail.outbox) == 7 and Notification.objects.count() == 7
    assert_each_once(mail.outbox)


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_drainers_at_once_send_each_notice_once(categories, operator_user, monkeypatch):
    monkeypatch.setattr(outbox, "enqueue_drain", lambda: None)
    for _ in range(5):
        make_report(categories)
    now = timezone.now()
    race(lambda: outbox.drain(now=now))
    outbox.drain(now=now + outbox.CLAIM_TIMEOUT * 2)
    assert len(mail.outbox) == 5 and Notification.objects.filter(user=operator_user).count() == 5
    assert_each_once(mail.outbox)


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_escalation_runs_at_once_warn_once(categories, department, operator_user, focal_user):
    report, _ = make_report(categories)
    workflow.route(report=report, user=operator_user, unit=department, days=2, today=MONDAY.date(), now=MONDAY)
    race(lambda: escalation.escalate_overdue(today=THURSDAY.date(), now=THURSDAY))
    escalation.escalate_overdue(today=THURSDAY.date(), now=THURSDAY + escalation.POLICY.lease * 2)
    assert Escalation.objects.get().sent_at is not None
    assert Event.objects.filter(report=report, kind=Event.Kind.ESCALATED).count() == 1
    assert Outbox.objects.filter(payload__notice="escalation_unit").count() == 1


class Unreachable(EmailBackend):
    """A mail server that refuses connections."""

    def open(self):
        raise ConnectionRefusedError("mail server down")


@pytest.mark.django_db
def test_with_the_mail_server_down_notices_still_land_in_the_app_and_emails_wait(
    categories, operator_user, monkeypatch
):
    monkeypatch.setattr(outbox, "enqueue_drain", lambda: None)
    for _ in range(2):
        make_report(categories)
    now = timezone.now()
    assert outbox.drain(now=now, connection=Unreachable()) == 2  # the operators' notices, in the app
    assert Notification.objects.filter(user=operator_user).count() == 2
    waiting = Outbox.objects.filter(kind=Outbox.Kind.CITIZEN_RECEIPT)
    assert all(r.sent_at is None and r.last_error == "ConnectionRefusedError" for r in waiting)
    later = now + outbox.POLICY.backoff(1)
    assert outbox.drain(now=later) == 2
    assert len(mail.outbox) == 2 and Notification.objects.filter(user=operator_user).count() == 2
    assert_each_once(mail.outbox)
