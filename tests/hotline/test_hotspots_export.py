"""The hot-spot statistics download as .xlsx: the page's aggregates, sheet by sheet, and no personal data."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from hotline import workflow

from .conftest import MONDAY, make_report

pytestmark = pytest.mark.django_db


def _book(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    return load_workbook(io.BytesIO(response.content))


def _values(sheet) -> list[tuple]:
    return [tuple(c for c in row) for row in sheet.iter_rows(values_only=True)]


def test_the_export_holds_the_statistics_of_the_page(categories, department, operator_user, clients):
    for title in ("Hồ sơ chậm", "Thái độ cán bộ"):
        report, _ = make_report(categories, title=title)
        workflow.route(report=report, user=operator_user, unit=department, days=10, today=MONDAY.date(), now=MONDAY)
    make_report(categories, contact_name="Lê Văn Ẩn", contact_phone="0987654321", email="an@example.vn")
    response = clients["leadership"].get(reverse("hotline:hotspots_export"), {"year": "2023"})
    assert 'filename="diem-nong-phan-anh-2023.xlsx"' in response["Content-Disposition"]
    book = _book(response)
    assert book.sheetnames == ["Tổng hợp", "Theo đơn vị", "Theo lĩnh vực", "Theo kênh", "Theo tháng"]
    summary = dict((row[0], row[1]) for row in _values(book["Tổng hợp"]) if row and row[0])
    assert summary["Năm"] == "2023" and summary["Số phản ánh"] == 3 and summary["Đang xử lý"] == 3
    units = _values(book["Theo đơn vị"])
    assert units[0][:2] == ("Đơn vị", "Số phản ánh")
    assert (department.name, 2) == units[1][:2]
    assert _values(book["Theo lĩnh vực"])[1] == (categories["thu-tuc-hanh-chinh"].name, 3)
    assert _values(book["Theo kênh"])[1] == ("Trang thông tin điện tử", 3)
    months = [row[:2] for row in _values(book["Theo tháng"])[1:]]  # January to the last month with reports
    assert months == [(f"{m:02}/2023", 0) for m in range(1, 6)] + [("06/2023", 3)]
    text = " ".join(str(v) for sheet in book for row in _values(sheet) for v in row if v is not None)
    for personal in ("Hoàng Thị Phản Ánh", "0912345678", "phananh@example.vn", "Lê Văn Ẩn", "Lê Lợi", "Hồ sơ chậm"):
        assert personal not in text


def test_every_year_and_an_unknown_year(categories, clients):
    make_report(categories)
    response = clients["hotline_operator"].get(reverse("hotline:hotspots_export"))
    assert 'filename="diem-nong-phan-anh.xlsx"' in response["Content-Disposition"]
    assert dict(_values(_book(response)["Tổng hợp"])[1:2])["Năm"] == "Tất cả các năm"
    assert clients["leadership"].get(reverse("hotline:hotspots_export"), {"year": "1999"}).status_code == 400
    assert clients["leadership"].get(reverse("hotline:hotspots_export"), {"year": "abc"}).status_code == 400


def test_the_page_links_the_export_of_the_year_shown(categories, clients):
    make_report(categories)
    html = clients["leadership"].get(reverse("hotline:hotspots"), {"year": "2023"}).content.decode()
    assert f'href="{reverse("hotline:hotspots_export")}?year=2023"' in html


def test_every_year_says_which_twelve_months_it_shows(categories, clients):
    make_report(categories)
    page = clients["leadership"].get(reverse("hotline:hotspots")).content.decode()
    assert "Theo tháng: 12 tháng đến 06/2023" in page
    assert (
        "12 tháng đến" not in clients["leadership"].get(reverse("hotline:hotspots"), {"year": "2023"}).content.decode()
    )
