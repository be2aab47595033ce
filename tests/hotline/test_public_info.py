"""The public hotline pages: the hotline's number and hours from the settings, a receipt whose codes never
break and can be copied and printed, and a rate-limit page that says how long to wait."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from hotline.views.public import wait_seconds

from .conftest import form_data, make_report

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def test_the_settings_read_the_number_and_hours_from_the_environment_with_demo_defaults():
    text = (ROOT / "steering" / "settings.py").read_text(encoding="utf-8")
    assert 'env.str("HOTLINE_PHONE"' in text and 'env.str("HOTLINE_HOURS"' in text
    assert settings.HOTLINE_PHONE and settings.HOTLINE_HOURS


@pytest.mark.parametrize("name", ["hotline:submit", "hotline:lookup", "hotline:published"])
def test_public_pages_show_the_hotline_number_and_hours(client, settings, name):
    settings.HOTLINE_PHONE = "0238 3 844 555"
    settings.HOTLINE_HOURS = "Từ 7h30 đến 17h00 các ngày làm việc"
    html = client.get(reverse(name)).content.decode()
    assert 'href="tel:02383844555"' in html and "0238 3 844 555" in html
    assert "Từ 7h30 đến 17h00 các ngày làm việc" in html


def _receipt(client, categories):
    assert client.post(reverse("hotline:submit"), form_data(categories)).status_code == 302
    return client.get(reverse("hotline:receipt"))


def test_the_receipt_shows_the_codes_unbroken_with_copy_and_print_buttons(client, categories, settings):
    settings.HOTLINE_PHONE = "0238 3 844 555"
    response = _receipt(client, categories)
    html = response.content.decode()
    code, pin = response.context["report"].display_code, response.context["pin"]
    assert f'<code class="tracking-code" id="tracking-code">{code}</code>' in html
    assert f'<code class="tracking-code" id="tracking-pin">{pin}</code>' in html
    # Copy buttons for each code, and a print button: hidden until the script shows them (no JS: plain text).
    assert re.search(r'<button type="button"[^>]*data-copy="tracking-code"[^>]*hidden>Sao chép</button>', html)
    assert re.search(r'<button type="button"[^>]*data-copy="tracking-pin"[^>]*hidden>Sao chép</button>', html)
    assert 'id="print-receipt" hidden' in html
    assert '<script src="/static/js/receipt.js" defer></script>' in html
    assert "0238 3 844 555" in html
    # No personal data of the sender on the receipt.
    for personal in ("Hoàng Thị Phản Ánh", "0912 345 678", "0912345678", "phananh@example.vn", "Lê Lợi"):
        assert personal not in html


def test_the_codes_are_monospace_never_broken_and_print_shows_the_receipt_alone():
    css = (ROOT / "static" / "css" / "hotline.css").read_text(encoding="utf-8")
    rule = re.search(r"\.tracking-code \{([^}]*)\}", css).group(1)
    assert "monospace" in rule and "white-space: nowrap" in rule
    printing = css.split("@media print", 1)[1]
    assert "main:has(> .receipt-card) > :not(.receipt-card) { display: none !important; }" in printing
    script = (ROOT / "static" / "js" / "receipt.js").read_text(encoding="utf-8")
    assert "navigator.clipboard" in script and "window.print()" in script
    assert "://" not in script  # vendored here: nothing loaded from elsewhere


def test_wait_seconds_read_the_limiters_window():
    assert wait_seconds("5/h") == 3600
    assert wait_seconds("20/10m") == 600
    assert wait_seconds("3/d") == 86400


def test_too_many_reports_says_how_many_minutes_to_wait(client, categories, settings):
    settings.HOTLINE_RATE_LIMIT = "1/30m"
    assert client.post(reverse("hotline:submit"), form_data(categories, contact_phone="0912345670")).status_code == 302
    response = client.post(reverse("hotline:submit"), form_data(categories, contact_phone="0912345671"))
    assert response.status_code == 429
    html = response.content.decode()
    assert "Vui lòng thử lại sau 30 phút." in html
    assert response["Retry-After"] == "1800"
    assert settings.HOTLINE_PHONE in html


def test_too_many_look_ups_says_how_many_minutes_to_wait(client, categories, settings):
    settings.HOTLINE_LOOKUP_RATE_LIMIT = "1/h"
    report, _pin = make_report(categories)
    assert client.post(reverse("hotline:lookup"), {"code": report.code, "pin": "11111111"}).status_code == 400
    blocked = client.post(reverse("hotline:lookup"), {"code": report.code, "pin": "11111111"})
    assert blocked.status_code == 429
    assert "Vui lòng thử lại sau 60 phút." in blocked.content.decode()
    assert blocked["Retry-After"] == "3600"
