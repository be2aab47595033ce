"""The reminder ladder day by day, digests, idempotency, crashes, failing mailboxes, batches."""

import smtplib
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import CommandError, call_command
from django.db import connection as db_connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve

from core.models import Notification
from reviews import reminders
from reviews.models import MonthlyReview, Reminder
from reviews.reminders import LEASE, Kind, run_cycle
from tests.reviews.review_world import MAY, at, build, report

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(cast, committee, department, other_department):
    return build(cast, committee, department, other_department)


def sent_to() -> list[tuple[str, str]]:
    return sorted((m.to[0], m.subject) for m in mail.outbox)


def recipients(kind: str | None = None) -> list[str]:
    qs = Reminder.objects.filter(sent_at__isnull=False)
    if kind:
        qs = qs.filter(kind=kind)
    return sorted(qs.values_list("recipient__email", flat=True))


class CountingBackend(EmailBackend):
    """locmem, counting how often a connection is opened."""

    opened = 0

    def open(self):
        CountingBackend.opened += 1
        return True


class FailingMailbox(EmailBackend):
    """An SMTP server that refuses one address."""

    def __init__(self, bad: str, **kwargs):
        super().__init__(**kwargs)
        self.bad = bad

    def send_messages(self, messages):
        for message in messages:
            if self.bad in message.to:
                raise smtplib.SMTPRecipientsRefused({self.bad: (550, b"mailbox unavailable")})
        return super().send_messages(messages)


class CrashAfter(EmailBackend):
    """A worker that dies (an unexpected exception) after `n` messages."""

    def __init__(self, n: int, **kwargs):
        super().__init__(**kwargs)
        self.left = n

    def send_messages(self, messages):
        if self.left == 0:
            raise RuntimeError("worker killed")
        self.left -= len(messages)
        return super().send_messages(messages)


def test_nothing_happens_before_the_reminder_day(world):
    result = run_cycle(committee=world.committee, month=MAY, now=at(date(2023, 5, 19)))
    assert result.skipped == "not_open_yet"
    assert not MonthlyReview.objects.exists() and mail.outbox == []


def test_nothing_is_sent_outside_working_hours(world):
    for moment in (at(date(2023, 5, 22), 6, 30), at(date(2023, 5, 22), 17, 0), at(date(2023, 5, 27), 9, 0)):
        assert run_cycle(committee=world.committee, month=MAY, now=moment).skipped == "outside_working_hours"
    assert mail.outbox == [] and not MonthlyReview.objects.exists()


def test_the_ladder_day_by_day(world, cast):
    committee = world.committee
    # Saturday 20/05: not a working day; the reminder day is Monday 22/05.
    assert run_cycle(committee=committee, month=MAY, now=at(date(2023, 5, 20))).skipped == "outside_working_hours"
    run_cycle(committee=committee, month=MAY, now=at(date(2023, 5, 22)))
    assert recipients(Kind.FIRST) == ["daumoi@example.vn", "sxd@example.vn", "thanhvien@example.vn"]
    assert len(mail.outbox) == 3
    # Sở Xây dựng reports; on Tuesday 23/05 (two working days before the deadline) the second
    # reminder goes only to those still owing.
    report(world.tasks[1], at_moment=at(date(2023, 5, 22), 15), by=cast["secretariat"])
    run_cycle(committee=committee, month=MAY, now=at(date(2023, 5, 23)))
    assert recipients(Kind.SECOND) == ["daumoi@example.vn", "thanhvien@example.vn"]
    # Wednesday and Thursday (deadline day): nothing new.
    run_cycle(committee=committee, month=MAY, now=at(date(2023, 5, 24)))
    run_cycle(committee=committee, month=MAY, now=at(date(2023, 5, 25), 16))
    assert len(mail.outbox) == 5
    # Friday 26/05: overdue notices, the member responsible, the secretariat, leadership.
    run_cycle(committee=committee, month=MAY, now=at(date(2023, 5, 26)))
    assert recipients(Kind.OVERDUE) == ["daumoi@example.vn", "thanhvien@example.vn"]
    assert recipients(Kind.OVERDUE_MEMBER) == ["thanhvien@example.vn"]  # no assignment covers Sở Nội vụ
    assert recipients(Kind.SECRETARIAT_SUMMARY) == ["thuky@example.vn"]
    assert recipients(Kind.LEADERSHIP_SUMMARY) == ["lanhdao@example.vn"]
    assert len(mail.outbox) == 10
    # Monday 29/05: nothing new.
    run_cycle(committee=committee, month=MAY, now=at(date(2023, 5, 29)))
    assert len(mail.outbox) == 10


def test_the_member_whose_assignment_covers_the_unit_gets_the_overdue_notice(world):
    run_cycle(committee=world.committee, month=MAY, now=at(date(2023, 5, 26)))
    notice = next(m for m in mail.outbox if m.to == ["giamsat@example.vn"])
    assert "Đơn vị đồng chí phụ trách" in notice.subject
    assert "[2] Nhiệm vụ 2" in notice.body and "[1]" not in notice.body


