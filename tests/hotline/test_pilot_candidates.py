"""The form that adds a pilot unit shows the hotline's hot spots (the units most complained about in the plan's
year and the year before), each with a link that picks it in the form; aggregates only."""

import pytest
from django.urls import reverse

from hotline import workflow
from tasks.models import PilotUnit, Plan
from tests.querycount import assert_page_queries

from .conftest import MONDAY, make_report

pytestmark = pytest.mark.django_db

PILOT_FORM_QUERIES = 15


@pytest.fixture
def plan(committee):
    return Plan.objects.create(committee=committee, year=2023, title="Kế hoạch CCHC năm 2023")


def _reports(categories, unit, operator_user, n):
    for i in range(n):
        report, _ = make_report(categories, title=f"Phản ánh {i}")
        workflow.route(report=report, user=operator_user, unit=unit, days=10, today=MONDAY.date(), now=MONDAY)


def test_the_pilot_form_offers_the_hot_spots(plan, categories, department, other_department, operator_user, clients):
    _reports(categories, department, operator_user, 3)
    _reports(categories, other_department, operator_user, 1)
    url = reverse("tasks:pilot_create", args=[plan.pk])
    response = clients["secretariat"].get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="hot-spot-candidates"' in html and "Năm 2023" in html
    (block,) = response.context["hot_spots"]
    assert [(r["unit"], r["n"]) for r in block["rows"]] == [(department, 3), (other_department, 1)]
    assert f'href="?unit={department.pk}"' in html
    for personal in ("Hoàng Thị Phản Ánh", "0912345678", "phananh@example.vn", "Phản ánh 0"):
        assert personal not in html
    # The link picks the unit in the form.
    picked = clients["secretariat"].get(url, {"unit": department.pk})
    assert picked.context["form"]["unit"].value() == department.pk
    assert clients["secretariat"].get(url, {"unit": "x"}).status_code == 400
    assert clients["secretariat"].get(url, {"unit": "99999"}).status_code == 400


def test_a_unit_already_a_pilot_is_marked_and_the_empty_state_is_said(
    plan, categories, department, operator_user, clients
):
    url = reverse("tasks:pilot_create", args=[plan.pk])
    assert "Chưa có phản ánh nào về các đơn vị" in clients["secretariat"].get(url).content.decode()
    _reports(categories, department, operator_user, 1)
    PilotUnit.objects.create(plan=plan, unit=department, reason="Nhiều phản ánh")
    html = clients["secretariat"].get(url).content.decode()
    assert "đã là điểm chỉ đạo" in html and f'href="?unit={department.pk}"' not in html


def test_the_pilot_form_runs_pinned_queries(plan, categories, department, other_department, operator_user, clients):
    url = reverse("tasks:pilot_create", args=[plan.pk])
    _reports(categories, department, operator_user, 1)
    _reports(categories, other_department, operator_user, 1)
    assert_page_queries(clients["secretariat"], url, PILOT_FORM_QUERIES, label="pilot form")
    _reports(categories, department, operator_user, 5)
    _reports(categories, other_department, operator_user, 5)
    assert_page_queries(clients["secretariat"], url, PILOT_FORM_QUERIES, label="pilot form, more reports")
