"""Look-up by code and PIN: POST only, same answer for unknown code and wrong PIN, rate limited,
never cached; codes are short and carry enough randomness."""

import math

import pytest
from django.urls import reverse

from hotline import codes

from .conftest import make_report

pytestmark = pytest.mark.django_db
URL = "/hotline/lookup/"


def test_code_and_pin_carry_at_least_64_bits():
    bits = codes.CODE_LENGTH * math.log2(len(codes.ALPHABET)) + codes.PIN_LENGTH * math.log2(10)
    assert bits >= 64
    assert not set("01OI") & set(codes.ALPHABET)
    code = codes.new_code()
    assert codes.is_code_shaped(code) and len(code) == 8


def test_code_is_normalised_as_read_on_the_phone():
    assert codes.normalise_code(" ab2c-d3ef ") == "AB2CD3EF"
    assert codes.normalise_pin("1234 5678") == "12345678"


def test_pin_is_stored_only_as_a_hash(categories):
    report, pin = make_report(categories)
    assert pin not in report.pin_hash
    assert codes.check_pin(report.code, pin, report.pin_hash)
    assert not codes.check_pin(report.code, "00000000", report.pin_hash)


def test_wrong_pin_and_unknown_code_get_the_same_answer(client, categories):
    report, pin = make_report(categories)
    wrong_pin = client.post(URL, {"code": report.code, "pin": "00000000"})
    unknown = client.post(URL, {"code": "ZZZZZZZZ" if report.code != "ZZZZZZZZ" else "YYYYYYYY", "pin": pin})
    assert wrong_pin.status_code == unknown.status_code == 400
    message = "Mã tra cứu hoặc mã bí mật không đúng."
    assert message in wrong_pin.content.decode() and message in unknown.content.decode()
    assert report.title not in wrong_pin.content.decode()


def test_lookup_shows_status_and_public_timeline_and_is_not_cached(client, categories):
    report, pin = make_report(categories)
    response = client.post(URL, {"code": report.display_code.lower(), "pin": codes.display_pin(pin)})
    assert response.status_code == 302
    assert report.code not in response["Location"]
    page = client.get(reverse("hotline:lookup_result"))
    html = page.content.decode()
    assert "Mới tiếp nhận" in html and "Tiếp nhận phản ánh" in html
    assert "no-store" in page["Cache-Control"]
    assert "no-store" in client.get(URL)["Cache-Control"]


def test_lookup_is_rate_limited_per_ip(client, categories, settings):
    settings.HOTLINE_LOOKUP_RATE_LIMIT = "3/h"
    report, pin = make_report(categories)
    for _ in range(3):
        assert client.post(URL, {"code": report.code, "pin": "11111111"}).status_code == 400
    blocked = client.post(URL, {"code": report.code, "pin": pin})
    assert blocked.status_code == 429
    assert "Ông/Bà đã tra cứu quá nhiều lần" in blocked.content.decode()
    other_ip = client.post(URL, {"code": report.code, "pin": pin}, REMOTE_ADDR="10.1.1.1")
    assert other_ip.status_code == 302


def test_rating_needs_an_answer_and_a_looked_up_session(client, categories):
    report, pin = make_report(categories)
    assert client.post(reverse("hotline:lookup_rate"), {"satisfied": "1"}).status_code == 302
    client.post(URL, {"code": report.code, "pin": pin})
    response = client.post(reverse("hotline:lookup_rate"), {"satisfied": "1"})
    assert response.status_code == 400
    assert "Không thể thực hiện" in response.content.decode()
