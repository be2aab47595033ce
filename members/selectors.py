"""Reads shared by several views: rosters on a day, history, committees, a person's seats.

Every read fetches related rows with select_related/prefetch_related, so the number of queries
a page runs does not grow with the number of memberships it shows.
"""

from datetime import date

from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Assignment, Committee, Membership, Person, Unit, UnitTransfer

MEMBERSHIP_RELATED = ("committee", "person", "unit", "appointed_by", "ended_by")


def provincial_committee() -> Committee | None:
    return Committee.objects.filter(kind=Committee.Kind.PROVINCIAL, parent__isnull=True).order_by("pk").first()


def _assignments(day: date | None = None):
    qs = Assignment.objects.select_related("decision", "transferred_from__membership__person")
    if day is not None:
        qs = qs.on(day)
    return qs.prefetch_related("areas", "units", "sectors").order_by("start", "pk")


def _role_sort_key(m: Membership):
    order = {r: i for i, r in enumerate(Membership.ROLE_ORDER)}
    return (order.get(m.role, 99), m.start, m.person.full_name)


def roster(committee: Committee, day: date) -> list[Membership]:
    """Memberships in force on `day`, with person, unit, decisions and assignments, in role order."""
    qs = (
        Membership.objects.filter(committee=committee)
        .on(day)
        .select_related(*MEMBERSHIP_RELATED)
        .prefetch_related(Prefetch("assignments", queryset=_assignments(day)))
    )
    return sorted(qs, key=_role_sort_key)


def group_by_role(memberships: list[Membership]) -> list[dict]:
    groups: dict[str, dict] = {}
    for m in memberships:
        if m.role in Membership.SUPPORT_ROLES:
            key, label = "support", _("Tổ giúp việc")
        elif m.role == Membership.Role.MEMBER:
            key, label = "member", _("Ủy viên, thành viên")
        else:
            key, label = m.role, m.role_label()
        groups.setdefault(key, {"key": key, "label": label, "members": []})["members"].append(m)
    return list(groups.values())


def roster_context(committee: Committee | None = None, day: date | None = None) -> dict:
    committee = committee or provincial_committee()
    day = day or timezone.localdate()
    if committee is None:
        return {"committee": None}
    members = roster(committee, day)
    seats = [m for m in members if m.role not in Membership.SUPPORT_ROLES]
    return {
        "committee": committee,
        "roster_day": day,
        "roster_groups": group_by_role(members),
        "seats_filled": len(seats),
        "declared_size": committee.declared_size,
        "over_size": bool(committee.declared_size and len(seats) > committee.declared_size),
    }


def history(committee: Committee) -> list[Membership]:
    """Every membership the committee ever had, newest changes first within each role."""
    qs = (
        Membership.objects.filter(committee=committee)
        .select_related(*MEMBERSHIP_RELATED, "predecessor__person", "successor__person")
        .order_by("-start", "pk")
    )
    return list(qs)


def history_events(memberships: list[Membership]) -> list[dict]:
    """Dated appointments and endings, newest first: the committee's change log."""
    events = []
    for m in memberships:
        events.append({"day": m.start, "kind": "start", "membership": m, "decision": m.appointed_by})
        if m.end:
            events.append({"day": m.end, "kind": "end", "membership": m, "decision": m.ended_by})
    return sorted(events, key=lambda e: (e["day"], e["kind"] == "start"), reverse=True)


def committees() -> list[Committee]:
    today = timezone.localdate()
    active = Q(memberships__start__lte=today) & (Q(memberships__end__isnull=True) | Q(memberships__end__gte=today))
    seats = active & ~Q(memberships__role__in=Membership.SUPPORT_ROLES)
    return list(
        Committee.objects.select_related("unit", "parent", "established_by")
        .annotate(seats_now=Count("memberships", filter=seats))
        .order_by("kind", "name")
    )


def child_committees(committee: Committee) -> list[Committee]:
    return list(committee.children.select_related("unit").order_by("kind", "name"))


def membership_assignments(membership: Membership) -> list[Assignment]:
    return list(_assignments().filter(membership=membership).prefetch_related("transfers__membership__person"))


def membership_audit(membership: Membership, limit: int = 50) -> list:
    """The audit trail of one membership (django-simple-history), newest first."""
    return list(membership.history.select_related("history_user__person").order_by("-history_date")[:limit])


def seats_of(person: Person) -> list[Membership]:
    """All memberships of a person on any committee, current ones first, with their assignments."""
    today = timezone.localdate()
    qs = (
        Membership.objects.filter(person=person)
        .select_related(*MEMBERSHIP_RELATED, "committee__unit", "predecessor__person", "successor__person")
        .prefetch_related(Prefetch("assignments", queryset=_assignments()))
        .order_by("-start", "pk")
    )
    seats = list(qs)
    return sorted(seats, key=lambda m: (not m.is_active_on(today), -m.start.toordinal()))


def followed(seats: list[Membership], day: date, relation: str) -> list:
    """Units (relation="units") or sectors ("sectors") a person follows on `day`, from prefetched assignments."""
    seen: dict[int, object] = {}
    for m in seats:
        if not m.is_active_on(day):
            continue
        for a in m.assignments.all():
            if a.is_active_on(day):
                for obj in getattr(a, relation).all():
                    seen.setdefault(obj.pk, obj)
    return sorted(seen.values(), key=lambda o: o.name)


def me_context(user) -> dict:
    """The user's own page: roles, person, seats and assignments, units."""
    from core.roles import Role, user_roles

    today = timezone.localdate()
    person = Person.objects.select_related("unit").filter(user=user).first()
    role_labels = dict(Role.choices)
    roles = [str(role_labels[r]) for r in Role.values if r in user_roles(user)]
    if user.is_superuser:
        roles.insert(0, _("Quản trị hệ thống"))
    seats = seats_of(person) if person else []
    return {
        "person": person,
        "roles": roles,
        "seats": seats,
        "current_seats": [m for m in seats if m.is_active_on(today)],
        "upcoming_seats": [m for m in seats if m.start > today],
        "past_seats": [m for m in seats if m.end and m.end < today],
        "units_followed": followed(seats, today, "units"),
        "sectors_followed": followed(seats, today, "sectors"),
        "today": today,
    }


def unit_list(*, kind: str = "", state: str = "active", day: date | None = None) -> list[Unit]:
    """Units of a kind (all kinds when empty) that are active on `day` (default today), ended by then, or
    all; with their parent and successors (two queries whatever the number of units)."""
    day = day or timezone.localdate()
    qs = Unit.objects.select_related("parent").prefetch_related("successors").order_by("kind", "name")
    if kind:
        qs = qs.filter(kind=kind)
    if state == "active":
        qs = qs.valid_on(day)
    elif state == "ended":
        qs = qs.filter(valid_to__lt=day)
    return list(qs)


def unit_context(unit: Unit) -> dict:
    """What a unit's page shows: its successors and predecessors, the record of its end and the work
    passed on under it (a fixed number of queries)."""
    change = getattr(unit, "ending", None)  # None when the unit has no recorded end
    transfers = (
        list(UnitTransfer.objects.filter(change=change).select_related("to_unit", "decision", "by")) if change else []
    )
    return {
        "unit": unit,
        "change": change,
        "successors": list(unit.successors.order_by("name")),
        "predecessors": list(unit.predecessors.select_related("ending").order_by("name")),
        "transfers": transfers,
        "today": timezone.localdate(),
    }
