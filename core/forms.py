"""Form helpers shared by every app's views."""

from django.core.exceptions import ValidationError
from django.forms import Form


def apply_errors(form: Form, error: ValidationError) -> None:
    """Show a business rule's ValidationError on the form (on its field when the form has it)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for e in errors:
                form.add_error(field if field in form.fields else None, e)
    else:
        for message in error.messages:
            form.add_error(None, message)


def form_data(request):
    """POST data for a form, or None on GET (an empty POST still binds the form, so it shows errors)."""
    return request.POST if request.method == "POST" else None


def form_files(request) -> tuple:
    """(POST, FILES) for a form with uploads, or (None, None) on GET."""
    return (request.POST, request.FILES) if request.method == "POST" else (None, None)
