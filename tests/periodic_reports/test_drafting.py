"""Drafting, saving versions (a stale save refused), issuing with a number of the register, amending."""

import io
from datetime import date, datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from docx import Document
from docx.enum.section import WD_ORIENT
from openpyxl import load_workbook

from periodic_reports import drafting, exports, issuing
from periodic_reports.models import PeriodicReport, ReportVersion

from .report_world import build

pytestmark = pytest.mark.django_db
NOW = timezone.make_aware(datetime(2023, 9, 20, 9))


@pytest.fixture
def report(committee, department, other_department, secretariat_user):
    build(committee=committee, snv=department, sxd=other_department, user=secretariat_user)
    return drafting.create_report(committee=committee, kind="quarter", year=2023, index=3, by=secretariat_user, now=NOW)


def _issue(report, user, **overrides):
    values = {
        "report": report,
        "base_version": report.version,
        "issued_on": date(2023, 9, 20),
        "place": "Nghệ An",
        "authority": "TM. BAN CHỈ ĐẠO",
        "signer_name": "Nguyễn Văn A",
        "signer_position": "PHÓ TRƯỞNG BAN",
        "by": user,
        "now": NOW,
    }
    return issuing.issue_version(**{**values, **overrides})


def test_a_draft_is_version_one_with_the_compiled_sections(report):
    assert (report.status, report.version, report.starts_on, report.ends_on) == (
        "draft",
        1,
        date(2023, 6, 15),
        date(2023, 9, 14),
    )
    version = drafting.current_version(report)
    assert [s.key for s in version.sections.all()][:2] == ["direction", "results"]
    assert version.data["figures"]["all"]["due"] == 3


def test_one_report_per_committee_and_period_and_none_before_it_begins(report, committee, secretariat_user):
    with pytest.raises(ValidationError, match="đã có báo cáo quý III năm 2023"):
        drafting.create_report(committee=committee, kind="quarter", year=2023, index=3, by=secretariat_user, now=NOW)
    with pytest.raises(ValidationError, match="chưa bắt đầu"):
        drafting.create_report(committee=committee, kind="quarter", year=2024, index=1, by=secretariat_user, now=NOW)
    assert PeriodicReport.objects.count() == 1


def test_a_save_is_a_new_version_and_a_stale_save_is_refused(report, secretariat_user, leader_user):
    saved = drafting.save_version(
        report=report, base_version=1, sections={"direction": "Chỉ đạo quyết liệt."}, by=secretariat_user, now=NOW
    )
    assert saved.number == 2
    report.refresh_from_db()
    assert report.version == 2
    texts = {s.key: s.text for s in drafting.current_version(report).sections.all()}
    assert texts["direction"] == "Chỉ đạo quyết liệt."
    first = {s.key: s.text for s in ReportVersion.objects.get(report=report, number=1).sections.all()}
    assert first["direction"] != "Chỉ đạo quyết liệt."  # version 1 kept as it was
    # A second clerk who opened version 1 is refused, and nothing is written.
    with pytest.raises(drafting.StaleVersion, match="phiên bản 2") as refused:
        drafting.save_version(
            report=report, base_version=1, sections={"direction": "Bản của người thứ hai."}, by=leader_user, now=NOW
        )
    assert refused.value.latest.number == 2
    assert ReportVersion.objects.filter(report=report).count() == 2
    # Nothing changed: no new version.
    assert (
        drafting.save_version(
            report=report, base_version=2, sections={"direction": "Chỉ đạo quyết liệt."}, by=secretariat_user, now=NOW
        )
        is None
    )


