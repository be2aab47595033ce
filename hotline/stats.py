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


COUNTERS = ("total", "open", "overdue", "answered", "on_time", "rated", "satisfied")


def _cells(qs, *, today: date) -> list[dict]:
    """One pass over the reports: their counts per (category, channel, month received), each with every
    counter the page shows (a few hundred rows, whatever the number of reports; one query). The totals, the
    categories, the channels and the months are sums of these cells, read in Python. A report's month is the
    month it was received (`received_on`, as the year chosen is), not the moment it was typed in."""
    return list(
        qs.annotate(month=TruncMonth("received_on"))
        .values("category", "channel", "month")
        .annotate(
            total=Count("pk"),
            open=Count("pk", filter=Q(status__in=Report.OPEN_STATUSES)),
            overdue=Count("pk", filter=overdue_q(today)),
            answered=Count("pk", filter=Q(answered_at__isnull=False)),
            on_time=Count("pk", filter=Q(answered_on_time=True)),
            rated=Count("pk", filter=Q(satisfied__isnull=False)),
            satisfied=Count("pk", filter=Q(satisfied=True)),
        )
        .order_by()
    )


def _sum_by(cells: list[dict], key: str, counters: tuple[str, ...] = ("total",)) -> dict:
    """{cell[key]: {counter: sum}} over `cells`."""
    sums: dict = {}
    for cell in cells:
        row = sums.setdefault(cell[key], dict.fromkeys(counters, 0))
        for counter in counters:
            row[counter] += cell[counter]
    return sums


def hotspots(*, today: date, year: int | None = None, top: int = 10) -> dict:
    """The hot-spot figures of the reports received in `year` (every year when None), with overdue as of
    `today`: {"totals", "by_unit" (the `top` units), "by_category", "by_channel", "by_month" (the last 12
    months with reports), "bar_width", "pilot_candidates", "pilot_url"}; rates in whole percent or None.
    Two passes over the reports (one per unit, one per category × channel × month) and two small look-ups."""
    qs = Report.objects.all()
    if year:
        qs = qs.filter(received_on__year=year)
    cells = _cells(qs, today=today)
    totals = {counter: sum(cell[counter] for cell in cells) for counter in COUNTERS}
    totals["on_time_rate"] = _pct(totals["on_time"], totals["answered"])
    totals["satisfaction_rate"] = _pct(totals["satisfied"], totals["rated"])

    by_unit = _by_unit(qs, today=today, top=top)
    units = Unit.objects.in_bulk([r["unit_key"] for r in by_unit])
    for r in by_unit:
        r["unit"] = units.get(r["unit_key"])
        r["on_time_rate"] = _pct(r["on_time"], r["answered"])

    categories = {c.pk: c for c in Category.objects.all()}
    by_category = sorted(
        (
            {"category": key, "n": row["total"], "label": categories.get(key, "—")}
            for key, row in _sum_by(cells, "category").items()
        ),
        key=lambda r: (-r["n"], r["category"]),
    )
    channel_labels = dict(Report.Channel.choices)
    by_channel = sorted(
        (
            {"channel": key, "n": row["total"], "label": channel_labels.get(key, key)}
            for key, row in _sum_by(cells, "channel").items()
        ),
        key=lambda r: (-r["n"], r["channel"]),
    )
    months = _sum_by(cells, "month", ("total", "answered", "on_time"))
    by_month = [
        {"month": month, "n": row["total"], "answered": row["answered"], "on_time": row["on_time"]}
        for month, row in sorted(months.items(), key=lambda item: item[0])[-12:]
    ]
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
