"""Template helpers of the shared form partials (`templates/core/_field.html`, `_form_errors.html`).

A field's help text has the id `<auto_id>_helptext` and its error list `<auto_id>_error`; the input
(or, for a group of radio buttons or checkboxes, its fieldset) points at both with aria-describedby,
so a screen reader reads the error when the input gets focus.
"""

from django import template
from django.core.exceptions import NON_FIELD_ERRORS
from django.forms import BaseForm, BoundField
from django.utils.safestring import SafeString

register = template.Library()


@register.filter
def described_by(field: BoundField) -> str:
    """The ids, space-separated, of the field's help text and error list ("" when it has neither)."""
    if not field.auto_id:
        return ""
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}_helptext")
    if field.errors:
        ids.append(f"{field.auto_id}_error")
    return " ".join(ids)


@register.simple_tag
def field_widget(field: BoundField) -> SafeString:
    """The field's input, marked aria-invalid when the field has errors and, unless the field is a
    group drawn in a fieldset (which carries the description itself), described by its help text and
    errors."""
    attrs: dict[str, str | bool] = {}
    if field.errors:
        attrs["aria-invalid"] = "true"
    ids = described_by(field)
    if ids and not field.use_fieldset:
        attrs["aria-describedby"] = ids
    return field.as_widget(attrs=attrs)


@register.filter
def has_field_errors(form: BaseForm) -> bool:
    """True when at least one field (not only the form as a whole) has an error."""
    return any(name != NON_FIELD_ERRORS for name in form.errors)
