"""Template tags for the admin pages the project adapts (templates/simple_history/)."""

from django import template
from django.core.exceptions import FieldDoesNotExist

register = template.Library()


@register.simple_tag
def history_column_label(opts, column: str) -> str:
    """The header of a `history_list_display` column: the verbose name of the field `column` of the model
    whose options are `opts` (django-simple-history prints the attribute name, "due_date"), or `column`."""
    try:
        return str(opts.get_field(column).verbose_name)
    except (AttributeError, FieldDoesNotExist):
        return column


@register.filter
def or_dash(value):
    """'—' for a value django-simple-history shows as None (it stringifies an empty value to "None")."""
    return "—" if value is None or value == "None" or value == "" else value
