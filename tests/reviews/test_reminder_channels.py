"""Every reminder lands in the app whatever the person's e-mail; e-mail is one more channel; whoever
could not be reached by e-mail (or at all) is listed on the review board, never skipped in silence."""

import smtplib
from datetime import date

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.urls import reverse

from core import delivery
from core.models import Delivery, Notification
from reviews import reminders
from reviews.models import Reminder
from reviews.reminders import Kind, run_cycle
from tests import factories as f
from tests.conftest import client_for
from tests.reviews.review_world import MAY, at, build, make_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(cast, committee, department, other_department):
    return build(cast, committee, department, other_department)


def board(client, world) -> str:
    url = reverse("reviews:review_board", kwargs={"committee": world.committee.pk, "year": 2023, "month": 5})
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def unreached_section(page: str) -> str:
    start = page.index('id="unreached"')
    return page[start : page.index("</ul>", start)]


def test_a_person_without_an_email_address_is_reminded_in_the_app_and_listed_on_the_board(world, cast, clients):
    world.focal.email = ""
    world.focal.save(update_fields=["email"])
    run_cycle(committee=world.committee, month=MAY, now=at(date(2023, 5, 22)))

    reminder = Reminder.objects.get(recipient=world.focal, kind=Kind.FIRST)
    assert reminder.sent_at is not None  # delivered, in the app
    assert not [m for m in mail.outbox if m.to == [""]] and len(mail.outbox) == 2  # the others' e-mails only
    note = Notification.objects.get(recipient=world.focal)
    assert note.user == cast["focal_point"] and note.title.startswith("[CCHC] Nhắc báo cáo")
    inbox = clients["focal_point"].get(reverse("core:notifications")).content.decode()
    assert "[CCHC] Nhắc báo cáo" in inbox and 'class="badge badge-unread">1<' in inbox

    listed = unreached_section(board(clients["secretariat"], world))
    assert "Lê Văn Đầu Mối" in listed
    assert "Không gửi được: chưa có địa chỉ thư (đã báo trong ứng dụng)" in listed
    assert "Trần Thị Thành Viên" not in listed  # reached by e-mail


def test_a_person_with_neither_email_nor_account_is_listed_as_not_reached(world, clients):
    nobody = f.PersonFactory(full_name="Đinh Văn Chưa Có", unit=world.sxd, email="")
    make_task(world.plan, "4", world.sxd, nobody)
    run_cycle(committee=world.committee, month=MAY, now=at(date(2023, 5, 22)))

    reminder = Reminder.objects.get(recipient=nobody)
    assert reminder.sent_at is not None and reminder.unreachable
    note = Notification.objects.get(recipient=nobody)
    assert note.user is None  # shown once an account is linked to the person
    listed = unreached_section(board(clients["secretariat"], world))
    assert "Đinh Văn Chưa Có" in listed and "Không gửi được: chưa có địa chỉ thư, chưa có tài khoản" in listed


def test_a_person_given_an_account_later_sees_the_notifications_written_before(world, clients):
    nobody = f.PersonFactory(full_name="Đinh Văn Chưa Có", unit=world.sxd, email="")
    make_task(world.plan, "4", world.sxd, nobody)
    run_cycle(committee=world.committee, month=MAY, now=at(date(2023, 5, 22)))
    nobody.user = f.UserFactory(username="chuaco")
    nobody.save(update_fields=["user"])
    page = client_for(nobody.user).get(reverse("core:notifications")).content.decode()
    assert "[CCHC] Nhắc báo cáo" in page


class RefusingMailbox(EmailBackend):
    def send_messages(self, messages):
        for message in messages:
            if "daumoi@example.vn" in message.to:
                raise smtplib.SMTPRecipientsRefused({"daumoi@example.vn": (550, b"mailbox unavailable")})
        return super().send_messages(messages)


def test_a_failing_mailbox_still_gets_the_in_app_notice_once(world):
    now = at(date(2023, 5, 22), 8)
    assert run_cycle(committee=world.committee, month=MAY, now=now, connection=RefusingMailbox()).failed == 1
    assert Notification.objects.filter(recipient=world.focal).count() == 1  # in the app at once
    failed = Reminder.objects.get(recipient=world.focal)
    assert run_cycle(committee=world.committee, month=MAY, now=failed.retry_after, connection=RefusingMailbox()).failed
    failed.refresh_from_db()
    assert run_cycle(committee=world.committee, month=MAY, now=failed.retry_after).sent == 1
    assert Notification.objects.filter(recipient=world.focal).count() == 1  # and never twice
    assert [m.to for m in mail.outbox].count(["daumoi@example.vn"]) == 1


def test_the_reminder_uses_the_one_send_exactly_once_design():
    assert issubclass(Reminder, Delivery)
    assert isinstance(reminders.POLICY, delivery.Policy) and reminders.POLICY.lease == reminders.LEASE
