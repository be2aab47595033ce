"""The date widget in a browser: a text box typed dd/mm/yyyy (never a native date box, whose order follows
the browser's language) with a calendar button named for its field; the day picked in the calendar lands in
the box as dd/mm/yyyy, and a day typed dd/mm/yyyy is saved as that day."""

from datetime import date

import pytest

from core.models import CalendarEntry
from tests.factories import PASSWORD

from .conftest import axe_violations, login

pytestmark = pytest.mark.e2e


def test_the_date_box_takes_a_typed_or_picked_day_as_dd_mm_yyyy(page, cast, transactional_db):
    login(page, "thuky", PASSWORD)
    page.goto(f"{page.base_url}/holidays/?year=2026")
    box = page.locator("#id_date")
    assert box.get_attribute("type") == "text" and box.get_attribute("placeholder") == "dd/mm/yyyy"
    assert page.locator("main input[type=date]:not(.date-native)").count() == 0
    button = page.get_by_role("button", name="Chọn ngày trên lịch: Ngày")
    assert button.is_visible()
    # The calendar is the browser's own; picking in it sets the hidden native box's ISO value.
    page.evaluate(
        """() => { const n = document.querySelector('#id_date').parentNode.querySelector('.date-native');
                   n.value = '2026-03-05'; n.dispatchEvent(new Event('change')); }"""
    )
    assert box.input_value() == "05/03/2026"
    assert axe_violations(page) == []
    box.fill("07/09/2026")
    page.fill("#id_name", "Nghỉ bù")
    page.fill("#id_source_document", "TB 12/UBND")
    page.locator("main form.card button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert CalendarEntry.objects.filter(date=date(2026, 9, 7), name="Nghỉ bù").exists()
