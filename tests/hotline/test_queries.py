"""Lists and dashboards run a fixed number of queries, whatever the number of reports."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hotline import privacy, workflow
from hotline.bulk import generate_reports
from hotline.escalation import escalate_overdue

from .conftest import MONDAY, make_report

pytestmark = pytest.mark.django_db


def _queries(client, url: str, params=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


PAGES = [
    ("hotline_operator", "hotline:inbox", {}),
    ("hotline_operator", "hotline:inbox", {"view": "overdue", "q": "phản ánh"}),
    ("leadership", "hotline:hotspots", {}),
    ("focal_point", "hotline:unit_inbox", {"view": "all"}),
    ("anonymous", "hotline:published", {}),
    ("leadership", "hotline:access_log", {}),
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
        public_summary="Tóm tắt",
        note="",
        now=MONDAY,
    )
    privacy.log_contact_view(user=operator_user, report=report, purpose="test", now=MONDAY)


@pytest.mark.parametrize(("role", "name", "params"), PAGES, ids=lambda v: v if isinstance(v, str) else "")
def test_list_pages_query_count_is_flat(
    clients, categories, department, other_department, operator_user, focal_user, role, name, params
):
    client = clients[role]
    url = reverse(name)
    _one_of_each(categories, department, operator_user, focal_user)
    generate_reports(count=3, now=MONDAY, seed=1)
    client.get(url, params)  # warm caches (session, content types)
    small = _queries(client, url, params)
    generate_reports(count=30, now=MONDAY, seed=2)
    for _ in range(10):
        _one_of_each(categories, department, operator_user, focal_user)
    assert _queries(client, url, params) == small


def test_report_page_query_count_is_flat(clients, categories, department, operator_user, focal_user):
    report, _ = make_report(categories)
    report = workflow.route(report=report, user=operator_user, unit=department, days=1, today=MONDAY.date(), now=MONDAY)
    url = reverse("hotline:detail", args=[report.pk])
    client = clients["hotline_operator"]
    client.get(url)
    small = _queries(client, url)
    for i in range(10):
        workflow.request_extension(report=report, user=focal_user, days=1, reason=f"Lý do {i}", now=MONDAY)
        ext = report.extensions.get(status="pending")
        workflow.decide_extension(extension=ext, user=operator_user, grant=True, note="", now=MONDAY)
    later = MONDAY.replace(month=8)
    escalate_overdue(today=later.date(), now=later)
    assert _queries(client, url) == small
