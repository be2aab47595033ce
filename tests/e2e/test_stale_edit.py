"""Two clerks in two browsers edit the same task: the second, stale form is refused with what the first
changed, keeps what was typed, and a second save keeps both edits (core/versions.py)."""

import pytest

from core.roles import Role
from tasks.models import Task
from tests import factories as f
from tests.tasks import builders as b

from .conftest import axe_violations, login

pytestmark = pytest.mark.e2e


@pytest.fixture
def two_browsers(browser, live_server):
    contexts = [browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh") for _ in range(2)]
    pages = []
    for context in contexts:
        context.set_default_timeout(15_000)
        page = context.new_page()
        page.base_url = live_server.url
        pages.append(page)
    yield pages
    for context in contexts:
        context.close()


def test_a_stale_task_form_shows_the_conflict_and_loses_no_edit(transactional_db, committee, department, two_browsers):
    f.UserFactory(username="thuky", first_name="Lê Thư Ký", last_name="", roles=[Role.SECRETARIAT])
    f.UserFactory(username="thuky2", roles=[Role.SECRETARIAT])
    plan = b.plan(committee, year=2023)
    task = b.task(plan, department, title="Rà soát thủ tục hành chính", expected_output_note="Báo cáo")
    first, second = two_browsers
    for page, username in ((first, "thuky"), (second, "thuky2")):
        login(page, username, f.PASSWORD)
        page.goto(f"{page.base_url}/tasks/task/{task.pk}/edit/")

    first.fill("#id_title", "Rà soát, đơn giản hóa thủ tục hành chính")
    first.get_by_role("button", name="Lưu nhiệm vụ").click()
    first.wait_for_url(f"{first.base_url}/tasks/task/{task.pk}/")

    second.fill("#id_expected_output_note", "Báo cáo và danh mục thủ tục")
    second.get_by_role("button", name="Lưu nhiệm vụ").click()
    errors = second.locator(".form-errors")
    assert "Trong lúc đồng chí sửa, Lê Thư Ký đã lưu thay đổi" in errors.inner_text()
    assert "Rà soát thủ tục hành chính → Rà soát, đơn giản hóa thủ tục hành chính" in errors.inner_text()
    assert second.input_value("#id_expected_output_note") == "Báo cáo và danh mục thủ tục"
    assert second.input_value("#id_title") == "Rà soát, đơn giản hóa thủ tục hành chính"
    assert axe_violations(second) == []
    assert Task.objects.get(pk=task.pk).expected_output_note == "Báo cáo"

    second.get_by_role("button", name="Lưu nhiệm vụ").click()
    second.wait_for_url(f"{second.base_url}/tasks/task/{task.pk}/")
    saved = Task.objects.get(pk=task.pk)
    assert (saved.title, saved.expected_output_note) == (
        "Rà soát, đơn giản hóa thủ tục hành chính",
        "Báo cáo và danh mục thủ tục",
    )
