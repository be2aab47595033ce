"""Who may see and change the roster, and permission-checked getters for the members views.

Reading (roster, history, committees, people): secretariat, leadership, members.
Changing (appoint, end, replace, assignments): the secretariat only (and superusers).
Views fetch every object through the `get_*_for_user` helpers below, never with a bare `.get()`.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from core.roles import Role, has_role

from .models import Assignment, Committee, Membership, Person, Unit

READ_ROLES = (Role.SECRETARIAT, Role.LEADERSHIP, Role.MEMBER)
CHANGE_ROLES = (Role.SECRETARIAT,)


def can_view_roster(user) -> bool:
    return has_role(user, *READ_ROLES)


def can_change_roster(user) -> bool:
    return has_role(user, *CHANGE_ROLES)


def can_see_contacts(user) -> bool:
    """Phone and e-mail of people are personal data: only the secretariat keeps them."""
    return has_role(user, *CHANGE_ROLES)


def _check(user, change: bool) -> None:
    if not (can_change_roster(user) if change else can_view_roster(user)):
        raise PermissionDenied


def get_committee_for_user(user, pk, *, change: bool = False) -> Committee:
    _check(user, change)
    return get_object_or_404(Committee.objects.select_related("unit", "parent", "established_by"), pk=pk)


def get_membership_for_user(user, pk, *, change: bool = False) -> Membership:
    _check(user, change)
    qs = Membership.objects.select_related(
        "committee",
        "person",
        "person__unit",
        "unit",
        "appointed_by",
        "ended_by",
        "predecessor__person",
        "successor__person",
    )
    return get_object_or_404(qs, pk=pk)


def get_assignment_for_user(user, pk, *, change: bool = False) -> Assignment:
    _check(user, change)
    qs = Assignment.objects.select_related("membership__person", "membership__committee", "decision")
    return get_object_or_404(qs, pk=pk)


def get_person_for_user(user, pk) -> Person:
    """A person, for the roster's readers and for who manages people and accounts (the administrator opens
    the people it lists)."""
    from .accounts import can_manage_people

    if not can_manage_people(user):
        _check(user, change=False)
    return get_object_or_404(Person.objects.select_related("unit", "user"), pk=pk)


def get_unit_for_user(user, pk, *, change: bool = False) -> Unit:
    """A unit, with its parent and the record of its end (if any): readers see it, the secretariat changes it."""
    _check(user, change)
    qs = Unit.objects.select_related("parent", "sector", "ending__decision", "ending__recorded_by__person")
    return get_object_or_404(qs, pk=pk)
