"""Overdue reports are escalated to the unit (focal points and head), then to leadership after
HOTLINE_ESCALATE_AFTER_WORKING_DAYS more working days; a second run warns nobody twice."""

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse

from hotline import workflow
from hotline.escalation import escalate_overdue
from hotline.models import Escalation, Outbox
from members.models import Person

from .conftest import MONDAY, TZ, make_report

pytestmark = pytest.mark.django_db


def _notice_recipients(notice: str) -> set[int]:
    return {
        row.payload["person_id"]
        for row in Outbox.objects.filter(kind=Outbox.Kind.STAFF_NOTICE)
        if row.payload["notice"] == notice
    }


@pytest.fixture
def overdue(categories, department, operator_user, focal_user):
    head = Person.objects.create(full_name="Giám đốc Sở", unit=department, is_unit_head=True)
    report, _ = make_report(categories)
    report = workflow.route(report=report, user=operator_user, unit=department, days=2, today=MONDAY.date(), now=MONDAY)
    assert report.answer_due == date(2023, 6, 7)
    return report, head


def test_escalates_to_unit_then_leadership_once(overdue, focal_user, leader_user, settings):
    settings.HOTLINE_ESCALATE_AFTER_WORKING_DAYS = 3
    report, head = overdue
    on_time = datetime(2023, 6, 7, 8, 0, tzinfo=TZ)
    assert escalate_overdue(today=on_time.date(), now=on_time) == 0

    thursday = datetime(2023, 6, 8, 7, 30, tzinfo=TZ)
    assert escalate_overdue(today=thursday.date(), now=thursday) == 1
    assert escalate_overdue(today=thursday.date(), now=thursday) == 0  # run twice: no second warning
    assert _notice_recipients("escalation_unit") == {focal_user.person.pk, head.pk}
    assert _notice_recipients("escalation_leadership") == set()

    # Leadership after 3 more working days past the first warning: Fri 9, Mon 12, Tue 13.
    monday = datetime(2023, 6, 12, 7, 30, tzinfo=TZ)
    assert escalate_overdue(today=monday.date(), now=monday) == 0
    tuesday = datetime(2023, 6, 13, 7, 30, tzinfo=TZ)
    assert escalate_overdue(today=tuesday.date(), now=tuesday) == 1
    assert escalate_overdue(today=tuesday.date(), now=tuesday) == 0
    assert _notice_recipients("escalation_leadership") == {leader_user.person.pk}
    assert list(report.escalations.order_by("level").values_list("level", flat=True)) == [1, 2]


def test_escalation_history_shows_on_the_report(overdue, clients):
    report, _ = overdue
    thursday = datetime(2023, 6, 8, 7, 30, tzinfo=TZ)
    escalate_overdue(today=thursday.date(), now=thursday)
    html = clients["hotline_operator"].get(reverse("hotline:detail", args=[report.pk])).content.decode()
    assert "Lịch sử cảnh báo quá hạn" in html
    assert "Cảnh báo đầu mối và thủ trưởng đơn vị" in html


def test_unclassified_report_past_its_deadline_warns_the_operators(categories, operator_user):
    report, _ = make_report(categories)
    late = MONDAY + timedelta(days=4)
    assert escalate_overdue(today=late.date(), now=late) == 1
    assert Escalation.objects.get().due_date == report.classify_due
    assert _notice_recipients("escalation_unit") == {operator_user.person.pk}


def test_answered_reports_are_not_escalated(overdue, focal_user, operator_user):
    report, _ = overdue
    workflow.save_answer(report=report, user=focal_user, answer="Trả lời", send=True, now=MONDAY)
    workflow.review_answer(
        report=report,
        user=operator_user,
        approve=True,
        answer="Trả lời",
        publish=False,
        public_summary="",
        note="",
        now=MONDAY,
    )
    later = datetime(2023, 6, 20, 7, 30, tzinfo=TZ)
    assert escalate_overdue(today=later.date(), now=later) == 0


def test_daily_job_runs_the_escalation(overdue, time_machine):
    from hotline.jobs import escalate_overdue as job

    time_machine.move_to(datetime(2023, 6, 8, 7, 30, tzinfo=TZ), tick=False)
    assert job.delay().get() == 1
