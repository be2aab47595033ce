"""In Chromium: the secretariat replaces a member citing a new decision and sees the roster and
the history change; a member sees their own assignments; axe finds nothing serious on these pages."""

import pytest

from .conftest import axe_violations, login

pytestmark = pytest.mark.e2e
PASSWORD = "nghean2023"


def assert_accessible(page):
    assert axe_violations(page) == [], page.url


def test_secretariat_replaces_a_member_citing_a_new_decision(page, e2e_data):
    login(page, "thuky", PASSWORD)
    page.goto(f"{page.base_url}/members/")
    roster = page.locator("section.roster")
    assert roster.get_by_role("link", name="Đỗ Văn L", exact=True).is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Thay thế Đỗ Văn L").click()
    page.get_by_label("Họ và tên người mới").fill("Nguyễn Văn Kế Nhiệm")
    page.get_by_label("Người thay thế bắt đầu từ ngày").fill("01/07/2024")
    page.get_by_label("Số, ký hiệu quyết định mới").fill("2468-QĐ/TU")
    page.get_by_label("Ngày ban hành").fill("20/06/2024")
    assert_accessible(page)
    page.get_by_role("button", name="Tiếp tục: xem lại trước khi lưu").click()

    # The confirmation shows what will pass to the successor, before anything is saved.
    assert page.locator("h1").inner_text() == "Xác nhận thay thế thành viên"
    transfers = page.locator("table.assignments-table")
    assert "Cải cách chế độ công vụ" in transfers.inner_text()
    assert "Thành phố Vinh" in transfers.inner_text()
    assert "30/06/2024" in page.locator("main").inner_text()
    assert_accessible(page)
    page.get_by_role("button", name="Xác nhận thay thế").click()

    assert page.locator("h1").inner_text().startswith("Nguyễn Văn Kế Nhiệm")
    main = page.locator("main").inner_text()
    assert "Nguyễn Văn Kế Nhiệm đã thay Đỗ Văn L từ ngày 01/07/2024." in main
    assert "tiếp nhận từ Đỗ Văn L" in main
    assert_accessible(page)

    # Today's roster has the successor; the roster of 30/06/2024 still has the old member.
    page.goto(f"{page.base_url}/members/")
    today = page.locator("section.roster").inner_text()
    assert "Nguyễn Văn Kế Nhiệm" in today and "Đỗ Văn L" not in today
    page.get_by_label("Danh sách ngày").fill("30/06/2024")
    page.get_by_role("button", name="Xem", exact=True).click()
    before = page.locator("section.roster").inner_text()
    assert "Danh sách thành viên ngày 30/06/2024" in before
    assert "Đỗ Văn L" in before and "Nguyễn Văn Kế Nhiệm" not in before

    page.goto(f"{page.base_url}/members/history/")
    events = page.locator("table.history-events").inner_text()
    assert "2468-QĐ/TU" in events
    assert "Nguyễn Văn Kế Nhiệm" in events and "Đỗ Văn L" in events
    assert_accessible(page)


def test_a_bad_date_on_the_roster_is_explained(page, e2e_data):
    login(page, "thuky", PASSWORD)
    page.goto(f"{page.base_url}/members/?on=31/02/2024")
    assert "Ngày không hợp lệ" in page.locator("main").inner_text()
    assert_accessible(page)


def test_member_sees_their_own_assignments(page, e2e_data):
    login(page, "thanhvien", PASSWORD)
    page.get_by_role("link", name="Trang của tôi").click()
    main = page.locator("main").inner_text()
    assert "Lý Văn Q" in main
    assert "Thành viên Ban Chỉ đạo" in main
    assert "Xây dựng và phát triển Chính phủ điện tử, Chính phủ số" in main
    assert "Huyện Nghi Lộc" in main
    assert "Ngành Thông tin và Truyền thông" in main
    assert_accessible(page)
    # A member reads the roster but has no way to change it.
    page.goto(f"{page.base_url}/members/")
    assert page.get_by_role("link", name="Thay thế Đỗ Văn L").count() == 0
    assert_accessible(page)
