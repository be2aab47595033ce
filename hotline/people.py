"""Who is told about a report: operators, a unit's focal points and head, leadership, the secretariat."""

from django.contrib.auth import get_user_model
from django.db.models import Q

from core.delivery import Reach, reach_person, reach_user
from core.roles import Role
from members.models import Person, Unit


def operator_ids() -> list[int]:
    return list(
        Person.objects.filter(user__groups__name=Role.HOTLINE_OPERATOR, user__is_active=True).values_list(
            "pk", flat=True
        )
    )


def _unit_contacts_q(unit: Unit) -> Q:
    return Q(unit=unit) & (Q(user__groups__name=Role.FOCAL_POINT, user__is_active=True) | Q(is_unit_head=True))


def unit_contact_ids(unit: Unit | None) -> list[int]:
    """The unit's focal points and its head."""
    if unit is None:
        return []
    return list(Person.objects.filter(_unit_contacts_q(unit)).values_list("pk", flat=True).distinct())


def leadership_ids() -> list[int]:
    return list(
        Person.objects.filter(user__groups__name=Role.LEADERSHIP, user__is_active=True).values_list("pk", flat=True)
    )


def unit_contacts(unit: Unit | None) -> list[Reach]:
    """The unit's focal points and its head, with their channels (a head may have no account)."""
    if unit is None:
        return []
    people = Person.objects.filter(_unit_contacts_q(unit)).select_related("user").distinct().order_by("pk")
    return [reach_person(person) for person in people]


def staff(role: str) -> list[Reach]:
    """The active accounts of a role, with or without a linked person (a leader may have none)."""
    users = (
        get_user_model()
        .objects.filter(groups__name=role, is_active=True)
        .select_related("person")
        .distinct()
        .order_by("pk")
    )
    return [reach_user(user) for user in users]
