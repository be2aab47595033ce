"""Personal data of citizens: masked publication with a preview, internal notes, anonymous
reports, retention everywhere, the consent text, the contact-view log and canonical phone numbers."""

from datetime import timedelta
from importlib import import_module

import pytest
from django.apps import apps as global_apps
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import Notification
from hotline import privacy, workflow
from hotline.forms import ReportForm, consent_purpose, retention_period
from hotline.models import Attachment, ContactAccessLog, Event, Report
from hotline.personal import canonical_phone, mask_personal
from hotline.selectors import inbox, published
from tests.querycount import assert_page_queries, assert_queries

from .conftest import MONDAY, form_data, make_report, png_file

pytestmark = pytest.mark.django_db
NAME, ADDRESS = "Hoàng Thị Phản Ánh", "Số 9 đường Lê Lợi, TP Vinh"
# The input that showed the fault: a title and content carrying the submitter's name, phone, e-mail and ID.
TITLE = "Bà Hoàng Thị Phản Ánh (0912.345.678) phản ánh hồ sơ bị chậm"
CONTENT = (
    "Tôi là HOANG THI PHAN ANH, ở số 9 Đường Lê Lợi, TP Vinh, CCCD 038095001234, gọi +84 912 345 678 "
    "hoặc thư phananh@example.vn. Hồ sơ nộp ngày 01/06/2023, lệ phí 150.000 đồng."
)
PERSONAL = ("Phản Ánh", "PHAN ANH", "0912", "912 345", "phananh@", "038095001234", "Lê Lợi")


def _assert_no_personal(html: str):
    for value in PERSONAL:
        assert value not in html, value


# --- masking ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "phone",
    ["0912345678", "0912 345 678", "0912.345.678", "+84 912 345 678", "84912345678", "+84912345678", "٠٩١٢٣٤٥٦٧٨"],
)
def test_every_way_of_writing_a_phone_number_is_masked(phone):
    assert mask_personal(f"Gọi {phone} giúp tôi") == "Gọi [số điện thoại] giúp tôi"


def test_masking_names_addresses_ids_and_emails_ignores_case_and_diacritics():
    masked = mask_personal(CONTENT, names=[NAME], addresses=[ADDRESS])
    assert masked == (
        "Tôi là [họ tên], ở [địa chỉ], CCCD [số giấy tờ], gọi [số điện thoại] "
        "hoặc thư [thư điện tử]. Hồ sơ nộp ngày 01/06/2023, lệ phí 150.000 đồng."
    )
    assert mask_personal("CMND 186123456 cấp năm 2010") == "CMND [số giấy tờ] cấp năm 2010"
    assert mask_personal("Ánh sáng", names=["Ánh"]) == "[họ tên] sáng"  # whole words only
    assert mask_personal("Cánh đồng", names=["Ánh"]) == "Cánh đồng"


# --- phone numbers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    ["+84 912 345 678", "84 912 345 678", "0912.345.678", "0912-345-678", "٠٩١٢٣٤٥٦٧٨", "０９１２ ３４５ ６７８"],
)
def test_the_form_stores_one_canonical_national_form(categories, typed):
    form = ReportForm(data=form_data(categories, contact_phone=typed))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["contact_phone"] == "0912345678"


@pytest.mark.parametrize("typed", ["+1 202 555 0100", "12345", "0123", "091234567", "+84 12"])
def test_a_number_that_is_not_vietnamese_is_refused_with_a_clear_message(client, categories, typed):
    response = client.post(reverse("hotline:submit"), form_data(categories, contact_phone=typed))
    assert response.status_code == 400
    assert "số điện thoại Việt Nam" in response.content.decode()
    assert not Report.objects.exists()


def test_a_submission_with_plus_84_is_stored_canonical(client, categories):
    """The fault: "+84 912 345 678" was stored as "00912345678"."""
    assert client.post(reverse("hotline:submit"), form_data(categories, contact_phone="+84 912 345 678")).status_code
    assert Report.objects.get().contact_phone == "0912345678"


@pytest.mark.parametrize("q", ["0912345678", "+84 912 345 678", "84912345678", "0912.345.678", "0912 345 678"])
def test_the_inbox_finds_a_report_by_any_way_of_typing_its_phone(categories, q):
    report, _ = make_report(categories)
    make_report(categories, contact_phone="0987654321", title="Khác")
    assert list(inbox(filters={"q": q, "view": "all"}, today=MONDAY.date(), contact_search=True)) == [report]


