"""The review board page: who sees it, what it shows, closing the month, fixed query counts."""

from datetime import date

import pytest
from django.urls import reverse

from reviews.models import MonthlyReview, Reminder
from reviews.reminders import run_cycle
from tests.querycount import assert_page_queries
from tests.reviews.review_world import MAY, at, build, report

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(cast, committee, department, other_department):
    return build(cast, committee, department, other_department)


def board_url(world) -> str:
    return reverse("reviews:review_board", kwargs={"committee": world.committee.pk, "year": 2023, "month": 5})


def assess_url(world) -> str:
    return reverse("reviews:review_assess", kwargs={"committee": world.committee.pk, "year": 2023, "month": 5})


def test_the_board_shows_who_is_late_and_the_reminder_log(world, clients, cast):
    report(world.tasks[0], at_moment=at(date(2023, 5, 24)), by=cast["focal_point"])
    run_cycle(committee=world.committee, month=MAY, now=at(date(2023, 5, 26)))
    report(world.tasks[1], at_moment=at(date(2023, 5, 29)), by=cast["secretariat"])
    page = clients["secretariat"].get(board_url(world)).content.decode()
    missing = page[page.index('id="missing-table"') : page.index('id="late-h"')]
    assert "Nhiệm vụ 3" in missing and "Nhiệm vụ 1" not in missing
    late = page[page.index('id="late-table"') : page.index("</table>", page.index('id="late-table"'))]
    assert "Nhiệm vụ 2" in late
    assert "22/05/2023" in page and "25/05/2023" in page  # reminder day and deadline
    assert 'id="reminder-log"' in page
    assert "Tổng hợp gửi lãnh đạo" in page
    assert "Võ Thị Giám Sát" in page
    assert "Theo đơn vị chủ trì" in page and "Theo thành viên phụ trách" in page and "Theo lĩnh vực" in page
    assert "Điểm chỉ đạo so với các đơn vị khác" in page and "<svg" in page


def test_leadership_reads_but_cannot_assess(world, clients):
    assert clients["leadership"].get(board_url(world)).status_code == 200
    assert 'name="assessment"' not in clients["leadership"].get(board_url(world)).content.decode()
    assert clients["leadership"].post(assess_url(world), {"assessment": "x"}).status_code == 403
    assert not MonthlyReview.objects.exists()


@pytest.mark.parametrize("role", ["member", "focal_point", "hotline_operator", "outsider"])
def test_others_are_refused(world, clients, role):
    assert clients[role].get(board_url(world)).status_code == 403


def month_url(world, name: str, month: int = 5) -> str:
    return reverse(f"reviews:{name}", kwargs={"committee": world.committee.pk, "year": 2023, "month": month})


def test_the_secretariat_opens_a_month_without_waiting_for_the_scheduler(world, clients):
    page = clients["secretariat"].get(board_url(world)).content.decode()
    assert "Chưa mở" in page and "Mở đánh giá tháng này" in page
    assert "Mở đánh giá tháng này" not in clients["leadership"].get(board_url(world)).content.decode()
    assert clients["leadership"].post(month_url(world, "review_open")).status_code == 403
    assert clients["secretariat"].post(month_url(world, "review_open")).status_code == 302
    review = MonthlyReview.objects.get()
    assert review.month == MAY and review.deadline == date(2023, 5, 25)
    assert "Đang mở" in clients["secretariat"].get(board_url(world)).content.decode()
    # Twice is once; a month to come cannot be opened.
    assert clients["secretariat"].post(month_url(world, "review_open")).status_code == 302
    assert MonthlyReview.objects.count() == 1
    future = reverse("reviews:review_open", kwargs={"committee": world.committee.pk, "year": 2099, "month": 1})
    refused = clients["secretariat"].post(future)
    assert refused.status_code == 400 and "Chưa đến tháng 01/2099" in refused.content.decode()
    assert MonthlyReview.objects.count() == 1


def test_closing_asks_for_confirmation_and_makes_the_month_read_only(world, clients):
    clients["secretariat"].post(assess_url(world), {"assessment": "Sở Xây dựng chậm."})
    close = month_url(world, "review_close")
    page = clients["secretariat"].get(close).content.decode()
    assert "Sau khi đóng tháng" in page and 'id="closing-missing">3<' in page
    unconfirmed = clients["secretariat"].post(close, {})
    assert unconfirmed.status_code == 400 and "Đánh dấu xác nhận để đóng tháng." in unconfirmed.content.decode()
    assert MonthlyReview.objects.get().closed_at is None
    assert clients["leadership"].post(close, {"confirm": "on"}).status_code == 403
    assert clients["secretariat"].post(close, {"confirm": "on"}).status_code == 302
    review = MonthlyReview.objects.get()
    assert review.closed_at is not None and review.assessment == "Sở Xây dựng chậm."
    page = clients["secretariat"].get(board_url(world)).content.decode()
    assert 'name="assessment"' not in page and "Đã đóng" in page and "Sở Xây dựng chậm." in page
    again = clients["secretariat"].post(assess_url(world), {"assessment": "Sửa lại"})
    assert again.status_code == 400 and "đã đóng" in again.content.decode()
    review.refresh_from_db()
    assert review.assessment == "Sở Xây dựng chậm."


