"""Rosters on a day, the history of a committee, and the list of committees."""

from django.shortcuts import render
from django.utils import timezone

from core.roles import role_required

from ..forms import RosterDateForm
from ..permissions import CHANGE_ROLES, READ_ROLES, get_committee_for_user
from ..selectors import child_committees, committees, history_events, provincial_committee, roster_context
from ..selectors import history as committee_memberships


def _roster_page(request, committee):
    form = RosterDateForm(request.GET or None, initial={"on": timezone.localdate()})
    day = form.day() if request.GET else None
    ctx = roster_context(committee, day) if committee else {"committee": None}
    ctx.update(
        {
            "date_form": form,
            "children": child_committees(committee) if committee else [],
            "change_roles": CHANGE_ROLES,
        }
    )
    status = 400 if request.GET and not form.is_valid() else 200
    return render(request, "members/roster.html", ctx, status=status)


@role_required(*READ_ROLES)
def roster(request):
    """The provincial committee's roster on a day (`?on=dd/mm/yyyy`, default today)."""
    return _roster_page(request, provincial_committee())


@role_required(*READ_ROLES)
def committee_detail(request, pk):
    return _roster_page(request, get_committee_for_user(request.user, pk))


def _history_page(request, committee):
    memberships = committee_memberships(committee) if committee else []
    return render(
        request,
        "members/history.html",
        {"committee": committee, "memberships": memberships, "events": history_events(memberships)},
    )


@role_required(*READ_ROLES)
def history(request):
    return _history_page(request, provincial_committee())


@role_required(*READ_ROLES)
def committee_history(request, pk):
    return _history_page(request, get_committee_for_user(request.user, pk))


@role_required(*READ_ROLES)
def committee_list(request):
    return render(request, "members/committee_list.html", {"committees": committees()})
