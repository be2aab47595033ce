"""The base layer's pages run a pinned number of queries, the same at 1× and 10× rows; a count that moves
prints its SQL (tests/querycount.py)."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core import notifications
from core.models import CalendarEntry, Notification
from tests.querycount import assert_page_queries

pytestmark = pytest.mark.django_db


def _notify(person, n: int) -> None:
    Notification.objects.bulk_create(
        [
            Notification(recipient=person, title=f"Nhắc báo cáo {i}", body="1. Nhiệm vụ 1", url="/tasks/my/")
            for i in range(n)
        ]
    )


@pytest.mark.parametrize("who", ["member", "focal_point"])
def test_the_notification_list_runs_pinned_queries_at_1x_and_10x(cast, clients, who):
    person = cast[who].person
    small = notifications.LIST_LIMIT // 10 or 1
    _notify(person, small)
    assert_page_queries(clients[who], reverse("core:notifications"), 8, label=f"notifications, {small}")
    _notify(person, 10 * small)
    assert_page_queries(clients[who], reverse("core:notifications"), 8, label=f"notifications, {11 * small}")


def _days_off(n: int) -> None:
    first = date(timezone.localdate().year, 1, 1) + timedelta(days=CalendarEntry.objects.count() * 3 + 40)
    CalendarEntry.objects.bulk_create(
        [
            CalendarEntry(
                date=first + timedelta(days=3 * i), name=f"Ngày nghỉ {i}", confirmed=True, created_at=timezone.now()
            )
            for i in range(n)
        ],
        ignore_conflicts=True,
    )


@pytest.mark.parametrize(("who", "expected"), [("secretariat", 8), ("leadership", 8)])
def test_the_calendar_page_runs_pinned_queries_at_1x_and_10x(clients, who, expected):
    _days_off(3)
    assert_page_queries(clients[who], reverse("core:holidays"), expected, label=f"days off, {who}, 1×")
    _days_off(30)
    assert_page_queries(clients[who], reverse("core:holidays"), expected, label=f"days off, {who}, 10×")
