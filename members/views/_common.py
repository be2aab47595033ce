"""Helpers shared by the members views."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from core import forms as core_forms
from core.versions import StaleEdit

# Model fields whose errors belong to a differently named form field.
FIELD_MAP = {"appointed_by": "decision", "ended_by": "decision", "person": "person", "committee": None, "__all__": None}


def apply_errors(form, exc: ValidationError, extra_map: dict | None = None) -> None:
    """Attach a ValidationError raised by members.changes to the form, by field where the form has it."""
    mapping = {**FIELD_MAP, **(extra_map or {})}
    if isinstance(exc, StaleEdit):  # a stale form: the changes listed, the typed values kept (core/forms.py)
        core_forms.apply_errors(form, exc)
        return
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for field, messages in exc.message_dict.items():
        target = mapping.get(field, field)
        if target == NON_FIELD_ERRORS or target not in form.fields:
            target = None
        form.add_error(target, messages)
