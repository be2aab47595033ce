"""Form helpers shared by every app's views."""

import html
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseForm, Form
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from .text import clean_text
from .versions import StaleEdit

CONFLICT = 409  # a stale form: the record changed since the form was drawn (core/versions.py)

# The project's one way of entering a date: typed dd/mm/yyyy (the ISO form of old links and of the native
# picker is accepted too), with a calendar button that static/js/app.js adds beside the box.
DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]
DATE_HELP = _("Dạng dd/mm/yyyy, ví dụ 06/03/2023.")
DATE_ERRORS = {
    "invalid": _("Ngày không hợp lệ: hãy nhập theo dạng dd/mm/yyyy, ví dụ 06/03/2023."),
    "required": _("Hãy nhập ngày (dd/mm/yyyy)."),
}


class DateInput(forms.DateInput):
    """The date widget of every form: a text box shown and typed dd/mm/yyyy (never `type=date`, whose
    order follows the browser's language). static/js/app.js adds a button that opens a calendar (a hidden
    native date input) and writes the picked day into the box as dd/mm/yyyy."""

    input_type = "text"

    def __init__(self, attrs=None, format=None):
        base = {
            "placeholder": "dd/mm/yyyy",
            "inputmode": "numeric",
            "autocomplete": "off",
            "class": "date-input",
            "data-picker-label": _("Chọn ngày trên lịch"),
        }
        super().__init__(attrs={**base, **(attrs or {})}, format="%d/%m/%Y")


def date_field(label, *, required=True, help_text=DATE_HELP, **kwargs) -> forms.DateField:
    """A form date field: the project's widget, dd/mm/yyyy (or ISO) accepted, Vietnamese messages. Its
    range is the default of core/dates.py unless `dates.limit` gives another."""
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        widget=DateInput(),
        help_text=help_text,
        error_messages=DATE_ERRORS,
        **kwargs,
    )


class _VersionInput(forms.HiddenInput):
    """A hidden input without an id: a page may hold several forms of one record, each with its version."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].pop("id", None)
        return context


class VersionField(forms.IntegerField):
    """The version of the record a form was drawn from (hidden; core/versions.py). Optional: a writer
    that sends none is not checked."""

    widget = _VersionInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("phiên bản đã đọc"))  # the admin prints hidden fields' labels
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("error_messages", {"invalid": _("Phiên bản của biểu mẫu không hợp lệ.")})
        super().__init__(**kwargs)


def drawn_from(form: Form, obj, name: str = "version") -> Form:
    """Have an unbound form carry `obj`'s version (a bound one keeps what was posted). Returns the form."""
    form.fields[name].initial = obj.version
    return form


def seen_version(form: Form, name: str = "version") -> int | None:
    """The version a valid form was drawn from, or None when it carried none."""
    return form.cleaned_data.get(name)


def apply_errors(form: BaseForm, error: ValidationError) -> None:
    """Show a business rule's ValidationError on the form (on its field when the form has it).

    A `StaleEdit` is kept as `form.conflict` (the error box lists its changes); the form then carries
    the version now, and the fields the other person changed that this form left as they were take the
    other person's values: what the clerk typed is kept, and saving again loses neither edit."""
    if isinstance(error, StaleEdit):
        _take_conflict(form, error)
        form.add_error(None, error.message)
        return
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for e in errors:
                form.add_error(field if field in form.fields else None, e)
    else:
        for message in error.messages:
            form.add_error(None, message)


def _same(typed, stored) -> bool:
    """Whether a cleaned value is the one the form was drawn with: a record as its id, text as a form cleans
    it (line breaks as "\n", no outer spaces: a textarea sends CRLF, the form strips)."""
    if hasattr(typed, "pk"):
        typed = typed.pk
    if isinstance(typed, str) and isinstance(stored, str):
        typed, stored = (clean_text(v, multiline=True).strip() for v in (typed, stored))
    return typed == stored or (typed in (None, "") and stored in (None, ""))


def _take_conflict(form: Any, error: StaleEdit) -> None:
    form.conflict = error
    cleaned = getattr(form, "cleaned_data", {})
    data = form.data.copy()
    for change in error.changes:
        if change.field in form.fields and change.field in cleaned and _same(cleaned[change.field], change.raw_old):
            key = form.add_prefix(change.field)
            if change.raw_new in (None, False):
                data.pop(key, None)
            else:
                data[key] = "on" if change.raw_new is True else change.raw_new
    name = getattr(form, "version_field", "version")
    if name in form.fields:
        data[form.add_prefix(name)] = error.version
    form.data = data


def form_status(form: Form) -> int:
    """The status a form page answers with: 409 for a stale form, 400 for any other error, else 200."""
    if getattr(form, "conflict", None) is not None:
        return CONFLICT
    return 400 if form.errors else 200


def form_data(request):
    """POST data for a form, or None on GET (an empty POST still binds the form, so it shows errors)."""
    return request.POST if request.method == "POST" else None


def form_files(request) -> tuple:
    """(POST, FILES) for a form with uploads, or (None, None) on GET."""
    return (request.POST, request.FILES) if request.method == "POST" else (None, None)


def _escaped(value: Any) -> str:
    """conditional_escape without its lazy-string wrapper (a few microseconds, times hundreds of options)."""
    return str(value.__html__()) if hasattr(value, "__html__") else html.escape(str(value))


class LongSelect(forms.Select):
    """A <select> for long lists (hundreds of units or people): the same HTML as Django's Select, whitespace
    aside, written in Python instead of through one template render per option (hundreds for the province's
    units: most of the public hotline form's cost, and of a filter bar's). Grouped choices fall back to Select.
    Every unit field uses it (members/unit_fields.py)."""

    def render(self, name: str, value: Any, attrs: dict | None = None, renderer: Any = None) -> SafeString:
        choices = list(iter(self.choices))  # iter(): no COUNT query for a length hint
        if any(isinstance(label, (list, tuple)) for _value, label in choices):
            return super().render(name, value, attrs, renderer)
        widget = forms.Widget.get_context(self, name, value, attrs)["widget"]  # no per-option dicts
        if self.allow_multiple_selected:
            widget["attrs"]["multiple"] = True
        wanted = set(widget["value"])
        parts: list[str] = [format_html('<select name="{}"{}>', widget["name"], flatatt(widget["attrs"]))]
        has_selected = False
        for option_value, label in choices:
            text = "" if option_value is None else str(option_value)
            selected = (not has_selected or self.allow_multiple_selected) and text in wanted
            has_selected |= selected
            parts.append(
                f'<option value="{_escaped(text)}"{" selected" if selected else ""}>{_escaped(label)}</option>'
            )
        parts.append("</select>")
        return mark_safe("\n".join(parts))  # every part above is escaped


class LongSelectMultiple(LongSelect):
    """`LongSelect` for several values (Django's SelectMultiple, one render for all options)."""

    allow_multiple_selected = True

    def value_from_datadict(self, data, files, name):
        return forms.SelectMultiple.value_from_datadict(self, data, files, name)  # type: ignore[arg-type]

    def value_omitted_from_data(self, data, files, name):
        return False  # an unselected <select multiple> sends nothing


def light_choices(queryset, label: str, empty_label):
    """A callable for a model choice field's `choices` that runs one light query, (pk, `label` field) rows, the first
    time the field is drawn, instead of building a model per option; validation still goes through the field's
    queryset."""
    cache: list = []

    def options() -> list:
        if not cache:
            cache.extend([("", empty_label), *queryset.values_list("pk", label)])
        return cache

    return options