def test_leadership_reopens_a_closed_month_with_a_reason_which_is_recorded(world, clients, cast):
    clients["secretariat"].post(month_url(world, "review_open"))
    clients["secretariat"].post(month_url(world, "review_close"), {"confirm": "on"})
    reopen = month_url(world, "review_reopen")
    assert "Mở lại tháng…" in clients["leadership"].get(board_url(world)).content.decode()
    assert clients["secretariat"].post(reopen, {"reason": "x"}).status_code == 403
    no_reason = clients["leadership"].post(reopen, {"reason": "  "})
    assert no_reason.status_code == 400 and "Nêu lý do mở lại tháng." in no_reason.content.decode()
    assert MonthlyReview.objects.get().closed_at is not None
    reason = "Sở Y tế gửi bổ sung báo cáo bị lỗi mạng"
    assert clients["leadership"].post(reopen, {"reason": reason}).status_code == 302
    review = MonthlyReview.objects.get()
    assert review.closed_at is None and review.reopened_by == cast["leadership"] and review.reopen_reason == reason
    last = review.history.order_by("-history_date").first()
    assert last.history_user == cast["leadership"] and reason in last.history_change_reason
    page = clients["secretariat"].get(board_url(world)).content.decode()
    assert "Đang mở" in page and reason in page and 'name="assessment"' in page
    assert clients["secretariat"].post(assess_url(world), {"assessment": "Bổ sung"}).status_code == 302


def test_a_month_out_of_range_is_not_found(world, clients):
    url = reverse("reviews:review_board", kwargs={"committee": world.committee.pk, "year": 2023, "month": 13})
    assert clients["secretariat"].get(url).status_code == 404


def test_the_month_picker_redirects_or_explains(world, clients):
    url = reverse("reviews:review_index")
    form = clients["secretariat"].get(url).content.decode()
    assert "Tháng (mm/yyyy)" in form and 'type="month"' not in form and "YYYY" not in form
    for typed in ("05/2023", "5/2023", " 05 / 2023 ", "2023-05"):  # as typed; and the older links
        ok = clients["secretariat"].get(url, {"committee": world.committee.pk, "month": typed})
        assert ok.status_code == 302 and ok["Location"] == board_url(world), typed
    bad_month = "Nhập tháng theo dạng tháng/năm (mm/yyyy)"
    for params, message in (
        ({"committee": world.committee.pk, "month": "0000-01"}, "từ năm 2000"),
        ({"committee": world.committee.pk, "month": "2023-13"}, bad_month),
        ({"committee": world.committee.pk, "month": "13/2023"}, bad_month),
        ({"committee": world.committee.pk, "month": "May 2023"}, bad_month),
        ({"committee": "abc", "month": "05/2023"}, "Chọn một Ban Chỉ đạo trong danh sách."),
    ):
        bad = clients["secretariat"].get(url, params)
        assert bad.status_code == 400 and message in bad.content.decode(), params


def test_the_secretariat_edits_the_working_calendar(world, clients):
    url = reverse("core:holidays")
    entry = {"date": "2027-05-04", "kind": "day_off", "name": "Nghỉ thêm", "source_document": "TB 1", "confirmed": "on"}
    assert clients["secretariat"].post(url, entry).status_code == 302
    duplicate = clients["secretariat"].post(url, {**entry, "name": "Trùng"})
    assert duplicate.status_code == 400
    assert clients["leadership"].post(url, {**entry, "date": "2027-05-05"}).status_code == 403


# The letterhead and its signer (2; the committee comes with its unit and decision), the month's issued
# letters (1), and for the secretariat the next number of the register (1).
BOARD_QUERIES = {"secretariat": 25, "leadership": 24}
INDEX_QUERIES = 11


def _assert_pinned(clients, world, size: str) -> None:
    for who, expected in BOARD_QUERIES.items():
        assert_page_queries(clients[who], board_url(world), expected, label=f"review board, {who}, at {size}")
    assert_page_queries(
        clients["secretariat"], reverse("reviews:review_index"), INDEX_QUERIES, label=f"index at {size}"
    )
    for year in ("2023", "2024"):  # the plan's year, and one without a plan
        assert_page_queries(
            clients["secretariat"],
            reverse("reviews:review_index"),
            INDEX_QUERIES,
            params={"year": year},
            label=f"index of {year} at {size}",
        )


def test_the_board_and_the_index_run_pinned_queries_at_1x_and_10x(
    cast, committee, department, other_department, clients
):
    small = build(cast, committee, department, other_department)
    run_cycle(committee=committee, month=MAY, now=at(date(2023, 5, 26)))
    _assert_pinned(clients, small, "1×")
    Reminder.objects.all().delete()
    from members.models import Unit
    from reviews.board import open_review
    from tests import factories as f
    from tests.reviews.review_world import make_task

    for i in range(27):
        unit = f.UnitFactory(name=f"Xã {i}", kind=Unit.Kind.COMMUNE)
        person = f.PersonFactory(full_name=f"Người {i}", unit=unit, email=f"n{i}@example.vn")
        task = make_task(small.plan, f"Y{i}", unit, person)
        if i % 3 == 0:
            report(task, at_moment=at(date(2023, 5, 24)), by=cast["secretariat"])
    for month in range(1, 5):
        open_review(committee=committee, month=date(2023, month, 1))
    for i in range(6):
        open_review(committee=f.CommitteeFactory(name=f"Tổ công tác {i}"), month=MAY)
    run_cycle(committee=committee, month=MAY, now=at(date(2023, 5, 29)))
    assert MonthlyReview.objects.count() >= 10
    _assert_pinned(clients, small, "10×")
