"""The public hotline form works with the keyboard alone, and its errors are linked to their fields."""

import pytest

from hotline.models import Report

pytestmark = pytest.mark.e2e


def tab_to(page, element_id: str, limit: int = 80) -> None:
    """Press Tab until the element has focus: proves it is reachable by keyboard, in order."""
    for _ in range(limit):
        if page.evaluate("() => document.activeElement && document.activeElement.id") == element_id:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"#{element_id} cannot be reached with the Tab key")


def described_by_text(page, element_id: str) -> str:
    return page.evaluate(
        """(id) => {
            const el = document.getElementById(id);
            const ids = (el.getAttribute('aria-describedby') || '').split(/\\s+/).filter(Boolean);
            return ids.map(i => (document.getElementById(i) || {}).textContent || '').join(' ');
        }""",
        element_id,
    )


def test_a_citizen_completes_the_form_with_the_keyboard_and_errors_point_at_their_fields(page, e2e_data):
    before = Report.objects.count()
    page.goto(f"{page.base_url}/hotline/")

    # First attempt: the title is left empty and the form is sent with Enter on the button.
    tab_to(page, "id_submitter_type_0")
    page.keyboard.press("Space")  # an individual
    tab_to(page, "id_contact_name")
    page.keyboard.type("Nguyễn Văn Bàn Phím")
    tab_to(page, "id_contact_phone")
    page.keyboard.type("0912345678")
    tab_to(page, "id_content")
    page.keyboard.type("Hồ sơ đất đai của tôi bị trả lại nhiều lần mà không nêu lý do.")
    tab_to(page, "id_consent")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.textContent.trim()")
    assert focused == "Gửi phản ánh", "the honeypot must not take keyboard focus before the button"
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert Report.objects.count() == before
    title = page.locator("#id_title")
    assert title.get_attribute("aria-invalid") == "true"
    assert "bắt buộc" in described_by_text(page, "id_title").lower()

    # Second attempt: fill the title, keep the rest, send again.
    tab_to(page, "id_title")
    page.keyboard.type("Chậm giải quyết hồ sơ đất đai")
    if page.locator("#id_consent").is_checked() is False:
        tab_to(page, "id_consent")
        page.keyboard.press("Space")
    tab_to(page, "id_content")
    if not page.locator("#id_content").input_value():
        page.keyboard.type("Hồ sơ đất đai của tôi bị trả lại nhiều lần mà không nêu lý do.")
    page.locator("main form button[type=submit]").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert Report.objects.count() == before + 1
    assert page.locator(".tracking-code").first.is_visible()
