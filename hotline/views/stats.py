"""The hot-spot dashboard (leadership; the secretariat and operators also see it, for choosing
pilot units and for their own follow-up)."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.filters import bad_query
from core.roles import Role, has_role

from .. import exports, stats
from .staff import staff_page

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _year(request) -> tuple[int | None, list[int]]:
    """The year asked (`?year=`; None: every year) and the years that have reports, newest first; a year
    without reports, or what is not a year, is a 400, never "every year" (core/filters.py)."""
    years = stats.report_years()
    asked = request.GET.get("year", "")
    year = int(asked) if asked.isascii() and asked.isdigit() and len(asked) == 4 else None
    if asked and year not in years:
        raise bad_query(_("Năm không hợp lệ hoặc không có phản ánh."))
    return year, years


@staff_page(Role.LEADERSHIP, Role.SECRETARIAT, Role.HOTLINE_OPERATOR)
def hotspots(request):
    today = timezone.localdate()
    year, years = _year(request)
    context = stats.hotspots(today=today, year=year)
    context.update({"years": years, "year": year, "today": today})
    if not has_role(request.user, Role.SECRETARIAT, Role.LEADERSHIP):  # operators cannot open the pilot page
        context["pilot_url"] = None
    return render(request, "hotline/hotspots.html", context)


@staff_page(Role.LEADERSHIP, Role.SECRETARIAT, Role.HOTLINE_OPERATOR)
def hotspots_export(request):
    """The hot-spot statistics of the year asked (or every year) as .xlsx: aggregates only (hotline/exports.py)."""
    today = timezone.localdate()
    year, _years = _year(request)
    data = exports.hotspots_xlsx(stats.hotspots(today=today, year=year), year=year, today=today)
    response = HttpResponse(data, content_type=XLSX)
    name = f"diem-nong-phan-anh-{year}.xlsx" if year else "diem-nong-phan-anh.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
