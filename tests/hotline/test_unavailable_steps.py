"""A step the report's state does not offer (its form is not drawn on the page): refused with 400 and a
message at the top of the page saying the report's step, nothing saved."""

import html

import pytest
from django.urls import reverse

from hotline import workflow
from hotline.models import Report
from tests.conftest import client_for

from .conftest import MONDAY, make_report


@pytest.fixture
def routed(categories, department, operator_user):
    report, _pin = make_report(categories)
    workflow.route(report=report, user=operator_user, unit=department, days=10, today=MONDAY.date(), now=MONDAY)
    report.refresh_from_db()
    return report


@pytest.mark.parametrize(
    "name, data",
    [
        (
            "hotline:classify",
            lambda r: {"decision": "not_accepted", "reason": "Không thuộc phạm vi", "version": r.version},
        ),
        ("hotline:classify", lambda r: {}),
        ("hotline:route", lambda r: {"unit": "", "days": "x"}),
        ("hotline:review", lambda r: {"decision": "approve", "version": r.version}),
    ],
)
def test_an_operator_step_the_state_does_not_offer_says_why(routed, operator_user, name, data):
    before = Report.objects.filter(pk=routed.pk).values().get()
    response = client_for(operator_user).post(reverse(name, args=[routed.pk]), data(routed))
    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    assert 'class="messages"' in page
    assert "Phản ánh đang ở bước “Đang xử lý” nên không thực hiện được thao tác này." in page
    assert Report.objects.filter(pk=routed.pk).values().get() == before


def test_a_second_extension_request_while_one_is_pending_says_why(routed, focal_user):
    client = client_for(focal_user)
    url = reverse("hotline:request_extension", args=[routed.pk])
    assert client.post(url, {"days": 5, "reason": "Cần xác minh thêm", "version": routed.version}).status_code == 302
    routed.refresh_from_db()
    response = client.post(url, {"days": 5, "reason": "Xin thêm lần nữa", "version": routed.version})
    assert response.status_code == 400
    assert "nên không thực hiện được thao tác này" in html.unescape(response.content.decode())
    assert routed.extensions.count() == 1
