"""Members views, one module per area: rosters and history, member changes, assignments, people."""

from .assignments import assignment_create, assignment_edit
from .changes import appoint, end, replace
from .people import me, membership_detail, person_detail
from .roster import committee_detail, committee_history, committee_list, history, roster
from .units import unit_create, unit_detail, unit_end, unit_list_page, unit_transfer

__all__ = [
    "appoint",
    "assignment_create",
    "assignment_edit",
    "committee_detail",
    "committee_history",
    "committee_list",
    "end",
    "history",
    "me",
    "membership_detail",
    "person_detail",
    "replace",
    "roster",
    "unit_create",
    "unit_detail",
    "unit_end",
    "unit_list_page",
    "unit_transfer",
]
