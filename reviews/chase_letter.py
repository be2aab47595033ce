"""The official letter (công văn đôn đốc) to the units that have not reported: each unit and its
overdue tasks, in the committee's layout (documents.layout), numbered in its register when issued.

Decree 30/2020/NĐ-CP, appendix I: an official letter has no type line; its subject ("V/v đôn đốc
...") stands under its number, and it opens with "Kính gửi:" and its addressees.
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from documents.layout import OfficialDocument, in_official_language
from documents.letterheads import letterhead_for
from documents.models import IssuedDocument, Letterhead
from members.models import Committee

from .board import Board, late_by_unit


def letter_subject(board: Board) -> str:
    """ "đôn đốc báo cáo tiến độ thực hiện nhiệm vụ cải cách hành chính tháng 05/2023"."""
    return _("đôn đốc báo cáo tiến độ thực hiện nhiệm vụ cải cách hành chính tháng %(month)s") % {
        "month": f"{board.month:%m/%Y}"
    }


@in_official_language
def build_letter(
    board: Board,
    *,
    letterhead: Letterhead | None = None,
    number: str | None = None,
    issued_on: date | None = None,
    place: str | None = None,
    signer_name: str | None = None,
    signer_position: str | None = None,
) -> bytes:
    """The letter as a .docx: addressed to each unit with a task not reported, listing its tasks
    (code, content) and the deadline that passed. A draft leaves the number and the date blank."""
    lh = letterhead or letterhead_for(board.committee, issued_on or board.deadline)
    doc = OfficialDocument(
        lh,
        kind=IssuedDocument.Kind.LETTER,
        subject=letter_subject(board),
        number=number,
        issued_on=issued_on,
        place=place,
        year=(issued_on or board.deadline).year,
    )
    late = late_by_unit(board.rows)
    doc.addressees([entry["unit"].name for entry in late] or [_("Các cơ quan, đơn vị")])
    doc.paragraph(
        _(
            "Theo quy chế hoạt động của %(committee)s, các cơ quan, đơn vị báo cáo tiến độ thực hiện nhiệm vụ "
            "cải cách hành chính tháng %(month)s chậm nhất ngày %(deadline)s. Đến nay, các cơ quan, đơn vị "
            "sau chưa báo cáo:"
        )
        % {"committee": board.committee.name, "month": f"{board.month:%m/%Y}", "deadline": f"{board.deadline:%d/%m/%Y}"}
    )
    for i, entry in enumerate(late, start=1):
        doc.paragraph(
            _("%(i)d. %(unit)s: %(n)d nhiệm vụ") % {"i": i, "unit": entry["unit"].name, "n": len(entry["tasks"])} + ":",
            bold=True,
        )
        for task in entry["tasks"]:
            doc.bullet(f"{task.code} — {task.title}")
    doc.paragraph(
        _(
            "%(committee)s đề nghị Thủ trưởng các cơ quan, đơn vị nêu trên chỉ đạo khẩn trương báo cáo tiến độ các "
            "nhiệm vụ trên phần mềm theo dõi nhiệm vụ của Ban Chỉ đạo./."
        )
        % {"committee": board.committee.name}
    )
    above = [_("Như trên")]
    if board.committee.kind == Committee.Kind.WORKING_GROUP:
        above.append(_("Tổ trưởng (để b/c)"))
    else:
        above.append(_("Trưởng Ban, các Phó Trưởng Ban (để b/c)"))
    doc.closing(
        above,
        position=signer_position or None,
        signer_name=signer_name or None,
    )
    return doc.to_bytes()