def test_one_digest_per_person_lists_all_their_tasks(world):
    run_cycle(committee=world.committee, month=MAY, now=at(date(2023, 5, 22)))
    to_focal = [m for m in mail.outbox if m.to == ["daumoi@example.vn"]]
    assert len(to_focal) == 1
    body = to_focal[0].body
    assert "[1] Nhiệm vụ 1" in body and "[3] Nhiệm vụ 3" in body and "[2]" not in body


def test_people_without_an_email_address_are_not_reminded(world):
    world.focal.email = ""
    world.focal.save(update_fields=["email"])
    run_cycle(committee=world.committee, month=MAY, now=at(date(2023, 5, 22)))
    assert "daumoi@example.vn" not in recipients()


def test_the_email_is_vietnamese_html_and_text_with_working_links(world, settings):
    settings.SITE_URL = "https://cchc.nghean.gov.vn"
    run_cycle(committee=world.committee, month=MAY, now=at(date(2023, 5, 22)))
    message = next(m for m in mail.outbox if m.to == ["thanhvien@example.vn"])
    assert message.subject == "[CCHC] Nhắc báo cáo tiến độ tháng 05/2023 (hạn 25/05/2023)"
    assert "Kính gửi đồng chí Trần Thị Thành Viên" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "Gửi báo cáo tiến độ" in html
    link = f"https://cchc.nghean.gov.vn/tasks/task/{world.tasks[0].pk}/report/"
    assert link in message.body and f'href="{link}"' in html
    match = resolve(link.removeprefix("https://cchc.nghean.gov.vn"))
    assert match.view_name == "tasks:report_create" and match.kwargs == {"pk": world.tasks[0].pk}


def test_every_reminder_also_lands_in_the_app(world):
    run_cycle(committee=world.committee, month=MAY, now=at(date(2023, 5, 22)))
    notes = Notification.objects.filter(recipient=world.focal)
    assert notes.count() == 1
    assert notes.get().title.startswith("[CCHC] Nhắc báo cáo") and "1. Nhiệm vụ 1" in notes.get().body


def test_running_the_cycle_twice_sends_each_reminder_once(world):
    now = at(date(2023, 5, 26))
    first = run_cycle(committee=world.committee, month=MAY, now=now)
    second = run_cycle(committee=world.committee, month=MAY, now=now)
    assert first.sent == 7 and second.sent == 0 and second.claimed == 0
    assert len(mail.outbox) == 7
    assert Notification.objects.count() == 7


def test_a_crash_midway_then_a_rerun_sends_the_rest_exactly_once(world):
    now = at(date(2023, 5, 26))
    with pytest.raises(RuntimeError):
        run_cycle(committee=world.committee, month=MAY, now=now, connection=CrashAfter(3))
    assert len(mail.outbox) == 3
    assert Reminder.objects.filter(sent_at__isnull=False).count() == 3
    result = run_cycle(committee=world.committee, month=MAY, now=now + timedelta(minutes=30))
    assert result.sent == 4
    assert len(mail.outbox) == 7
    assert len({(m.to[0], m.subject) for m in mail.outbox}) == 7
    run_cycle(committee=world.committee, month=MAY, now=now + LEASE * 3)
    assert len(mail.outbox) == 7


def test_a_claim_left_by_a_killed_worker_is_resent_once_after_the_lease(world):
    now = at(date(2023, 5, 22))
    review = MonthlyReview.objects.create(
        committee=world.committee, month=MAY, reminder_date=date(2023, 5, 22), deadline=date(2023, 5, 25)
    )
    planned, _ctx = reminders.plan_reminders(
        committee=world.committee, review=review, kinds=[Kind.FIRST], today=now.date()
    )
    reminders.claim(review=review, planned=planned, now=now, token="dead-worker")  # claimed, never sent
    assert run_cycle(committee=world.committee, month=MAY, now=now + timedelta(minutes=5)).sent == 0
    assert mail.outbox == []
    assert run_cycle(committee=world.committee, month=MAY, now=now + LEASE + timedelta(minutes=1)).sent == 3
    assert run_cycle(committee=world.committee, month=MAY, now=now + LEASE * 3).sent == 0
    assert sent_to() == sorted(set(sent_to()))
    assert len(mail.outbox) == 3


