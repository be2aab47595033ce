"""A membership, a person, and the signed-in user's own page."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from core.roles import role_required

from ..accounts import MANAGER_ROLES, can_manage_people
from ..permissions import READ_ROLES, can_change_roster, can_see_contacts, get_membership_for_user, get_person_for_user
from ..selectors import me_context, membership_assignments, membership_audit, seats_of


@role_required(*READ_ROLES)
def membership_detail(request, pk):
    membership = get_membership_for_user(request.user, pk)
    ctx = {
        "membership": membership,
        "assignments": membership_assignments(membership),
        "audit": membership_audit(membership) if can_change_roster(request.user) else [],
        "today": timezone.localdate(),
    }
    return render(request, "members/membership_detail.html", ctx)


@role_required(*READ_ROLES, *MANAGER_ROLES)  # the roster's readers, and who manages people and accounts
def person_detail(request, pk):
    person = get_person_for_user(request.user, pk)
    ctx = {
        "person": person,
        "seats": seats_of(person),
        "show_contacts": can_see_contacts(request.user),
        "may_manage": can_manage_people(request.user),
        "today": timezone.localdate(),
    }
    return render(request, "members/person_detail.html", ctx)


@login_required
def me(request):
    return render(request, "members/me.html", me_context(request.user))
