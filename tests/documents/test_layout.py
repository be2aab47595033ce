"""Both layouts, read back from the .docx with python-docx: page, header columns, fonts and sizes,
spacing, language, numbering, the place and date, the recipients and the signature, page numbers."""

import copy
from datetime import date

import pytest
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from documents.layout import NATIONAL_TITLE, OfficialDocument, date_line
from documents.models import IssuedDocument, Letterhead

from .readback import (
    all_runs,
    cell_lines,
    default_language,
    grid_and_cell_widths,
    has_page_field,
    language,
    layout_type,
    open_docx,
    run_with,
    space_after,
)

Kind = IssuedDocument.Kind

PARTY = Letterhead(
    layout=Letterhead.Layout.PARTY,
    governing_body="TỈNH ỦY NGHỆ AN",
    issuing_body="BAN CHỈ ĐẠO CẢI CÁCH HÀNH CHÍNH TỈNH",
    symbol="BCĐ",
    place="Nghệ An",
    signing_authority="T/M BAN CHỈ ĐẠO",
    signer_position="TRƯỞNG BAN",
    signer_name="Thái Thanh Quý",
)
STATE = Letterhead(
    layout=Letterhead.Layout.STATE,
    governing_body="SỞ NỘI VỤ",
    issuing_body="TỔ CÔNG TÁC CẢI CÁCH HÀNH CHÍNH",
    symbol="TCT",
    place="Nghệ An",
    signing_authority="TM. TỔ CÔNG TÁC",
    signer_position="TỔ TRƯỞNG",
    signer_name="Đỗ Văn L",
)


def build(letterhead, *, kind=Kind.REPORT, number="05-BC/BCĐ", issued_on=date(2023, 10, 5), place=None, annex=False):
    doc = OfficialDocument(
        letterhead,
        kind=kind,
        subject="Kết quả thực hiện nhiệm vụ cải cách hành chính quý III năm 2023",
        number=number,
        issued_on=issued_on,
        place=place,
    )
    doc.heading("I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH")
    doc.heading("1. Ban hành văn bản", level=2)
    doc.paragraph("Ban Chỉ đạo đã ban hành kế hoạch cải cách hành chính năm 2023.")
    doc.bullet("Sở Nội vụ: 3 nhiệm vụ.")
    doc.table(["TT", "Đơn vị", "Số nhiệm vụ"], [[1, "Sở Nội vụ", 3]], widths_mm=[10, 100, 30])
    doc.closing(["Thường trực Tỉnh ủy (để b/c)", "- Các thành viên Ban Chỉ đạo;"])
    if annex:
        doc.annex("PHỤ LỤC I", "Danh sách nhiệm vụ")
        doc.table(["TT", "Nhiệm vụ"], [[1, "Rà soát thủ tục"]])
    return open_docx(doc.to_bytes())


@pytest.mark.parametrize("letterhead", [PARTY, STATE], ids=["party", "state"])
def test_page_fonts_language_and_spacing(letterhead):
    d = build(letterhead)
    section = d.sections[0]
    page = (section.page_width, section.page_height)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(v.mm, 1) for v in page] == [210, 297]
    assert [round(v.mm, 1) for v in margins] == [20, 20, 30, 15]
    normal = d.styles["Normal"]
    assert (normal.font.name, normal.font.size) == ("Times New Roman", Pt(14))
    assert default_language(d) == "vi-VN" and language(normal.element.rPr) == "vi-VN"
    runs = list(all_runs(d))
    assert runs and all(r.font.name == "Times New Roman" for r in runs)
    assert all(language(r._element.rPr) == "vi-VN" for r in runs)
    texts = [p.text for p in d.paragraphs]
    body = [p for p in d.paragraphs[texts.index("I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH") :] if p.text.strip()]
    assert len(body) == 4 and all(space_after(p, d) >= Pt(6) for p in body)
    assert run_with(d, "Ban Chỉ đạo đã ban hành kế hoạch cải cách hành chính năm 2023.").font.size == Pt(14)
    para = next(p for p in d.paragraphs if p.text.startswith("Ban Chỉ đạo đã"))
    assert para.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY and round(para.paragraph_format.first_line_indent.mm) == 10
    assert run_with(d, "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH").bold
    assert run_with(d, "1. Ban hành văn bản").italic
    assert any(p.text == "- Sở Nội vụ: 3 nhiệm vụ." for p in d.paragraphs)


