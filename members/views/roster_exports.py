"""The provincial committee's roster on a day (`?on=dd/mm/yyyy`, default today) as .xlsx and as a print page,
for the roster's readers, with the fields the downloading role sees on the pages (members/roster_export.py)."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from core.roles import role_required

from .. import roster_export
from ..forms import RosterDateForm
from ..permissions import READ_ROLES, can_see_contacts
from ..selectors import provincial_committee, roster_context

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _roster(request):
    form = RosterDateForm(request.GET or None)
    if request.GET and not form.is_valid():
        return None, form
    committee = provincial_committee()
    ctx = roster_context(committee, form.day() if request.GET else timezone.localdate()) if committee else {}
    return ctx, form


@role_required(*READ_ROLES)
def roster_xlsx(request):
    ctx, form = _roster(request)
    if ctx is None:
        return render(request, "members/roster_print.html", {"date_form": form}, status=400)
    contacts = can_see_contacts(request.user)
    if not ctx.get("committee"):
        return render(request, "members/roster_print.html", {"committee": None}, status=404)
    day = ctx["roster_day"]
    data = roster_export.workbook(ctx["committee"], day, ctx["roster_groups"], contacts=contacts)
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="danh-sach-thanh-vien-{day:%Y-%m-%d}.xlsx"'
    return response


@role_required(*READ_ROLES)
def roster_print(request):
    ctx, form = _roster(request)
    if ctx is None:
        return render(request, "members/roster_print.html", {"date_form": form}, status=400)
    contacts = can_see_contacts(request.user)
    ctx.update(
        {
            "date_form": form,
            "contacts": contacts,
            "rows": roster_export.rows(ctx.get("roster_groups", []), contacts=contacts),
        }
    )
    return render(request, "members/roster_print.html", ctx)
