"""The roster of a committee on a day as an .xlsx workbook and as rows for the print page.

The same fields as the pages for the role downloading it: name, seat, position, unit, since, decision and
assignments for every reader; e-mail, phone and Zalo only for who sees them on the person pages
(members.permissions.can_see_contacts: the secretariat).
"""

from datetime import date

from django.utils.translation import gettext as _

from core import xlsx

from .models import Committee, Membership


def assignment_text(m: Membership) -> str:
    """The member's assignments on one line each: areas; units; sectors."""
    lines = []
    for a in m.assignments.all():
        parts = [", ".join(x.name for x in a.areas.all()), ", ".join(u.name for u in a.units.all())]
        sectors = ", ".join(s.name for s in a.sectors.all())
        if sectors:
            parts.append(_("ngành: %(sectors)s") % {"sectors": sectors})
        lines.append("; ".join(p for p in parts if p))
    return "\n".join(line for line in lines if line)


def rows(groups: list[dict], *, contacts: bool) -> list[dict]:
    """One dict per member in the roster's order (grouped by role), numbered from 1."""
    out = []
    for group in groups:
        for m in group["members"]:
            row = {
                "n": len(out) + 1,
                "group": group["label"],
                "name": m.person.full_name,
                "role": m.role_label(),
                "position": m.position,
                "unit": m.unit.name if m.unit else "",
                "start": m.start,
                "decision": m.appointed_by.number,
                "assignments": assignment_text(m),
                "is_demo": m.is_demo,
            }
            if contacts:
                row.update({"email": m.person.email, "phone": m.person.phone, "zalo": m.person.zalo})
            out.append(row)
    return out


def workbook(committee: Committee, day: date, groups: list[dict], *, contacts: bool) -> bytes:
    """The roster as .xlsx bytes (strings always text, dates dd/mm/yyyy: core/xlsx.py)."""
    book = xlsx.new_workbook()
    sheet = book.active
    sheet.title = _("Danh sách thành viên")[:31]
    xlsx.append_row(sheet, [committee.name])
    xlsx.append_row(sheet, [_("Danh sách thành viên ngày %(day)s") % {"day": f"{day:%d/%m/%Y}"}])
    header = [
        _("TT"),
        _("Họ và tên"),
        _("Vai trò"),
        _("Chức vụ"),
        _("Cơ quan"),
        _("Từ ngày"),
        _("Quyết định"),
        _("Phân công"),
    ]
    if contacts:
        header += [_("Thư điện tử"), _("Điện thoại"), _("Số Zalo")]
    xlsx.append_row(sheet, header)
    for r in rows(groups, contacts=contacts):
        values = [r["n"], r["name"], r["role"], r["position"], r["unit"], r["start"], r["decision"], r["assignments"]]
        if contacts:
            values += [r["email"], r["phone"], r["zalo"]]
        xlsx.append_row(sheet, values)
    return xlsx.to_bytes(book)