def test_the_migration_canonicalises_old_phone_numbers(categories):
    report, _ = make_report(categories)
    Report.objects.filter(pk=report.pk).update(contact_phone="+84 912.345.678")
    odd, _ = make_report(categories, title="Số lạ")
    Report.objects.filter(pk=odd.pk).update(contact_phone="12345")
    _migration().forwards(global_apps, None)
    assert Report.objects.get(pk=report.pk).contact_phone == "0912345678"
    assert Report.objects.get(pk=odd.pk).contact_phone == "12345"  # not a number: kept as it was
    assert canonical_phone("00912345678") is None


def _migration():
    return import_module("hotline.migrations.0010_public_title_internal_note")


# --- publication ------------------------------------------------------------------------------------


@pytest.fixture
def submitted(categories, department, operator_user, focal_user):
    report, _ = make_report(categories, title=TITLE, content=CONTENT)
    workflow.route(report=report, user=operator_user, unit=department, days=10, today=MONDAY.date(), now=MONDAY)
    workflow.save_answer(report=report, user=focal_user, answer="Sở đã giải quyết hồ sơ.", send=True, now=MONDAY)
    return Report.objects.get(pk=report.pk)


def _review(report, **fields) -> dict:
    data = {
        "decision": "approve",
        "answer": "Sở đã giải quyết hồ sơ.",
        "publish": "on",
        "public_title": "Hồ sơ bị chậm",
        "public_summary": "Hồ sơ nộp ngày 01/06/2023 chưa có kết quả.",
    }
    data.update(fields)
    return data


def test_the_review_form_is_prefilled_with_personal_data_masked(clients, submitted):
    html = clients["hotline_operator"].get(reverse("hotline:detail", args=[submitted.pk])).content.decode()
    form = html[html.index('id="review-form"') :]
    form = form[: form.index("</form>")]
    assert "[họ tên]" in form and "[số điện thoại]" in form and "[số giấy tờ]" in form and "[địa chỉ]" in form
    _assert_no_personal(form)


def test_publishing_takes_a_preview_and_only_public_texts_reach_the_public_pages(client, clients, submitted):
    operator = clients["hotline_operator"]
    url = reverse("hotline:review", args=[submitted.pk])
    refused = operator.post(url, _review(submitted))
    assert refused.status_code == 400 and "Xem trước trang công khai" in refused.content.decode()
    preview = operator.post(url, _review(submitted, action="preview"))
    assert preview.status_code == 200
    shown = preview.content.decode()
    shown = shown[shown.index('id="public-preview"') :]
    assert "Hồ sơ bị chậm" in shown and "Sở đã giải quyết hồ sơ." in shown
    assert Report.objects.get(pk=submitted.pk).status == Report.Status.ANSWER_SUBMITTED  # nothing saved
    key = preview.context["review_form"]["previewed"].value()
    changed = operator.post(url, _review(submitted, previewed=key, public_title="Đã sửa sau khi xem"))
    assert changed.status_code == 400  # a text changed after the preview is previewed again
    assert operator.post(url, _review(submitted, previewed=key)).status_code == 302
    report = Report.objects.get(pk=submitted.pk)
    assert report.is_published and report.public_title == "Hồ sơ bị chậm" and report.title == TITLE
    page = client.get(reverse("hotline:published")).content.decode()
    assert "Hồ sơ bị chậm" in page
    _assert_no_personal(page)
    # Public search reads the public texts only: the citizen's name or raw title finds nothing.
    assert list(published(filters={"q": "hoang thi phan anh"})) == []
    assert list(published(filters={"q": "0912.345.678"})) == []
    assert list(published(filters={"q": "ho so bi cham"})) == [report]
    assert "Hồ sơ bị chậm" not in client.get(reverse("hotline:published"), {"q": "Phản Ánh"}).content.decode()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("public_title", "Bà Hoàng Thị Phản Ánh phản ánh"),
        ("public_summary", "Liên hệ 0912 345 678."),
        ("answer", "Kính gửi bà hoang thi phan anh, Sở đã giải quyết."),
    ],
)
def test_the_service_refuses_to_publish_personal_data(submitted, operator_user, field, value):
    texts = {"public_title": "Hồ sơ chậm", "public_summary": "Hồ sơ chậm.", "answer": "Đã giải quyết."}
    texts[field] = value
    with pytest.raises(ValidationError) as caught:
        workflow.review_answer(
            report=submitted, user=operator_user, approve=True, publish=True, note="", now=MONDAY, **texts
        )
    assert field in caught.value.message_dict
    assert Report.objects.get(pk=submitted.pk).status == Report.Status.ANSWER_SUBMITTED


