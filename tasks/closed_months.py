"""Which months are closed to progress reports, asked in one place by the report form, "Việc của tôi" and
`submit_report`, so they agree.

Months are closed by the monthly review (reviews/: `MonthlyReview.closed_at` set; reopened, it is open
again), which sits above this app: it registers at start-up (ReviewsConfig.ready) a source of its closed
months, a queryset with `committee_id` and `month` (first day) columns, so tasks never imports it.
Without a source no month is closed.
"""

from collections.abc import Callable, Iterable
from datetime import date

from django.db.models import Exists, QuerySet

from .periods import month_start

_sources: list[Callable[[], QuerySet]] = []


def register_closed_months(source: Callable[[], QuerySet]) -> None:
    """`source()`: a queryset of the closed months, rows with `committee_id` and `month` (first day)."""
    if source not in _sources:
        _sources.append(source)


def month_is_closed(committee_id: int, month: date) -> bool:
    """True when the committee's `month` is closed to reports (one query per source)."""
    month = month_start(month)
    return any(source().filter(committee_id=committee_id, month=month).exists() for source in _sources)


def closed_months(committee_id: int, months: Iterable[date]) -> set[date]:
    """The months among `months` (first days) that are closed for the committee (one query per source)."""
    months = list(months)
    found: set[date] = set()
    for source in _sources:
        found.update(source().filter(committee_id=committee_id, month__in=months).values_list("month", flat=True))
    return found


def closed_month_exists(committee, month) -> list[Exists]:
    """Subqueries true when the month is closed, one per source, for `.exclude(*...)`: `committee` and
    `month` are expressions of the outer query (OuterRef("plan__committee_id"), OuterRef("period")) or values."""
    return [Exists(source().filter(committee_id=committee, month=month)) for source in _sources]
