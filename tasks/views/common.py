"""Small helpers shared by the tasks views (the form helpers live in core.forms)."""

from django.utils import timezone

from core.forms import apply_errors, form_data, form_files, form_status, seen_version

__all__ = ["apply_errors", "form_data", "form_files", "form_status", "now", "seen_version", "today"]


def today():
    return timezone.localdate()


def now():
    return timezone.now()
