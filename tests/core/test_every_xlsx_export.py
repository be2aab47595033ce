"""Every .xlsx the app serves is one a clerk can trust: Vietnamese headers, every date cell dd/mm/yyyy and
every moment dd/mm/yyyy hh:mm in Vietnam's time (no yyyy-mm-dd anywhere), user text kept as text
(a phone number, a code "01"), and a task without report "chưa báo cáo", never 0 %.

The list of exports is found from the URL configuration (every route ending in .xlsx), so a new
export that this test does not open fails it."""

import io
import re
from datetime import date, datetime

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openpyxl import load_workbook

from core.xlsx import append_row, new_workbook, to_bytes
from periodic_reports import drafting
from reviews.reminders import run_cycle
from tasks.models import Task
from tests.reviews.review_world import MAY, at, build, report

pytestmark = pytest.mark.django_db

DATE_FORMATS = {"DD/MM/YYYY", "DD/MM/YYYY HH:MM"}
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
TASK_SHEETS = {"periodic_reports:xlsx": "Phụ lục II - Nhiệm vụ"}  # the sheet listing the tasks, when not "Nhiệm vụ"


def _xlsx_routes(resolver=None, prefix="") -> set[str]:
    names = set()
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            names |= _xlsx_routes(entry, namespace)
        elif isinstance(entry, URLPattern) and str(entry.pattern).endswith(".xlsx"):
            names.add(prefix + entry.name)
    return names


@pytest.fixture
def exports(cast, committee, department, other_department, clients):
    """Each export's name -> (workbook, {sheet title: header row number})."""
    w = build(cast, committee, department, other_department)
    report(w.tasks[0], at_moment=at(date(2023, 5, 24), 23, 30), by=cast["focal_point"])  # 16:30 UTC
    run_cycle(committee=committee, month=MAY, now=at(date(2023, 5, 26)))
    Task.objects.filter(pk=w.tasks[1].pk).update(title="0912345678", code="01")
    secretariat = clients["secretariat"]
    review = {"committee": committee.pk, "year": 2023, "month": 5}
    periodic = drafting.create_report(
        committee=committee, kind="month", year=2023, index=5, by=cast["secretariat"], now=at(date(2023, 5, 26))
    )
    urls = {
        "tasks:plan_export": (reverse("tasks:plan_export", args=[w.plan.pk]), {"Nhiệm vụ": 3}),
        "reviews:review_xlsx": (
            reverse("reviews:review_xlsx", kwargs=review),
            {"Nhiệm vụ": 3, "Theo đơn vị": 1, "Nhật ký nhắc việc": 1},
        ),
        "periodic_reports:xlsx": (
            reverse("periodic_reports:xlsx", args=[periodic.pk]),
            {"Phụ lục I - Số liệu": 3, "Phụ lục II - Nhiệm vụ": 1},
        ),
        "members:roster_xlsx": (reverse("members:roster_xlsx"), {"Danh sách thành viên": 3}),
        "hotline:hotspots_export": (
            reverse("hotline:hotspots_export"),
            {"Tổng hợp": 1, "Theo đơn vị": 1, "Theo lĩnh vực": 1, "Theo kênh": 1, "Theo tháng": 1},
        ),
    }
    books = {}
    for name, (url, headers) in urls.items():
        response = secretariat.get(url)
        assert response.status_code == 200, name
        books[name] = (load_workbook(io.BytesIO(response.content)), headers)
    return w, books


def test_the_test_opens_every_xlsx_export(exports):
    _w, books = exports
    assert _xlsx_routes() == set(books)


