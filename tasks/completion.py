"""When a task is done: the one rule, in the three forms the code needs.

A report *completes* its task when the secretariat accepted it at 100 % (the unit reports, the
secretariat confirms). A task is done from its first completing report;
it was done on the earliest completing report's `completed_on`, or, where a report carries no date
(written in the admin or loaded), on the first day of that report's period.

The same rule as a Python predicate (`completes_task`, `completion_date`), as an ORM filter
(`completing`) and as SQL over a report aliased `r` (`COMPLETING_SQL`, `COMPLETION_DATE_SQL`, used
by the per-task summary in tasks/models.py); tests/tasks/test_completion.py checks that they agree.
This module imports no model, so that tasks/models.py can use it; tasks/status.py is where the rest
of the code reads it.
"""

from datetime import date

from django.db.models import Q
from django.db.models.functions import Coalesce

# The values of ProgressReport.Status.ACCEPTED and the full percent.
ACCEPTED = "accepted"
FULL = 100

COMPLETING_SQL = f"r.status = '{ACCEPTED}' AND r.percent = {FULL}"
COMPLETION_DATE_SQL = "COALESCE(r.completed_on, r.period)"


def completes_task(*, status: str, percent: int) -> bool:
    """Whether a report with this status and percent makes its task done."""
    return status == ACCEPTED and percent == FULL


def completion_date(*, completed_on: date | None, period: date) -> date:
    """The day a completing report says the task was done."""
    return completed_on or period


def completing(prefix: str = "") -> Q:
    """ORM filter for completing reports; `prefix` reaches them through a relation (e.g. "reports__")."""
    return Q(**{f"{prefix}status": ACCEPTED, f"{prefix}percent": FULL})


def completion_date_expression(prefix: str = "") -> Coalesce:
    """ORM expression for `completion_date` of a report."""
    return Coalesce(f"{prefix}completed_on", f"{prefix}period")
