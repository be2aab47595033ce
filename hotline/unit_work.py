"""The open work of a unit that the hotline keeps: open reports routed to it.

Registered in HotlineConfig.ready (core/unit_successions.py) and moved by members/unit_changes.py
when the unit ends: the successor carries on (`workflow.pass_to_successor`), and the report's timeline
says so, citing the document. The lists name a report by its code and title only (never its contact
details).
"""

from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.unit_successions import Move, OpenItem, WorkKind, register_work_kind
from members.models import Unit

from . import workflow
from .models import Report

REPORT = "hotline_report"


def open_reports(*, unit: Unit, on: date) -> list[OpenItem]:
    rows = (
        Report.objects.filter(routed_unit=unit, status__in=Report.OPEN_STATUSES)
        .only("pk", "code", "title", "answer_due")
        .order_by("received_on", "pk")
    )
    return [
        OpenItem(
            kind=REPORT,
            object_id=r.pk,
            label=_("Phản ánh %(code)s — %(title)s") % {"code": r.display_code, "title": r.title[:120]},
            note=_("Hạn trả lời %(day)s (giữ nguyên).") % {"day": f"{r.answer_due:%d/%m/%Y}"} if r.answer_due else "",
        )
        for r in rows
    ]


def move_reports(*, moves: list[Move], unit: Unit, on: date, decision, reason: str, by, now) -> None:
    basis = _("%(number)s ngày %(day)s") % {"number": decision.number, "day": f"{decision.date:%d/%m/%Y}"}
    for move in moves:
        note = _("%(old)s kết thúc hoạt động từ ngày %(on)s; %(new)s tiếp tục xử lý (căn cứ %(basis)s).") % {
            "old": unit.name,
            "on": f"{on:%d/%m/%Y}",
            "new": move.to_unit.name,
            "basis": basis,
        }
        workflow.pass_to_successor(
            report=Report(pk=move.item.object_id), unit=move.to_unit, note=note, reason=reason, actor=by, now=now
        )


def register() -> None:
    register_work_kind(
        WorkKind(REPORT, gettext_lazy("Phản ánh đang xử lý"), 50, lister=open_reports, mover=move_reports)
    )
