"""Bad input at the public intake: a Vietnamese message, a 4xx, no 500 and nothing half-saved."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hotline.models import Attachment, Event, Outbox, Report

from .conftest import PDF, form_data, pdf_file, png_file

pytestmark = pytest.mark.django_db
URL = "/hotline/"


def _counts() -> tuple[int, ...]:
    return (Report.objects.count(), Attachment.objects.count(), Event.objects.count(), Outbox.objects.count())


def _post(client, data):
    before = _counts()
    response = client.post(URL, data)
    assert _counts() == before, "nothing may be saved on bad input"
    return response, response.content.decode()


def test_valid_submission_is_saved(client, categories):
    response = client.post(URL, form_data(categories, attachments=[png_file(), pdf_file()]))
    assert response.status_code == 302
    assert Report.objects.count() == 1
    assert sorted(Attachment.objects.values_list("content_type", flat=True)) == ["application/pdf", "image/png"]
    assert response["Cache-Control"].count("no-store") == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", b"MZ\x90\x00" + b"\0" * 100, "không đúng định dạng"),
        ("ghichu.txt", b"hello", "không đúng định dạng"),
        ("anh-gia.jpg", PDF, "không khớp với phần mở rộng"),
        ("hoa-don.pdf", b"<html><script>alert(1)</script></html>", "không khớp với phần mở rộng"),
        ("rong.pdf", b"", "rỗng"),
    ],
)
def test_wrong_type_forged_or_empty_attachment_is_refused(client, categories, name, content, message):
    upload = SimpleUploadedFile(name, content)
    response, html = _post(client, form_data(categories, attachments=[upload]))
    assert response.status_code == 400
    assert message in html


def test_oversized_attachment_is_refused(client, categories, settings):
    settings.HOTLINE_ATTACHMENT_MAX_BYTES = 1024
    big = SimpleUploadedFile("lon.pdf", PDF + b"0" * 2048)
    response, html = _post(client, form_data(categories, attachments=[big]))
    assert response.status_code == 400
    assert "vượt quá dung lượng cho phép" in html


def test_more_than_five_attachments_are_refused(client, categories):
    response, html = _post(client, form_data(categories, attachments=[png_file(f"a{i}.png") for i in range(6)]))
    assert response.status_code == 400
    assert "tối đa 5 tệp" in html


def test_missing_required_fields_are_reported(client, categories):
    response, html = _post(client, {"submitter_type": "anonymous"})
    assert response.status_code == 400
    assert "Trường này là bắt buộc" in html
    assert 'aria-invalid="true"' in html


def test_ten_kilobyte_title_is_refused(client, categories):
    response, html = _post(client, form_data(categories, title="T" * 10_000))
    assert response.status_code == 400
    assert "Tối đa 200 ký tự (hiện có 10.000 ký tự)." in html


def test_oversized_content_is_refused(client, categories):
    response, _ = _post(client, form_data(categories, content="x" * 5001))
    assert response.status_code == 400


@pytest.mark.parametrize("phone", ["12345", "0912abc678", "+1 555 0100", "0" * 15])
def test_invalid_phone_is_refused(client, categories, phone):
    response, html = _post(client, form_data(categories, contact_phone=phone))
    assert response.status_code == 400
    assert "Số điện thoại không hợp lệ" in html


def test_invalid_email_is_refused(client, categories):
    response, html = _post(client, form_data(categories, contact_email="khong-phai-email@"))
    assert response.status_code == 400
    assert "Địa chỉ thư điện tử không hợp lệ" in html


def test_contact_details_without_consent_are_refused(client, categories):
    response, html = _post(client, form_data(categories, consent=None))
    assert response.status_code == 400
    assert "Ông/Bà cần đồng ý với việc xử lý dữ liệu cá nhân" in html


def test_identified_submitter_must_give_a_way_to_reach_them(client, categories):
    response, html = _post(client, form_data(categories, contact_phone="", contact_email=""))
    assert response.status_code == 400
    assert "số điện thoại hoặc thư điện tử" in html


def test_anonymous_report_needs_no_contact_nor_consent(client, categories):
    data = form_data(
        categories,
        submitter_type="anonymous",
        contact_name="",
        contact_phone="",
        contact_email="",
        contact_address="",
        consent=None,
    )
    response = client.post(URL, data)
    assert response.status_code == 302
    report = Report.objects.get()
    assert not report.has_contact and report.consent_at is None


def test_honeypot_filled_is_refused(client, categories):
    response, html = _post(client, form_data(categories, website="http://spam.example"))
    assert response.status_code == 400
    assert "Không thể gửi phản ánh" in html


def test_html_and_script_payloads_are_shown_escaped(client, categories, clients):
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    response = client.post(URL, form_data(categories, title=payload, content=payload, contact_name=payload))
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.title == payload  # stored as typed, escaped on output
    html = clients["hotline_operator"].get(reverse("hotline:detail", args=[report.pk])).content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    inbox = clients["hotline_operator"].get(reverse("hotline:inbox")).content.decode()
    assert "<script>alert" not in inbox and "&lt;script&gt;" in inbox
    # The bad-input page echoes the payload escaped too.
    bad = client.post(URL, form_data(categories, title=payload, consent=None)).content.decode()
    assert "<script>alert" not in bad


def test_rate_limit_per_ip_answers_429_in_vietnamese(client, categories, settings):
    settings.HOTLINE_RATE_LIMIT = "2/h"
    for i in range(2):
        assert client.post(URL, form_data(categories, contact_phone=f"091234567{i}")).status_code == 302
    response, html = _post(client, form_data(categories, contact_phone="0912345679"))
    assert response.status_code == 429
    assert "Ông/Bà đã gửi quá nhiều phản ánh" in html
    assert Report.objects.count() == 2


def test_rate_limit_per_phone_number_across_addresses(client, categories, settings):
    settings.HOTLINE_RATE_LIMIT = "2/h"
    for i in range(2):
        response = client.post(URL, form_data(categories, contact_phone="0912 345 678"), REMOTE_ADDR=f"10.0.0.{i + 1}")
        assert response.status_code == 302
    before = Report.objects.count()
    response = client.post(URL, form_data(categories, contact_phone="+84912345678"), REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 429
    assert "quá nhiều phản ánh" in response.content.decode()
    assert Report.objects.count() == before


def test_invalid_submissions_do_not_use_up_the_rate_limit(client, categories, settings):
    settings.HOTLINE_RATE_LIMIT = "1/h"
    for _ in range(3):
        assert client.post(URL, form_data(categories, consent=None)).status_code == 400
    assert client.post(URL, form_data(categories)).status_code == 302
