"""Two clerks saving the same draft at the same moment: one version is made, the other clerk is refused
(`StaleVersion`), never two versions with the same number nor a save lost in silence."""

import threading
from datetime import datetime

import pytest
from django.db import connection
from django.utils import timezone

from periodic_reports import drafting
from periodic_reports.models import ReportVersion

NOW = timezone.make_aware(datetime(2023, 9, 20, 9))

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="two concurrent clerks need PostgreSQL (CI runs it)"
)


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_clerks_saving_at_once_make_one_version_and_one_refusal(committee, secretariat_user):
    report = drafting.create_report(
        committee=committee, kind="quarter", year=2023, index=3, by=secretariat_user, now=NOW
    )
    barrier = threading.Barrier(2)
    saved, refused, errors = [], [], []

    def clerk(text: str) -> None:
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            version = drafting.save_version(
                report=report, base_version=1, sections={"direction": text}, by=secretariat_user, now=NOW
            )
            saved.append(version.number)
        except drafting.StaleVersion as stale:
            refused.append(stale.latest.number)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=clerk, args=(f"Bản của thư ký {i}",)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert (saved, refused) == ([2], [2])
    assert ReportVersion.objects.filter(report=report).count() == 2
