"""A report becomes a follow-up task in the provincial plan, linked both ways; closing the task
shows on the report."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from hotline import workflow
from hotline.followup import create_followup_task
from hotline.models import Report
from tasks.models import Plan, ProgressReport, Task

from .conftest import MONDAY, make_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(committee):
    return Plan.objects.create(committee=committee, year=2023, title="Kế hoạch CCHC năm 2023")


@pytest.fixture
def routed(categories, department, operator_user):
    report, _ = make_report(categories)
    return workflow.route(report=report, user=operator_user, unit=department, days=10, today=MONDAY.date(), now=MONDAY)


def test_operator_turns_a_report_into_a_hotline_task(plan, routed, operator_user, department):
    task = create_followup_task(report=routed, user=operator_user, today=MONDAY.date(), now=MONDAY)
    assert task.plan == plan
    assert task.source == Task.Source.HOTLINE
    assert task.area.code == "thu-tuc-hanh-chinh"
    assert task.lead_unit == department
    assert task.due_date == routed.answer_due
    assert list(task.hotline_reports.all()) == [Report.objects.get(pk=routed.pk)]
    with pytest.raises(Exception, match="đã có nhiệm vụ"):
        create_followup_task(report=routed, user=operator_user, today=MONDAY.date(), now=MONDAY)


def test_without_a_plan_for_the_year_a_clear_message(committee, routed, operator_user, clients):
    from members.models import ReformArea

    area = ReformArea.objects.get(code="thu-tuc-hanh-chinh")
    response = clients["hotline_operator"].post(reverse("hotline:make_task", args=[routed.pk]), {"area": area.pk})
    assert response.status_code == 400
    assert f"Chưa có kế hoạch năm {timezone.localdate().year}" in response.content.decode()
    assert Task.objects.count() == 0


def test_secretariat_creates_the_task_from_the_page_and_sees_it_close(
    plan, routed, clients, secretariat_user, time_machine
):
    time_machine.move_to(MONDAY, tick=False)
    from members.models import ReformArea

    area = ReformArea.objects.get(code="thu-tuc-hanh-chinh")
    response = clients["secretariat"].post(reverse("hotline:make_task", args=[routed.pk]), {"area": area.pk})
    assert response.status_code == 302
    task = Task.objects.get()
    url = reverse("hotline:detail", args=[routed.pk])
    assert "đang thực hiện" in clients["secretariat"].get(url).content.decode()
    ProgressReport.objects.create(
        task=task,
        period=date(2023, 6, 1),
        percent=100,
        completed_on=date(2023, 6, 15),
        submitted_by=secretariat_user,
        submitted_at=MONDAY,
        status=ProgressReport.Status.ACCEPTED,
    )
    html = clients["secretariat"].get(url).content.decode()
    assert task.code in html and "đã hoàn thành" in html
