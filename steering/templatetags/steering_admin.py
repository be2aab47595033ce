"""Template tags for the admin pages the project adapts (templates/simple_history/)."""

from django import template
from django.core.exceptions import FieldDoesNotExist

register = template.Library()


def _shown(field, value) -> str:
    if value is None or value == "":
        return "—"
    choices = dict(field.flatchoices) if field is not None and field.flatchoices else {}
    return str(choices.get(value, value))


@register.simple_tag
def history_change(record, change) -> dict[str, str]:
    """The change `change` (a simple_history ModelChange of `record`) as shown to a reader:
    {"field": verbose name of the field, "old": …, "new": …}, the values by their choice labels and
    "—" for none. The package itself prints the attribute name ("due_date") and raw values ("new", None)."""
    try:
        field = record.instance_type._meta.get_field(change.field)
    except (AttributeError, FieldDoesNotExist):
        field = None
    label = str(field.verbose_name) if field is not None else change.field
    return {"field": label, "old": _shown(field, change.old), "new": _shown(field, change.new)}