@pytest.mark.parametrize("letterhead", [PARTY, STATE], ids=["party", "state"])
def test_every_table_has_its_grid_equal_to_its_cells_and_a_fixed_layout(letterhead):
    d = build(letterhead, annex=True)
    header, body_table, closing, annex_table = d.tables
    # Party: the right column holds only "ĐẢNG CỘNG SẢN VIỆT NAM" and the date; state: the national
    # title (95.7 mm at 13 pt bold) and the cell's margins.
    columns = [80.0, 85.0] if letterhead.layout == Letterhead.Layout.PARTY else [65.0, 100.0]
    assert grid_and_cell_widths(header) == (columns, columns)
    assert grid_and_cell_widths(closing) == ([80.0, 85.0], [80.0, 85.0])
    grid, cells = grid_and_cell_widths(body_table)
    assert grid == cells and abs(sum(grid) - 165) < 0.5
    grid, cells = grid_and_cell_widths(annex_table)
    assert grid == cells and abs(sum(grid) - 252) < 0.5  # the landscape annex's text width
    assert {layout_type(t) for t in d.tables} == {"fixed"}


def test_the_state_header():
    d = build(STATE, number="05/BC-TCT")
    left, right = d.tables[0].rows[0].cells
    assert [line for line in cell_lines(left) if line.strip()] == [
        "SỞ NỘI VỤ",
        "TỔ CÔNG TÁC CẢI CÁCH HÀNH CHÍNH",
        "Số: 05/BC-TCT",
    ]
    assert not run_with(left, "SỞ NỘI VỤ").bold and run_with(left, "TỔ CÔNG TÁC CẢI CÁCH HÀNH CHÍNH").bold
    title = run_with(right, NATIONAL_TITLE)
    assert title.bold and title.font.size == Pt(13)
    motto = run_with(right, "Độc lập - Tự do - Hạnh phúc")
    assert motto.bold and motto.font.size == Pt(14)
    when = run_with(right, "Nghệ An, ngày 05 tháng 10 năm 2023")
    assert when.italic and when.font.size == Pt(14)
    assert [p.text for p in d.paragraphs[:2]] == [
        "BÁO CÁO",
        "Kết quả thực hiện nhiệm vụ cải cách hành chính quý III năm 2023",
    ]
    assert all(r.bold for p in d.paragraphs[:2] for r in p.runs)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" not in "".join(cell_lines(right))


def test_the_party_header():
    d = build(PARTY)
    left, right = d.tables[0].rows[0].cells
    assert cell_lines(left) == ["TỈNH ỦY NGHỆ AN", "BAN CHỈ ĐẠO CẢI CÁCH HÀNH CHÍNH TỈNH", "*", "Số 05-BC/BCĐ"]
    assert run_with(left, "BAN CHỈ ĐẠO CẢI CÁCH HÀNH CHÍNH TỈNH").bold
    party = run_with(right, "ĐẢNG CỘNG SẢN VIỆT NAM")
    assert party.bold and party.underline
    assert run_with(right, "Nghệ An, ngày 05 tháng 10 năm 2023").italic
    assert NATIONAL_TITLE not in "".join(cell_lines(right))


def test_a_draft_leaves_the_number_and_the_day_blank_for_the_clerk():
    d = build(STATE, number=None, issued_on=None)
    left, right = d.tables[0].rows[0].cells
    assert "Số: " + "\u00a0" * 6 + "/BC-TCT" in cell_lines(left)
    assert any(
        line.startswith("Nghệ An, ngày \u00a0") and line.endswith("năm \u00a0\u00a0\u00a0\u00a0\u00a0")
        for line in cell_lines(right)
    )


