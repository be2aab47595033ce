"""What a reader sees on the report's pages: paragraphs and lists (never Python values), the issue page, the
print view laid out as the document."""

import io
from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document

from periodic_reports import drafting
from periodic_reports.views import Block, blocks

from .report_world import build

pytestmark = pytest.mark.django_db
NOW = timezone.make_aware(datetime(2023, 9, 20, 9))


@pytest.fixture
def report(committee, department, other_department, secretariat_user):
    build(committee=committee, snv=department, sxd=other_department, user=secretariat_user)
    return drafting.create_report(committee=committee, kind="quarter", year=2023, index=3, by=secretariat_user, now=NOW)


def test_blocks_are_paragraphs_and_lists():
    assert blocks("Một.\n- a\n- b\n\nHai.") == [Block(text="Một."), Block(lines=("a", "b")), Block(text="Hai.")]


@pytest.mark.parametrize("name", ["periodic_reports:detail", "periodic_reports:print"])
def test_report_pages_show_text_not_python_values(clients, report, name):
    page = clients["secretariat"].get(reverse(name, args=[report.pk])).content.decode()
    assert "Trong kỳ" in page
    assert "(&#x27;" not in page and "('" not in page and "dict_items" not in page


def test_annex_two_in_the_docx_spans_group_rows_and_fits_the_landscape_width(report):
    import io

    from docx import Document
    from docx.oxml.ns import qn

    from documents.layout import LANDSCAPE_TEXT_WIDTH
    from periodic_reports import exports

    version = drafting.current_version(report)
    table = Document(io.BytesIO(exports.build_docx(version))).tables[-1]
    grid = [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert len(grid) == 8
    assert abs(sum(grid) / 56.7 - LANDSCAPE_TEXT_WIDTH) < 2  # twips to mm
    assert grid[0] / 56.7 >= 12  # "TT" on one line
    spans = [tc for tc in table._tbl.iter(qn("w:tc")) if tc.find(qn("w:tcPr")) is not None]
    spanned = [tc for tc in spans if tc.tcPr.find(qn("w:gridSpan")) is not None]
    assert spanned and all(tc.tcPr.find(qn("w:gridSpan")).get(qn("w:val")) == "8" for tc in spanned)
    group_texts = [tc.xpath("string(.)") for tc in spanned]
    assert all(text == text.upper() for text in group_texts)
    assert all(len(tc.findall(qn("w:p"))) == 1 for tc in spanned)  # no empty lines under the area's name


def test_a_draft_made_before_the_cut_off_judges_the_figures_as_of_today(
    committee, department, other_department, secretariat_user
):
    import time_machine

    from periodic_reports import exports
    from tasks import status as st

    build(committee=committee, snv=department, sxd=other_department, user=secretariat_user)
    # Q4/2023 runs from 15/09 to 14/12/2023; T7 is due on Fri 29/09/2023, the day the draft is made.
    with time_machine.travel(timezone.make_aware(datetime(2023, 9, 29, 10)), tick=False):
        report = drafting.create_report(
            committee=committee, kind="quarter", year=2023, index=4, by=secretariat_user, now=timezone.now()
        )
    version = drafting.current_version(report)
    row = next(r for r in version.data["annex"] if r["code"] == "T7")
    assert row["status"] != st.OVERDUE
    assert version.data["as_of"] == "2023-09-29"
    assert "tính đến ngày 29/09/2023" in exports.data_line(version)
    results = next(s for s in version.sections.all() if s.key == "results")
    assert "Số liệu tính từ" not in results.text  # said once, above section I


def _issue_data(report, **changes) -> dict:
    data = {
        "base_version": str(report.version),
        "issued_on": "20/09/2023",
        "place": "Nghệ An",
        "authority": "TM. BAN CHỈ ĐẠO",
        "signer_position": "TRƯỞNG BAN",
        "signer_name": "Thái Thanh Quý",
    }
    return {**data, **changes}


def test_a_report_with_an_empty_section_is_not_issued(clients, report):
    version = drafting.current_version(report)
    texts = {s.key: s.text for s in version.sections.all()}
    texts["shortcomings"] = ""
    drafting.save_version(report=report, base_version=1, sections=texts, by=report.created_by, now=NOW)
    report.refresh_from_db()
    response = clients["secretariat"].post(reverse("periodic_reports:issue", args=[report.pk]), _issue_data(report))
    assert response.status_code == 400
    assert "Mục “III. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN” chưa có nội dung" in response.content.decode()
    report.refresh_from_db()
    assert report.status == "draft"


def test_the_issue_page_takes_a_typed_date_and_previews_that_years_number(clients, report):
    today = timezone.localdate()
    page = clients["secretariat"].get(reverse("periodic_reports:issue", args=[report.pk])).content.decode()
    assert 'type="date"' not in page and f'value="{today:%d/%m/%Y}"' in page and "dd/mm/yyyy" in page
    assert f"năm {today.year}" in page and "ước tính" in page and "01-BC" in page
    wrong = (
        clients["secretariat"]
        .post(
            reverse("periodic_reports:issue", args=[report.pk]),
            _issue_data(report, issued_on="01/09/2023"),  # before the cut-off: the form comes back
        )
        .content.decode()
    )
    # The notice of 25/07/2023 has the first number of 2023: the preview of 2023 is the second.
    assert "năm 2023" in wrong and "02-BC" in wrong


def test_one_deadline_everywhere_the_written_one_with_the_effective_one(
    clients, committee, department, other_department, secretariat_user
):
    import io

    from docx import Document
    from openpyxl import load_workbook

    from periodic_reports import exports
    from tasks.models import Task

    from .report_world import _task

    world = build(committee=committee, snv=department, sxd=other_department, user=secretariat_user)
    # Saturday 30/09/2023: the effective deadline is the next working day, Monday 02/10/2023.
    _task(
        world.plan,
        "T8",
        department,
        world.tasks["T7"].area,
        due_date=datetime(2023, 9, 30).date(),
        recurrence=Task.Recurrence.ONCE,
    )
    report = drafting.create_report(
        committee=committee, kind="quarter", year=2023, index=3, by=secretariat_user, now=NOW
    )
    version = drafting.current_version(report)
    label = "30/09/2023 (hạn thực tế: 02/10/2023)"
    next_text = next(s for s in version.sections.all() if s.key == "next").text
    assert f"hạn {label}" in next_text and "hạn 02/10/2023" not in next_text
    docx = Document(io.BytesIO(exports.build_docx(version)))
    assert any(cell.text == label for cell in docx.tables[-1]._cells)
    page = clients["member"].get(reverse("periodic_reports:print", args=[report.pk])).content.decode()
    assert label in page
    sheet = load_workbook(io.BytesIO(exports.build_xlsx(version))).worksheets[1]
    row = next(r for r in sheet.iter_rows(values_only=True) if r[2] == "T8")
    assert row[6] == "30/09/2023" and row[7].date() == datetime(2023, 10, 2).date()


def test_the_print_view_is_laid_out_as_the_document(clients, report, secretariat_user):
    from datetime import date

    from periodic_reports import issuing

    version = issuing.issue_version(
        report=report,
        base_version=1,
        issued_on=date(2023, 9, 14 + 6),
        place="Nghệ An",
        authority="T/M BAN CHỈ ĐẠO",
        signer_name="Thái Thanh Quý",
        signer_position="TRƯỞNG BAN",
        by=secretariat_user,
        now=NOW,
    )
    number = version.issued_document.number
    page = clients["member"].get(reverse("periodic_reports:print", args=[report.pk])).content.decode()
    assert "Nghệ An, ngày 20 tháng 9 năm 2023" in page and "tháng 09" not in page
    # The filing line is the document's: the letterhead's, in the page as in the .docx.
    from documents.layout import filing_line
    from documents.letterheads import letterhead_for
    from periodic_reports import exports

    filing = "- " + filing_line(letterhead_for(report.committee))
    docx_text = "\n".join(
        p.text
        for table in Document(io.BytesIO(exports.build_docx(version))).tables
        for row in table.rows
        for cell in row.cells
        for p in cell.paragraphs
    )
    assert "Nơi nhận:" in page and filing in page and filing in docx_text
    assert page.index("Thái Thanh Quý") < page.index('id="annex-1"')  # signed before the annexes
    assert f"(Kèm theo Báo cáo số {number} ngày 20/9/2023 của {report.committee.name})" in page
    assert page.count("Số liệu tính từ ngày") == 1


def test_the_file_name_is_vietnamese_in_every_interface_language(report):
    from django.utils import translation

    from periodic_reports import exports

    version = drafting.current_version(report)
    with translation.override("en"):
        assert exports.filename(version, "docx") == "bao-cao-quy-III-2023-v1-du-thao.docx"


@pytest.mark.parametrize(
    ("today", "code"),
    [
        ("2026-11-30", "month:11"),  # November's window ended on 14/11
        ("2026-09-20", "month:9"),
        ("2026-01-05", "month:1"),  # nothing of 2026 has ended: the month it falls in
    ],
)
def test_the_drafting_form_proposes_the_latest_ended_period(today, code):
    from datetime import date

    from periodic_reports.periods import default_period

    assert default_period(date.fromisoformat(today)).code == code


def test_the_list_proposes_this_years_latest_ended_period(clients):
    from periodic_reports.periods import default_period

    today = timezone.localdate()
    page = clients["secretariat"].get(reverse("periodic_reports:list")).content.decode()
    assert f'value="{default_period(today).code}" selected' in page
    assert f'value="{today.year}"' in page


def test_text_pasted_from_word_keeps_its_sentences_and_lists(clients, report):
    version = drafting.current_version(report)
    data = {f"s-{s.key}": s.text for s in version.sections.all()}
    data["s-proposals"] = (
        "Đề nghị UBND tỉnh chỉ đạo các sở,\u000bngành hoàn thành\u2028nhiệm vụ đúng hạn.\r\n"
        "\u2022\tRà soát thủ tục hành chính;\r\n"
        "\uf0b7\tSố hóa hồ sơ;\r\n"
        "\u2013\tBáo cáo trước ngày 15/12/2023."
    )
    data["base_version"] = "1"
    response = clients["secretariat"].post(reverse("periodic_reports:edit", args=[report.pk]), data)
    assert response.status_code == 302
    report.refresh_from_db()
    text = next(s for s in drafting.current_version(report).sections.all() if s.key == "proposals").text
    assert text == (
        "Đề nghị UBND tỉnh chỉ đạo các sở, ngành hoàn thành nhiệm vụ đúng hạn.\n"
        "- Rà soát thủ tục hành chính;\n- Số hóa hồ sơ;\n- Báo cáo trước ngày 15/12/2023."
    )
    page = clients["secretariat"].get(reverse("periodic_reports:detail", args=[report.pk])).content.decode()
    assert "<li>Số hóa hồ sơ;</li>" in page


def test_an_issued_version_replaced_by_an_amendment_says_so(clients, report, secretariat_user):
    from datetime import date

    from periodic_reports import issuing

    def issue(day):
        report.refresh_from_db()
        return issuing.issue_version(
            report=report,
            base_version=report.version,
            issued_on=day,
            place="Nghệ An",
            authority="",
            signer_name="Thái Thanh Quý",
            signer_position="TRƯỞNG BAN",
            by=secretariat_user,
            now=NOW,
        )

    first = issue(date(2023, 9, 15))
    drafting.amend(report=report, by=secretariat_user, now=NOW)
    second = issue(date(2023, 9, 18))
    page = clients["member"].get(reverse("periodic_reports:detail", args=[report.pk])).content.decode()
    assert "đã được thay thế bởi báo cáo số" in page
    assert f'?version={second.number}">{second.issued_document.number}</a>' in page
    assert first.issued_document.number in second.issued_document.title
