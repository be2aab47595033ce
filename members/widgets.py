"""Form widgets shared by the apps.

Django renders every <option> of a <select> through its own template; on lists of hundreds of
units or people that alone costs tens of milliseconds a page. FastSelect writes the same markup
in Python.
"""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join


class FastSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        selected = {str(v) for v in self.format_value(value)}
        final_attrs = self.build_attrs(self.attrs, attrs)
        final_attrs["name"] = name
        if self.is_required:
            final_attrs["required"] = True
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option_value, " selected" if str(option_value) in selected else "", label)
                for option_value, label in self._flat_choices()
            ),
        )
        return format_html("<select{}>{}</select>", flatatt(final_attrs), options)

    def _flat_choices(self):
        for option_value, label in self.choices:
            if isinstance(label, list | tuple):
                yield from label  # optgroups are not used by our filters: list their options flat
            else:
                yield ("" if option_value is None else option_value), label
