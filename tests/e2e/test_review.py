"""thuky opens the month's review board, sees who is late, closes the month, downloads the report."""

from datetime import date, datetime

import pytest
from django.utils import timezone
from docx import Document

from members.models import Unit
from members.selectors import provincial_committee
from reviews.models import MonthlyReview
from tasks.models import Plan, Task
from tests import factories as f

from .conftest import axe_violations, login

PASSWORD = "nghean2023"

pytestmark = pytest.mark.e2e


def _late_task() -> tuple[int, str]:
    """A task of May 2023 that nobody reported on, led by a unit made for this test."""
    committee = provincial_committee()
    plan, _created = Plan.objects.get_or_create(
        committee=committee, year=2023, defaults={"title": "Kế hoạch CCHC năm 2023", "status": Plan.Status.APPROVED}
    )
    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.APPROVED)
    unit = f.UnitFactory(code="E2E-LATE", name="Sở Thử nghiệm Chậm Báo cáo", kind=Unit.Kind.DEPARTMENT)
    task = Task.objects.create(
        plan=plan, code="E2E-1", title="Nhiệm vụ kiểm thử chưa báo cáo", area=f.area(), lead_unit=unit, is_demo=True
    )
    Task.objects.filter(pk=task.pk).update(created_at=timezone.make_aware(datetime(2023, 1, 2, 8)))
    return committee.pk, task.title


def test_secretary_reviews_closes_and_downloads_the_month(page, e2e_data, tmp_path):
    committee_id, late_title = _late_task()
    login(page, "thuky", PASSWORD)
    page.goto(f"{page.base_url}/tasks/review/")
    page.select_option("#id_committee", str(committee_id))
    page.fill("#id_month", "05/2023")  # as a clerk writes a month
    page.click("form.filters button[type=submit]")
    assert page.locator("h1").inner_text() == "Đánh giá tiến độ tháng 05/2023"
    assert late_title in page.locator("#missing-table").inner_text()
    assert axe_violations(page) == []

    page.fill("#id_assessment", "Sở Thử nghiệm chưa báo cáo; đề nghị chấn chỉnh.")
    page.click("text=Lưu đánh giá")
    assert "Đã lưu đánh giá." in page.locator(".messages").inner_text()
    # Closing asks for confirmation on its own page, which says what is still missing.
    page.click("text=Đóng tháng…")
    assert page.locator("h1").inner_text() == "Đóng tháng 05/2023"
    page.click("button:has-text('Đóng tháng')")
    assert "Đánh dấu xác nhận để đóng tháng." in page.content()
    page.check("#id_confirm")
    page.click("button:has-text('Đóng tháng')")
    assert "Đã đóng tháng 05/2023" in page.locator(".messages").inner_text()
    assert page.locator("#id_assessment").count() == 0
    assert "Đã đóng" in page.locator("#dates-h + dl").inner_text()
    assert MonthlyReview.objects.get(committee_id=committee_id, month=date(2023, 5, 1)).closed_at is not None

    with page.expect_download() as info:
        page.click("text=Tải báo cáo (.docx)")
    path = tmp_path / "bao-cao.docx"
    info.value.save_as(path)
    document = Document(str(path))
    # The provincial committee was set up by the Tỉnh ủy: the Party layout (documents.letterheads).
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in document.tables[0].rows[0].cells[1].text
    assert document.tables[0].rows[0].cells[0].text.startswith("TỈNH ỦY NGHỆ AN")
    assert any("Sở Thử nghiệm Chậm Báo cáo" in p.text for p in document.paragraphs)
    assert any("đề nghị chấn chỉnh" in p.text for p in document.paragraphs)


@pytest.mark.parametrize("width", [390, 1280])
def test_a_crowded_month_shows_the_first_rows_and_one_table_whole_on_request(browser, live_server, e2e_data, width):
    """Hundreds of tasks unreported: the board shows its first rows, says how many there are, and the link
    shows the whole table, on a phone without scrolling sideways."""
    from reviews.board_tables import BOARD_TABLE_ROWS

    committee_id, _title = _late_task()
    plan = Plan.objects.get(committee_id=committee_id, year=2023)
    unit = Unit.objects.get(code="E2E-LATE")
    crowd = BOARD_TABLE_ROWS + 20
    Task.objects.bulk_create(
        [
            Task(plan=plan, code=f"E2E-C{i:03}", title=f"Nhiệm vụ đông {i}", area=f.area(), lead_unit=unit)
            for i in range(crowd)
        ]
    )
    Task.objects.filter(code__startswith="E2E-C").update(created_at=timezone.make_aware(datetime(2023, 1, 2, 8)))
    context = browser.new_context(
        locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base_url = live_server.url
    login(page, "thuky", PASSWORD)
    page.goto(f"{live_server.url}/tasks/review/{committee_id}/2023/5/")
    rows = page.locator("#missing-table tbody tr")
    assert rows.count() == BOARD_TABLE_ROWS
    more = page.locator("#missing-table-more")
    assert more.is_visible()
    total = page.locator("#missing-count").inner_text()
    assert f"Đang hiện {BOARD_TABLE_ROWS} trong {total} dòng" in more.inner_text()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    assert axe_violations(page) == []
    more.locator("a").click()
    page.wait_for_load_state("load")
    assert page.locator("#missing-table tbody tr").count() == int(total)
    assert page.locator("#missing-table-more").count() == 0
    context.close()