def test_the_data_migration_masks_published_rows(categories):
    report, _ = make_report(categories, title=TITLE, content=CONTENT)
    Report.objects.filter(pk=report.pk).update(
        status=Report.Status.ANSWERED, is_published=True, public_title="", public_summary=CONTENT, published_at=MONDAY
    )
    _migration().forwards(global_apps, None)
    report.refresh_from_db()
    assert report.public_title == "Bà [họ tên] ([số điện thoại]) phản ánh hồ sơ bị chậm"
    _assert_no_personal(report.public_title + report.public_summary)
    assert report.title == TITLE
    assert list(published(filters={"q": "phan anh ho so"})) == [report]


def test_the_published_page_runs_pinned_queries(client, submitted, operator_user):
    workflow.review_answer(
        report=submitted,
        user=operator_user,
        approve=True,
        answer="Đã giải quyết.",
        publish=True,
        public_title="Hồ sơ chậm",
        public_summary="Hồ sơ chậm.",
        note="",
        now=MONDAY,
    )
    assert_page_queries(client, reverse("hotline:published"), 4, params={"q": "ho so"})


# --- notes ------------------------------------------------------------------------------------------


def test_the_routing_note_the_citizen_sees_is_labelled_and_the_internal_note_never_shown(
    client, clients, categories, department
):
    report, pin = make_report(categories)
    operator = clients["hotline_operator"]
    page = operator.get(reverse("hotline:detail", args=[report.pk])).content.decode()
    assert "Người phản ánh sẽ thấy nội dung này khi tra cứu." in page
    assert "Chỉ cán bộ xem; người phản ánh không thấy." in page
    response = operator.post(
        reverse("hotline:route", args=[report.pk]),
        {"unit": department.pk, "days": 10, "reason": "Sở sẽ liên hệ lại.", "internal_note": "Cán bộ A hay chậm."},
    )
    assert response.status_code == 302
    event = report.events.get(kind=Event.Kind.ROUTED)
    assert "Sở sẽ liên hệ lại." in event.note and event.internal_note == "Cán bộ A hay chậm."
    assert "Cán bộ A hay chậm." in operator.get(reverse("hotline:detail", args=[report.pk])).content.decode()
    client.post(reverse("hotline:lookup"), {"code": report.code, "pin": pin})
    html = client.get(reverse("hotline:lookup_result")).content.decode()
    assert "Sở sẽ liên hệ lại." in html and "Cán bộ A hay chậm." not in html


def test_the_note_to_the_unit_on_approval_is_not_shown_to_the_citizen(client, submitted, operator_user):
    workflow.review_answer(
        report=submitted,
        user=operator_user,
        approve=True,
        answer="Đã giải quyết.",
        publish=False,
        public_summary="",
        note="Lần sau trả lời sớm hơn.",
        now=MONDAY,
    )
    assert workflow.Event.objects.filter(internal_note="Lần sau trả lời sớm hơn.", note="").exists()
    assert not Event.objects.filter(is_public=True, note__contains="Lần sau").exists()


# --- anonymous reports ------------------------------------------------------------------------------


def test_an_anonymous_report_keeps_no_contact_whatever_was_sent(client, categories):
    """The fault: an "anonymous" report could carry a name and phone."""
    data = form_data(categories, submitter_type="anonymous", contact_phone="+1 202 555 0100")
    assert client.post(reverse("hotline:submit"), data).status_code == 302
    report = Report.objects.get()
    assert not report.has_contact and report.consent_at is None


def test_the_service_drops_contact_of_an_anonymous_report(categories):
    report, _ = make_report(categories, submitter_type="anonymous")
    assert not report.has_contact and report.consent_at is None


