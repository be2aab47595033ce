"""A periodic report's exports: the .docx laid out per Decree 30/2020/NĐ-CP (or Guidance 36-HD/VPTW for a
committee with a Party letterhead) through documents/layout.py, with its annex tables in a landscape annex;
the annexes as .xlsx (core/xlsx.py); the rows the print view shows.

A draft says so: "DỰ THẢO" above the title of the .docx, a blank number ("Số:   -BC/BCĐ"), and the word in the
file name and on the print view. The annex rows come from the version's compiled data (`ReportVersion.data`),
so an issued report keeps the figures it was issued with.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font

from core.text import paragraphs
from core.xlsx import append_row, new_workbook, to_bytes
from documents import layout
from documents.layout import OfficialDocument, in_official_language
from documents.letterheads import letterhead_for
from documents.models import IssuedDocument, Letterhead
from tasks import status as st

from .models import PeriodicReport, ReportVersion
from .periods import ROMAN

FIGURE_ROWS = (("pilot", "Các đơn vị điểm chỉ đạo"), ("others", "Các đơn vị khác"), ("all", "Tổng số"))


def recipients() -> list[str]:
    """Who receives the report ("Nơi nhận"), before the filing line "Lưu: VT."."""
    return [_("Thường trực Ban Chỉ đạo (để b/c)"), _("Các thành viên Ban Chỉ đạo"), _("Các sở, ban, ngành")]


def recipient_lines(letterhead: Letterhead) -> list[str]:
    """The "Nơi nhận" lines as the document prints them: "- …;" each, the last the letterhead's filing line
    ("- Lưu: VT, BPTT.", documents.layout.filing_line)."""
    return [*(f"- {r};" for r in recipients()), "- " + layout.filing_line(letterhead)]


def subject(report: PeriodicReport) -> str:
    """The report's subject (trích yếu)."""
    return _("Kết quả thực hiện công tác cải cách hành chính %(period)s") % {"period": report.period.label}


def replaced_document(version: ReportVersion) -> IssuedDocument | None:
    """The register's row an amended version replaces: the report's latest issued version before it (1 query)."""
    earlier = (
        ReportVersion.objects.filter(report_id=version.report_id, number__lt=version.number)
        .exclude(issued_document=None)
        .select_related("issued_document")
        .order_by("-number")
        .first()
    )
    return earlier.issued_document if earlier is not None else None


def subject_of(version: ReportVersion) -> str:
    """The version's subject: an amendment of an issued report names what it replaces, "… (thay thế Báo cáo số
    02-BC/BCĐ ngày 14/09/2023)", so the register and the document say it."""
    text = subject(version.report)
    replaced = replaced_document(version)
    if replaced is None:
        return text
    return (
        text
        + " "
        + _("(thay thế Báo cáo số %(number)s ngày %(date)s)")
        % {
            "number": replaced.number,
            "date": replaced.issued_on.strftime("%d/%m/%Y"),
        }
    )


def data_line(version: ReportVersion) -> str:
    """ "Số liệu tính từ ngày … đến ngày …." (the report's window); for a draft made before the window's end,
    "… tính đến ngày <the day it was compiled>" (its `as_of`), the day the figures were judged."""
    report = version.report
    start, end = report.starts_on.strftime("%d/%m/%Y"), report.ends_on.strftime("%d/%m/%Y")
    as_of = version.data.get("as_of")
    if as_of and date.fromisoformat(as_of) <= report.ends_on:
        return _("Số liệu tính từ ngày %(start)s, tính đến ngày %(as_of)s (kỳ báo cáo đến ngày %(end)s).") % {
            "start": start,
            "as_of": date.fromisoformat(as_of).strftime("%d/%m/%Y"),
            "end": end,
        }
    return _("Số liệu tính từ ngày %(start)s đến ngày %(end)s.") % {"start": start, "end": end}


def deadline_label(row: dict) -> str:
    """An annex row's deadline as the plan writes it, with the effective one when a day off moves it:
    "30/09/2023 (hạn thực tế: 02/10/2023)", as every page shows a deadline (tasks/templatetags `deadline`)."""
    effective = row.get("effective_deadline")
    if not effective:
        return row["deadline"]
    return "{} ({})".format(
        row["deadline"], _("hạn thực tế: %(day)s") % {"day": date.fromisoformat(effective).strftime("%d/%m/%Y")}
    )


def percent_text(percent: int | None) -> str:
    """ "chưa báo cáo" for a task without an accepted report (never 0 %), else "45%"."""
    return _("chưa báo cáo") if percent is None else f"{percent}%"


