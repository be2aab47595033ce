"""thuky drafts the third-quarter 2023 report from the demo world, edits a section, issues it with a number and
downloads the .docx; the edit page fits a 390 px phone."""

import io

import pytest
from docx import Document

from periodic_reports.models import PeriodicReport

from .conftest import axe_violations, login

PASSWORD = "nghean2023"
PHONE = {"width": 390, "height": 844}

pytestmark = pytest.mark.e2e


def test_secretary_drafts_edits_issues_and_downloads_the_quarter_report(page, e2e_data, tmp_path):
    login(page, "thuky", PASSWORD)
    page.goto(f"{page.base_url}/")
    page.click("nav >> text=Báo cáo định kỳ")
    assert page.locator("h1").inner_text() == "Báo cáo định kỳ"
    assert "Báo cáo 6 tháng đầu năm 2023" in page.locator("table").inner_text()  # the demo's issued report
    page.fill("#id_year", "2023")
    page.select_option("#id_period", "quarter:3")
    page.click("text=Lập dự thảo")
    assert page.locator("h1").inner_text() == "Báo cáo quý III năm 2023"
    assert "DỰ THẢO" in page.locator(".draft-mark").inner_text()
    assert "từ 15/06/2023 đến 14/09/2023" in page.locator("dl.meta").inner_text()
    assert axe_violations(page) == []

    page.click("text=Sửa dự thảo")
    direction = page.locator("#id_s-direction")
    direction.fill(direction.input_value() + "\nBan Chỉ đạo đã kiểm tra tại 3 đơn vị điểm chỉ đạo.")
    assert axe_violations(page) == []
    page.set_viewport_size(PHONE)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    page.set_viewport_size({"width": 1280, "height": 900})
    page.click("text=Lưu phiên bản mới")
    assert "Đã lưu phiên bản 2" in page.locator(".messages").inner_text()
    assert "Ban Chỉ đạo đã kiểm tra tại 3 đơn vị điểm chỉ đạo." in page.locator("#section-direction").inner_text()

    page.click(".report-actions >> text=Ban hành")
    assert page.locator("#id_place").input_value() == "Nghệ An"
    page.fill("#id_issued_on", "20/09/2023")  # after the cut-off day and the demo's report of 19/06/2023
    page.fill("#id_signer_name", "Nguyễn Đức Trung")
    page.fill("#id_signer_position", "PHÓ TRƯỞNG BAN THƯỜNG TRỰC")
    page.click("main form button[type=submit]")
    message = page.locator(".messages").inner_text()
    report = PeriodicReport.objects.get(kind="quarter", year=2023, index=3)
    number = report.versions.get(number=2).issued_document.number
    assert f"Đã ban hành báo cáo, số {number}." in message
    assert number == "02-BC/BCĐ"  # the committee's second report of 2023 (Party layout)
    assert page.locator(".report-actions >> text=Sửa dự thảo").count() == 0
    assert page.locator(".report-actions >> text=Sửa đổi").count() == 1

    with page.expect_download() as info:
        page.click("text=Tải báo cáo (.docx)")
    path = tmp_path / "bao-cao.docx"
    info.value.save_as(path)
    document = Document(io.BytesIO(path.read_bytes()))
    assert number in document.tables[0].rows[0].cells[0].text
    body = "\n".join(p.text for p in document.paragraphs)
    assert "Ban Chỉ đạo đã kiểm tra tại 3 đơn vị điểm chỉ đạo." in body
    assert "DỰ THẢO" not in body
    assert "Nguyễn Đức Trung" in "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
