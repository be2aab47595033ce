"""Template helpers of the working calendar: a deadline's effective date beside the written one."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from core.calendar import Calendar, effective_date

register = template.Library()


@register.simple_tag
def effective_deadline(day, calendar: Calendar | None) -> str:
    """' (hạn thực tế: dd/mm/yyyy)' when `day` is a day off, else ''. The page passes the calendar it
    loaded once for all its dates, so no row queries."""
    if day is None or calendar is None:
        return ""
    real = effective_date(day, calendar)
    if real is None:
        return ""
    return format_html(
        ' <span class="muted effective-date">({})</span>', _("hạn thực tế: %(day)s") % {"day": f"{real:%d/%m/%Y}"}
    )
