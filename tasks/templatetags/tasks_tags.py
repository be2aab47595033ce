"""Template helpers of the work plan: accessible form widgets, status badges."""

from django import template

from .. import status as st

register = template.Library()


@register.simple_tag
def widget(field):
    """Render a bound field's widget linked to its help text and errors (aria-describedby, aria-invalid)."""
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}_helptext")
    if field.errors:
        ids.append(f"{field.auto_id}_error")
    attrs = {}
    if ids:
        attrs["aria-describedby"] = " ".join(ids)
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


@register.inclusion_tag("tasks/_status.html")
def status_badge(code: str):
    return {"label": st.LABELS.get(code, ""), "badge": st.BADGES.get(code, "badge-muted")}


@register.filter
def is_multi(field) -> bool:
    return field.widget_type in ("checkboxselectmultiple", "radioselect")


@register.filter
def is_checkbox(field) -> bool:
    return field.widget_type == "checkbox"


@register.filter
def status_label(code: str) -> str:
    return str(st.LABELS.get(code, ""))


@register.filter
def status_class(code: str) -> str:
    return st.BADGES.get(code, "badge-muted")
