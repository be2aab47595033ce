"""The month's report: a .docx in the committee's own layout (documents.layout: Decree 30/2020/NĐ-CP
or Guidance 36-HD/VPTW, per the committee's letterhead), and an .xlsx of its rows.

The clerk chooses the place and the date of issue; without a date the .docx is a draft with the day
and month left blank (and the number blank until the report is entered in the register).
"""

from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl.styles import Alignment, Font

from core.text import paragraphs
from core.xlsx import append_row, new_workbook, to_bytes
from documents.layout import OfficialDocument, in_official_language
from documents.layout import date_line as layout_date_line
from documents.letterheads import letterhead_for
from documents.models import IssuedDocument, Letterhead
from members.models import Committee

from .board import LATE, MISSING, ON_TIME, Board, late_by_unit

PLACE = "Nghệ An"


def outcome_label(outcome: str, *, returned: bool = False) -> str:
    """The board's wording of a task's outcome for the month: "Đúng hạn", "Muộn", "Chưa báo cáo", or, for a
    report the secretariat returned and that was not sent again, "Bị trả lại, chưa gửi lại" (as the
    board's badge says)."""
    if outcome == MISSING and returned:
        return _("Bị trả lại, chưa gửi lại")
    return {ON_TIME: _("Đúng hạn"), LATE: _("Muộn"), MISSING: _("Chưa báo cáo")}[outcome]


def date_line(day: date, place: str = PLACE) -> str:
    """'Nghệ An, ngày 06 tháng 3 năm 2023' (documents.layout.date_line)."""
    return layout_date_line(day, place)


def report_subject(board: Board) -> str:
    """The subject (trích yếu) of the month's report."""
    return _("Kết quả báo cáo tiến độ thực hiện nhiệm vụ cải cách hành chính tháng %(month)s") % {
        "month": f"{board.month:%m/%Y}"
    }


def recipients(committee: Committee) -> list[str]:
    """Who receives a committee's report: the body above it (for information), its leaders and members."""
    above = (
        _("Ban Chỉ đạo %(name)s (để b/c)") % {"name": committee.parent.name.removeprefix("Ban Chỉ đạo ")}
        if committee.parent_id
        else _("Thường trực Tỉnh ủy (để b/c)")
    )
    if committee.kind == Committee.Kind.WORKING_GROUP:
        return [above, _("Tổ trưởng, các Tổ phó"), _("Các thành viên Tổ công tác")]
    return [above, _("Trưởng Ban, các Phó Trưởng Ban"), _("Các thành viên Ban Chỉ đạo")]


@in_official_language
def build_docx(
    board: Board,
    *,
    issued_on: date | None = None,
    place: str | None = None,
    number: str | None = None,
    signer_name: str | None = None,
    signer_position: str | None = None,
    letterhead: Letterhead | None = None,
) -> bytes:
    """The month's report. `issued_on` None: a draft dated "ngày ... tháng ... năm <year of the deadline>";
    `number` None: the number left blank; `place` None: the letterhead's; the signer the letterhead's
    (the committee's head in office on the date) unless given."""
    lh = letterhead or letterhead_for(board.committee, issued_on or board.deadline)
    doc = OfficialDocument(
        lh,
        kind=IssuedDocument.Kind.REPORT,
        subject=report_subject(board),
        number=number,
        issued_on=issued_on,
        place=place,
        year=(issued_on or board.deadline).year,
    )
    month = f"{board.month:%m/%Y}"
    total = board.total
    doc.heading(_("I. TÌNH HÌNH BÁO CÁO TIẾN ĐỘ"))
    doc.paragraph(
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
        }
    )
    doc.paragraph(
        _(
            "Các điểm chỉ đạo: %(owed)d nhiệm vụ, đúng hạn %(rate)d%%; các đơn vị khác: %(o_owed)d nhiệm vụ, đúng hạn %(o_rate)d%%."
        )
        % {
            "owed": board.pilot.owed,
            "rate": board.pilot.on_time_rate,
            "o_owed": board.others.owed,
            "o_rate": board.others.on_time_rate,
        }
    )
    doc.heading(_("II. CÁC ĐƠN VỊ CHƯA BÁO CÁO"))
    late_units = late_by_unit(board.rows)
    for entry in late_units:
        codes = ", ".join(t.code for t in entry["tasks"])
        doc.bullet(f"{entry['unit'].name}: {len(entry['tasks'])} " + _("nhiệm vụ") + f" ({codes}).")
    if not late_units:
        doc.paragraph(_("Tất cả các nhiệm vụ đã được báo cáo."))
    doc.heading(_("III. KẾT QUẢ THEO ĐƠN VỊ"))
    doc.table(
        [_("Đơn vị"), _("Phải báo cáo"), _("Đúng hạn"), _("Muộn"), _("Chưa báo cáo"), _("Tỷ lệ đúng hạn")],
        [[r.label, r.owed, r.on_time, r.late, r.missing, f"{r.on_time_rate}%"] for r in board.by_unit],
        widths_mm=[55, 22, 22, 20, 24, 22],
    )
    doc.heading(_("IV. ĐÁNH GIÁ CỦA BỘ PHẬN THƯỜNG TRỰC"))
    assessment = board.review.assessment if board.review and board.review.assessment else _("(Chưa có đánh giá.)")
    for line in paragraphs(assessment):
        doc.paragraph(line)
    doc.closing(
        recipients(board.committee),
        position=signer_position or None,
        signer_name=signer_name or None,
    )
    return doc.to_bytes()


def build_xlsx(board: Board, *, with_contacts: bool = False) -> bytes:
    """The month's rows as .xlsx: tasks with their outcome, the count by unit, the reminder log. Dates and
    moments are formatted by core.xlsx (dd/mm/yyyy, dd/mm/yyyy hh:mm in Vietnam's time).

    with_contacts: whether the reader may see people's e-mail addresses (members.permissions.
    can_see_contacts, the rule of the person pages). Without it the reminder log has no address column and
    no delivery error (a mail server's error quotes the address): an export follows the field rules of the
    pages of the role that downloads it."""
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
                outcome_label(task.outcome, returned=task.returned),
                submitted,
            ],
        )
    for column, width in zip("ABCDEFGHI", (5, 10, 60, 22, 30, 26, 10, 24, 18), strict=True):
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
            *([_("Thư điện tử")] if with_contacts else []),
            _("Loại"),
            _("Nhận xử lý lúc"),
            pgettext("thư", "Gửi lúc"),
            _("Số lần thử"),
            *([_("Lỗi gần nhất")] if with_contacts else []),
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
                *([reminder.recipient.email] if with_contacts else []),
                reminder.get_kind_display(),
                reminder.claimed_at,
                reminder.sent_at,
                reminder.attempts,
                *([reminder.last_error] if with_contacts else []),
                reminder.channel_note,
            ],
        )
    return to_bytes(workbook)
