"""Hot spots for leadership: reports by unit, category, channel and month, on-time answers,
satisfaction, overdue, and the units most complained about (offered as pilot-unit candidates).

Aggregates only (no personal data); a fixed number of queries whatever the number of reports.
"""

from datetime import date

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.urls import NoReverseMatch, reverse

from members.models import Unit

from .escalation import within_deadline_q
from .models import Category, HotspotCell, HotspotUnit, Report
from .tally_models import overdue_count

S = Report.Status
BAR_WIDTH = 240


def _pct(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


def _bars(rows: list[dict], key: str = "n") -> list[dict]:
    top = max((r[key] for r in rows), default=0)
    for r in rows:
        r["bar"] = round(BAR_WIDTH * r[key] / top) if top else 0
    return rows


COUNTERS = ("total", "open", "answered", "on_time", "rated", "satisfied")  # HotspotCell's


def _cells(year: int | None) -> list[dict]:
    """The reports' tally per (field, channel, month received) of `year` (every year when None), read from
    `HotspotCell` (kept with every report write: hotline/tally_models.py; a few hundred rows, whatever the
    number of reports; one query), without the rows that count nothing any more. The totals, the fields, the
    channels and the months are sums of these cells, read in Python. A report's month is the month it was
    received (`received_on`, as the year chosen is), not the moment it was typed in."""
    rows = HotspotCell.objects.filter(total__gt=0)
    if year:
        rows = rows.filter(month__year=year)
    return list(rows.values("category_id", "channel", "month", *COUNTERS).order_by())


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
    `today`: {"totals", "by_unit" (the `top` units), "by_category", "by_channel", "by_month" (`last_months`: the
    12 months up to the last with reports, those without too), "bar_width", "pilot_candidates", "pilot_url"}; rates in whole percent or None.
    Read from the tallies kept with the report writes (hotline/tally_models.py): six queries over a few thousand
    rows at most, plus the overdue reports of the `top` units."""
    cells = _cells(year)
    totals = {counter: sum(cell[counter] for cell in cells) for counter in COUNTERS}
    totals["overdue"] = overdue_count(today=today, year=year)
    totals["on_time_rate"] = _pct(totals["on_time"], totals["answered"])
    totals["satisfaction_rate"] = _pct(totals["satisfied"], totals["rated"])

    by_unit = _by_unit(year, today=today, top=top)
    units = Unit.objects.in_bulk([r["unit_key"] for r in by_unit])
    for r in by_unit:
        r["unit"] = units.get(r["unit_key"])
        r["on_time_rate"] = _pct(r["on_time"], r["answered"])

    categories = {c.pk: c for c in Category.objects.all()}
    by_category = sorted(
        (
            {"category": key, "n": row["total"], "label": categories.get(key, "—")}
            for key, row in _sum_by(cells, "category_id").items()
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
    none = {"total": 0, "answered": 0, "on_time": 0}
    by_month = [
        {"month": month, "n": row["total"], "answered": row["answered"], "on_time": row["on_time"]}
        for month in last_months(max(months) if months else None, year=year)
        for row in [months.get(month, none)]
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


def last_months(last: date | None, *, year: int | None, n: int = 12) -> list[date]:
    """The `n` calendar months ending with the month of `last` (first days, oldest first), within `year` when one
    is chosen; none without `last`. Months without reports are listed too: a gap shows as a gap."""
    if last is None:
        return []
    index = last.year * 12 + last.month - 1
    months = [date((i // 12), i % 12 + 1, 1) for i in range(index - n + 1, index + 1)]
    return [m for m in months if year is None or m.year == year]


def _by_unit(year: int | None, *, today: date, top: int) -> list[dict]:
    """The `top` units most reported about in `year` (every year when None), most first, from `HotspotUnit`
    (one query over at most a row per unit and year), each with its overdue reports as of `today`:
    `[{"unit_key", "n", "answered", "on_time", "unsatisfied", "overdue"}, ...]`. The unit a report is about:
    the unit handling it, else the one the citizen named.

    Overdue moves with the day, so it is not tallied: it is the unit's open reports (tallied) less those whose
    running deadline has not passed (hotline.escalation.overdue_q), which are read (one query, over the open reports
    of those units still within their deadline: the last few weeks' intake, not the history)."""
    tallied = HotspotUnit.objects.all()
    if year:
        tallied = tallied.filter(year=year)
    rows = list(
        tallied.values("unit_key")
        .annotate(
            n=Sum("n"),
            open=Sum("open"),
            answered=Sum("answered"),
            on_time=Sum("on_time"),
            unsatisfied=Sum("unsatisfied"),
        )
        .filter(n__gt=0)
        .order_by("-n", "unit_key")[:top]
    )
    if not rows:
        return rows
    keys = [r["unit_key"] for r in rows]
    within = Report.objects.filter(within_deadline_q(today))
    within = within.filter(Q(routed_unit__in=keys) | Q(routed_unit__isnull=True, unit_concerned__in=keys))
    if year:
        within = within.filter(received_on__year=year)
    not_yet_due = dict(
        within.annotate(unit_key=Coalesce("routed_unit", "unit_concerned"))
        .values("unit_key")
        .annotate(n=Count("pk"))
        .values_list("unit_key", "n")
        .order_by()
    )
    for r in rows:
        r["overdue"] = r.pop("open") - not_yet_due.get(r["unit_key"], 0)
    return rows


def report_years() -> list[int]:
    """The years in which reports were received, newest first (one query over the tally `HotspotCell`)."""
    months = HotspotCell.objects.filter(total__gt=0).dates("month", "year", order="DESC")
    return [m.year for m in months]


def pilot_candidates(*, year: int, today: date, top: int = 7) -> list[dict]:
    """The units most complained about in `year` (received that year), offered beside last year's pilot units
    when the next plan chooses its own (registered with `tasks.pilots.register_hot_spots`; two queries):
    `[{"unit_id", "n", "overdue", "unsatisfied"}, ...]`, most reports first."""
    rows = _by_unit(year, today=today, top=top)
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
