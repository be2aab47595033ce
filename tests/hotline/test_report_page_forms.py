"""The report page draws each action form with ids of its own (no two elements share an id, whatever the
state), and the classification form only where it applies: "Phân loại" for a new report, "Phân loại lại"
(without accepting it again) for an accepted one, none once routed or closed."""

from collections import Counter
from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hotline import workflow
from hotline.models import Report

from .conftest import MONDAY, make_report

pytestmark = pytest.mark.django_db


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: Counter = Counter()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id" and value:
                self.ids[value] += 1


def duplicate_ids(html: str) -> list[str]:
    parser = _Ids()
    parser.feed(html)
    return sorted(i for i, n in parser.ids.items() if n > 1)


def _page(client, report) -> str:
    response = client.get(reverse("hotline:detail", args=[report.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def new_report(categories):
    return make_report(categories)[0]


def _accept(report, operator_user):
    return workflow.classify(report=report, user=operator_user, decision="accept", now=MONDAY)


def _route(report, operator_user, department):
    return workflow.route(report=report, user=operator_user, unit=department, days=10, today=MONDAY.date(), now=MONDAY)


def test_no_duplicate_ids_in_any_state(new_report, clients, operator_user, focal_user, department, committee):
    pages = {"new": _page(clients["hotline_operator"], new_report)}
    _accept(new_report, operator_user)
    pages["accepted"] = _page(clients["hotline_operator"], new_report)
    _route(new_report, operator_user, department)
    workflow.request_extension(report=new_report, user=focal_user, days=2, reason="Cần xác minh", now=MONDAY)
    pages["routed, operator"] = _page(clients["hotline_operator"], new_report)
    pages["routed, focal point"] = _page(clients["focal_point"], new_report)
    pages["routed, secretariat"] = _page(clients["secretariat"], new_report)
    workflow.save_answer(report=new_report, user=focal_user, answer="Đã xử lý.", send=True, now=MONDAY)
    pages["answer sent, operator"] = _page(clients["hotline_operator"], new_report)
    for state, html in pages.items():
        assert duplicate_ids(html) == [], state
    # The forms that share field names get ids of their own.
    assert 'id="id_classify-reason"' in pages["new"] and 'id="id_route-reason"' in pages["new"]
    assert 'id="id_extension_decision-note"' in pages["routed, operator"]
    assert 'id="id_transfer-reason"' in pages["routed, operator"]


def test_a_refused_form_keeps_its_own_ids(new_report, clients):
    response = clients["hotline_operator"].post(
        reverse("hotline:classify", args=[new_report.pk]), {"decision": "not_accepted", "version": new_report.version}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert duplicate_ids(html) == []
    assert 'id="id_classify-reason_error"' in html


def test_a_new_report_is_classified_an_accepted_one_may_be_classified_again(new_report, clients, operator_user):
    html = _page(clients["hotline_operator"], new_report)
    assert 'id="classify-form"' in html and "Phân loại lại" not in html
    _accept(new_report, operator_user)
    html = _page(clients["hotline_operator"], new_report)
    assert '<details class="card" id="reclassify">' in html and "<summary>Phân loại lại</summary>" in html
    assert 'value="accept"' not in html  # accepting twice is not offered
    assert 'id="route-form"' in html


def test_an_accepted_report_is_not_accepted_twice_but_may_be_refused(new_report, operator_user):
    report = _accept(new_report, operator_user)
    with pytest.raises(ValidationError) as exc:
        workflow.classify(report=report, user=operator_user, decision="accept", now=MONDAY)
    assert "đã được tiếp nhận" in exc.value.message_dict["decision"][0]
    report = workflow.classify(
        report=report, user=operator_user, decision="not_accepted", reason="Không thuộc phạm vi", now=MONDAY
    )
    assert report.status == Report.Status.NOT_ACCEPTED


def test_no_classification_once_routed_or_closed(new_report, clients, operator_user, department, categories):
    _route(new_report, operator_user, department)
    html = _page(clients["hotline_operator"], new_report)
    assert 'id="classify-form"' not in html and "Phân loại lại" not in html
    closed, _pin = make_report(categories, title="Khác")
    workflow.classify(report=closed, user=operator_user, decision="not_accepted", reason="Trùng lặp", now=MONDAY)
    html = _page(clients["hotline_operator"], closed)
    assert 'id="classify-form"' not in html and 'id="route-form"' not in html


def test_the_hot_spot_tab_is_offered_only_to_who_may_open_it(new_report, clients, operator_user, department):
    _accept(new_report, operator_user)
    _route(new_report, operator_user, department)
    hotspots = f'href="{reverse("hotline:hotspots")}"'
    assert hotspots in _page(clients["hotline_operator"], new_report)
    assert hotspots not in _page(clients["focal_point"], new_report)
    assert clients["focal_point"].get(reverse("hotline:hotspots")).status_code == 403
