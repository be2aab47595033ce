"""The change log of an approved plan's tasks (`TaskChange`) in the words users read: the field's name as the
task form calls it, values as the pages show them. Imports the models only inside its functions, so that
tasks/models.py can use it."""

import datetime

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext as _


def _task_field(name: str):
    from .models import Task

    return Task._meta.get_field(name)


def field_label(field: str) -> str:
    """The changed field as users call it: the task field's verbose name ("due_date" -> "thời hạn hoàn
    thành"); "hủy nhiệm vụ" for a cancellation; the stored name for a field the task no longer has."""
    if field == "cancelled":
        return _("hủy nhiệm vụ")
    try:
        return str(_task_field(field).verbose_name)
    except FieldDoesNotExist:
        return field


def shown_value(field: str, stored: str) -> str:
    """A value written to TaskChange, as users read it: a choice's label ("monthly" -> "Hằng tháng"), a date
    dd/mm/yyyy (also for rows written as ISO dates), "Có"/"Không" for a yes/no field, an empty value as "—";
    any other text (unit names, dates already dd/mm/yyyy) as stored."""
    if not stored:
        return "—"
    try:
        model_field = _task_field(field)
    except FieldDoesNotExist:
        return stored
    choices = dict(model_field.flatchoices) if getattr(model_field, "choices", None) else {}
    if stored in choices:
        return str(choices[stored])
    if isinstance(model_field, models.BooleanField) and stored in ("True", "False"):
        return _("Có") if stored == "True" else _("Không")
    if isinstance(model_field, models.DateField):
        try:
            return datetime.date.fromisoformat(stored).strftime("%d/%m/%Y")
        except ValueError:
            return stored
    return stored
