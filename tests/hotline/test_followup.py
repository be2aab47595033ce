"""A report becomes a follow-up task in the provincial plan, linked both ways; closing the task
shows on the report."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from hotline import workflow
from hotline.followup import create_followup_task, task_done
from hotline.models import Report
from tasks import status as st
from tasks.models import Plan, ProgressReport, Task
from tests import factories as f

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


def _area():
    from members.models import ReformArea

    return ReformArea.objects.get(code="thu-tuc-hanh-chinh")


def test_without_a_plan_for_the_year_the_operator_is_told_to_ask_for_one(committee, routed, clients):
    response = clients["hotline_operator"].post(reverse("hotline:make_task", args=[routed.pk]), {"area": _area().pk})
    html = response.content.decode()
    assert response.status_code == 200
    assert f"Chưa có kế hoạch năm {timezone.localdate().year}" in html
    assert 'id="create-plan"' not in html  # an operator cannot make plans: told to ask the secretariat
    assert "Bộ phận Thường trực" in html
    assert Task.objects.count() == 0
    routed.refresh_from_db()
    assert routed.task_id is None


def test_without_a_plan_for_the_year_the_secretariat_is_offered_the_new_plan_form(committee, routed, clients):
    year = timezone.localdate().year
    response = clients["secretariat"].post(reverse("hotline:make_task", args=[routed.pk]), {"area": _area().pk})
    assert response.status_code == 200
    html = response.content.decode()
    link = f"{reverse('tasks:plan_create')}?committee={committee.pk}&amp;year={year}"
    assert f'id="create-plan" href="{link}"' in html
    assert Task.objects.count() == 0
    form = clients["secretariat"].get(link.replace("&amp;", "&")).context["form"]
    assert form.initial["year"] == year and form.initial["committee"] == committee.pk


def test_the_new_plan_form_refuses_a_malformed_year_or_an_unknown_committee(clients):
    assert clients["secretariat"].get(reverse("tasks:plan_create"), {"year": "20x4"}).status_code == 400
    assert clients["secretariat"].get(reverse("tasks:plan_create"), {"committee": "99999"}).status_code == 400
    response = clients["secretariat"].get(reverse("tasks:plan_create"))
    assert response.context["form"].initial == {"year": timezone.localdate().year}


def test_report_and_task_link_to_each_other(plan, routed, operator_user, clients, time_machine):
    time_machine.move_to(MONDAY, tick=False)
    task = create_followup_task(report=routed, user=operator_user, today=MONDAY.date(), now=MONDAY)
    report_url = reverse("hotline:detail", args=[routed.pk])
    task_url = reverse("tasks:task_detail", args=[task.pk])
    # The report page links the task for those who read plans; an operator (no plan role) sees its code.
    assert f'href="{task_url}"' in clients["secretariat"].get(report_url).content.decode()
    operator_page = clients["hotline_operator"].get(report_url).content.decode()
    assert task.code in operator_page and f'href="{task_url}"' not in operator_page
    # The task page: "Phản ánh liên quan", linked for those who may open the report.
    for role in ("secretariat", "leadership", "focal_point"):
        html = clients[role].get(task_url).content.decode()
        assert "Phản ánh liên quan" in html, role
        assert f'href="{report_url}"' in html, role
        assert routed.display_code in html
        assert routed.contact_name not in html and routed.contact_phone not in html
    member = clients["member"].get(task_url)
    assert member.status_code == 200
    html = member.content.decode()
    assert routed.display_code in html and f'href="{report_url}"' not in html  # a member cannot open the report
    assert clients["member"].get(report_url).status_code == 403


def test_an_ordinary_task_page_has_no_related_reports(plan, clients, department):
    task = Task.objects.create(plan=plan, code="KH-9", title="Nhiệm vụ thường", area=f.area(), lead_unit=department)
    html = clients["secretariat"].get(reverse("tasks:task_detail", args=[task.pk])).content.decode()
    assert "Phản ánh liên quan" not in html


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


def test_the_follow_up_task_is_written_by_the_task_service(plan, routed, operator_user, department):
    # A task with the follow-up's code, added by hand: the plan's rule (one code per plan) holds here too.
    Task.objects.create(plan=plan, code=f"PA-{routed.code}", title="Nhập tay", area=f.area(), lead_unit=department)
    with pytest.raises(ValidationError) as exc:
        create_followup_task(report=routed, user=operator_user, today=MONDAY.date(), now=MONDAY)
    assert "Mã nhiệm vụ này đã có trong kế hoạch." in exc.value.message_dict["code"]
    routed.refresh_from_db()
    assert routed.task_id is None and Task.objects.count() == 1
    Task.objects.filter(source=Task.Source.PLAN).update(code="KH-1")
    task = create_followup_task(report=routed, user=operator_user, today=MONDAY.date(), now=MONDAY)
    assert task.history.get().history_user == operator_user


def test_the_hotline_reads_done_as_the_plan_does(plan, routed, operator_user, secretariat_user):
    task = create_followup_task(report=routed, user=operator_user, today=MONDAY.date(), now=MONDAY)

    def done() -> bool:
        return Report.objects.annotate(done=task_done()).get(pk=routed.pk).done

    # Accepted at 100 % without a completion date (written in the admin): done, for the plan and the hotline.
    report = ProgressReport.objects.create(
        task=task,
        period=date(2023, 6, 1),
        percent=100,
        submitted_by=secretariat_user,
        submitted_at=MONDAY,
        status=ProgressReport.Status.SUBMITTED,
    )
    assert not done() and st.task_status(task, today=MONDAY.date()) not in st.DONE
    report.status = ProgressReport.Status.ACCEPTED
    report.save()  # as every writer does: the task's report summary follows in the same transaction
    assert done() and st.task_status(task, today=MONDAY.date()) in st.DONE
