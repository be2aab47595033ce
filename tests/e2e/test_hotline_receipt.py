"""The receipt in a real browser on a 390 px phone: the codes stay on one line each, "Sao chép" copies them,
printing shows the receipt alone, and the page does not scroll sideways."""

import pytest

from .conftest import axe_violations

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


def test_the_receipt_on_a_phone_copies_and_prints_the_codes(browser, live_server, e2e_data):
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport=PHONE)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/hotline/")
    assert page.locator("#hotline-phone").is_visible()
    page.check("input[name=submitter_type][value=anonymous]")
    page.fill("#id_title", "Bộ phận một cửa hẹn trả kết quả quá hạn")
    page.fill("#id_content", "Hồ sơ nộp đã quá hạn trả kết quả mà chưa có thông báo.")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("networkidle")

    code, pin = page.locator("#tracking-code"), page.locator("#tracking-pin")
    line = page.evaluate("() => parseFloat(getComputedStyle(document.getElementById('tracking-code')).lineHeight)")
    for element in (code, pin):
        assert element.evaluate("e => getComputedStyle(e).whiteSpace") == "nowrap"
        assert element.bounding_box()["height"] <= line + 1  # one line
    culprits = page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
            .slice(0, 8).map(e => e.tagName + '#' + e.id + '.' + e.className + ' ' + e.getBoundingClientRect().right)"""
    )
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"], culprits
    assert axe_violations(page) == []

    copy = page.locator("button[data-copy=tracking-pin]")
    assert copy.is_visible() and page.locator("#print-receipt").is_visible()
    copy.click()
    page.wait_for_function("() => document.getElementById('copy-status').textContent !== ''")
    assert page.evaluate("() => navigator.clipboard.readText()") == pin.inner_text().strip()

    page.emulate_media(media="print")
    assert code.is_visible() and pin.is_visible()
    assert not page.locator("#print-receipt").is_visible() and not copy.is_visible()
    assert not page.locator(".site-header").is_visible() and not page.locator(".site-footer").is_visible()
    context.close()


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1280, "height": 900}])
def test_going_back_from_the_receipt_empties_the_form_so_it_is_not_filed_twice(
    browser, live_server, e2e_data, viewport
):
    from hotline.models import Report

    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/hotline/")
    before = Report.objects.count()
    page.fill("#id_contact_name", "Nguyễn Văn Thử")
    page.fill("#id_contact_phone", "0912 345 678")
    page.fill("#id_title", "Chậm trả kết quả hồ sơ đất đai")
    page.fill("#id_content", "Hồ sơ nộp đã quá hạn trả kết quả mà chưa có thông báo.")
    page.check("#id_consent")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/hotline/receipt/"), page.locator(".errorlist, .form-errors").all_inner_texts()
    page.go_back()
    page.wait_for_function("() => !document.getElementById('sent-notice').hidden")
    assert page.input_value("#id_title") == "" and page.input_value("#id_content") == ""
    assert page.input_value("#id_contact_name") == ""
    page.locator("main form button[type=submit]").click()  # pressed again out of habit: nothing is filed
    page.wait_for_load_state("networkidle")
    assert Report.objects.count() == before + 1
    # A later visit of the form is an ordinary one: no notice.
    page.goto(f"{live_server.url}/hotline/")
    assert page.locator("#sent-notice").is_hidden()
    context.close()
