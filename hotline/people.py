"""Who is told about a report: operators, a unit's focal points and head, leadership."""

from django.db.models import Q

from core.roles import Role
from members.models import Person, Unit


def operator_ids() -> list[int]:
    return list(
        Person.objects.filter(user__groups__name=Role.HOTLINE_OPERATOR, user__is_active=True).values_list(
            "pk", flat=True
        )
    )


def unit_contact_ids(unit: Unit | None) -> list[int]:
    """The unit's focal points and its head."""
    if unit is None:
        return []
    qs = Person.objects.filter(unit=unit).filter(
        Q(user__groups__name=Role.FOCAL_POINT, user__is_active=True) | Q(is_unit_head=True)
    )
    return list(qs.values_list("pk", flat=True).distinct())


def leadership_ids() -> list[int]:
    return list(
        Person.objects.filter(user__groups__name=Role.LEADERSHIP, user__is_active=True).values_list("pk", flat=True)
    )
