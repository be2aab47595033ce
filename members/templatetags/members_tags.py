"""Template helpers of the members pages: permission tests and compact assignment text."""

from django import template

from members.permissions import can_change_roster, can_view_roster

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
