"""A change to the working calendar moves the running deadline of open reports: the classification
deadline from the day the report came in, the answer deadline from the day it was routed (extensions
included); the old value stays in the history and on the timeline."""

from datetime import date, timedelta

import pytest

from core import calendar_changes
from core.calendar import DAY_OFF
from core.models import CalendarEntry
from hotline import workflow
from hotline.models import Event, Report

from .conftest import MONDAY, make_report

pytestmark = pytest.mark.django_db
TUESDAY = MONDAY + timedelta(days=1)  # 06/06/2023


def _change(day: date, actor, **kwargs):
    return calendar_changes.add_entry(
        day=day,
        kind=DAY_OFF,
        name="Nghỉ đột xuất",
        source_document="Thông báo 7/TB-UBND",
        confirmed=kwargs.pop("confirmed", True),
        actor=actor,
        now=TUESDAY,
    )


def _remove(day: date, actor):
    return calendar_changes.remove_entry(entry=CalendarEntry.objects.get(date=day), actor=actor, now=TUESDAY)


def test_a_day_off_moves_the_classification_deadline(categories, secretariat_user):
    report, _pin = make_report(categories)  # Monday 05/06/2023 + 3 working days
    assert report.classify_due == date(2023, 6, 8)

    change = _change(date(2023, 6, 7), secretariat_user)

    report.refresh_from_db()
    assert report.classify_due == date(2023, 6, 9)
    assert [str(m) for m in change.moved] == [
        f"Phản ánh {report.display_code}: hạn phân loại từ 08/06/2023 sang 09/06/2023"
    ]
    event = report.events.get(kind=Event.Kind.DEADLINE_MOVED)
    assert not event.is_public and "08/06/2023" in event.note and "09/06/2023" in event.note
    assert event.actor == secretariat_user
    history = list(report.history.order_by("history_id").values_list("classify_due", flat=True))
    assert history[-2:] == [date(2023, 6, 8), date(2023, 6, 9)]


def test_a_day_off_moves_the_answer_deadline_counted_with_its_extension(
    categories, operator_user, focal_user, department, secretariat_user
):
    report, _pin = make_report(categories)
    report = workflow.route(
        report=report, user=operator_user, unit=department, days=10, today=TUESDAY.date(), now=TUESDAY
    )
    assert report.answer_due == date(2023, 6, 20)
    extension = workflow.request_extension(report=report, user=focal_user, days=2, reason="Cần xác minh", now=TUESDAY)
    workflow.decide_extension(extension=extension, user=operator_user, grant=True, note="", now=TUESDAY)
    report.refresh_from_db()
    assert report.answer_due == date(2023, 6, 22)  # 12 working days after the routing day

    _change(date(2023, 6, 12), secretariat_user)
    report.refresh_from_db()
    assert report.answer_due == date(2023, 6, 23)
    event = report.events.get(kind=Event.Kind.DEADLINE_MOVED)
    assert event.is_public  # the citizen was told the answer deadline
    assert "22/06/2023" in event.note and "23/06/2023" in event.note

    _remove(date(2023, 6, 12), secretariat_user)
    report.refresh_from_db()
    assert report.answer_due == date(2023, 6, 22)
    assert report.events.filter(kind=Event.Kind.DEADLINE_MOVED).count() == 2


def test_a_change_outside_the_count_leaves_deadlines_alone(categories, operator_user, department, secretariat_user):
    routed, _pin = make_report(categories)
    routed = workflow.route(
        report=routed, user=operator_user, unit=department, days=10, today=TUESDAY.date(), now=TUESDAY
    )
    waiting, _pin = make_report(categories)
    # The routing day itself: before the answer count starts, inside the waiting report's classification.
    _change(date(2023, 6, 6), secretariat_user)
    routed.refresh_from_db()
    waiting.refresh_from_db()
    assert routed.answer_due == date(2023, 6, 20)
    assert waiting.classify_due == date(2023, 6, 9)
    # After both deadlines, or only planned: nothing moves.
    assert _change(date(2023, 6, 26), secretariat_user).moved == []
    assert _change(date(2023, 6, 8), secretariat_user, confirmed=False).moved == []


def test_a_closed_report_keeps_its_deadline(categories, operator_user, secretariat_user):
    report, _pin = make_report(categories)
    workflow.classify(
        report=report, user=operator_user, decision="not_accepted", reason="Không thuộc phạm vi", now=TUESDAY
    )
    _change(date(2023, 6, 7), secretariat_user)
    report.refresh_from_db()
    assert report.status == Report.Status.NOT_ACCEPTED and report.classify_due == date(2023, 6, 8)
    assert not report.events.filter(kind=Event.Kind.DEADLINE_MOVED).exists()
