"""Helpers for the stale-form tests (core/versions.py): a page's form as a browser would send it back."""

import re
from datetime import date

from django.forms import Form

VERSION = re.compile(r'<input type="hidden" name="(?:[\w-]+-)?version" value="(\d+)"')


def versions_in(html: str) -> list[int]:
    """Every version a page's forms carry, in page order."""
    return [int(v) for v in VERSION.findall(html)]


def posted(form: Form, **changes) -> dict:
    """What a browser sends back for an unbound `form` as drawn (each field's initial value), with
    `changes` (field name -> value as typed) applied."""
    data: dict = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(value, (list, tuple)):
            data[form.add_prefix(name)] = [str(v.pk if hasattr(v, "pk") else v) for v in value]
        elif value is True:
            data[form.add_prefix(name)] = "on"
        elif value is None or value is False:
            continue
        elif isinstance(value, date):
            data[form.add_prefix(name)] = (
                field.widget.format_value(value) if hasattr(field.widget, "format_value") else value.isoformat()
            )
        else:
            data[form.add_prefix(name)] = str(value.pk if hasattr(value, "pk") else value)
    data.update(changes)
    return data
