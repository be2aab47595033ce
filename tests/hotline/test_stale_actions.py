"""No lost edits in the hotline: two operators (two sessions) on one report; the action drawn from the older
page is refused with what changed, what was typed is shown again, nothing saved (core/versions.py, checked
by hotline/workflow.py)."""

import html

import pytest
from django.urls import reverse

from core.versions import StaleEdit
from hotline import workflow
from hotline.models import Report
from tests import factories as f
from tests.conftest import client_for
from tests.stale import versions_in

from .conftest import MONDAY, make_report


@pytest.fixture
def two_operators(operator_user):
    other = f.UserFactory(username="tongdai2", roles=[operator_user.groups.first().name])
    return client_for(operator_user), client_for(other)


def test_a_report_routed_meanwhile_is_not_classified_from_the_stale_page(categories, department, two_operators):
    report, _pin = make_report(categories)
    first, second = two_operators
    page = second.get(reverse("hotline:detail", args=[report.pk])).content.decode()
    assert set(versions_in(page)) == {report.version}
    drawn = report.version
    route = {"unit": department.pk, "days": 10, "version": drawn}
    assert first.post(reverse("hotline:route", args=[report.pk]), route).status_code == 302

    stale = {"decision": "not_accepted", "reason": "Không thuộc phạm vi", "version": drawn}
    response = second.post(reverse("hotline:classify", args=[report.pk]), stale)
    assert response.status_code == 409
    page = html.unescape(response.content.decode())
    assert "Trong lúc đồng chí sửa, Phạm Thị Tổng Đài đã lưu thay đổi" in page
    assert "Trạng thái</strong>: Mới tiếp nhận → Đang xử lý" in page
    assert "Không thuộc phạm vi" in page  # what the second operator typed
    report.refresh_from_db()
    assert (report.status, report.classification_reason) == (Report.Status.PROCESSING, "")


def test_a_stale_answer_draft_is_refused_by_the_service(categories, department, operator_user, focal_user):
    report, _pin = make_report(categories)
    workflow.route(report=report, user=operator_user, unit=department, days=10, today=MONDAY.date(), now=MONDAY)
    report.refresh_from_db()
    seen = report.version
    workflow.save_answer(report=report, user=focal_user, answer="Dự thảo một", send=False, now=MONDAY, version=seen)
    with pytest.raises(StaleEdit) as caught:
        workflow.save_answer(report=report, user=focal_user, answer="Dự thảo hai", send=False, now=MONDAY, version=seen)
    assert [(c.field, c.new) for c in caught.value.changes] == [("answer", "Dự thảo một")]
    report.refresh_from_db()
    assert report.answer == "Dự thảo một"
