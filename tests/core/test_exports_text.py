"""Every export writes user text as text: a title "=1+1" is never a formula in any .xlsx, and a title
holding Word's manual line break (U+000B), as old rows may, never makes an export answer 500; the
same through the hotline: an anonymous citizen's report title reaches the plan export by a follow-up
task."""

import ast
import io
import uuid
import zipfile
from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from hotline import workflow
from hotline.models import Category, Report
from hotline.reference import ensure_categories
from members.models import Unit
from reviews.models import MonthlyReview
from reviews.reminders import run_cycle
from tasks.models import Plan, Task
from tests.conftest import client_for
from tests.hotline.conftest import MONDAY
from tests.reviews.review_world import MAY, at, build, report
from tests.tasks import builders as b

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
FORMULAS = ["=1+1", "+84912345678", "-1+1", "@SUM(A1:A9)", '=HYPERLINK("http://x.example","Mở")']
WORD_BREAK = "Cải cách\u000bhành chính\u202e"  # stored before text was cleaned at the forms


def _cells(workbook_bytes: bytes, sheet: str | None = None) -> dict:
    book = load_workbook(io.BytesIO(workbook_bytes))
    ws = book[sheet] if sheet else book.active
    return {cell.value: cell for row in ws.iter_rows() for cell in row if isinstance(cell.value, str)}


def _no_formula_anywhere(workbook_bytes: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(workbook_bytes)) as archive:
        sheets = [name for name in archive.namelist() if name.startswith("xl/worksheets/")]
        assert sheets
        for name in sheets:
            assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name), name


def _assert_text_cells(cells: dict, values: list[str]) -> None:
    for value in values:
        cell = cells[value]
        assert cell.data_type == "s", value
        assert cell.quotePrefix, value  # stays text when someone edits the cell


# --- the plan export ------------------------------------------------------------------------------


def test_the_plan_export_writes_formula_looking_titles_as_text(committee, department, secretariat_user):
    plan = b.plan(committee)
    for i, title in enumerate(FORMULAS, start=1):
        b.task(plan, department, code=str(i), title=title)
    Task.objects.filter(code="1").update(expected_output_note="=2*3")
    response = client_for(secretariat_user).get(reverse("tasks:plan_export", args=[plan.pk]))
    assert response.status_code == 200
    _no_formula_anywhere(response.content)
    _assert_text_cells(_cells(response.content), [*FORMULAS, "=2*3"])


def test_the_plan_export_survives_control_characters_in_old_rows(committee, department, secretariat_user):
    plan = b.plan(committee, title="Kế hoạch\u000b2023")
    b.task(plan, department, code="1", title="x")
    Task.objects.filter(code="1").update(title=WORD_BREAK, expected_output_note="\x07")
    Unit.objects.filter(pk=department.pk).update(name="Sở\u000bNội vụ")
    response = client_for(secretariat_user).get(reverse("tasks:plan_export", args=[plan.pk]))
    assert response.status_code == 200
    cells = _cells(response.content)
    assert "Cải cách hành chính" in cells and "Sở Nội vụ" in cells and "Kế hoạch 2023" in cells


# --- the monthly report (.xlsx and .docx) ----------------------------------------------------------


@pytest.fixture
def review(cast, committee, department, other_department):
    w = build(cast, committee, department, other_department)
    report(w.tasks[0], at_moment=at(date(2023, 5, 24)), by=cast["focal_point"])
    run_cycle(committee=committee, month=MAY, now=at(date(2023, 5, 26)))
    Task.objects.filter(pk=w.tasks[0].pk).update(title="=1+1")
    Task.objects.filter(pk=w.tasks[1].pk).update(title=WORD_BREAK, code="@2")
    Unit.objects.filter(pk=other_department.pk).update(name="=Sở\u000bXây dựng")
    MonthlyReview.objects.filter(committee=committee, month=MAY).update(
        assessment="Đánh giá\u000bchung.\n-Cần đôn đốc\u001b thêm."
    )
    return w


def _review_url(w, name):
    return reverse(name, kwargs={"committee": w.committee.pk, "year": 2023, "month": 5})


