"""Hot spots for leadership: reports by unit, category, channel and month, on-time answers,
satisfaction, overdue, and the units most complained about (offered as pilot-unit candidates).

Aggregates only (no personal data); a fixed number of queries whatever the number of reports.
"""

from datetime import date

from django.db.models import Count, Q
from django.db.models.functions import Coalesce, TruncMonth
from django.urls import NoReverseMatch, reverse

from members.models import Unit

from .escalation import overdue_q
from .models import Category, Report

S = Report.Status
BAR_WIDTH = 240


def _pct(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


def _bars(rows: list[dict], key: str = "n") -> list[dict]:
    top = max((r[key] for r in rows), default=0)
    for r in rows:
        r["bar"] = round(BAR_WIDTH * r[key] / top) if top else 0
    return rows


def hotspots(*, today: date, year: int | None = None, top: int = 10) -> dict:
    qs = Report.objects.all()
    if year:
        qs = qs.filter(received_on__year=year)
    overdue = overdue_q(today)
    totals = qs.aggregate(
        total=Count("pk"),
        open=Count("pk", filter=Q(status__in=Report.OPEN_STATUSES)),
        overdue=Count("pk", filter=overdue),
        answered=Count("pk", filter=Q(answered_at__isnull=False)),
        on_time=Count("pk", filter=Q(answered_on_time=True)),
        rated=Count("pk", filter=Q(satisfied__isnull=False)),
        satisfied=Count("pk", filter=Q(satisfied=True)),
    )
    totals["on_time_rate"] = _pct(totals["on_time"], totals["answered"])
    totals["satisfaction_rate"] = _pct(totals["satisfied"], totals["rated"])

    by_unit = _by_unit(qs, today=today, top=top)
    units = Unit.objects.in_bulk([r["unit_key"] for r in by_unit])
    for r in by_unit:
        r["unit"] = units.get(r["unit_key"])
        r["on_time_rate"] = _pct(r["on_time"], r["answered"])

    categories = {c.pk: c for c in Category.objects.all()}
    by_category = list(qs.values("category").annotate(n=Count("pk")).order_by("-n", "category"))
    for r in by_category:
        r["label"] = categories.get(r["category"], "—")

    channel_labels = dict(Report.Channel.choices)
    by_channel = list(qs.values("channel").annotate(n=Count("pk")).order_by("-n", "channel"))
    for r in by_channel:
        r["label"] = channel_labels.get(r["channel"], r["channel"])

    by_month = list(
        qs.annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(
            n=Count("pk"),
            answered=Count("pk", filter=Q(answered_at__isnull=False)),
            on_time=Count("pk", filter=Q(answered_on_time=True)),
        )
        .order_by("-month")[:12]
    )
    by_month.reverse()
    for r in by_month:
        r["on_time_rate"] = _pct(r["on_time"], r["answered"])

    return {
        "totals": totals,
        "by_unit": _bars(by_unit),
        "by_category": _bars(by_category),
        "by_channel": _bars(by_channel),
        "by_month": _bars(by_month),
        "bar_width": BAR_WIDTH,
        "pilot_candidates": by_unit[:7],
        "pilot_url": pilot_units_url(),
    }


def _by_unit(qs, *, today: date, top: int) -> list[dict]:
    """Reports per unit, most first (one query). The unit a report is about: the unit handling it, else the
    one the citizen named."""
    overdue = overdue_q(today)
    return list(
        qs.annotate(unit_key=Coalesce("routed_unit", "unit_concerned"))
        .filter(unit_key__isnull=False)
        .values("unit_key")
        .annotate(
            n=Count("pk"),
            overdue=Count("pk", filter=overdue),
            unsatisfied=Count("pk", filter=Q(satisfied=False)),
            answered=Count("pk", filter=Q(answered_at__isnull=False)),
            on_time=Count("pk", filter=Q(answered_on_time=True)),
        )
        .order_by("-n", "unit_key")[:top]
    )


def pilot_candidates(*, year: int, today: date, top: int = 7) -> list[dict]:
    """The units most complained about in `year` (received that year), offered beside last year's pilot units
    when the next plan chooses its own (registered with `tasks.pilots.register_hot_spots`; one query):
    `[{"unit_id", "n", "overdue", "unsatisfied"}, ...]`, most reports first."""
    rows = _by_unit(Report.objects.filter(received_on__year=year), today=today, top=top)
    return [
        {"unit_id": r["unit_key"], "n": r["n"], "overdue": r["overdue"], "unsatisfied": r["unsatisfied"]} for r in rows
    ]


def pilot_units_url() -> str | None:
    """The work plan's pilot-units page, when the tasks app has one."""
    for name in ("tasks:pilots_current", "tasks:pilot_units", "tasks:pilots"):
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return None
