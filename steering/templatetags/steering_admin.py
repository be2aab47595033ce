"""Template tags for the admin pages the project adapts (templates/simple_history/)."""

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext

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


@register.simple_tag
def package_text(msgid: str, **values) -> str:
    """gettext(msgid), formatted with `values` ("%(name)s"): for django-simple-history's own English msgids
    in the templates the project adapts. Given as a tag argument, not {% translate %}, so that
    `makemessages -l en` does not collect them (they are English already); locale/vi translates them."""
    text = gettext(msgid)
    return text % values if values else text
