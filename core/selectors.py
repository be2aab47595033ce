"""Objects of the base layer that views fetch by id, each through a permission check (403/404)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from .models import Holiday
from .roles import Role, has_role

CALENDAR_EDITORS = (Role.SECRETARIAT,)


def get_holiday_for_edit(user, pk: int) -> Holiday:
    """A day off of the working calendar, for the secretariat to change or remove; 403 for anyone else,
    404 for an unknown id."""
    if not has_role(user, *CALENDAR_EDITORS):
        raise PermissionDenied
    return get_object_or_404(Holiday, pk=pk)
