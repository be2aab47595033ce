"""The hot spots' figures (hotline/stats.py) equal counting every report one by one: the totals, the
categories, the channels, the months received and the units, for every year and for one year, with overdue as of a
day."""

import random
from collections import Counter
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from hotline import stats
from hotline.models import HotspotCell, HotspotUnit, OpenCount, Report
from hotline.tally_models import rebuild_tallies
from tests import factories as f

from .conftest import make_report

pytestmark = pytest.mark.django_db

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
TODAY = date(2024, 3, 15)
S = Report.Status


def _state(rng: random.Random, i: int, units: list, categories) -> dict:
    """A random state of a report: every kind of status, spread over 2023 and 2024; two in three were received a
    day or two before they were typed in (a phone call recorded late): they count in the month and year received."""
    created = datetime(2023, 1, 31, 23, 30, tzinfo=TZ) + timedelta(days=rng.randrange(0, 420), minutes=i)
    status = rng.choice(list(S))
    answered = status == S.ANSWERED
    return {
        "created_at": created,
        "received_on": created.astimezone(TZ).date() - timedelta(days=i % 3),
        "category": rng.choice(list(categories.values())),
        "channel": rng.choice(list(Report.Channel)),
        "status": status,
        "classify_due": TODAY + timedelta(days=rng.randrange(-5, 5)),
        "answer_due": TODAY + timedelta(days=rng.randrange(-5, 5)) if status != S.NEW else None,
        "unit_concerned": rng.choice([None, *units]),
        "routed_unit": rng.choice([None, *units]) if status not in (S.NEW, S.ACCEPTED) else None,
        "answered_at": created + timedelta(days=3) if answered else None,
        "answered_on_time": rng.choice([True, False]) if answered else None,
        "satisfied": rng.choice([None, True, False]) if answered else None,
    }


def _world(categories) -> None:
    """Sixty reports, each saved in one random state and then in another (every field the figures read moves,
    so the tallies kept with the writes move out of one place and into another), one more deleted."""
    rng = random.Random(20240315)
    units = [f.UnitFactory(name=f"Đơn vị {i}") for i in range(4)]
    for i in range(61):
        report, _pin = make_report(categories, category=rng.choice(list(categories.values())))
        for _step in range(2):
            for name, value in _state(rng, i, units, categories).items():
                setattr(report, name, value)
            report.save()
        if i == 60:
            Report.objects.get(pk=report.pk).delete()


def _overdue(r: Report) -> bool:
    if r.status in (S.NEW, S.ACCEPTED):
        return r.classify_due is not None and r.classify_due < TODAY
    if r.status in (S.PROCESSING, S.ANSWER_SUBMITTED):
        return r.answer_due is not None and r.answer_due < TODAY
    return False


def _counted(year: int | None) -> dict:
    rows = [r for r in Report.objects.all() if year is None or r.received_on.year == year]
    months = Counter(r.received_on.replace(day=1) for r in rows)
    units = Counter(r.routed_unit_id or r.unit_concerned_id for r in rows if r.routed_unit_id or r.unit_concerned_id)
    return {
        "totals": {
            "total": len(rows),
            "open": sum(r.status in Report.OPEN_STATUSES for r in rows),
            "overdue": sum(_overdue(r) for r in rows),
            "answered": sum(r.answered_at is not None for r in rows),
            "on_time": sum(r.answered_on_time is True for r in rows),
            "rated": sum(r.satisfied is not None for r in rows),
            "satisfied": sum(r.satisfied is True for r in rows),
        },
        "by_category": Counter(r.category_id for r in rows),
        "by_channel": Counter(r.channel for r in rows),
        "by_month": [months[m] for m in _twelve_months(max(months), year)],  # a Counter: 0 for a month without
        "months": _twelve_months(max(months), year),
        "by_unit": units,
    }


