"""The answer can carry the official reply letter: an operator attaches it (checked like every upload), the
citizen downloads it at look-up once answered, under a name made of the tracking code, and the retention
period deletes it like the report's other files."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from hotline import privacy, workflow
from hotline.models import Attachment, Event

from .conftest import MONDAY, PDF, make_report, pdf_file, png_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(categories, department, operator_user, focal_user):
    report, pin = make_report(categories)
    workflow.route(report=report, user=operator_user, unit=department, days=10, today=MONDAY.date(), now=MONDAY)
    workflow.save_answer(report=report, user=focal_user, answer="Sở đã chấn chỉnh.", send=True, now=MONDAY)
    report.refresh_from_db()
    report.pin = pin
    return report


def _approve(report, operator_user):
    workflow.review_answer(
        report=report,
        user=operator_user,
        approve=True,
        answer="Sở đã chấn chỉnh.",
        publish=False,
        public_title="",
        public_summary="",
        note="",
        now=MONDAY,
    )


def _attach(client, report, *files):
    return client.post(reverse("hotline:attach_answer_files", args=[report.pk]), {"files": list(files)})


def _look_up(report) -> Client:
    citizen = Client()
    response = citizen.post(reverse("hotline:lookup"), {"code": report.code, "pin": report.pin})
    assert response.status_code == 302
    return citizen


def test_operator_attaches_the_reply_letter_and_the_citizen_downloads_it_once_answered(
    submitted, clients, operator_user
):
    response = _attach(clients["hotline_operator"], submitted, pdf_file("Cong van tra loi ong Hoang Thi Phan Anh.pdf"))
    assert response.status_code == 302
    item = Attachment.objects.get(report=submitted, is_answer=True)
    assert item.added_by == operator_user and item.content_type == "application/pdf"
    assert "Hoang" not in item.file.name  # stored under a random name
    assert Event.objects.filter(report=submitted, kind=Event.Kind.ANSWER_FILES, is_public=False).exists()
    staff_page = clients["hotline_operator"].get(reverse("hotline:detail", args=[submitted.pk])).content.decode()
    assert 'id="answer-files"' in staff_page and "Cong van tra loi" in staff_page

    citizen = _look_up(submitted)
    page = citizen.get(reverse("hotline:lookup_result")).content.decode()
    assert 'id="answer-files"' not in page  # not answered yet: the unit's answer waits for approval
    assert citizen.get(reverse("hotline:lookup_file", args=[item.pk])).status_code == 404

    _approve(submitted, operator_user)
    page = citizen.get(reverse("hotline:lookup_result")).content.decode()
    assert reverse("hotline:lookup_file", args=[item.pk]) in page
    assert "Hoang" not in page and "Cong van" not in page  # the file's own name never reaches the citizen
    download = citizen.get(reverse("hotline:lookup_file", args=[item.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    disposition = download["Content-Disposition"]
    assert "attachment" in disposition and f"tra-loi-{submitted.display_code}-1.pdf" in disposition
    assert "Hoang" not in disposition


def test_a_file_of_the_citizen_or_of_another_report_is_not_served_at_look_up(
    categories, submitted, clients, operator_user
):
    _attach(clients["hotline_operator"], submitted, pdf_file())
    _approve(submitted, operator_user)
    sent = Attachment.objects.create(
        report=submitted, original_name="cccd.png", content_type="image/png", size=3, file="hotline/x.png"
    )
    other, _pin = make_report(categories, title="Khác")
    theirs = Attachment.objects.create(
        report=other,
        original_name="a.pdf",
        content_type="application/pdf",
        size=3,
        file="hotline/y.pdf",
        is_answer=True,
    )
    citizen = _look_up(submitted)
    assert citizen.get(reverse("hotline:lookup_file", args=[sent.pk])).status_code == 404
    assert citizen.get(reverse("hotline:lookup_file", args=[theirs.pk])).status_code == 404
    assert Client().get(reverse("hotline:lookup_file", args=[sent.pk])).status_code == 302  # nothing looked up


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (lambda: SimpleUploadedFile("thu.exe", b"MZ\x90\x00", content_type="application/octet-stream"), "định dạng"),
        (lambda: SimpleUploadedFile("gia.pdf", b"not a pdf at all", content_type="application/pdf"), "gia.pdf"),
        (lambda: SimpleUploadedFile("rong.pdf", b"", content_type="application/pdf"), "rỗng"),
    ],
)
def test_a_refused_file_is_a_400_with_a_message_and_nothing_saved(submitted, clients, upload, message):
    response = _attach(clients["hotline_operator"], submitted, upload())
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Attachment.objects.filter(report=submitted, is_answer=True).exists()


def test_no_file_chosen_is_a_400(submitted, clients):
    response = _attach(clients["hotline_operator"], submitted)
    assert response.status_code == 400
    assert "Vui lòng chọn tệp." in response.content.decode()


def test_too_large_a_file_is_refused(submitted, clients, settings):
    settings.HOTLINE_ATTACHMENT_MAX_BYTES = 10
    response = _attach(clients["hotline_operator"], submitted, pdf_file())
    assert response.status_code == 400
    assert "vượt quá dung lượng" in response.content.decode()


def test_at_most_the_allowed_number_of_files(submitted, clients):
    for _ in range(settings.HOTLINE_MAX_ATTACHMENTS):
        assert _attach(clients["hotline_operator"], submitted, png_file()).status_code == 302
    response = _attach(clients["hotline_operator"], submitted, png_file())
    assert response.status_code == 400
    assert Attachment.objects.filter(report=submitted, is_answer=True).count() == settings.HOTLINE_MAX_ATTACHMENTS


def test_files_wait_for_the_answer_and_only_operators_attach(categories, department, operator_user, clients):
    report, _pin = make_report(categories)
    assert _attach(clients["hotline_operator"], report, pdf_file()).status_code == 400  # no answer yet
    workflow.route(report=report, user=operator_user, unit=department, days=10, today=MONDAY.date(), now=MONDAY)
    assert _attach(clients["focal_point"], report, pdf_file()).status_code == 403
    assert _attach(clients["leadership"], report, pdf_file()).status_code == 403
    assert not Attachment.objects.filter(report=report).exists()


def test_the_retention_period_deletes_the_answer_files(submitted, clients, operator_user):
    _attach(clients["hotline_operator"], submitted, pdf_file("Tra loi Hoang Thi Phan Anh.pdf"))
    _approve(submitted, operator_user)
    item = Attachment.objects.get(report=submitted, is_answer=True)
    stored = item.file.name
    assert item.file.storage.exists(stored)
    later = MONDAY + timedelta(days=settings.HOTLINE_RETENTION_DAYS + 1)
    assert privacy.anonymise_expired(now=later) == 1
    item.refresh_from_db()
    assert not item.file and not item.file.storage.exists(stored)
    assert "Hoang" not in item.original_name
    citizen = _look_up(submitted)
    assert citizen.get(reverse("hotline:lookup_file", args=[item.pk])).status_code == 404
    assert 'id="answer-files"' not in citizen.get(reverse("hotline:lookup_result")).content.decode()
