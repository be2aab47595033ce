"""Issuing the month's report on a 390 px phone without JavaScript: the secretariat chooses the place and
date on the review board, the report takes the register's next number, the register lists it and its
file downloads; the pages stay within the screen and axe finds nothing serious."""

import pytest

from documents.models import IssuedDocument
from documents.register import next_number
from members.seed import DEMO_PASSWORD
from members.selectors import provincial_committee

from .conftest import axe_violations, login
from .test_year_picker import PHONE, _fits

pytestmark = pytest.mark.e2e


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
        viewport=PHONE,
        java_script_enabled=False,
        accept_downloads=True,
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.base_url = live_server.url
    yield page
    context.close()


def test_the_secretariat_issues_the_months_report_on_a_phone(phone, page, e2e_data):
    committee = provincial_committee()
    login(phone, "thuky", DEMO_PASSWORD)
    phone.goto(f"{phone.base_url}/tasks/review/{committee.pk}/2023/7/")
    _fits(phone)
    # Section IV of the report: the secretariat's assessment comes before issuing.
    assess = phone.locator(f"form[action='/tasks/review/{committee.pk}/2023/7/assess/']")
    assess.get_by_label("Đánh giá của Bộ phận Thường trực").fill("Các đơn vị báo cáo cơ bản đúng hạn.")
    with phone.expect_navigation():
        assess.get_by_role("button", name="Lưu đánh giá").click()
    # The number the register gives next in 2023 (the demo has issued documents of its own).
    number = next_number(committee, IssuedDocument.Kind.REPORT, 2023)
    form = phone.locator(f"form[action='/tasks/review/{committee.pk}/2023/7/issue/']")
    form.get_by_label("Ngày ban hành").fill("07/08/2023")
    form.get_by_label("Địa danh").fill("Nghệ An")
    with phone.expect_navigation():
        form.get_by_role("button", name="Ban hành").click()
    assert f"Đã ban hành: số {number} ngày 07/08/2023." in phone.locator("#issued-report").inner_text()
    with phone.expect_download() as download:
        phone.locator("#issued-report a").click()
    assert download.value.suggested_filename == "bao-cao-thang-2023-07.docx"
    register = f"/documents/?committee={committee.pk}&year=2023"
    letterhead = f"/documents/{committee.pk}/letterhead/"
    phone.goto(phone.base_url + register)
    row = phone.locator("#register tbody tr").first
    assert number in row.inner_text() and "07/08/2023" in row.inner_text()
    _fits(phone)
    phone.goto(phone.base_url + letterhead)
    assert "TỈNH ỦY NGHỆ AN" in phone.locator("main").inner_html()
    _fits(phone)
    # axe runs in the page: a context with JavaScript.
    login(page, "thuky", DEMO_PASSWORD)
    for path in (register, letterhead):
        page.goto(page.base_url + path)
        assert axe_violations(page) == [], page.url