def status_label(code: str) -> str:
    return str(st.LABELS.get(code, code))


@dataclass(frozen=True)
class Signature:
    """Who signs and where: the issued document's, else the letterhead's defaults."""

    number: str | None
    issued_on: date | None
    place: str
    authority: str
    position: str
    name: str


def signature(version: ReportVersion) -> Signature:
    """The version's signature block: its issued document's number, date and signer, else (a draft) blanks and
    the letterhead's signer."""
    letterhead = letterhead_for(version.report.committee)
    document = version.issued_document
    if document is not None:
        return Signature(
            document.number,
            document.issued_on,
            version.place or letterhead.place,
            version.authority or letterhead.signing_authority,
            document.signer_position,
            document.signer_name,
        )
    return Signature(
        None, None, letterhead.place, letterhead.signing_authority, letterhead.signer_position, letterhead.signer_name
    )


def figure_rows(data: dict) -> list[list]:
    """Annex I: tasks due in the window, done on time, done late, overdue; pilot units, the others, total."""
    figures = data.get("figures", {})
    rows = []
    for key, label in FIGURE_ROWS:
        f = figures.get(key, {})
        rows.append([_(label), f.get("due", 0), f.get("done_on_time", 0), f.get("done_late", 0), f.get("overdue", 0)])
    return rows


def figure_headers() -> list[str]:
    return [
        _("Nhóm đơn vị"),
        _("Nhiệm vụ đến hạn"),
        _("Hoàn thành đúng hạn"),
        _("Hoàn thành quá hạn"),
        _("Quá hạn chưa hoàn thành"),
    ]


def task_headers() -> list[str]:
    return [
        _("TT"),
        _("Mã"),
        _("Nội dung nhiệm vụ"),
        _("Cơ quan chủ trì"),
        _("Điểm chỉ đạo"),
        _("Thời hạn"),
        _("Tỷ lệ hoàn thành"),
        _("Tình trạng"),
    ]


def task_groups(data: dict) -> list[tuple[str, list[list[str]]]]:
    """Annex II: the tasks by reform area (then lead unit), each row numbered within the annex."""
    groups: list[tuple[str, list[list[str]]]] = []
    for n, row in enumerate(data.get("annex", []), 1):
        if not groups or groups[-1][0] != row["area"]:
            groups.append((row["area"], []))
        groups[-1][1].append(
            [
                str(n),
                row["code"],
                row["title"],
                row["unit"],
                _("Có") if row["pilot"] else "",
                deadline_label(row),
                percent_text(row["percent"]),
                status_label(row["status"]),
            ]
        )
    return groups


def _body(doc: OfficialDocument, version: ReportVersion) -> None:
    for section in version.sections.all():
        doc.heading(section.title, level=section.level)
        for line in paragraphs(section.text):
            if line.startswith("- "):
                doc.bullet(line[2:])
            else:
                doc.paragraph(line, indent=True)


@in_official_language
def build_docx(version: ReportVersion) -> bytes:
    """The version as a .docx (fetch it with `report__committee`, `issued_document` and its sections)."""
    report = version.report
    sign = signature(version)
    doc = OfficialDocument(
        letterhead_for(report.committee),
        kind=IssuedDocument.Kind.REPORT,
        subject=subject_of(version),
        number=sign.number,
        issued_on=sign.issued_on,
        place=sign.place,
    )
    if not version.is_issued:
        doc.paragraph(_("DỰ THẢO (phiên bản %(n)s)") % {"n": version.number}, indent=False, bold=True)
    doc.paragraph(data_line(version), indent=True, italic=True)
    _body(doc, version)
    doc.closing(
        recipients=recipients(),
        authority=sign.authority,
        position=sign.position,
        signer_name=sign.name,
    )
    doc.annex(_("PHỤ LỤC I. SỐ LIỆU NHIỆM VỤ ĐẾN HẠN TRONG KỲ"))
    doc.table(figure_headers(), figure_rows(version.data))
    doc.annex(_("PHỤ LỤC II. TÌNH HÌNH THỰC HIỆN NHIỆM VỤ THEO LĨNH VỰC VÀ ĐƠN VỊ"))
    rows: list[list[str]] = []
    group_rows: list[int] = []
    for area, group in task_groups(version.data):
        group_rows.append(len(rows) + 1)  # +1: the header row
        rows.append([area.upper(), "", "", "", "", "", "", ""])
        rows.extend(group)
    doc.table(task_headers(), rows, widths_mm=list(TASK_WIDTHS_MM))
    _merge_group_rows(doc.document.tables[-1], group_rows)
    return doc.to_bytes()


