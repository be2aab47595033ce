"""Lists, dashboards and report pages run a pinned number of queries, the same at 1× and 10× reports (or
events on one report); a count that moves prints its SQL (tests/querycount.py)."""

import pytest
from django.test import Client
from django.urls import reverse

from hotline import codes, privacy, workflow
from hotline.bulk import generate_reports
from hotline.escalation import escalate_overdue
from tests.querycount import assert_page_queries

from .conftest import MONDAY, make_report

pytestmark = pytest.mark.django_db

# (who, URL name, query string, queries)
PAGES = [
    ("hotline_operator", "hotline:inbox", {}, 11),  # its length from the open reports' tally: no COUNT
    ("hotline_operator", "hotline:inbox", {"view": "overdue", "q": "phản ánh"}, 12),
    ("leadership", "hotline:hotspots", {}, 14),  # the tallies kept with the writes (hotline/stats.py)
    ("focal_point", "hotline:unit_inbox", {"view": "all"}, 10),
    ("anonymous", "hotline:published", {}, 4),
    ("leadership", "hotline:access_log", {}, 9),
    ("hotline_operator", "home", {}, 8),
]


def _one_of_each(categories, department, operator_user, focal_user):
    """Every list shows at least one row at the small size (an empty page skips a query)."""
    report, _ = make_report(categories)
    workflow.route(report=report, user=operator_user, unit=department, days=1, today=MONDAY.date(), now=MONDAY)
    workflow.save_answer(report=report, user=focal_user, answer="Trả lời", send=True, now=MONDAY)
    workflow.review_answer(
        report=report,
        user=operator_user,
        approve=True,
        answer="Trả lời",
        publish=True,
        public_title="Tiêu đề",
        public_summary="Tóm tắt",
        note="",
        now=MONDAY,
    )
    privacy.log_contact_view(user=operator_user, report=report, purpose="test", now=MONDAY)


@pytest.mark.parametrize(("role", "name", "params", "expected"), PAGES, ids=lambda v: v if isinstance(v, str) else "")
def test_list_pages_run_pinned_queries_at_1x_and_10x(
    clients, categories, department, other_department, operator_user, focal_user, role, name, params, expected
):
    client = clients[role]
    url = reverse(name)
    _one_of_each(categories, department, operator_user, focal_user)
    generate_reports(count=3, now=MONDAY, seed=1)
    assert_page_queries(client, url, expected, params=params, label=f"{name} {params} at 1×")
    generate_reports(count=30, now=MONDAY, seed=2)
    for _ in range(10):
        _one_of_each(categories, department, operator_user, focal_user)
    assert_page_queries(client, url, expected, params=params, label=f"{name} {params} at 10×")


def _lengthen(report, operator_user, focal_user) -> None:
    """Ten granted extensions (each with its events and notices), then the escalations of an overdue report."""
    for i in range(10):
        workflow.request_extension(report=report, user=focal_user, days=1, reason=f"Lý do {i}", now=MONDAY)
        ext = report.extensions.get(status="pending")
        workflow.decide_extension(extension=ext, user=operator_user, grant=True, note="", now=MONDAY)
    later = MONDAY.replace(month=8)
    escalate_overdue(today=later.date(), now=later)


@pytest.mark.parametrize(("role", "expected"), [("hotline_operator", 17), ("leadership", 13), ("focal_point", 13)])
def test_report_page_runs_pinned_queries_however_long_its_history(
    clients, categories, department, operator_user, focal_user, role, expected
):
    report, _ = make_report(categories)
    report = workflow.route(report=report, user=operator_user, unit=department, days=1, today=MONDAY.date(), now=MONDAY)
    url = reverse("hotline:detail", args=[report.pk])
    assert_page_queries(clients[role], url, expected, label=f"report page, {role}, short history")
    _lengthen(report, operator_user, focal_user)
    assert_page_queries(clients[role], url, expected, label=f"report page, {role}, long history")


def test_the_submitters_look_up_page_runs_pinned_queries_however_long_its_timeline(
    categories, department, operator_user, focal_user
):
    report, pin = make_report(categories)
    report = workflow.route(report=report, user=operator_user, unit=department, days=1, today=MONDAY.date(), now=MONDAY)
    client = Client()
    looked_up = client.post(reverse("hotline:lookup"), {"code": report.display_code, "pin": codes.display_pin(pin)})
    assert looked_up.status_code == 302
    url = reverse("hotline:lookup_result")
    assert_page_queries(client, url, 6, label="look-up result, short timeline")
    _lengthen(report, operator_user, focal_user)
    assert_page_queries(client, url, 6, label="look-up result, long timeline")