def test_the_form_hides_contact_for_anonymous_with_a_script_and_says_so_without(client):
    html = client.get(reverse("hotline:submit")).content.decode()
    assert 'class="hotline-contact"' in html and "js/hotline.js" in html
    assert "thông tin liên hệ không được lưu" in html


# --- consent ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("days", "said"), [(5 * 365, "5 năm"), (540, "18 tháng"), (45, "45 ngày")])
def test_the_consent_text_says_who_sees_the_data_and_for_how_long(client, settings, days, said):
    settings.HOTLINE_RETENTION_DAYS = days
    assert retention_period(days) == said
    text = consent_purpose()
    for part in ("điều phối viên đường dây nóng", "lãnh đạo", "đầu mối của đơn vị", "khi điều phối viên chia sẻ", said):
        assert part in text
    assert said in client.get(reverse("hotline:submit")).content.decode()


# --- retention --------------------------------------------------------------------------------------


def test_retention_removes_personal_data_everywhere_and_history_says_the_system_did_it(
    settings, categories, department, operator_user, focal_user
):
    settings.HOTLINE_RETENTION_DAYS = 30
    report, _ = make_report(
        categories, title=TITLE, content=CONTENT, attachments=[(png_file("cccd-hoang-thi-phan-anh.png"), "image/png")]
    )
    workflow.route(
        report=report,
        user=operator_user,
        unit=department,
        days=10,
        today=MONDAY.date(),
        now=MONDAY,
        note="Đã gọi bà Hoàng Thị Phản Ánh",
        internal_note="Số 0912345678 gọi nhiều lần",
    )
    Notification.objects.create(
        user=operator_user, title="Phản ánh mới", body=f"Phản ánh — {TITLE}", url=f"/hotline/reports/{report.pk}/"
    )
    attachment = Attachment.objects.get(report=report)
    stored = attachment.file.path
    later = MONDAY + timedelta(days=31)

    assert privacy.anonymise_expired(now=later) == 1

    report = Report.objects.get(pk=report.pk)
    assert not report.has_contact and report.anonymised_at == later
    for text in (report.title, report.content):
        _assert_no_personal(text)
    for row in report.history.all():
        _assert_no_personal(row.title + row.content)
    for event in report.events.all():
        _assert_no_personal(event.note + event.internal_note)
    notice = Notification.objects.get(url=f"/hotline/reports/{report.pk}/")
    _assert_no_personal(notice.title + notice.body)
    attachment.refresh_from_db()
    assert not attachment.file and "phan-anh" not in attachment.original_name
    import os

    assert not os.path.exists(stored)
    last = report.history.order_by("-history_date", "-history_id").first()
    assert last.history_user is None and last.anonymised_at == later
    assert last.history_change_reason.startswith("Hệ thống")
    assert report.events.filter(kind=Event.Kind.ANONYMISED, is_public=False).count() == 1


# --- the contact-view log ---------------------------------------------------------------------------


def test_the_contact_action_runs_pinned_queries_and_writes_one_row(clients, categories):
    report, _ = make_report(categories)
    client = clients["hotline_operator"]
    client.post(reverse("hotline:contact", args=[report.pk]))  # warm up
    with CaptureQueriesContext(connection) as ctx:
        assert client.post(reverse("hotline:contact", args=[report.pk])).status_code == 200
    assert_queries([q["sql"] for q in ctx.captured_queries], 15, "contact action")
    assert ContactAccessLog.objects.filter(report=report).count() == 2


# --- the demo ---------------------------------------------------------------------------------------


def test_the_demo_published_answers_show_no_personal_data(client, reference_data, settings):
    from io import StringIO

    from django.core.management import call_command

    settings.DEBUG = True  # demo accounts are created only in a trial run
    call_command("load_nghean_2023", demo=True, stdout=StringIO())
    rows = list(Report.objects.filter(is_published=True))
    assert rows and all(row.public_title and row.public_summary for row in rows)
    html = client.get(reverse("hotline:published")).content.decode()
    assert rows[0].public_title in html
    for row in Report.objects.filter(is_demo=True):
        for value in (row.contact_name, row.contact_phone, row.contact_email, row.contact_address):
            assert not value or value not in html
