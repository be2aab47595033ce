"""The register page (by committee, year and type), entering a document issued outside the app, the
downloads, and the letterhead settings page."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from documents.models import IssuedDocument, Letterhead
from documents.register import issue
from tests.querycount import assert_page_queries

pytestmark = pytest.mark.django_db
DOCX_BYTES = b"PK\x03\x04" + b"\x00" * 60


def _issue(committee, day, kind="BC", **kw):
    return issue(
        committee=committee,
        kind=kind,
        issued_on=day,
        title=f"Văn bản ngày {day:%d/%m/%Y}",
        signer_name="Thái Thanh Quý",
        signer_position="TRƯỞNG BAN",
        by=None,
        **kw,
    )


def test_the_register_lists_a_year_by_type(committee, clients):
    _issue(committee, date(2023, 12, 20), content=DOCX_BYTES, filename="bao-cao.docx")
    _issue(committee, date(2023, 12, 28), kind="TB")
    _issue(committee, date(2024, 1, 3))
    url = reverse("documents:register")
    page = clients["member"].get(url, {"committee": committee.pk, "year": 2023}).content.decode()
    assert "02-TB/BCĐ" in page and "01-BC/BCĐ" in page and "Vào sổ văn bản" not in page
    assert page.index("02-TB/BCĐ") < page.index("01-BC/BCĐ")  # newest number first
    only_reports = clients["leadership"].get(url, {"committee": committee.pk, "year": 2023, "kind": "BC"})
    assert "02-TB/BCĐ" not in only_reports.content.decode()
    secretariat = clients["secretariat"].get(url, {"committee": committee.pk, "year": 2024}).content.decode()
    assert "Số tiếp theo (chưa giữ chỗ): 02-BC/BCĐ" in secretariat
    assert clients["focal_point"].get(url).status_code == 403


def test_bad_filters_are_refused_in_vietnamese(committee, clients):
    response = clients["member"].get(reverse("documents:register"), {"committee": committee.pk, "year": "1990"})
    assert response.status_code == 400 and "Chọn một năm từ 2000 đến 2100." in response.content.decode()


def test_the_stored_file_downloads_as_an_attachment_under_its_name(committee, clients):
    doc = _issue(committee, date(2023, 7, 5), content=DOCX_BYTES, filename="Báo cáo tháng 6.docx")
    response = clients["member"].get(reverse("documents:file", args=[doc.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == DOCX_BYTES
    assert "attachment" in response["Content-Disposition"] and response["X-Content-Type-Options"] == "nosniff"
    bare = _issue(committee, date(2023, 7, 6))
    assert clients["member"].get(reverse("documents:file", args=[bare.pk])).status_code == 404


def test_the_secretariat_enters_a_document_issued_outside_the_app(committee, clients):
    url = reverse("documents:register_add", args=[committee.pk])
    data = {
        "kind": "KH",
        "number": "số 07 - kh/bcđ",
        "issued_on": "20/03/2023",
        "title": "Kế hoạch cải cách hành chính năm 2023",
        "signer_name": "Thái Thanh Quý",
        "signer_position": "Trưởng Ban",
        "file": SimpleUploadedFile("ke-hoach.docx", DOCX_BYTES),
    }
    assert clients["secretariat"].post(url, data).status_code == 302
    doc = IssuedDocument.objects.get()
    assert (doc.number, doc.sequence, doc.year, doc.typed, doc.file_name) == (
        "07-KH/BCĐ",
        7,
        2023,
        True,
        "ke-hoach.docx",
    )
    again = clients["secretariat"].post(
        url, {**data, "kind": "BC", "number": "07-BC/BCĐ", "file": SimpleUploadedFile("a.docx", DOCX_BYTES)}
    )
    assert again.status_code == 400 and "đã được cấp cho văn bản 07-KH/BCĐ" in again.content.decode()
    bad = clients["secretariat"].post(
        url, {**data, "issued_on": "31/02/2023", "file": SimpleUploadedFile("x.exe", b"MZ")}
    )
    text = bad.content.decode()
    assert bad.status_code == 400 and "Ngày không hợp lệ" in text and "không đúng định dạng" in text
    assert IssuedDocument.objects.count() == 1
    assert clients["member"].post(url, data).status_code == 403


def test_the_secretariat_saves_the_letterhead_and_numbers_follow_it(committee, clients):
    url = reverse("documents:letterhead", args=[committee.pk])
    page = clients["secretariat"].get(url).content.decode()
    assert "TỈNH ỦY NGHỆ AN" in page and "Chưa lưu" in page and "05-BC/BCĐ" in page
    # A required radio has no blank choice; the signing hint follows the layout (Party: "T/M").
    assert "---------" not in page and "Ví dụ: T/M BAN CHỈ ĐẠO" in page and "TM. BAN" not in page
    assert "<textarea" in page and "BAN CHỈ ĐẠO CẢI CÁCH\nHÀNH CHÍNH TỈNH</textarea>" in page
    data = {
        "layout": "state",
        "governing_body": "ubnd tỉnh nghệ an",
        "issuing_body": "Ban Chỉ đạo cải cách hành chính tỉnh",
        "symbol": "bcđ",
        "letter_unit": "",
        "place": "Nghệ An",
        "signing_authority": "TM. Ban Chỉ đạo",
        "signer_position": "Trưởng Ban",
        "signer_name": "",
        "filing_code": "bptt",
    }
    three = clients["secretariat"].post(url, {**data, "issuing_body": "Ban\r\nChỉ đạo\r\ncải cách"})
    assert three.status_code == 400 and "tối đa 2 dòng" in three.content.decode()
    assert "Ví dụ: TM. BAN CHỈ ĐẠO" in three.content.decode()  # the hint of the layout chosen: state
    assert (
        clients["secretariat"]
        .post(url, {**data, "issuing_body": " Ban Chỉ đạo \r\n\r\n cải cách  hành chính tỉnh"})
        .status_code
        == 302
    )
    saved = Letterhead.objects.get(committee=committee)
    assert (saved.layout, saved.governing_body, saved.issuing_body, saved.symbol, saved.filing_code) == (
        "state",
        "UBND TỈNH NGHỆ AN",
        "BAN CHỈ ĐẠO\nCẢI CÁCH HÀNH CHÍNH TỈNH",
        "BCĐ",
        "BPTT",
    )
    assert _issue(committee, date(2023, 8, 1)).number == "01/BC-BCĐ"
    bad = clients["secretariat"].post(url, {**data, "symbol": "BCĐ/CCHC", "issuing_body": ""})
    assert bad.status_code == 400 and "Chữ viết tắt không có dấu cách" in bad.content.decode()
    assert Letterhead.objects.get(committee=committee).symbol == "BCĐ"


@pytest.mark.parametrize("n", [1, 10])
def test_the_register_and_letterhead_pages_run_pinned_queries(committee, clients, n):
    for i in range(n):
        _issue(committee, date(2023, 3 + i, 28), content=DOCX_BYTES, filename=f"{i}.docx")
    params = {"committee": committee.pk, "year": 2023}
    assert_page_queries(clients["member"], reverse("documents:register"), 12, params=params, label=f"register at {n}")
    assert_page_queries(
        clients["secretariat"], reverse("documents:register"), 15, params=params, label=f"register, secretariat, {n}"
    )
    assert_page_queries(
        clients["secretariat"], reverse("documents:letterhead", args=[committee.pk]), 10, label="letterhead"
    )
