"""Two operators moving reports between the same tally rows in opposite directions at the same moment: the
tallies' rows are written in key order (hotline/tally_models.py `move`), so neither waits for the other in a
circle (PostgreSQL would end one with a deadlock error, a 500 for that operator), and the tallies end equal to a
recount."""

import threading

import pytest
from django.db import connection, transaction

from hotline.models import HotspotCell, Report
from hotline.tally_models import rebuild_tallies

from .conftest import make_report

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="two concurrent writers need PostgreSQL (CI runs it)"
)
ROUNDS = 40
WEB, PHONE = Report.Channel.WEB, Report.Channel.PHONE


def _cells() -> dict:
    return {
        (c["month"], c["category_id"], c["channel"]): (c["total"], c["open"])
        for c in HotspotCell.objects.values("month", "category_id", "channel", "total", "open")
        if c["total"]
    }


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_writers_moving_reports_across_the_same_rows_never_deadlock(categories):
    first, _pin = make_report(categories, title="Phản ánh thứ nhất")
    second, _pin = make_report(categories, title="Phản ánh thứ hai")
    Report.objects.filter(pk=second.pk).update(channel=PHONE)
    rebuild_tallies()
    barrier = threading.Barrier(2)
    errors: list[Exception] = []

    def operator(pk: int, channels: tuple[str, str]) -> None:
        from django.db import connection as thread_connection

        try:
            for n in range(ROUNDS):
                with transaction.atomic():
                    report = Report.objects.get(pk=pk)
                    report.channel = channels[n % 2]
                    barrier.wait(timeout=10)  # both hold their report; each now moves it into the other's row
                    report.save(update_fields=["channel"])
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
            barrier.abort()
        finally:
            thread_connection.close()

    threads = [
        threading.Thread(target=operator, args=(first.pk, (PHONE, WEB))),
        threading.Thread(target=operator, args=(second.pk, (WEB, PHONE))),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    kept = _cells()
    assert sorted(Report.objects.values_list("channel", flat=True)) == sorted([WEB, PHONE])
    rebuild_tallies()
    assert _cells() == kept and sum(total for total, _open in kept.values()) == 2
