"""The hotline in a real browser: a citizen submits with an attachment and looks the report up;
tongdai routes it, daumoi (Sở Nội vụ) answers, tongdai approves and publishes, the citizen rates
it, lanhdao sees it on the hot-spot dashboard. axe finds nothing serious on the public pages."""

import re

import pytest

from .conftest import axe_violations, login

pytestmark = pytest.mark.e2e
PASSWORD = "nghean2023"
PNG = bytes.fromhex(
    "89504E470D0A1A0A0000000D49484452000000010000000108060000001F15C4890000000D4944415478DA63F8FFFF3F0005FE02FEA7D6A4E80000000049454E44AE426082"
)
TITLE = "Bộ phận một cửa đòi thêm giấy tờ ngoài quy định"


def _look_up(page, code: str, pin: str):
    page.goto(f"{page.base_url}/hotline/lookup/")
    page.fill("#id_code", code)
    page.fill("#id_pin", pin)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("networkidle")


def test_hotline_from_citizen_to_leadership(browser, page, e2e_data, live_server):
    base = page.base_url
    # The public form, accessible.
    page.goto(f"{base}/hotline/")
    assert axe_violations(page) == []
    page.check("input[name=submitter_type][value=individual]")
    page.fill("#id_contact_name", "Công dân Thử Nghiệm")
    page.fill("#id_contact_phone", "0912345678")
    page.fill("#unit-filter", "nội vụ")
    assert page.locator("#id_unit_concerned").input_value() != ""
    page.select_option("#id_unit_concerned", label="Sở Nội vụ")
    page.fill("#id_title", TITLE)
    page.fill("#id_content", "Cán bộ yêu cầu nộp thêm bản sao chứng thực không có trong danh mục thủ tục.")
    page.set_input_files("#id_attachments", files=[{"name": "bien-nhan.png", "mimeType": "image/png", "buffer": PNG}])
    page.check("#id_consent")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    code = page.locator("#tracking-code").inner_text().strip()
    pin = page.locator("#tracking-pin").inner_text().strip()
    assert re.fullmatch(r"[2-9A-Z]{4}-[2-9A-Z]{4}", code) and re.fullmatch(r"\d{4} \d{4}", pin)
    assert axe_violations(page) == []

    citizen = browser.new_context(locale="vi-VN")
    cpage = citizen.new_page()
    cpage.base_url = base
    _look_up(cpage, code, pin)
    assert cpage.locator("#report-status").inner_text() == "Mới tiếp nhận"
    assert "0912345678" not in cpage.content()
    assert axe_violations(cpage) == []

    # tongdai routes it to Sở Nội vụ.
    staff = browser.new_context(locale="vi-VN")
    spage = staff.new_page()
    spage.base_url = base
    login(spage, "tongdai", PASSWORD)
    spage.goto(f"{base}/hotline/inbox/?q={code}")
    spage.click(f"a:has-text('{code}')")
    detail_url = spage.url
    assert "0912345678" not in spage.content()  # the contact block opens on an explicit, logged action
    spage.click("#show-contact")
    spage.wait_for_load_state("networkidle")
    assert "0912345678" in spage.content()
    spage.goto(detail_url)
    spage.select_option("#route-form select[name=unit]", label="Sở Nội vụ")
    spage.click("#route-form button[type=submit]")
    spage.wait_for_load_state("networkidle")
    assert spage.locator("#report-status").inner_text() == "Đang xử lý"
    staff.close()

    # daumoi answers without seeing the contact details.
    staff = browser.new_context(locale="vi-VN")
    spage = staff.new_page()
    spage.base_url = base
    login(spage, "daumoi", PASSWORD)
    spage.goto(f"{base}/hotline/unit/")
    spage.click(f"a:has-text('{code}')")
    assert "0912345678" not in spage.content() and "Công dân Thử Nghiệm" not in spage.content()
    spage.fill("#answer-form textarea[name=answer]", "Sở đã chấn chỉnh cán bộ và tiếp nhận hồ sơ đúng quy định.")
    spage.click("#answer-form button[value=send]")
    spage.wait_for_load_state("networkidle")
    assert spage.locator("#report-status").inner_text() == "Đơn vị đã trả lời, chờ duyệt"
    staff.close()

    # tongdai approves and publishes.
    staff = browser.new_context(locale="vi-VN")
    spage = staff.new_page()
    spage.base_url = base
    login(spage, "tongdai", PASSWORD)
    spage.goto(detail_url)
    spage.check("#review-form input[name=decision][value=approve]")
    spage.check("#review-form input[name=publish]")
    spage.fill("#review-form textarea[name=public_summary]", "Bộ phận một cửa yêu cầu thêm giấy tờ ngoài danh mục.")
    spage.click("#review-form button[value=preview]")
    spage.wait_for_load_state("networkidle")
    assert "Bộ phận một cửa yêu cầu thêm giấy tờ" in spage.locator("#public-preview").inner_text()
    spage.click("#review-form button[value=confirm]")
    spage.wait_for_load_state("networkidle")
    assert spage.locator("#report-status").inner_text() == "Đã trả lời"
    staff.close()

    # The citizen reads the answer, rates it; the answer is public without personal data.
    _look_up(cpage, code, pin)
    assert "Sở đã chấn chỉnh cán bộ" in cpage.content()
    cpage.check("input[name=satisfied][value='1']")
    cpage.click("button:has-text('Gửi đánh giá')")
    cpage.wait_for_load_state("networkidle")
    assert "Ông/Bà đã đánh giá" in cpage.content()
    cpage.goto(f"{base}/hotline/answers/")
    assert TITLE in cpage.content() and "0912345678" not in cpage.content()
    assert axe_violations(cpage) == []
    citizen.close()

    # lanhdao sees Sở Nội vụ among the hot spots.
    staff = browser.new_context(locale="vi-VN")
    spage = staff.new_page()
    spage.base_url = base
    login(spage, "lanhdao", PASSWORD)
    spage.goto(f"{base}/hotline/hot-spots/")
    assert "Sở Nội vụ" in spage.locator("#by-unit").inner_text()
    assert "gợi ý chọn làm điểm chỉ đạo" in spage.content()
    staff.close()
