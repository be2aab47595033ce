"""Template helpers of the members pages: permission tests and compact assignment text."""

from django import template

from members.permissions import can_change_roster, can_view_roster
from members.unit_fields import unit_label

register = template.Library()


@register.filter
def may_change_roster(user) -> bool:
    return can_change_roster(user)


@register.filter
def may_view_roster(user) -> bool:
    return can_view_roster(user)


@register.filter
def ddmmyyyy(value) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


@register.filter
def unit_name(unit) -> str:
    """A unit as history shows it: its name, and "(đã kết thúc từ dd/mm/yyyy)" once it has ended."""
    return unit_label(unit) if unit else ""
