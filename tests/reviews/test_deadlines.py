"""A change to the working calendar moves the open review months' dates, keeps the old ones in the
history and tells the secretariat."""

from datetime import date

import pytest

from core import calendar_changes
from core.calendar import DAY_OFF
from core.models import Notification
from reviews.board import open_review
from reviews.models import MonthlyReview
from tests.reviews.review_world import MAY, at, build

pytestmark = pytest.mark.django_db
APRIL = date(2023, 4, 1)


@pytest.fixture
def world(cast, committee, department, other_department):
    return build(cast, committee, department, other_department)


def _add_day_off(day: date, actor):
    return calendar_changes.add_entry(
        day=day,
        kind=DAY_OFF,
        name="Nghỉ đột xuất",
        source_document="Thông báo 99/TB-UBND ngày 19/05/2023",
        confirmed=True,
        actor=actor,
        now=at(date(2023, 5, 19), 15),
    )


def test_a_day_off_added_after_the_month_opened_moves_its_deadline(world, cast):
    review = open_review(committee=world.committee, month=MAY)
    assert (review.reminder_date, review.deadline) == (date(2023, 5, 22), date(2023, 5, 25))
    secretary = cast["secretariat"]

    change = _add_day_off(date(2023, 5, 25), secretary)

    review.refresh_from_db()
    assert (review.reminder_date, review.deadline) == (date(2023, 5, 22), date(2023, 5, 26))
    # The history keeps the old deadline, who moved it and why.
    old, new = review.history.order_by("history_id")
    assert (old.deadline, new.deadline) == (date(2023, 5, 25), date(2023, 5, 26))
    assert new.history_user == secretary and "25/05/2023" in new.history_change_reason
    # The secretariat is told what moved, in the app.
    assert [(m.label, m.old, m.new) for m in change.moved] == [("hạn báo cáo", date(2023, 5, 25), date(2023, 5, 26))]
    note = Notification.objects.get(recipient=secretary.person)
    assert "hạn báo cáo từ 25/05/2023 sang 26/05/2023" in note.body
    assert "Thông báo 99/TB-UBND" in note.body
    assert note.url.endswith("?year=2023")
    assert Notification.objects.count() == 1  # only the secretariat's accounts


def test_a_closed_month_keeps_its_dates(world, cast):
    closed = open_review(committee=world.committee, month=APRIL)
    MonthlyReview.objects.filter(pk=closed.pk).update(closed_at=at(date(2023, 5, 2)))
    before = (closed.reminder_date, closed.deadline)
    change = _add_day_off(closed.deadline, cast["secretariat"])
    closed.refresh_from_db()
    assert (closed.reminder_date, closed.deadline) == before
    assert change.moved == [] and not Notification.objects.exists()


def test_a_day_off_on_the_reminder_day_moves_the_reminder(world, cast):
    review = open_review(committee=world.committee, month=MAY)
    _add_day_off(date(2023, 5, 22), cast["secretariat"])
    review.refresh_from_db()
    assert (review.reminder_date, review.deadline) == (date(2023, 5, 23), date(2023, 5, 25))
