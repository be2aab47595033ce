"""Small helpers shared by the tasks views (the form helpers live in core.forms)."""

from django.utils import timezone

from core.forms import apply_errors, form_data, form_files

__all__ = ["apply_errors", "form_data", "form_files", "now", "today"]


def today():
    return timezone.localdate()


def now():
    return timezone.now()