def test_the_monthly_xlsx_writes_user_text_as_text_and_survives_control_characters(review, clients):
    response = clients["secretariat"].get(_review_url(review, "reviews:review_xlsx"))
    assert response.status_code == 200
    _no_formula_anywhere(response.content)
    cells = _cells(response.content, "Nhiệm vụ")
    _assert_text_cells(cells, ["=1+1", "@2", "=Sở Xây dựng"])
    assert "Cải cách hành chính" in cells
    _assert_text_cells(_cells(response.content, "Theo đơn vị"), ["=Sở Xây dựng"])


def test_the_monthly_docx_survives_control_characters(review, clients):
    response = clients["secretariat"].get(_review_url(review, "reviews:review_docx"))
    assert response.status_code == 200
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "=Sở Xây dựng: 1 nhiệm vụ (@2)." in text
    assert "Đánh giá chung." in text and "-Cần đôn đốc thêm." in text
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    assert "=Sở Xây dựng" in cells


# --- an anonymous citizen's title through a follow-up task --------------------------------------


@pytest.fixture
def followup_plan(committee):
    return Plan.objects.create(committee=committee, year=MONDAY.year, title="Kế hoạch CCHC năm 2023")


def _citizen_report(client, settings, title: str) -> Report:
    ensure_categories()
    settings.RATELIMIT_CACHE_PREFIX = f"rl:test-{uuid.uuid4().hex}:"
    data = {
        "submitter_type": "anonymous",
        "category": Category.objects.get(code="thu-tuc-hanh-chinh").pk,
        "title": title,
        "content": "Nội dung phản ánh.",
        "website": "",
    }
    assert client.post(reverse("hotline:submit"), data).status_code == 302
    return Report.objects.get()


def _followup_export(report, *, department, operator, clients, time_machine, plan) -> dict:
    time_machine.move_to(MONDAY, tick=False)
    workflow.route(report=report, user=operator, unit=department, days=10, today=MONDAY.date(), now=MONDAY)
    from members.models import ReformArea

    area = ReformArea.objects.get(code="thu-tuc-hanh-chinh")
    assert (
        clients["secretariat"].post(reverse("hotline:make_task", args=[report.pk]), {"area": area.pk}).status_code
        == 302
    )
    response = clients["secretariat"].get(reverse("tasks:plan_export", args=[plan.pk]))
    assert response.status_code == 200
    _no_formula_anywhere(response.content)
    return _cells(response.content)


def test_an_anonymous_citizens_formula_title_reaches_the_plan_export_as_text(
    client, settings, clients, department, operator_user, followup_plan, time_machine
):
    report = _citizen_report(client, settings, "=1+1\u000bđề nghị\u202e xem xét")
    assert report.title == "=1+1 đề nghị xem xét" and not report.has_contact
    cells = _followup_export(
        report,
        department=department,
        operator=operator_user,
        clients=clients,
        time_machine=time_machine,
        plan=followup_plan,
    )
    title = next(value for value in cells if value.endswith("=1+1 đề nghị xem xét"))
    assert cells[title].data_type == "s"


def test_an_old_report_title_with_a_word_line_break_reaches_the_plan_export(
    client, settings, clients, department, operator_user, followup_plan, time_machine
):
    report = _citizen_report(client, settings, "Tạm")
    Report.objects.filter(pk=report.pk).update(title="@Phản ánh\u000bcũ")  # a row from before the cleaning
    report.refresh_from_db()
    cells = _followup_export(
        report,
        department=department,
        operator=operator_user,
        clients=clients,
        time_machine=time_machine,
        plan=followup_plan,
    )
    assert any(value.endswith("@Phản ánh cũ") for value in cells)


# --- no export writes a workbook by another road ---------------------------------------------------


def test_only_core_xlsx_creates_workbooks():
    """Exports build workbooks with core.xlsx (new_workbook/append_row), never with openpyxl directly."""
    offenders = []
    for app in ("core", "members", "tasks", "reviews", "hotline", "steering"):
        for path in (ROOT / app).rglob("*.py"):
            if path == ROOT / "core" / "xlsx.py":
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("openpyxl"):
                    names = {alias.name for alias in node.names}
                    if names & {"Workbook", "Worksheet"} or node.module.startswith("openpyxl.worksheet"):
                        offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
