"""The monthly report loop in a real browser: the secretariat returns a report with a comment, the
focal point sees the notice, follows it to the form on the returned month prefilled, resubmits, and the
secretariat finds the report pending again and accepts it from the review queue."""

from datetime import date

import pytest
from django.utils import timezone

from tasks.models import ProgressReport
from tests import factories as f
from tests.tasks import builders as b

from .conftest import axe_violations, login

pytestmark = pytest.mark.e2e

COMMENT = "Bổ sung số liệu giải ngân tháng 10 và tài liệu kèm theo."


def _as(page, username):
    page.context.clear_cookies()
    login(page, username, f.PASSWORD)


def test_returned_report_notice_leads_to_the_prefilled_form_and_back_to_the_queue(
    transactional_db, committee, department, secretariat_user, focal_user, member_user, page
):
    year = timezone.localdate().year - 1
    plan = b.plan(committee, year=year)
    task = b.task(plan, department, code="KL-7", title="Số hóa hồ sơ thủ tục hành chính", due_date=date(year, 12, 31))
    task.responsible = member_user.person
    task.save()
    first = b.report(task, focal_user, 10, 40, done="Đã số hóa 60% hồ sơ", obstacles="Thiếu máy quét")

    _as(page, "thuky")
    page.goto(f"{page.base_url}/tasks/task/{task.pk}/")
    form = page.locator(".review-form")
    form.locator("input[value=return]").check()
    form.locator("textarea").fill(COMMENT)
    form.get_by_role("button", name="Ghi nhận").click()
    assert "Đã trả lại báo cáo" in page.content()

    _as(page, "daumoi")
    page.locator(".notifications-link").click()
    notice = page.locator(".notification-list li").first
    assert f"Báo cáo tiến độ kỳ 10/{year} bị trả lại: nhiệm vụ KL-7" in notice.inner_text()
    assert COMMENT in notice.inner_text()
    assert axe_violations(page) == []
    notice.get_by_role("button", name="Mở").click()

    page.wait_for_url(f"{page.base_url}/tasks/task/{task.pk}/report/?month={year}-10")
    assert page.input_value("#id_period") == f"{year}-10"
    assert page.input_value("#id_percent") == "40"
    assert page.input_value("#id_done") == "Đã số hóa 60% hồ sơ"
    assert page.input_value("#id_obstacles") == "Thiếu máy quét"
    assert COMMENT in page.locator(".returned-note").inner_text()
    assert axe_violations(page) == []
    page.fill("#id_percent", "60")
    page.fill("#id_done", "Đã số hóa 80% hồ sơ, bổ sung số liệu giải ngân")
    page.get_by_role("button", name="Gửi báo cáo").click()
    assert "Đã gửi báo cáo tiến độ" in page.content()
    second = ProgressReport.objects.exclude(pk=first.pk).get()
    assert (second.period, second.percent, second.status, second.supersedes_id) == (
        date(year, 10, 1),
        60,
        "submitted",
        first.pk,
    )

    _as(page, "thuky")
    page.goto(f"{page.base_url}/tasks/my/pending/")
    row = page.locator("tr", has_text="KL-7")
    assert f"10/{year}" in row.inner_text() and "60%" in row.inner_text()
    assert axe_violations(page) == []
    row.locator("input[type=checkbox]").check()
    page.get_by_role("button", name="Chấp nhận các báo cáo đã chọn").click()
    assert "Đã chấp nhận 1 báo cáo." in page.content()
    second.refresh_from_db()
    assert second.status == "accepted"
