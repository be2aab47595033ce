"""The fields of a form to fuzz: read from the HTML a page draws, or from the form class when no page of the
world draws it (its state hides the form)."""

from django import forms

from tests.production.htmlforms import Form

from .strategies import Field

SKIPPED = {"csrfmiddlewaretoken"}
_DATE_WORDS = ("date", "_on", "start", "end", "valid_from", "completed", "period")


def _text_kind(name: str, value: str) -> str:
    low = name.lower()
    if low.endswith(("version", "year", "percent", "days", "order")) or low == "recurrence_day":
        return "number"
    if any(w in low for w in _DATE_WORDS) or (len(value) == 10 and value[2:3] == "/" and value[5:6] == "/"):
        return "date"
    return "text"


def from_html(form: Form) -> list[Field]:
    """Fields of a drawn form, by name (radios and checkboxes of one name together), as drawn."""
    fields: dict[str, Field] = {}
    for item in form.inputs:
        name, kind = item.get("name"), item.get("type")
        if not name or name in SKIPPED or kind in ("submit", "button", "reset", "image"):
            continue
        if kind == "select":
            options = tuple(o["value"] for o in item["options"] if o["value"] is not None)
            chosen = [o["value"] for o in item["options"] if o["selected"] and o["value"]] or [v for v in options if v]
            fields[name] = Field(name, "choice", chosen[0] if chosen else "", options)
        elif kind in ("radio", "checkbox"):
            known = fields.get(name)
            options = (*(known.options if known else ()), item["value"] or "on")
            value = item["value"] or "on" if item["checked"] else (known.value if known else "")
            fields[name] = Field(name, "choice" if kind == "radio" or len(options) > 1 else "checkbox", value, options)
        elif kind == "file":
            fields[name] = Field(name, "file")
        elif kind == "hidden":
            fields[name] = Field(
                name, _text_kind(name, item["value"]) if name.endswith("version") else "hidden", item["value"]
            )
        elif kind == "number":
            fields[name] = Field(name, "number", item["value"])
        elif kind == "date":
            fields[name] = Field(name, "date", item["value"])
        elif kind == "textarea":
            fields[name] = Field(name, "text", "Nội dung nhập thử")
        else:
            fields[name] = Field(name, _text_kind(name, item["value"]), item["value"] or "Nội dung nhập thử")
    return list(fields.values())


def from_class(form: forms.BaseForm) -> list[Field]:
    """Fields of an unbound form instance, by its classes."""
    out = []
    for name, f in form.fields.items():
        key = form.add_prefix(name)
        if isinstance(f, forms.FileField):
            out.append(Field(key, "file"))
        elif isinstance(f, forms.ModelMultipleChoiceField | forms.MultipleChoiceField):
            out.append(Field(key, "multi", "", tuple(str(v) for v, _ in f.choices if v != "")))
        elif isinstance(f, forms.ChoiceField):
            options = tuple(str(v) for v, _ in f.choices if v != "")
            out.append(Field(key, "choice", options[0] if options else "", options))
        elif isinstance(f, forms.BooleanField):
            out.append(Field(key, "checkbox", "on"))
        elif isinstance(f, forms.DateField | forms.DateTimeField):
            out.append(Field(key, "date", "01/06/2023"))
        elif isinstance(f, forms.IntegerField | forms.DecimalField | forms.FloatField):
            out.append(Field(key, "number", "1"))
        else:
            out.append(Field(key, "text", "Nội dung nhập thử"))
    return out