# Annex II's columns on a landscape page (their sum is documents.layout.LANDSCAPE_TEXT_WIDTH, 252 mm): the
# number column holds "TT" in 13 pt bold on one line, the task's content takes the most room.
TASK_WIDTHS_MM = (13, 14, 88, 42, 17, 30, 20, 28)


def _merge_group_rows(table, indexes: list[int]) -> None:
    """Each reform area's row spans the whole table (w:gridSpan), its name in bold."""
    for index in indexes:
        cells = table.rows[index].cells
        merged = cells[0].merge(cells[-1])
        for extra in merged.paragraphs[1:]:  # the other cells' empty paragraphs
            extra._p.getparent().remove(extra._p)
        for run in merged.paragraphs[0].runs:
            run.bold = True


@in_official_language
def build_xlsx(version: ReportVersion) -> bytes:
    """The annexes as .xlsx: the figures, and the tasks with area, unit, deadline, percent and status
    (Vietnamese headers; dates dd/mm/yyyy; "chưa báo cáo" for a task without an accepted report)."""
    report = version.report
    bold = Font(bold=True)
    workbook = new_workbook()
    sheet = workbook.active
    sheet.title = _("Phụ lục I - Số liệu")
    title = subject_of(version) + ("" if version.is_issued else " " + _("(DỰ THẢO)"))
    append_row(sheet, [title])
    sheet["A1"].font = bold
    append_row(sheet, [_("Số liệu từ ngày"), report.starts_on, _("đến ngày"), report.ends_on])
    for cell in ("B2", "D2"):
        sheet[cell].number_format = "DD/MM/YYYY"
    append_row(sheet, figure_headers())
    for cell in sheet[3]:
        cell.font = bold
    for row in figure_rows(version.data):
        append_row(sheet, row)
    for column, width in zip("ABCDE", (30, 18, 18, 18, 22), strict=True):
        sheet.column_dimensions[column].width = width

    tasks = workbook.create_sheet(_("Phụ lục II - Nhiệm vụ"))
    append_row(
        tasks,
        [
            _("TT"),
            _("Lĩnh vực"),
            _("Mã"),
            _("Nội dung nhiệm vụ"),
            _("Cơ quan chủ trì"),
            _("Điểm chỉ đạo"),
            _("Thời hạn"),
            _("Hạn thực tế"),
            _("Tỷ lệ hoàn thành (%)"),
            _("Ngày hoàn thành"),
            _("Tình trạng"),
        ],
    )
    for cell in tasks[1]:
        cell.font = bold
    for n, row in enumerate(version.data.get("annex", []), 1):
        effective = date.fromisoformat(row["effective_deadline"]) if row["effective_deadline"] else None
        done_on = date.fromisoformat(row["done_on"]) if row["done_on"] else None
        append_row(
            tasks,
            [
                n,
                row["area"],
                row["code"],
                row["title"],
                row["unit"],
                _("Có") if row["pilot"] else "",
                row["deadline"],
                effective,
                row["percent"] if row["percent"] is not None else _("chưa báo cáo"),
                done_on,
                status_label(row["status"]),
            ],
        )
        for column in (8, 10):
            tasks.cell(row=tasks.max_row, column=column).number_format = "DD/MM/YYYY"
    for column, width in zip("ABCDEFGHIJK", (5, 28, 10, 60, 30, 10, 18, 12, 12, 14, 24), strict=True):
        tasks.column_dimensions[column].width = width
    for row in tasks.iter_rows(min_row=2, min_col=4, max_col=4):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    return to_bytes(workbook)


# The period in a file name, in Vietnamese whatever the interface language (ASCII, no spaces).
PERIOD_SLUGS = {
    "month": "thang-{index}-{year}",
    "quarter": "quy-{roman}-{year}",
    "half": "6-thang-dau-nam-{year}",
    "nine_months": "9-thang-{year}",
    "year": "nam-{year}",
}


def filename(version: ReportVersion, extension: str) -> str:
    """'bao-cao-quy-III-2023-v2.docx' ('bao-cao-thang-7-2023-…', 'bao-cao-6-thang-dau-nam-2023-…',
    'bao-cao-nam-2023-…'), with '-du-thao' for a draft; the same in every interface language."""
    report = version.report
    draft = "" if version.is_issued else "-du-thao"
    period = PERIOD_SLUGS[report.kind].format(index=report.index, roman=ROMAN.get(report.index, ""), year=report.year)
    return f"bao-cao-{period}-v{version.number}{draft}.{extension}"
