"""The working calendar page: a year's national days and province entries; the secretariat adds,
confirms and removes entries (and is told which open deadlines moved); leadership reads."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.models import CalendarEntry, Notification
from reviews.board import open_review

pytestmark = pytest.mark.django_db
URL = reverse("core:holidays")


def _entry(day: date, **kwargs) -> dict:
    data = {"date": day.isoformat(), "kind": "day_off", "name": "Nghỉ thêm", "source_document": "TB 12/TB-UBND"}
    return {**data, "confirmed": "on", **kwargs}


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_a_year_shows_the_national_days_and_the_province_entries(clients):
    page = clients["leadership"].get(URL, {"year": 2025}).content.decode()
    assert "Tết Nguyên Đán" in page  # the national rules (the package's Vietnamese names)
    assert "làm bù thứ Bảy 08/02/2025" in page  # the province's make-up Saturday
    assert "08/02/2025" in page
    assert "tạm tính" not in page
    assert "Thêm vào lịch" not in page  # leadership reads only


def test_a_year_without_official_entries_is_marked_provisional(clients):
    page = clients["secretariat"].get(URL, {"year": 2027}).content.decode()
    assert "Chưa có lịch nghỉ chính thức năm 2027" in page
    assert "Giỗ Tổ Hùng Vương" in page  # the national days are there all the same


def test_a_bad_year_is_explained(clients):
    response = clients["secretariat"].get(URL, {"year": "hai nghìn"})
    assert response.status_code == 400
    assert "Năm không hợp lệ" in response.content.decode()


def test_a_make_up_day_on_a_working_day_is_refused_and_nothing_saved(clients):
    response = clients["secretariat"].post(URL, _entry(date(2027, 3, 3), kind="workday"))  # a Wednesday
    assert response.status_code == 400
    assert "vốn là ngày làm việc" in response.content.decode()
    assert not CalendarEntry.objects.filter(date=date(2027, 3, 3)).exists()


def test_a_day_off_on_a_deadline_moves_it_and_the_page_says_so(clients, committee, secretariat_user):
    review = open_review(committee=committee, month=date(2027, 3, 1))
    assert review.deadline == date(2027, 3, 25)  # a Thursday
    response = clients["secretariat"].post(URL, _entry(date(2027, 3, 25)), follow=True)
    assert response.redirect_chain[-1][0] == URL + "?year=2027"
    said = _messages(response)
    assert "Đã thêm ngày 25/03/2027 vào lịch." in said
    assert any("hạn báo cáo từ 25/03/2027 sang 26/03/2027" in m for m in said)
    review.refresh_from_db()
    assert review.deadline == date(2027, 3, 26)
    assert Notification.objects.filter(recipient=secretariat_user.person, body__contains="26/03/2027").exists()


def test_a_planned_day_counts_once_confirmed_and_is_removed_with_its_history(clients, committee):
    review = open_review(committee=committee, month=date(2027, 3, 1))
    response = clients["secretariat"].post(URL, _entry(date(2027, 3, 25), confirmed=""), follow=True)
    assert "Không có hạn nào đang mở phải tính lại." in _messages(response)
    entry = CalendarEntry.objects.get(date=date(2027, 3, 25))
    assert not entry.confirmed
    review.refresh_from_db()
    assert review.deadline == date(2027, 3, 25)

    clients["secretariat"].post(reverse("core:holiday_confirm", args=[entry.pk]))
    review.refresh_from_db()
    assert review.deadline == date(2027, 3, 26)

    clients["secretariat"].post(reverse("core:holiday_delete", args=[entry.pk]))
    review.refresh_from_db()
    assert review.deadline == date(2027, 3, 25)
    assert not CalendarEntry.objects.filter(pk=entry.pk).exists()
    kinds = list(
        CalendarEntry.history.filter(id=entry.pk).order_by("history_id").values_list("history_type", flat=True)
    )
    assert kinds == ["+", "~", "-"]
    assert review.history.count() == 3  # opened, moved, moved back: every old date is kept


def test_removing_an_entry_twice_is_not_an_error(clients):
    entry = CalendarEntry.objects.create(
        date=date(2027, 1, 2), name="x", source_document="y", created_at=timezone.now()
    )
    url = reverse("core:holiday_delete", args=[entry.pk])
    assert clients["secretariat"].post(url).status_code == 302
    assert clients["secretariat"].post(url).status_code == 404


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(URL, {"year": 2027}).status_code == 200
    return len(ctx)


def test_the_page_runs_the_same_queries_whatever_the_entries(clients):
    client = clients["secretariat"]
    _queries(client)
    few = _queries(client)
    for day in range(1, 28):
        CalendarEntry.objects.create(
            date=date(2027, 7, day), name=f"Nghỉ {day}", source_document="TB", created_at=timezone.now()
        )
    assert _queries(client) == few
