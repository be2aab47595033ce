"""The open reports' tally (hotline/tally_models.py) says what counting the reports says, after every step of a
report's life, a calendar change, a deletion and a bulk load; the inbox reads its counts and its length from it."""

from datetime import date, timedelta

import pytest
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from core.calendar import DAY_OFF, Entry, load_calendar
from hotline import workflow
from hotline.bulk import generate_reports
from hotline.deadlines import move_report_deadlines
from hotline.escalation import overdue_q
from hotline.models import OpenCount, Report
from hotline.tally_models import open_counts, rebuild_tallies
from tests.conftest import client_for
from tests.querycount import page_queries

from .conftest import MONDAY, make_report

pytestmark = pytest.mark.django_db
S = Report.Status


def counted(today: date) -> dict[str, int]:
    """The counts as one pass over the reports says them (what the inbox read before the tally)."""
    return Report.objects.filter(status__in=Report.OPEN_STATUSES).aggregate(
        open=Count("pk"),
        new=Count("pk", filter=Q(status=S.NEW)),
        overdue=Count("pk", filter=overdue_q(today)),
        pending_approval=Count("pk", filter=Q(status=S.ANSWER_SUBMITTED)),
    )


def agree(*days: date) -> dict[str, int]:
    for day in days or (MONDAY.date(),):
        assert open_counts(today=day) == counted(day), day
    assert not OpenCount.objects.filter(n__lt=0).exists()
    return open_counts(today=days[0] if days else MONDAY.date())


DAYS = (MONDAY.date(), date(2023, 6, 9), date(2023, 6, 10), date(2023, 6, 30), date(2023, 8, 1))


def test_every_step_of_a_life_keeps_the_tally(categories, department, operator_user, focal_user):
    assert agree(*DAYS) == {"open": 0, "new": 0, "overdue": 0, "pending_approval": 0}
    report, _pin = make_report(categories)
    refused, _pin = make_report(categories, title="Phản ánh không thuộc phạm vi")
    assert agree(*DAYS)["new"] == 2
    tuesday = MONDAY + timedelta(days=1)
    workflow.classify(
        report=refused, user=operator_user, decision="not_accepted", reason="Không thuộc phạm vi", now=tuesday
    )
    workflow.classify(report=report, user=operator_user, decision="accept", now=tuesday)
    assert agree(*DAYS) == {"open": 1, "new": 0, "overdue": 0, "pending_approval": 0}
    report = workflow.route(
        report=report, user=operator_user, unit=department, days=10, today=tuesday.date(), now=tuesday
    )
    agree(*DAYS)
    extension = workflow.request_extension(report=report, user=focal_user, days=5, reason="Cần xác minh", now=tuesday)
    workflow.decide_extension(extension=extension, user=operator_user, grant=True, note="", now=tuesday)
    report.refresh_from_db()
    agree(*DAYS, report.answer_due, report.answer_due + timedelta(days=1))
    workflow.save_answer(report=report, user=focal_user, answer="Đã giải quyết.", send=True, now=tuesday)
    assert agree(*DAYS)["pending_approval"] == 1
    report.refresh_from_db()
    report = workflow.review_answer(
        report=report,
        user=operator_user,
        approve=True,
        answer="Đã giải quyết.",
        publish=False,
        public_title="",
        public_summary="",
        note="",
        now=tuesday,
    )
    assert agree(*DAYS)["open"] == 0
    report = workflow.rate(report=report, satisfied=False, comment="Chưa thỏa đáng", now=tuesday)
    workflow.reopen(report=report, reason="Chưa xong", today=date(2023, 6, 15), now=tuesday + timedelta(days=1))
    assert agree(*DAYS)["open"] == 1


def test_a_calendar_change_moves_the_deadlines_counted(categories, operator_user):
    for _ in range(3):
        make_report(categories)
    day = date(2023, 6, 7)  # a working day within every report's classification deadline, made a day off
    before = load_calendar(date(2023, 6, 1), date(2023, 7, 31))
    after = before.with_changes({day: Entry(day=day, kind=DAY_OFF, name="Nghỉ bù")})
    moved = move_report_deadlines(
        before=before, after=after, days=frozenset({day}), reason="Nghỉ bù", actor=operator_user, now=MONDAY
    )
    assert moved
    agree(*DAYS, date(2023, 6, 12))


def test_a_deleted_report_leaves_the_tally(categories):
    report, _pin = make_report(categories)
    agree(*DAYS)
    Report.objects.get(pk=report.pk).delete()
    assert agree(*DAYS)["open"] == 0


def test_a_bulk_load_and_the_nightly_rebuild_count_again(categories, department):
    generate_reports(count=300, now=timezone.now(), seed=5)
    today = timezone.localdate()
    agree(today, today - timedelta(days=30), today + timedelta(days=30))
    OpenCount.objects.update(n=0)  # a tally gone wrong by a path that bypassed it
    assert rebuild_tallies() > 0
    agree(today, today - timedelta(days=30))


def test_the_inbox_reads_its_counts_and_length_from_the_tally(categories, operator_user):
    for _ in range(30):
        make_report(categories)
    client = client_for(operator_user)
    url = reverse("hotline:inbox")
    response = client.get(url)
    assert response.status_code == 200
    page = response.context["page"]
    assert page.paginator.count == 30 and len(page.object_list) == 25
    assert response.context["counts"]["new"] == 30
    # No COUNT over the reports: the tally says how many the list holds.
    captured = page_queries(client, url)
    assert not [q for q in captured if 'COUNT(*) AS "__count" FROM "hotline_report"' in q]
    # A filter the tally does not know is counted.
    filtered = client.get(url, {"channel": Report.Channel.WEB})
    assert (
        filtered.status_code == 200
        and filtered.context["page"].paginator.count
        == Report.objects.filter(channel=Report.Channel.WEB).filter(status__in=Report.OPEN_STATUSES).count()
    )