def _twelve_months(last: date, year: int | None) -> list[date]:
    """The 12 calendar months up to `last`, counted back one by one, those of `year` only when one is chosen."""
    months = [last]
    while len(months) < 12:
        first = months[0]
        months.insert(0, date(first.year - 1, 12, 1) if first.month == 1 else date(first.year, first.month - 1, 1))
    return [m for m in months if year is None or m.year == year]


@pytest.mark.parametrize("year", [None, 2023, 2024])
def test_the_figures_are_the_reports_counted_one_by_one(categories, year):
    _world(categories)
    shown, counted = stats.hotspots(today=TODAY, year=year), _counted(year)
    assert {k: shown["totals"][k] for k in counted["totals"]} == counted["totals"]
    assert {r["category"]: r["n"] for r in shown["by_category"]} == counted["by_category"]
    assert [r["n"] for r in shown["by_category"]] == sorted(counted["by_category"].values(), reverse=True)
    assert {r["channel"]: r["n"] for r in shown["by_channel"]} == counted["by_channel"]
    assert [r["month"] for r in shown["by_month"]] == counted["months"]
    assert [r["n"] for r in shown["by_month"]] == counted["by_month"]
    assert {r["unit_key"]: r["n"] for r in shown["by_unit"]} == dict(counted["by_unit"])
    answered = sum(r["answered"] for r in shown["by_month"])
    assert answered <= counted["totals"]["answered"]


def _tallies() -> dict:
    """Every tally's rows that count something, as {(table, key): counters}."""
    found = {}
    for model, keys, counters in (
        (OpenCount, ("status", "due_on", "received_year"), ("n",)),
        (HotspotCell, HotspotCell.KEYS, HotspotCell.COUNTERS),
        (HotspotUnit, HotspotUnit.KEYS, HotspotUnit.COUNTERS),
    ):
        for row in model.objects.values(*keys, *counters):
            values = tuple(row[c] for c in counters)
            assert min(values) >= 0, (model, row)
            if any(values):
                found[(model.__name__, *(row[k] for k in keys))] = values
    return found


def test_the_tallies_kept_with_the_writes_are_those_counted_again(categories):
    _world(categories)
    kept = _tallies()
    assert kept and rebuild_tallies() > 0
    assert _tallies() == kept


def test_a_bulk_update_then_the_nightly_rebuild_puts_the_figures_right(categories):
    _world(categories)
    Report.objects.update(channel=Report.Channel.POST)  # a path that bypasses the tallies
    assert {r["channel"] for r in stats.hotspots(today=TODAY)["by_channel"]} != {Report.Channel.POST}
    rebuild_tallies()
    assert [r["channel"] for r in stats.hotspots(today=TODAY)["by_channel"]] == [Report.Channel.POST]


def test_a_save_of_some_fields_counts_only_what_it_wrote(categories):
    report, _pin = make_report(categories)
    report.channel = Report.Channel.POST  # changed in memory, never written
    report.status = S.ACCEPTED
    report.save(update_fields=["status"])
    kept = _tallies()
    assert Report.objects.get(pk=report.pk).channel != Report.Channel.POST
    rebuild_tallies()
    assert _tallies() == kept


def test_the_months_are_consecutive_with_a_gap_shown_as_nothing(categories):
    for received in (date(2023, 8, 3), date(2023, 11, 20), date(2024, 2, 1)):
        report, _pin = make_report(categories)
        report.received_on = received
        report.save()
    shown = stats.hotspots(today=TODAY)["by_month"]
    assert [r["month"] for r in shown] == [date(2023, m, 1) for m in range(3, 13)] + [
        date(2024, 1, 1),
        date(2024, 2, 1),
    ]
    assert [r["n"] for r in shown] == [0] * 5 + [1, 0, 0, 1, 0, 0, 1]
    # A year chosen: its months up to its last with reports.
    assert [r["month"] for r in stats.hotspots(today=TODAY, year=2023)["by_month"]] == [
        date(2023, m, 1) for m in range(1, 12)
    ]
    assert stats.report_years() == [2024, 2023]
