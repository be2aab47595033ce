"""The work plan in a real browser: a conclusion becomes a task for Sở Nội vụ, its focal point
reports, the secretariat returns then accepts the report, the dashboard and the .xlsx follow."""

from io import BytesIO
from pathlib import Path

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from members.seed import DEMO_PASSWORD

from .conftest import axe_violations, login

pytestmark = pytest.mark.e2e

CODE = "E2E-KL1"


def _as(page, username):
    page.context.clear_cookies()
    login(page, username, DEMO_PASSWORD)


def _accessible(page):
    assert axe_violations(page) == [], page.url


def _done_late(page) -> int:
    page.goto(f"{page.base_url}/?year=2023")  # the task is in the 2023 plan, whatever today's year
    return int(page.locator(".dashboard-panel .total-done_late").inner_text())


def test_conclusion_to_task_report_return_resubmit_accept_dashboard_and_export(page, e2e_data):
    # The story is played in the 2023 year while it was open: the demo closes 2023 on 28/12/2023, and a
    # closed year takes no new task (tasks.plans.check_open).
    from tasks.models import Plan

    Plan.objects.filter(year=2023, committee__parent__isnull=True).update(closed_at=None, closed_by=None)
    _as(page, "thuky")
    before = _done_late(page)
    _accessible(page)

    page.goto(f"{page.base_url}/tasks/meetings/")
    page.get_by_role("link", name="Phiên họp thứ nhất Ban Chỉ đạo cải cách hành chính tỉnh").click()
    _accessible(page)
    page.locator(".conclusions a", has_text="Giao thành nhiệm vụ").first.click()
    assert "Về Quy chế" in page.locator("#id_title").input_value()
    _accessible(page)
    page.fill("#id_code", CODE)
    page.select_option("#id_area", label="Công tác chỉ đạo, điều hành")
    page.select_option("#id_lead_unit", label="Sở Nội vụ")
    page.fill("#id_due_date", "31/12/2023")
    page.get_by_role("button", name="Lưu nhiệm vụ").click()
    assert page.locator("h1").inner_text().startswith(CODE)
    task_url = page.url

    _as(page, "daumoi")
    page.goto(f"{page.base_url}/tasks/my/")
    _accessible(page)
    # A task of the 2023 plan owes no report for a month after 2023 (tasks/periods.py): "Việc của tôi" lists
    # it among this month's due work only in 2023, so the report is sent from the task's page.
    page.goto(task_url)
    page.get_by_role("link", name="Gửi báo cáo tiến độ").click()
    _accessible(page)
    page.fill("#id_percent", "50")
    page.fill("#id_done", "Đã dự thảo bổ sung Quy chế")
    page.get_by_role("button", name="Gửi báo cáo").click()
    assert "Đã gửi báo cáo tiến độ" in page.content()

    _as(page, "thuky")
    page.goto(task_url)
    _accessible(page)
    form = page.locator(".review-form")
    form.locator("input[value=return]").check()
    form.locator("textarea").fill("Cần nêu rõ nội dung cơ chế xử lý vụ việc phát sinh.")
    form.get_by_role("button", name="Ghi nhận").click()
    assert "Đã trả lại báo cáo" in page.content()

    _as(page, "daumoi")
    page.goto(f"{page.base_url}/tasks/my/")
    assert "Cần nêu rõ nội dung cơ chế xử lý vụ việc phát sinh." in page.content()
    page.locator("#returned-h + ul a", has_text=CODE).click()
    assert "Cần nêu rõ nội dung cơ chế xử lý vụ việc phát sinh." in page.content()
    page.fill("#id_percent", "100")
    page.fill("#id_done", "Đã trình Ban Chỉ đạo Quy chế sửa đổi")
    # 100% needs the day it was done (after the 2023 deadline: done late).
    page.fill("#id_completed_on", f"{timezone.localdate():%d/%m/%Y}")
    page.get_by_role("button", name="Gửi báo cáo").click()
    assert "Đã gửi báo cáo tiến độ" in page.content()

    _as(page, "thuky")
    page.goto(task_url)
    form = page.locator(".review-form")
    form.locator("input[value=accept]").check()
    form.get_by_role("button", name="Ghi nhận").click()
    assert "Đã chấp nhận báo cáo" in page.content()
    assert page.locator(".badge", has_text="Hoàn thành quá hạn").first.is_visible()

    assert _done_late(page) == before + 1

    page.locator(".dashboard-panel h2 a").click()
    _accessible(page)
    with page.expect_download() as info:
        page.get_by_role("link", name="Xuất Excel (.xlsx)").click()
    workbook = load_workbook(BytesIO(Path(info.value.path()).read_bytes()))
    codes = [row[0] for row in workbook.active.iter_rows(min_row=4, values_only=True)]
    assert CODE in codes
