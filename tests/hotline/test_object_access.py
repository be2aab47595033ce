"""Objects under a report (its files, its extension requests) are reached only through a report the
user may open: an id of another report's object under this report's URL is 404 and changes nothing."""

import pytest
from django.urls import reverse

from core.uploads import validate_upload
from hotline import workflow
from hotline.models import ExtensionRequest

from .conftest import MONDAY, make_report, pdf_file

pytestmark = pytest.mark.django_db


def _with_file(categories):
    upload = pdf_file()
    report, _ = make_report(
        categories, attachments=[(upload, validate_upload(upload, allowed=("pdf",), max_bytes=10_000))]
    )
    return report, report.attachments.get()


def test_a_file_of_another_report_is_404_under_this_reports_url(clients, categories, department, operator_user):
    report, own = _with_file(categories)
    other, foreign = _with_file(categories)
    operator = clients["hotline_operator"]
    assert operator.get(reverse("hotline:attachment", args=[report.pk, own.pk])).status_code == 200
    assert operator.get(reverse("hotline:attachment", args=[report.pk, foreign.pk])).status_code == 404
    # A focal point whose unit has the routed report cannot reach another report's file through it.
    workflow.route(report=report, user=operator_user, unit=department, days=10, today=MONDAY.date(), now=MONDAY)
    focal = clients["focal_point"]
    assert focal.get(reverse("hotline:attachment", args=[report.pk, own.pk])).status_code == 200
    assert focal.get(reverse("hotline:attachment", args=[report.pk, foreign.pk])).status_code == 404


def test_an_extension_request_of_another_report_cannot_be_decided_through_this_one(
    clients, categories, department, operator_user, focal_user
):
    reports = [make_report(categories)[0] for _ in range(2)]
    for report in reports:
        workflow.route(report=report, user=operator_user, unit=department, days=10, today=MONDAY.date(), now=MONDAY)
    foreign = workflow.request_extension(report=reports[1], user=focal_user, days=5, reason="Xác minh", now=MONDAY)
    url = reverse("hotline:decide_extension", args=[reports[0].pk, foreign.pk])
    response = clients["hotline_operator"].post(url, {"grant": "1", "note": ""})
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == ExtensionRequest.Status.PENDING
    ok = clients["hotline_operator"].post(
        reverse("hotline:decide_extension", args=[reports[1].pk, foreign.pk]), {"grant": "1", "note": ""}
    )
    assert ok.status_code == 302
    foreign.refresh_from_db()
    assert foreign.status == ExtensionRequest.Status.GRANTED
