"""Reads of the people and accounts pages: the list of people, a person for the secretariat, the audit
history of people and accounts. A fixed number of queries whatever the number of rows."""

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404

from core.roles import Role

from .accounts import can_manage_people, role_labels
from .models import AccountChange, Invitation, Person

PAGE_SIZE = 100
HISTORY_LIMIT = 200


def _people():
    groups = Prefetch("user__groups", queryset=Group.objects.order_by("name"))
    return Person.objects.select_related("unit", "user").prefetch_related(groups)


def get_person_for_manager(user, pk) -> Person:
    """A person (with unit, account and its roles), for the secretariat or an administrator; 403 for others."""
    if not can_manage_people(user):
        raise PermissionDenied
    return get_object_or_404(_people(), pk=pk)


def people(query: str = ""):
    """People by name, matching `query` in the name, position, unit, e-mail or username (all when empty)."""
    qs = _people().order_by("full_name", "pk")
    for word in query.split()[:5]:
        qs = qs.filter(
            Q(full_name__icontains=word)
            | Q(title__icontains=word)
            | Q(unit__name__icontains=word)
            | Q(email__icontains=word)
            | Q(user__username__icontains=word)
        )
    return qs


def roles_of(person: Person) -> list[str]:
    """The role labels of a person's account (from the prefetched groups), in Role order."""
    if not person.user_id:
        return []
    names = {g.name for g in person.user.groups.all()}
    return [str(label) for value, label in Role.choices if value in names]


def account_history(person: Person, limit: int = 50) -> list[AccountChange]:
    """The changes to a person's account, newest first, each with its `detail` in words (change_detail)."""
    if not person.user_id:
        return []
    changes = list(AccountChange.objects.filter(user_id=person.user_id).select_related("user", "by__person")[:limit])
    for c in changes:
        c.detail = change_detail(c)
    return changes


def last_invitation(person: Person) -> Invitation | None:
    if not person.user_id:
        return None
    return Invitation.objects.filter(user_id=person.user_id).order_by("-created_at", "-pk").first()


def history_rows(limit: int = HISTORY_LIMIT) -> list[dict]:
    """The audit history of people and accounts, newest first: the people's history rows
    (django-simple-history: added, changed) and the account changes, at most `limit` of each."""
    rows = []
    person_rows = Person.history.select_related("history_user__person").order_by("-history_date")[:limit]
    for h in person_rows:
        rows.append(
            {
                "at": h.history_date,
                "what": h.get_history_type_display(),
                "person_id": h.id,
                "person": h.full_name,
                "detail": h.history_change_reason or "",
                "by": h.history_user,
            }
        )
    changes = AccountChange.objects.select_related("user", "person", "by__person")[:limit]
    for c in changes:
        rows.append(
            {
                "at": c.at,
                "what": c.get_kind_display(),
                "person_id": c.person_id,
                "person": c.person.full_name if c.person else c.user.get_username(),
                "detail": change_detail(c),
                "by": c.by,
            }
        )
    rows.sort(key=lambda r: r["at"], reverse=True)
    return rows[:limit]


def change_detail(change: AccountChange) -> str:
    """What an account change did, in words: the roles before and after, or the username."""
    if change.kind in (AccountChange.Kind.CREATED, AccountChange.Kind.ROLES):
        after = ", ".join(role_labels(change.roles_after)) or "—"
        if change.kind == AccountChange.Kind.CREATED:
            return f"{change.user.get_username()}: {after}"
        before = ", ".join(role_labels(change.roles_before)) or "—"
        return f"{before} → {after}"
    return change.user.get_username()
