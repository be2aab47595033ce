"""Importing a plan in a real browser: the secretariat uploads the committee's table to a draft plan,
reads the preview (a bad row with its reason), confirms, and finds the tasks in the plan."""

import pytest
from openpyxl import Workbook

from members.models import Committee
from members.seed import DEMO_PASSWORD
from tasks.models import Plan, Task

from .conftest import axe_violations, login

pytestmark = pytest.mark.e2e


def test_upload_preview_confirm(page, e2e_data, tmp_path):
    committee = Committee.objects.get(kind=Committee.Kind.PROVINCIAL, parent__isnull=True)
    plan = Plan.objects.create(committee=committee, year=2027, title="Kế hoạch cải cách hành chính năm 2027")
    book = Workbook()
    sheet = book.active
    sheet.append(["TT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành", "Sản phẩm"])
    sheet.append(["I", "CẢI CÁCH THỂ CHẾ"])
    sheet.append([1, "Rà soát văn bản quy phạm pháp luật", "SỞ TƯ PHÁP", "Sở Nội vụ", "Quý III/2027", "Báo cáo"])
    sheet.append([2, "Kiểm tra văn bản", "Sở Tư pháp", "", "Quý II/2026", "Báo cáo"])
    path = tmp_path / "ke-hoach-2027.xlsx"
    book.save(path)

    login(page, "thuky", DEMO_PASSWORD)
    page.goto(f"{page.base_url}/tasks/plans/{plan.pk}/")
    page.get_by_role("link", name="Nhập từ Excel").click()
    page.set_input_files("input[type=file]", str(path))
    page.get_by_role("button", name="Đọc bảng").click()
    page.wait_for_url("**/import/*/")
    assert axe_violations(page) == [], page.url
    assert page.locator("tr.row-error").count() == 1
    assert "không thuộc năm kế hoạch 2027" in page.locator("tr.row-error").inner_text()
    assert Task.objects.filter(plan=plan).count() == 0
    page.get_by_role("button", name="Nhập 1 nhiệm vụ").click()
    page.wait_for_url(f"**/tasks/plans/{plan.pk}/")
    assert "Đã nhập 1 nhiệm vụ từ bảng Excel." in page.content()
    task = Task.objects.get(plan=plan)
    assert (task.code, task.lead_unit.name, task.area.code) == ("I.1", "Sở Tư pháp", "the-che")
    page.go_back()
    page.reload()  # the table was spent: a second confirmation is refused, nothing twice
    assert "đã được nhập" in page.content()
