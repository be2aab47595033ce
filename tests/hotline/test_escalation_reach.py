"""An escalation always reaches someone: a unit without an account has its warning go to the
secretariat and the operators too; the Chairman's level goes to the leadership accounts, with or
without a person. Every notice lands in the app; e-mail is one more channel; whoever had no channel
is listed on the report's escalation history."""

from datetime import date, datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core.models import Notification
from core.roles import Role
from hotline import outbox, workflow
from hotline.escalation import escalate_overdue
from hotline.models import Escalation, Outbox
from members.models import Person
from tests import factories as f
from tests.conftest import client_for

from .conftest import MONDAY, TZ, make_report

pytestmark = pytest.mark.django_db
THURSDAY = datetime(2023, 6, 8, 7, 30, tzinfo=TZ)  # the day after the answer deadline (07/06)
TUESDAY = datetime(2023, 6, 13, 7, 30, tzinfo=TZ)  # 3 working days later: the Chairman's level too


def targets(notice: str) -> set[tuple[str, int]]:
    return {
        next((k, v) for k, v in row.payload.items() if k in ("person_id", "user_id"))
        for row in Outbox.objects.filter(kind=Outbox.Kind.STAFF_NOTICE)
        if row.payload["notice"] == notice
    }


def routed_to(categories, operator_user, unit):
    report, _ = make_report(categories)
    report = workflow.route(report=report, user=operator_user, unit=unit, days=2, today=MONDAY.date(), now=MONDAY)
    assert report.answer_due == date(2023, 6, 7)
    return report


def test_a_unit_without_an_account_has_its_warning_sent_to_the_secretariat_and_the_operators(
    categories, other_department, operator_user, secretariat_user, clients
):
    head = Person.objects.create(full_name="Giám đốc Sở Xây dựng", unit=other_department, is_unit_head=True)
    report = routed_to(categories, operator_user, other_department)

    assert escalate_overdue(today=THURSDAY.date(), now=THURSDAY) == 1
    assert targets("escalation_unit") == {
        ("person_id", head.pk),
        ("person_id", secretariat_user.person.pk),
        ("person_id", operator_user.person.pk),
    }
    outbox.drain(now=THURSDAY)
    for user in (secretariat_user, operator_user):
        assert Notification.objects.filter(user=user, title__startswith="Phản ánh quá hạn xử lý").count() == 1
    assert Notification.objects.filter(recipient=head, user=None, title__startswith="Phản ánh quá hạn").exists()
    assert [m for m in mail.outbox if m.to != ["phananh@example.vn"]] == []  # no staff address: the app carries it

    escalation = Escalation.objects.get()
    assert escalation.recipients == 3 and escalation.sent_at is not None
    page = clients["hotline_operator"].get(reverse("hotline:detail", args=[report.pk])).content.decode()
    history = page[page.index('id="esc-title"') : page.index('id="timeline-title"')]
    assert "Giám đốc Sở Xây dựng: Không gửi được: chưa có địa chỉ thư, chưa có tài khoản" in history
    assert "Thư ký Bộ phận Thường trực: Không gửi được: chưa có địa chỉ thư (đã báo trong ứng dụng)" in history


def test_a_unit_whose_focal_point_has_an_account_is_warned_alone(
    categories, department, operator_user, secretariat_user, focal_user
):
    routed_to(categories, operator_user, department)
    escalate_overdue(today=THURSDAY.date(), now=THURSDAY)
    assert targets("escalation_unit") == {("person_id", focal_user.person.pk)}


def test_the_chairmans_level_reaches_leadership_accounts_with_or_without_a_person(
    categories, department, operator_user, focal_user, leader_user, settings
):
    settings.HOTLINE_ESCALATE_AFTER_WORKING_DAYS = 3
    chairman = f.UserFactory(username="chutich", roles=[Role.LEADERSHIP], email="chutich@example.vn")
    assert not hasattr(chairman, "person")
    report = routed_to(categories, operator_user, department)

    assert escalate_overdue(today=TUESDAY.date(), now=TUESDAY) == 2  # the unit and the Chairman
    assert targets("escalation_leadership") == {("person_id", leader_user.person.pk), ("user_id", chairman.pk)}
    outbox.drain(now=TUESDAY)

    note = Notification.objects.get(user=chairman)
    assert note.recipient is None
    assert note.title == f"Phản ánh quá hạn: báo cáo Chủ tịch UBND tỉnh: {report.display_code}"
    assert "Văn phòng" not in note.title
    assert [m.subject for m in mail.outbox if m.to == ["chutich@example.vn"]] == [note.title]
    page = client_for(chairman).get(reverse("core:notifications")).content.decode()
    assert "báo cáo Chủ tịch UBND tỉnh" in page and 'class="badge badge-unread">1<' in page
    opened = client_for(chairman).post(reverse("core:notification_read", args=[note.pk]))
    assert opened["Location"] == reverse("hotline:detail", args=[report.pk])
    assert Escalation.Level.LEADERSHIP.label == "Báo cáo Chủ tịch UBND tỉnh"


def test_the_chairmans_level_without_any_leadership_account_goes_to_the_secretariat_and_operators(
    categories, department, operator_user, focal_user, secretariat_user, settings
):
    settings.HOTLINE_ESCALATE_AFTER_WORKING_DAYS = 3
    routed_to(categories, operator_user, department)
    escalate_overdue(today=TUESDAY.date(), now=TUESDAY)
    assert targets("escalation_leadership") == {
        ("person_id", secretariat_user.person.pk),
        ("person_id", operator_user.person.pk),
    }


def test_a_staff_notice_lands_in_the_app_without_an_email_and_by_email_with_one(
    categories, department, operator_user, focal_user
):
    focal_user.person.email = "daumoi@example.vn"
    focal_user.person.save(update_fields=["email"])
    routed_to(categories, operator_user, department)  # the operator (no e-mail) got "new report"
    outbox.drain(now=timezone.now())
    assert Notification.objects.filter(user=operator_user, title__startswith="Có phản ánh mới").count() == 1
    assert Notification.objects.filter(user=focal_user, title__startswith="Đơn vị được giao").count() == 1
    assert [m.to for m in mail.outbox if m.to != ["phananh@example.vn"]] == [["daumoi@example.vn"]]