def test_every_export_has_vietnamese_headers_and_dd_mm_yyyy_dates(exports):
    _w, books = exports
    for name, (book, headers) in books.items():
        assert set(headers) == set(book.sheetnames), name
        for title, row in headers.items():
            sheet = book[title]
            names = [c.value for c in sheet[row] if c.value is not None]
            assert names, (name, title)
            for header in names:
                # A Vietnamese label: a capitalised phrase, never a field name or an English word.
                assert isinstance(header, str) and header[0].isupper() and "_" not in header, (name, header)
                assert header.lower() not in {"code", "title", "status", "date", "unit", "percent"}, header
            assert any(not h.isascii() for h in names), (name, title, names)
            for cells in sheet.iter_rows():
                for cell in cells:
                    if isinstance(cell.value, datetime | date):
                        assert cell.number_format in DATE_FORMATS, (name, title, cell.coordinate, cell.number_format)
                    if isinstance(cell.value, str):
                        assert not ISO_DATE.search(cell.value), (name, title, cell.coordinate, cell.value)


def test_moments_are_written_in_vietnams_time(exports):
    _w, books = exports
    book, _headers = books["reviews:review_xlsx"]
    submitted = [row[8] for row in book["Nhiệm vụ"].iter_rows(min_row=4, values_only=True) if row[8]]
    assert submitted == [datetime(2023, 5, 24, 23, 30)]
    log = book["Nhật ký nhắc việc"]
    assert [c.value for c in log[1]][3:5] == ["Nhận xử lý lúc", "Gửi lúc"]
    moments = [c for row in log.iter_rows(min_row=2) for c in row[3:5] if c.value is not None]
    assert moments and all(c.number_format == "DD/MM/YYYY HH:MM" for c in moments)


def test_a_task_without_report_is_never_zero_percent(exports):
    w, books = exports
    book, _headers = books["tasks:plan_export"]
    sheet = book.active
    column = [c.value for c in sheet[3]].index("Tỷ lệ hoàn thành (%)")
    percents = {row[0]: row[column] for row in sheet.iter_rows(min_row=4, values_only=True)}
    assert percents[w.tasks[0].code] == 50
    unreported = [code for code in percents if code != w.tasks[0].code]
    assert unreported and all(percents[code] == "chưa báo cáo" for code in unreported)


def test_number_looking_user_text_stays_text(exports):
    _w, books = exports
    for name in ("tasks:plan_export", "reviews:review_xlsx", "periodic_reports:xlsx"):  # the exports of tasks
        sheet = books[name][0][TASK_SHEETS.get(name, "Nhiệm vụ")]
        cells = {c.value: c for row in sheet.iter_rows() for c in row if c.value in ("0912345678", "01")}
        assert set(cells) == {"0912345678", "01"}, name
        assert all(c.data_type == "s" and c.quotePrefix for c in cells.values()), name


def test_the_shared_writer_formats_dates_and_aware_moments():
    book = new_workbook()
    moment = datetime.fromisoformat("2023-05-24T16:30:00+00:00")
    append_row(book.active, [date(2023, 6, 30), moment, "01", "Sở Nội vụ", "=1+1", 5])
    cells = list(load_workbook(io.BytesIO(to_bytes(book))).active[1])
    assert cells[0].number_format == "DD/MM/YYYY"
    assert cells[1].value == datetime(2023, 5, 24, 23, 30) and cells[1].number_format == "DD/MM/YYYY HH:MM"
    assert cells[2].value == "01" and cells[2].quotePrefix
    assert cells[3].value == "Sở Nội vụ" and not cells[3].quotePrefix
    assert cells[4].quotePrefix and cells[5].value == 5


def test_the_periodic_report_annex_says_chua_bao_cao_never_zero(exports):
    w, books = exports
    sheet = books["periodic_reports:xlsx"][0]["Phụ lục II - Nhiệm vụ"]
    column = [c.value for c in sheet[1]].index("Tỷ lệ hoàn thành (%)")
    percents = {row[2]: row[column] for row in sheet.iter_rows(min_row=2, values_only=True)}
    # Only accepted progress reports count in a periodic report: the one waiting for review does not.
    assert set(percents) == {t.code for t in Task.objects.filter(plan=w.plan)}
    assert 0 not in percents.values() and "chưa báo cáo" in percents.values()
