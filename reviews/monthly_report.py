"""The month's report: a .docx laid out per Decree 30/2020/NĐ-CP, and an .xlsx of its rows.

Decree 30 layout (docs/domain.md, "Official documents"): A4 portrait; margins top/bottom 20 mm, left 30 mm, right 15 mm;
Times New Roman; a borderless two-column header (governing and issuing body with the number on
the left; national title, motto and place-and-date on the right); the document type and subject
centred in bold; justified body with a first-line indent; recipients ("Nơi nhận:") ending with
"- Lưu: VT, ..."; page numbers centred at the top from page 2.
"""

import io
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from openpyxl.styles import Alignment, Font

from core.text import clean_text
from core.xlsx import append_row, new_workbook, to_bytes

from .board import LATE, MISSING, ON_TIME, Board, late_by_unit

FONT = "Times New Roman"
PLACE = "Nghệ An"


def outcome_label(outcome: str) -> str:
    return {ON_TIME: _("Đúng hạn"), LATE: _("Muộn"), MISSING: _("Chưa báo cáo")}[outcome]


def date_line(day: date, place: str = PLACE) -> str:
    """'Nghệ An, ngày 06 tháng 3 năm 2023': day below 10 and months 1-2 get a leading zero (Decree 30)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return _("%(place)s, ngày %(day)s tháng %(month)s năm %(year)s") % {
        "place": place,
        "day": f"{day.day:02d}",
        "month": month,
        "year": day.year,
    }


def governing_body(board: Board) -> str:
    unit = board.committee.unit
    return f"UBND {unit.name}".upper() if unit else "UBND TỈNH NGHỆ AN"


def issuing_body(board: Board) -> str:
    return (board.committee.short_name or board.committee.name).upper()


def _run(paragraph, text: str, *, size: int = 14, bold: bool = False, italic: bool = False):
    # Every piece of text of the .docx passes here: names and titles typed by users may hold control
    # characters (a Word line break, U+000B) that the XML of a .docx cannot, so they are cleaned first.
    run = paragraph.add_run(clean_text(text, multiline=True))
    run.font.name = FONT
    run.font.size = Pt(size)
    run.bold = bold
    run.italic = italic
    run._element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    return run


def _para(container, text: str = "", *, size: int = 14, bold=False, italic=False, align=None, indent=False):
    paragraph = container.add_paragraph()
    if text:
        _run(paragraph, text, size=size, bold=bold, italic=italic)
    paragraph.alignment = align if align is not None else WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt = paragraph.paragraph_format
    fmt.space_after = Pt(3)
    if indent:
        fmt.first_line_indent = Cm(1)
    return paragraph


def _no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)


def _cell_lines(cell, lines: list[tuple[str, dict]]) -> None:
    cell.paragraphs[0].text = ""
    first = True
    for text, fmt in lines:
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = Pt(0)
        _run(paragraph, text, **fmt)


def _page_number_header(section) -> None:
    """Page number centred at the top, not on the first page."""
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = _run(paragraph, "", size=13)
    for tag, attrs, text in (
        ("w:fldChar", {"w:fldCharType": "begin"}, None),
        ("w:instrText", {}, "PAGE"),
        ("w:fldChar", {"w:fldCharType": "end"}, None),
    ):
        element = OxmlElement(tag)
        for key, value in attrs.items():
            element.set(qn(key), value)
        if text:
            element.text = text
        run._element.append(element)


def _table(document, headers: list[str], rows: list[list]) -> None:
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        cell.paragraphs[0].text = ""
        _run(cell.paragraphs[0], header, size=12, bold=True)
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.paragraphs[0].text = ""
            _run(cell.paragraphs[0], str(value), size=12)


def build_docx(board: Board, *, issued_on: date) -> bytes:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    _page_number_header(section)

    header = document.add_table(rows=1, cols=2)
    _no_borders(header)
    left, right = header.rows[0].cells
    left.width, right.width = Mm(65), Mm(100)
    _cell_lines(
        left,
        [
            (governing_body(board), {"size": 13}),
            (issuing_body(board), {"size": 13, "bold": True}),
            ("________", {"size": 13}),
            (_("Số: .../BC-BCĐ"), {"size": 13}),
        ],
    )
    _cell_lines(
        right,
        [
            ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", {"size": 13, "bold": True}),
            ("Độc lập - Tự do - Hạnh phúc", {"size": 14, "bold": True}),
            ("________________________", {"size": 13}),
            (date_line(issued_on), {"size": 14, "italic": True}),
        ],
    )

    month = f"{board.month:%m/%Y}"
    _para(document)
    _para(document, _("BÁO CÁO"), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(
        document,
        _("Kết quả báo cáo tiến độ thực hiện nhiệm vụ cải cách hành chính tháng %(month)s") % {"month": month},
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    _para(document, "________", align=WD_ALIGN_PARAGRAPH.CENTER)

    total = board.total
    _para(document, _("I. TÌNH HÌNH BÁO CÁO TIẾN ĐỘ"), bold=True)
    _para(
        document,
        _(
            "Trong tháng %(month)s, có %(owed)d nhiệm vụ phải báo cáo tiến độ (hạn báo cáo ngày %(deadline)s). "
            "Đã báo cáo đúng hạn %(on_time)d nhiệm vụ, báo cáo muộn %(late)d nhiệm vụ, chưa báo cáo %(missing)d "
            "nhiệm vụ; tỷ lệ báo cáo đúng hạn đạt %(rate)d%%."
        )
        % {
            "month": month,
            "owed": total.owed,
            "deadline": f"{board.deadline:%d/%m/%Y}",
            "on_time": total.on_time,
            "late": total.late,
            "missing": total.missing,
            "rate": total.on_time_rate,
        },
        indent=True,
    )
    _para(
        document,
        _(
            "Các điểm chỉ đạo: %(owed)d nhiệm vụ, đúng hạn %(rate)d%%; các đơn vị khác: %(o_owed)d nhiệm vụ, đúng hạn %(o_rate)d%%."
        )
        % {
            "owed": board.pilot.owed,
            "rate": board.pilot.on_time_rate,
            "o_owed": board.others.owed,
            "o_rate": board.others.on_time_rate,
        },
        indent=True,
    )
    _para(document, _("II. CÁC ĐƠN VỊ CHƯA BÁO CÁO"), bold=True)
    late_units = late_by_unit(board.rows)
    if late_units:
        for entry in late_units:
            codes = ", ".join(t.code for t in entry["tasks"])
            _para(
                document,
                f"- {entry['unit'].name}: {len(entry['tasks'])} " + _("nhiệm vụ") + f" ({codes}).",
                indent=True,
            )
    else:
        _para(document, _("Tất cả các nhiệm vụ đã được báo cáo."), indent=True)
    _para(document, _("III. KẾT QUẢ THEO ĐƠN VỊ"), bold=True)
    _table(
        document,
        [_("Đơn vị"), _("Phải báo cáo"), _("Đúng hạn"), _("Muộn"), _("Chưa báo cáo"), _("Tỷ lệ đúng hạn")],
        [[r.label, r.owed, r.on_time, r.late, r.missing, f"{r.on_time_rate}%"] for r in board.by_unit],
    )
    _para(document, _("IV. ĐÁNH GIÁ CỦA BỘ PHẬN THƯỜNG TRỰC"), bold=True)
    assessment = board.review.assessment if board.review and board.review.assessment else _("(Chưa có đánh giá.)")
    for line in assessment.splitlines() or [assessment]:
        if line.strip():
            _para(document, line.strip(), indent=True)

    _para(document)
    footer = document.add_table(rows=1, cols=2)
    _no_borders(footer)
    recipients, signature = footer.rows[0].cells
    recipients.paragraphs[0].text = ""
    _run(recipients.paragraphs[0], _("Nơi nhận:"), size=12, bold=True, italic=True)
    for line in (
        _("- Thường trực Tỉnh ủy (để b/c);"),
        _("- Trưởng Ban, các Phó Trưởng Ban;"),
        _("- Các thành viên Ban Chỉ đạo;"),
        _("- Lưu: VT, BPTT."),
    ):
        paragraph = recipients.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(0)
        _run(paragraph, line, size=11)
    _cell_lines(
        signature,
        [(_("TM. BAN CHỈ ĐẠO"), {"size": 14, "bold": True}), (_("TRƯỞNG BAN"), {"size": 14, "bold": True})],
    )

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def build_xlsx(board: Board) -> bytes:
    """The month's rows as .xlsx: tasks with their outcome, the count by unit, the reminder log. Dates and
    moments are formatted by core.xlsx (dd/mm/yyyy, dd/mm/yyyy hh:mm in Vietnam's time)."""
    workbook = new_workbook()
    sheet = workbook.active
    sheet.title = _("Nhiệm vụ")
    bold = Font(bold=True)
    append_row(
        sheet,
        [
            _("Báo cáo tiến độ tháng %(month)s — %(committee)s")
            % {"month": f"{board.month:%m/%Y}", "committee": board.committee.name}
        ],
    )
    sheet["A1"].font = Font(bold=True, size=13)
    append_row(sheet, [_("Hạn báo cáo"), board.deadline])
    headers = [
        _("TT"),
        _("Mã"),
        _("Nội dung nhiệm vụ"),
        _("Lĩnh vực"),
        _("Cơ quan chủ trì"),
        _("Thành viên phụ trách"),
        _("Điểm chỉ đạo"),
        _("Kết quả"),
        _("Gửi báo cáo lúc"),
    ]
    append_row(sheet, headers)
    for cell in sheet[3]:
        cell.font = bold
    for i, task in enumerate(board.rows, start=1):
        submitted = task.first_submitted_at
        append_row(
            sheet,
            [
                i,
                task.code,
                task.title,
                task.area.name,
                task.lead_unit.name,
                task.responsible.full_name if task.responsible else "",
                _("Có") if task.is_pilot else "",
                outcome_label(task.outcome),
                submitted,
            ],
        )
    for column, width in zip("ABCDEFGHI", (5, 10, 60, 22, 30, 26, 10, 14, 18), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=4, min_col=3, max_col=3):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")

    units = workbook.create_sheet(_("Theo đơn vị"))
    append_row(
        units,
        [
            _("Đơn vị"),
            _("Điểm chỉ đạo"),
            _("Phải báo cáo"),
            _("Đúng hạn"),
            _("Muộn"),
            _("Chưa báo cáo"),
            _("Tỷ lệ đúng hạn (%)"),
        ],
    )
    for cell in units[1]:
        cell.font = bold
    for r in board.by_unit:
        append_row(
            units, [r.label, _("Có") if r.is_pilot else "", r.owed, r.on_time, r.late, r.missing, r.on_time_rate]
        )

    log = workbook.create_sheet(_("Nhật ký nhắc việc"))
    append_row(
        log,
        [
            _("Người nhận"),
            _("Thư điện tử"),
            _("Loại"),
            _("Nhận xử lý lúc"),
            pgettext("thư", "Gửi lúc"),
            _("Số lần thử"),
            _("Lỗi gần nhất"),
            _("Ghi chú"),
        ],
    )
    for cell in log[1]:
        cell.font = bold
    for reminder in board.reminders:
        append_row(
            log,
            [
                reminder.recipient.full_name,
                reminder.recipient.email,
                reminder.get_kind_display(),
                reminder.claimed_at,
                reminder.sent_at,
                reminder.attempts,
                reminder.last_error,
                reminder.channel_note,
            ],
        )
    return to_bytes(workbook)