def test_the_place_is_the_clerks_choice_and_the_date_is_written_as_decree_30_says():
    d = build(STATE, issued_on=date(2023, 2, 3), place="Vinh")
    assert "Vinh, ngày 03 tháng 02 năm 2023" in cell_lines(d.tables[0].rows[0].cells[1])
    assert date_line(date(2023, 12, 25), "Nghệ An") == "Nghệ An, ngày 25 tháng 12 năm 2023"


def test_an_official_letter_has_its_subject_under_its_number_and_no_type_line():
    d = build(STATE, kind=Kind.LETTER, number="06/TCT")
    left = d.tables[0].rows[0].cells[0]
    assert cell_lines(left)[-2:] == [
        "Số: 06/TCT",
        "V/v Kết quả thực hiện nhiệm vụ cải cách hành chính quý III năm 2023",
    ]
    assert "CÔNG VĂN" not in [p.text for p in d.paragraphs]


@pytest.mark.parametrize("code, line", [("BPTT", "- Lưu: VT, BPTT."), ("", "- Lưu: VT."), (" TCT ", "- Lưu: VT, TCT.")])
def test_the_filing_line_is_the_letterheads_for_every_document(code, line):
    letterhead = copy.copy(STATE)
    letterhead.filing_code = code
    for kind in (Kind.REPORT, Kind.LETTER, Kind.NOTICE):
        d = build(letterhead, kind=kind, number="05/BC-TCT")
        closing = d.tables[-1] if kind == Kind.LETTER else d.tables[2]
        assert cell_lines(closing.rows[0].cells[0])[-1] == line


@pytest.mark.parametrize("letterhead", [PARTY, STATE], ids=["party", "state"])
def test_the_issuing_body_stands_on_the_lines_the_clerk_set(letterhead):
    two = copy.copy(letterhead)
    two.issuing_body = "BAN CHỈ ĐẠO CẢI CÁCH\nHÀNH CHÍNH TỈNH"
    left = build(two).tables[0].rows[0].cells[0]
    lines = cell_lines(left)
    assert lines[1:3] == ["BAN CHỈ ĐẠO CẢI CÁCH", "HÀNH CHÍNH TỈNH"]
    assert run_with(left, "HÀNH CHÍNH TỈNH").bold


@pytest.mark.parametrize("letterhead", [PARTY, STATE], ids=["party", "state"])
def test_recipients_end_with_the_filing_line_beside_the_signature(letterhead):
    d = build(letterhead)
    recipients, signature = d.tables[2].rows[0].cells
    assert cell_lines(recipients) == [
        "Nơi nhận:",
        "- Thường trực Tỉnh ủy (để b/c);",
        "- Các thành viên Ban Chỉ đạo;",
        "- Lưu: VT, BPTT.",
    ]
    lines = cell_lines(signature)
    assert lines[0] == letterhead.signing_authority and lines[1] == letterhead.signer_position
    assert lines[2:6] == ["", "", "", ""]  # room to sign (and seal)
    assert lines[6] == letterhead.signer_name
    assert run_with(signature, letterhead.signer_name).bold
    assert run_with(signature, letterhead.signer_position).bold
    assert "w:cantSplit" in d.tables[2].rows[0]._tr.xml  # never split across two pages


def test_page_numbers_from_page_2_and_a_landscape_annex():
    d = build(STATE, annex=True)
    first, annex = d.sections
    assert first.different_first_page_header_footer
    assert has_page_field(first.header) and not has_page_field(first.first_page_header)
    assert annex.orientation == WD_ORIENT.LANDSCAPE and round(annex.page_width.mm) == 297
    assert annex.header.is_linked_to_previous  # numbers go on in the annex
    assert "PHỤ LỤC I" in [p.text for p in d.paragraphs]
    caption = "(Kèm theo Báo cáo số 05-BC/BCĐ ngày 05/10/2023 của Tổ công tác cải cách hành chính)"
    assert caption in [p.text for p in d.paragraphs]
