"""Reads shared by several views: the roster of a committee on a day."""

from datetime import date

from django.db.models import Prefetch
from django.utils import timezone

from .models import Assignment, Committee, Membership


def provincial_committee() -> Committee | None:
    return Committee.objects.filter(kind=Committee.Kind.PROVINCIAL, parent__isnull=True).order_by("pk").first()


def roster(committee: Committee, day: date) -> list[Membership]:
    """Memberships in force on `day`, with person, unit, decisions and assignments, in role order."""
    assignments = Assignment.objects.filter(start__lte=day).exclude(end__lt=day).prefetch_related("areas", "units", "sectors")
    qs = (
        Membership.objects.filter(committee=committee)
        .on(day)
        .select_related("person", "unit", "appointed_by", "ended_by")
        .prefetch_related(Prefetch("assignments", queryset=assignments))
    )
    order = {r: i for i, r in enumerate(Membership.ROLE_ORDER)}
    return sorted(qs, key=lambda m: (order.get(m.role, 99), m.start, m.person.full_name))


def group_by_role(memberships: list[Membership]) -> list[dict]:
    groups: dict[str, dict] = {}
    for m in memberships:
        label = m.get_role_display()
        if m.role in (Membership.Role.SUPPORT_LEADER, Membership.Role.SUPPORT_DEPUTY, Membership.Role.SUPPORT_MEMBER):
            key = "support"
        elif m.role == Membership.Role.MEMBER:
            key = "member"
        else:
            key = m.role
        if key not in groups:
            groups[key] = {"key": key, "label": label, "members": []}
        groups[key]["members"].append(m)
    from django.utils.translation import gettext as _

    if "support" in groups:
        groups["support"]["label"] = _("Tổ giúp việc")
    if "member" in groups:
        groups["member"]["label"] = _("Ủy viên, thành viên")
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
    }
