"""Template helpers of the work plan: status badges and labels."""

from django import template

from .. import status as st

register = template.Library()


@register.inclusion_tag("tasks/_status.html")
def status_badge(code: str):
    return {"label": st.LABELS.get(code, ""), "badge": st.BADGES.get(code, "badge-muted")}


@register.filter
def status_label(code: str) -> str:
    return str(st.LABELS.get(code, ""))


@register.filter
def status_class(code: str) -> str:
    return st.BADGES.get(code, "badge-muted")