def test_issuing_takes_a_number_and_makes_the_version_read_only(report, secretariat_user):
    version = _issue(report, secretariat_user)
    report.refresh_from_db()
    assert report.status == "issued"
    document = version.issued_document
    assert document.number == "02-BC/BCĐ"  # one series a year for every kind: the notice of 25/07 took 01
    assert (document.issued_on, document.signer_name) == (date(2023, 9, 20), "Nguyễn Văn A")
    with document.file.open("rb") as stored:
        docx = Document(io.BytesIO(stored.read()))
    body = "\n".join(p.text for p in docx.paragraphs)
    assert "DỰ THẢO" not in body
    assert "Kết quả thực hiện công tác cải cách hành chính quý III năm 2023" in body
    header = docx.tables[0].rows[0].cells[0].text
    assert document.number in header
    with pytest.raises(ValidationError, match="đã ban hành"):
        drafting.save_version(report=report, base_version=1, sections={"direction": "x"}, by=secretariat_user, now=NOW)
    with pytest.raises(ValidationError, match="đã ban hành"):
        _issue(report, secretariat_user)


def test_an_issue_date_before_the_cut_off_is_refused(report, secretariat_user):
    with pytest.raises(ValidationError, match="ngày chốt số liệu 14/09/2023"):
        _issue(report, secretariat_user, issued_on=date(2023, 9, 10))
    report.refresh_from_db()
    assert report.status == "draft"


def test_a_correction_is_a_new_draft_version_issued_with_a_new_number(report, secretariat_user):
    first = _issue(report, secretariat_user)
    amended = drafting.amend(report=report, by=secretariat_user, now=NOW)
    report.refresh_from_db()
    assert (amended.number, amended.status, report.status) == (2, "draft", "draft")
    drafting.save_version(
        report=report, base_version=2, sections={"results": "Số liệu đã đính chính."}, by=secretariat_user, now=NOW
    )
    report.refresh_from_db()
    second = _issue(report, secretariat_user, issued_on=date(2023, 9, 21), now=NOW.replace(day=21))
    assert second.issued_document.number != first.issued_document.number
    first.refresh_from_db()
    assert first.status == "issued"
    # The amendment says what it replaces, in the register and in its document.
    old = first.issued_document
    replaces = f"(thay thế Báo cáo số {old.number} ngày {old.issued_on:%d/%m/%Y})"
    assert second.issued_document.title.endswith(replaces)
    assert replaces not in old.title
    with second.issued_document.file.open("rb") as stored:
        docx = Document(io.BytesIO(stored.read()))
    assert replaces in "\n".join(p.text for t in docx.tables for c in t._cells for p in c.paragraphs) + "\n".join(
        p.text for p in docx.paragraphs
    )


def test_a_draft_export_says_so_and_the_annex_shows_no_report_as_such(report):
    version = drafting.current_version(report)
    docx = Document(io.BytesIO(exports.build_docx(version)))
    assert any(p.text.startswith("DỰ THẢO") for p in docx.paragraphs)
    assert docx.sections[0].orientation == WD_ORIENT.PORTRAIT
    assert docx.sections[-1].orientation == WD_ORIENT.LANDSCAPE  # the annex tables
    annex = docx.tables[-1]
    assert [c.text for c in annex.rows[0].cells][:3] == ["TT", "Mã", "Nội dung nhiệm vụ"]
    assert any(row.cells[6].text == "chưa báo cáo" for row in annex.rows[1:])
    workbook = load_workbook(io.BytesIO(exports.build_xlsx(version)))
    assert "(DỰ THẢO)" in workbook.worksheets[0]["A1"].value
    tasks = workbook.worksheets[1]
    headers = [c.value for c in tasks[1]]
    assert headers[:4] == ["TT", "Lĩnh vực", "Mã", "Nội dung nhiệm vụ"]
    rows = {row[2]: row for row in tasks.iter_rows(min_row=2, values_only=True)}
    percent, done_on = headers.index("Tỷ lệ hoàn thành (%)"), headers.index("Ngày hoàn thành")
    assert rows["T5"][percent] == "chưa báo cáo"
    assert rows["T3"][percent] == 60
    assert rows["T2"][done_on].date() == date(2023, 9, 1)
    assert tasks.cell(row=2, column=done_on + 1).number_format == "DD/MM/YYYY"
    assert exports.filename(version, "docx") == "bao-cao-quy-III-2023-v1-du-thao.docx"
