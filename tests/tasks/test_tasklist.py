"""A task's rules live in tasks/tasklist.py and hold for every writer: the service itself, the pages,
the admin and the loader."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from members.models import Decision
from tasks import plans, tasklist
from tasks.models import Plan, Task, TaskChange
from tests import factories as f
from tests.conftest import client_for

from . import builders as b

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(committee):
    return b.plan(committee, year=2023)


def _fields(unit, **overrides) -> dict:
    fields = {
        "code": "1",
        "title": "Ban hành Kế hoạch kiểm tra CCHC",
        "area": f.area(),
        "lead_unit": unit,
        "due_date": date(2023, 6, 30),
        "recurrence": Task.Recurrence.ONCE,
        "expected_output": Task.Output.PLAN,
    }
    fields.update(overrides)
    return fields


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"due_date": None}, "due_date", "Nhiệm vụ một lần phải có thời hạn hoàn thành."),
        ({"due_date": date(2022, 12, 31)}, "due_date", "Thời hạn không được trước năm kế hoạch (2023)."),
        ({"recurrence": "monthly", "due_date": None}, "recurrence_day", "cần ngày báo cáo trong kỳ"),
        ({"recurrence": "monthly", "recurrence_day": 40}, "recurrence_day", "Ngày trong kỳ phải từ 1 đến 31."),
    ],
)
def test_the_service_refuses_a_task_that_breaks_a_rule(plan, department, overrides, field, message):
    with pytest.raises(ValidationError) as exc:
        tasklist.create_task(plan=plan, fields=_fields(department, **overrides))
    assert message in " ".join(exc.value.message_dict[field])
    assert not Task.objects.exists()


def test_the_service_refuses_a_duplicate_code_a_lead_unit_coordinating_and_an_outsider_responsible(
    plan, department, other_department
):
    tasklist.create_task(plan=plan, fields=_fields(department))
    outsider = f.PersonFactory(full_name="Người Ngoài Ban")
    with pytest.raises(ValidationError) as exc:
        tasklist.create_task(
            plan=plan, fields=_fields(department, code=" 1 ", responsible=outsider), coordinating_units=[department]
        )
    assert set(exc.value.message_dict) == {"code", "coordinating_units", "responsible"}
    assert Task.objects.count() == 1


def test_an_approved_plans_task_change_cites_a_typed_document_once(plan, department, secretariat_user):
    task = tasklist.create_task(plan=plan, fields=_fields(department))
    known = f.DecisionFactory(number="05-TB/BCĐ", date=date(2023, 7, 1), issuer="Ban Chỉ đạo CCHC tỉnh")
    plans.approve_plan(plan=plan, decision=known, now=b.at(date(2023, 4, 20)))
    url = reverse("tasks:task_edit", args=[task.pk])
    data = {
        "code": "1",
        "title": task.title,
        "area": task.area.pk,
        "lead_unit": department.pk,
        "due_date": "2023-09-30",
        "recurrence": "once",
        "expected_output": "plan",
        "decision_number": "05 - tb/bcđ",
        "decision_date": "2023-07-01",
        "decision_issuer": "Ban Chỉ đạo CCHC tỉnh",
    }
    assert client_for(secretariat_user).post(url, data).status_code == 302
    change = TaskChange.objects.get()
    assert (change.field, change.decision, change.changed_by) == ("due_date", known, secretariat_user)
    assert Decision.objects.filter(date=date(2023, 7, 1)).count() == 1


@pytest.fixture
def admin_client_(reference_data, settings):
    # A form shown again with its errors: the admin's raw-id widgets read the chosen plan and units once more
    # to label them (Django's own, one row per field, not a query per row of a list).
    settings.ZEAL_ALLOWLIST = [{"model": "tasks.Plan"}, {"model": "members.Unit"}]
    return client_for(f.UserFactory(username="quantri", is_staff=True, is_superuser=True))


def _admin_data(plan, unit, **overrides) -> dict:
    data = {
        "plan": plan.pk,
        "code": "A1",
        "title": "Nhiệm vụ thêm trong trang quản trị",
        "description": "",
        "area": f.area().pk,
        "lead_unit": unit.pk,
        "due_date": "30/06/2023",
        "recurrence": "once",
        "expected_output": "report",
        "expected_output_note": "",
        "source": "plan",
    }
    data.update(overrides)
    return data


def test_the_admin_obeys_the_task_rules(admin_client_, plan, department, other_department):
    url = reverse("admin:tasks_task_add")
    refused = admin_client_.post(url, _admin_data(plan, department, due_date="", coordinating_units=[department.pk]))
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "Nhiệm vụ một lần phải có thời hạn hoàn thành." in page
    assert "Cơ quan chủ trì không đồng thời là cơ quan phối hợp." in page
    assert not Task.objects.exists()
    saved = admin_client_.post(url, _admin_data(plan, department, coordinating_units=[other_department.pk]))
    assert saved.status_code == 302
    task = Task.objects.get()
    assert list(task.coordinating_units.all()) == [other_department]
    assert task.history.get().history_user.username == "quantri"


def test_the_admin_records_a_documented_change_to_an_approved_plans_task(admin_client_, plan, department):
    task = tasklist.create_task(plan=plan, fields=_fields(department, code="A1"))
    decision = f.DecisionFactory(number="06-TB/BCĐ", date=date(2023, 7, 3), issuer="Ban Chỉ đạo CCHC tỉnh")
    plans.approve_plan(plan=plan, decision=decision, now=b.at(date(2023, 4, 20)))
    url = reverse("admin:tasks_task_change", args=[task.pk])
    refused = admin_client_.post(url, _admin_data(plan, department, due_date="30/09/2023"))
    assert refused.status_code == 200
    assert "phải căn cứ một văn bản" in refused.content.decode()
    task.refresh_from_db()
    assert task.due_date == date(2023, 6, 30)
    saved = admin_client_.post(url, _admin_data(plan, department, due_date="30/09/2023", decision=decision.pk))
    assert saved.status_code == 302
    change = TaskChange.objects.get()
    assert (change.field, change.old_value, change.new_value, change.decision) == (
        "due_date",
        "30/06/2023",
        "30/09/2023",
        decision,
    )
    assert change.changed_by.username == "quantri"
    assert Plan.objects.get().status == Plan.Status.APPROVED