def test_a_failing_mailbox_is_retried_with_backoff_and_does_not_stop_the_others(world, caplog):
    now = at(date(2023, 5, 22), 8)
    result = run_cycle(committee=world.committee, month=MAY, now=now, connection=FailingMailbox("daumoi@example.vn"))
    assert (result.sent, result.failed) == (2, 1)
    failed = Reminder.objects.get(recipient=world.focal)
    assert failed.sent_at is None and failed.attempts == 1 and "SMTPRecipientsRefused" in failed.last_error
    assert any(r.message == "reminder send failed" for r in caplog.records)
    # Before the backoff has passed, a run leaves it alone; after it, the mailbox is retried.
    assert (
        run_cycle(
            committee=world.committee, month=MAY, now=now + timedelta(minutes=5), connection=FailingMailbox("x")
        ).sent
        == 0
    )
    again = run_cycle(
        committee=world.committee,
        month=MAY,
        now=now + reminders.backoff(1),
        connection=FailingMailbox("daumoi@example.vn"),
    )
    assert again.failed == 1
    failed.refresh_from_db()
    assert failed.attempts == 2 and failed.retry_after == now + reminders.backoff(1) + reminders.backoff(2)
    fixed = run_cycle(committee=world.committee, month=MAY, now=failed.retry_after)
    assert fixed.sent == 1
    assert sorted(m.to[0] for m in mail.outbox) == ["daumoi@example.vn", "sxd@example.vn", "thanhvien@example.vn"]


def test_one_connection_is_opened_for_the_whole_batch(world):
    CountingBackend.opened = 0
    run_cycle(committee=world.committee, month=MAY, now=at(date(2023, 5, 26)), connection=CountingBackend())
    assert CountingBackend.opened == 1 and len(mail.outbox) == 7


def test_a_closed_month_sends_nothing(world, cast):
    review = MonthlyReview.objects.create(
        committee=world.committee,
        month=MAY,
        reminder_date=date(2023, 5, 22),
        deadline=date(2023, 5, 25),
        closed_at=at(date(2023, 5, 25)),
    )
    assert run_cycle(committee=world.committee, month=MAY, now=at(date(2023, 5, 26))).skipped == "closed"
    assert mail.outbox == [] and not review.reminders.exists()


def _cycle_queries(committee, now) -> int:
    with CaptureQueriesContext(db_connection) as ctx:
        run_cycle(committee=committee, month=MAY, now=now)
    return len(ctx.captured_queries)


@pytest.mark.parametrize("stage_day", [date(2023, 5, 22), date(2023, 5, 26)])
def test_the_cycle_runs_a_fixed_number_of_queries_whatever_the_size(
    cast, committee, department, other_department, stage_day, settings
):
    settings.REVIEW_MAIL_BATCH_SIZE = 1000
    small = build(cast, committee, department, other_department)
    small_count = _cycle_queries(small.committee, at(stage_day))
    small_mails = len(mail.outbox)
    Reminder.objects.all().delete()
    Notification.objects.all().delete()
    MonthlyReview.objects.all().delete()
    mail.outbox.clear()
    from core.roles import Role
    from members.models import Unit
    from tests import factories as f
    from tests.reviews.review_world import make_task  # 10x: thirty more tasks, people and units

    for i in range(30):
        unit = f.UnitFactory(name=f"Huyện {i}", kind=Unit.Kind.DISTRICT)
        person = f.PersonFactory(full_name=f"Người {i}", unit=unit, email=f"p{i}@example.vn")
        f.PersonFactory(
            full_name=f"Đầu mối {i}",
            unit=unit,
            email=f"d{i}@example.vn",
            user=f.UserFactory(username=f"dm{i}", roles=[Role.FOCAL_POINT]),
        )
        make_task(small.plan, f"X{i}", unit, person)
    big_count = _cycle_queries(small.committee, at(stage_day))
    assert len(mail.outbox) > 10 * small_mails // 2
    assert big_count == small_count


def test_each_batch_adds_a_constant_number_of_queries(world, settings):
    settings.REVIEW_MAIL_BATCH_SIZE = 1000
    one_batch = _cycle_queries(world.committee, at(date(2023, 5, 26)))
    Reminder.objects.all().delete()
    Notification.objects.all().delete()
    MonthlyReview.objects.all().delete()
    settings.REVIEW_MAIL_BATCH_SIZE = 1  # 7 reminders: 7 batches
    seven_batches = _cycle_queries(world.committee, at(date(2023, 5, 26)))
    # per batch: a savepoint pair, the sent_at UPDATE and the notifications INSERT
    assert seven_batches - one_batch == 6 * 4


def test_the_command_runs_the_same_cycle_by_hand(world):
    call_command("run_monthly_review", committee=str(world.committee.pk), month="2023-05", now="2023-05-22T09:00")
    assert len(mail.outbox) == 3
    call_command("run_monthly_review", committee=str(world.committee.pk), month="2023-05", now="2023-05-22T10:00")
    assert len(mail.outbox) == 3


def test_the_command_refuses_an_unknown_committee_or_month(world):
    with pytest.raises(CommandError):
        call_command("run_monthly_review", committee="không-có", month="2023-05")
    with pytest.raises(CommandError):
        call_command("run_monthly_review", committee=str(world.committee.pk), month="2023-13")
