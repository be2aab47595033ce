"""Exports: the filtered task list as an .xlsx workbook (Vietnamese headers, dates dd/mm/yyyy, a task
without report "chưa báo cáo", never 0 %).

Every row goes through core.xlsx.append_row: titles typed by users (or by citizens, through a
hotline follow-up task) are written as text, never as formulas.
"""

import re
from datetime import date

from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from core.text import fold
from core.xlsx import append_row, new_workbook, to_bytes
from documents.letterheads import letterhead_for, print_header
from documents.models import IssuedDocument

from . import deadlines
from . import status as st
from .models import Plan, Task

DOCUMENT_KINDS = ("Kế hoạch", "Chương trình", "Báo cáo", "Đề án")


def document_heading(title: str) -> dict[str, str]:
    """A plan's title split as Decree 30 prints it: the document type, then its subject with a capital
    initial ("Kế hoạch hoạt động của Ban Chỉ đạo … năm 2023" -> {"kind": "Kế hoạch", "subject": "Hoạt động
    của Ban Chỉ đạo … năm 2023"}); a title that starts with no known type is printed whole as "Kế hoạch"'s
    subject."""
    folded = fold(title)
    for kind in DOCUMENT_KINDS:
        if folded.startswith(fold(kind) + " "):
            rest = title[len(kind) :].strip(" :-–—")
            return {"kind": kind, "subject": rest[:1].upper() + rest[1:]}
    return {"kind": _("Kế hoạch"), "subject": title}


def plan_header(plan: Plan) -> dict:
    """The printed plan's header, from its committee's letterhead (documents.letterheads.print_header):
    an approved plan bears its approval decision's number and date; a draft the blank number, "DỰ
    THẢO" and a blank day and month of its year (never today's date, which it was not issued on)."""
    decision = plan.approved_by
    return print_header(
        letterhead_for(plan.committee, signer=False),
        kind=IssuedDocument.Kind.PLAN,
        number=decision.number if decision else None,
        issued_on=decision.date if decision else None,
        year=plan.year,
    )


COORDINATING_NOTE = re.compile(r"^\s*Phối hợp:\s*(.+?)\.?\s*$", re.MULTILINE)


def coordinating_names(task) -> list[str]:
    """Who works with the lead unit: the coordinating units' names (prefetched), then what the plan
    names that is no unit of the list ("Các sở, ngành"), kept by the import as a "Phối hợp: …" line
    of the description (tasks.plan_import)."""
    names = [u.name for u in task.coordinating_units.all()]
    for found in COORDINATING_NOTE.finditer(task.description or ""):
        names += [n.strip() for n in found.group(1).split(";") if n.strip() and n.strip() not in names]
    return names


def percent_cell(task) -> int | str:
    """The percent column of a task annotated by `tasks.status.with_status`: 100 when done, the latest
    reported percent, or "chưa báo cáo" when no report was ever sent (never 0, which would say the unit
    reported no progress)."""
    if task.status_code in st.DONE:
        return 100
    if task.latest_percent is None:
        return _("chưa báo cáo")
    return task.latest_percent


def headers() -> list[str]:
    return [
        _("Mã"),
        _("Nội dung nhiệm vụ"),
        _("Lĩnh vực"),
        _("Cơ quan chủ trì"),
        _("Cơ quan phối hợp"),
        _("Thành viên phụ trách"),
        _("Thời hạn hoàn thành"),
        _("Hạn thực tế"),
        _("Chu kỳ"),
        _("Sản phẩm"),
        _("Trọng tâm"),
        _("Nguồn"),
        _("Tỷ lệ hoàn thành (%)"),
        _("Ngày hoàn thành"),
        _("Trạng thái"),
    ]


def tasks_xlsx(*, plan: Plan, tasks: list[Task], today: date) -> bytes:
    """`tasks` are annotated with status (`tasks.status.with_status`) and prefetch coordinating units. The
    deadline is written as the plan writes it ("Quý III/2023"), then the working day it falls on as a date."""
    wb = new_workbook()
    ws = wb.active
    ws.title = _("Nhiệm vụ")[:31]
    append_row(ws, [plan.title])
    ws["A1"].font = Font(bold=True, size=13)
    append_row(ws, [_("Số liệu đến ngày %(day)s") % {"day": today.strftime("%d/%m/%Y")}])
    append_row(ws, headers())
    for cell in ws[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for t in tasks:
        append_row(
            ws,
            [
                t.code,
                t.title,
                t.area.name,
                t.lead_unit.name,
                ", ".join(coordinating_names(t)),
                t.responsible.full_name if t.responsible else "",
                deadlines.task_deadline(t)[0],
                t.effective_due_date or t.due_date,
                t.get_recurrence_display(),
                t.expected_output_note or t.get_expected_output_display(),
                _("Có") if t.is_focus else "",
                t.get_source_display(),
                percent_cell(t),
                t.done_on,
                str(st.LABELS[t.status_code]),
            ],
        )
    widths = [10, 60, 30, 30, 30, 25, 20, 14, 14, 20, 10, 18, 12, 14, 24]
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = "A4"
    return to_bytes(wb)
