"""Access rows for the periodic reports: the secretariat writes; members and leadership read; focal points,
hotline operators and outsiders do not see them."""

from datetime import datetime

from django.utils import timezone

from tests.access import Row, staff_only

READERS = ("secretariat", "member", "leadership")
SECRETARIAT = ("secretariat",)


def setup(w):
    from periodic_reports import drafting

    w.periodic_report = drafting.create_report(
        committee=w.committee,
        kind="quarter",
        year=2023,
        index=3,
        by=w.cast["secretariat"],
        now=timezone.make_aware(datetime(2023, 9, 20, 9)),
    )


def _pk(w):
    return {"pk": w.periodic_report.pk}


ROWS = [
    Row("periodic_reports:list", None, staff_only(READERS)),
    Row("periodic_reports:create", None, staff_only(SECRETARIAT, ok=400), method="post", data={}, note="empty form"),
    Row(
        "periodic_reports:create",
        None,
        staff_only(SECRETARIAT, ok=400),
        method="post",
        data=lambda w: {"committee": w.committee.pk, "year": "20x3", "period": "quarter:9"},
        note="bad year and period",
    ),
    Row(
        "periodic_reports:create",
        None,
        staff_only(SECRETARIAT, ok=302),
        method="post",
        data=lambda w: {"committee": w.committee.pk, "year": "2023", "period": "quarter:3"},
        note="the period's report exists: opened",
    ),
    Row("periodic_reports:detail", _pk, staff_only(READERS)),
    Row("periodic_reports:detail", _pk, staff_only(READERS, ok=404), data={"version": "abc"}, note="bad version"),
    Row("periodic_reports:detail", _pk, staff_only(READERS, ok=404), data={"version": "9"}, note="no such version"),
    Row("periodic_reports:edit", _pk, staff_only(SECRETARIAT)),
    Row("periodic_reports:edit", _pk, staff_only(SECRETARIAT, ok=400), method="post", data={}, note="empty form"),
    Row("periodic_reports:issue", _pk, staff_only(SECRETARIAT)),
    Row("periodic_reports:issue", _pk, staff_only(SECRETARIAT, ok=400), method="post", data={}, note="empty form"),
    Row("periodic_reports:amend", _pk, staff_only(SECRETARIAT, ok=302), method="post", note="a draft: refused, back"),
    Row("periodic_reports:print", _pk, staff_only(READERS)),
    Row("periodic_reports:docx", _pk, staff_only(READERS)),
    Row("periodic_reports:xlsx", _pk, staff_only(READERS)),
]
