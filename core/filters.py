"""Query-string filters: a value that is not understood is a 400, never "no filter".

A page or an export that reads `?unit=&status=&year=…` validates it with a form. Falling back to the
unfiltered listing when the form is invalid exports the whole plan for `?unit=99999`; `query_filters`
instead raises `BadQuery`, which Django answers with the 400 page (steering.views.bad_request), listing
what was wrong in Vietnamese.
"""

from django.core.exceptions import BadRequest
from django.forms import BaseForm


class BadQuery(BadRequest):
    """A query-string value that is malformed or names nothing that exists; `problems` are messages to show."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def problems_of(form: BaseForm) -> list[str]:
    """The form's errors as "Label: message" lines (non-field errors bare)."""
    lines: list[str] = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else None
        lines.extend(f"{label}: {message}" if label else str(message) for message in errors)
    return lines


def query_filters(form: BaseForm) -> dict:
    """The cleaned filters of a query-string form: {} when nothing was asked (unbound form), its
    `cleaned_data` when valid; raises `BadQuery` (400) when any value is malformed or unknown."""
    if not form.is_bound:
        return {}
    if not form.is_valid():
        raise BadQuery(problems_of(form))
    return form.cleaned_data


def bad_query(*problems: str) -> BadQuery:
    """A `BadQuery` for a parameter read by hand (`raise bad_query(_("Năm không hợp lệ."))`)."""
    return BadQuery(list(problems))
