"""A meeting's conclusions issued as a notice (Thông báo kết luận, "08-TB/BCĐ"), in the committee's
layout (documents.layout), and entered in its register (documents.register).

Once issued, the notice is the meeting's `notice` (the document the meeting's conclusions cite); a
meeting whose notice is already recorded (issued here or typed earlier) is not issued again.
"""

from __future__ import annotations

from datetime import date
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.text import paragraphs
from documents.layout import OfficialDocument, in_official_language
from documents.letterheads import letterhead_for
from documents.models import IssuedDocument, Letterhead
from documents.register import Choices, issue_built
from members.models import Committee

from .models import Meeting

Kind = IssuedDocument.Kind


def notice_subject(meeting: Meeting) -> str:
    """ "Kết luận của Trưởng Ban Chỉ đạo tại phiên họp ... ngày dd/mm/yyyy"."""
    head = _("Tổ trưởng") if meeting.committee.kind == Committee.Kind.WORKING_GROUP else _("Trưởng Ban Chỉ đạo")
    return _("Kết luận của %(head)s tại %(meeting)s ngày %(day)s") % {
        "head": head,
        "meeting": meeting.title[:1].lower() + meeting.title[1:],
        "day": f"{meeting.date:%d/%m/%Y}",
    }


@in_official_language
def build_notice(
    meeting: Meeting,
    *,
    letterhead: Letterhead | None = None,
    number: str | None = None,
    issued_on: date | None = None,
    place: str | None = None,
    signer_name: str | None = None,
    signer_position: str | None = None,
) -> bytes:
    """The notice as a .docx: the meeting (date, attendance, agenda), then its conclusions numbered.
    A draft without number or date leaves them blank."""
    lh = letterhead or letterhead_for(meeting.committee, issued_on or meeting.date)
    doc = OfficialDocument(
        lh,
        kind=Kind.NOTICE,
        subject=notice_subject(meeting),
        number=number,
        issued_on=issued_on,
        place=place,
        year=(issued_on or meeting.date).year,
    )
    attendees = meeting.attendees.count()
    doc.paragraph(
        _("Ngày %(day)s, %(committee)s tổ chức %(meeting)s. Tham dự phiên họp có %(n)d đồng chí thành viên.")
        % {
            "day": f"{meeting.date:%d/%m/%Y}",
            "committee": meeting.committee.name,
            "meeting": meeting.title[:1].lower() + meeting.title[1:],
            "n": attendees,
        }
    )
    agenda = [a.title for a in meeting.agenda_items.all()]
    if agenda:
        doc.paragraph(_("Phiên họp đã thảo luận các nội dung:"))
        for title in agenda:
            doc.bullet(title)
    doc.paragraph(_("Sau khi nghe ý kiến phát biểu của các thành viên, đồng chí chủ trì phiên họp kết luận như sau:"))
    for i, conclusion in enumerate(meeting.conclusions.all(), start=1):
        lines = paragraphs(conclusion.content)
        if lines:
            doc.paragraph(f"{i}. {lines[0]}")
            for line in lines[1:]:
                doc.paragraph(line)
    doc.paragraph(
        _("%(committee)s thông báo để các cơ quan, đơn vị, thành viên biết, thực hiện.")
        % {"committee": meeting.committee.name}
    )
    doc.closing(
        [_("Các thành viên %(committee)s") % {"committee": meeting.committee.name}, _("Các cơ quan, đơn vị liên quan")],
        position=signer_position or None,
        signer_name=signer_name or None,
    )
    return doc.to_bytes()


def issue_notice(
    *,
    meeting: Meeting,
    issued_on: date | None,
    place: str,
    signer_name: str,
    signer_position: str,
    by,
    replace: bool = False,
) -> IssuedDocument:
    """Number the notice in the committee's register, keep its .docx and make it the meeting's notice.
    One notice a meeting: a second one only with `replace` (the clerk's explicit choice), and it then
    replaces the first as the meeting's notice (the first stays in the register: a number is never
    taken back).

    Raises ValidationError: no conclusion yet, the meeting has its notice already (without `replace`),
    or the register's refusals (documents.register.issue: date missing, after today, before the last
    number...)."""
    if not meeting.conclusions.exists():
        raise ValidationError(_("Phiên họp chưa có kết luận để thông báo."))
    if issued_on is not None and issued_on < meeting.date:
        raise ValidationError({"issued_on": _("Thông báo kết luận không thể ban hành trước ngày họp.")})
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if locked.notice_id and not replace:
            raise ValidationError(
                _(
                    "Phiên họp đã có thông báo kết luận %(notice)s. Nếu cần thay thế, hãy đánh dấu “Ban hành "
                    "thông báo thay thế thông báo đã có”."
                )
                % {"notice": locked.notice}
            )
        document = issue_built(
            committee=meeting.committee,
            kind=Kind.NOTICE,
            title=notice_subject(meeting),
            chosen=Choices(issued_on, place, signer_name, signer_position),
            build=partial(build_notice, meeting),
            filename=f"thong-bao-ket-luan-{meeting.date:%Y-%m-%d}.docx",
            by=by,
            is_demo=meeting.is_demo,
        )
        locked.notice = document.decision
        locked.save(update_fields=["notice"])
    meeting.notice = document.decision
    return document
