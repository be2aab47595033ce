"""Plans and tasks: creation with checks, approval citing a document, documented changes, cascades."""

from datetime import date

import pytest
from django.urls import reverse

from members.models import Committee, Decision
from tasks.models import Plan, Task, TaskChange
from tests import factories as f
from tests.conftest import client_for

from . import builders as b


@pytest.fixture
def plan(committee):
    return b.plan(committee, year=2023)


def _task_data(unit, **overrides):
    data = {
        "code": "1",
        "title": "Ban hành Kế hoạch kiểm tra CCHC",
        "area": f.area().pk,
        "lead_unit": unit.pk,
        "due_date": "2023-06-30",
        "recurrence": "once",
        "expected_output": "plan",
    }
    data.update(overrides)
    return data


def test_secretariat_creates_a_task_with_all_fields(plan, department, other_department, member_user, secretariat_user):
    data = _task_data(
        department, coordinating_units=[other_department.pk], responsible=member_user.person.pk, is_focus="on"
    )
    response = client_for(secretariat_user).post(reverse("tasks:task_create", args=[plan.pk]), data)
    assert response.status_code == 302
    task = Task.objects.get()
    assert (task.lead_unit, task.responsible, task.is_focus, task.source) == (
        department,
        member_user.person,
        True,
        "plan",
    )
    assert list(task.coordinating_units.all()) == [other_department]


def test_deadline_before_the_plan_year_is_refused(plan, department, secretariat_user):
    response = client_for(secretariat_user).post(
        reverse("tasks:task_create", args=[plan.pk]), _task_data(department, due_date="2022-12-31")
    )
    assert response.status_code == 400
    assert "Thời hạn không được trước năm kế hoạch (2023)" in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Task.objects.exists()


def test_unknown_unit_is_refused(plan, department, secretariat_user):
    response = client_for(secretariat_user).post(
        reverse("tasks:task_create", args=[plan.pk]), _task_data(department, lead_unit=999999)
    )
    assert response.status_code == 400
    assert "Cơ quan, đơn vị không tồn tại trong danh mục" in response.content.decode()
    assert not Task.objects.exists()


def test_monthly_task_needs_a_day_in_the_period(plan, department, secretariat_user):
    response = client_for(secretariat_user).post(
        reverse("tasks:task_create", args=[plan.pk]), _task_data(department, recurrence="monthly", due_date="")
    )
    assert response.status_code == 400
    assert "ngày báo cáo trong kỳ" in response.content.decode()


def test_member_cannot_create_a_task(plan, department, member_user):
    response = client_for(member_user).post(reverse("tasks:task_create", args=[plan.pk]), _task_data(department))
    assert response.status_code == 403
    assert not Task.objects.exists()


def test_approving_a_plan_cites_a_document(plan, department, secretariat_user):
    b.task(plan, department)  # a plan with no task is not approved (tasks/plans.py)
    url = reverse("tasks:plan_approve", args=[plan.pk])
    thuky = client_for(secretariat_user)
    assert url in thuky.get(reverse("tasks:plan_detail", args=[plan.pk])).content.decode()  # linked while a draft
    assert 'name="decision_number"' in thuky.get(url).content.decode()
    response = thuky.post(url, {})
    assert response.status_code == 400
    assert "phải căn cứ một văn bản" in response.content.decode()
    data = {"decision_number": "01-KH/BCĐ", "decision_date": "2023-04-20", "decision_issuer": "Ban Chỉ đạo CCHC tỉnh"}
    assert thuky.post(url, data).status_code == 302
    plan.refresh_from_db()
    assert plan.status == Plan.Status.APPROVED
    assert plan.approved_by == Decision.objects.get(number="01-KH/BCĐ")
    assert url not in thuky.get(reverse("tasks:plan_detail", args=[plan.pk])).content.decode()
    assert thuky.get(url).status_code == 302  # nothing left to approve
    again = thuky.post(url, data)
    assert again.status_code == 400 and "Kế hoạch đã được phê duyệt." in again.content.decode()


def test_changing_deadline_of_an_approved_plan_needs_a_document_and_is_recorded(
    plan, department, other_department, secretariat_user
):
    task = b.task(plan, department)
    decision = f.DecisionFactory(number="05-TB/BCĐ", issuer="Ban Chỉ đạo CCHC tỉnh")
    plan.status = Plan.Status.APPROVED
    plan.save()
    url = reverse("tasks:task_edit", args=[task.pk])
    thuky = client_for(secretariat_user)

    response = thuky.post(url, _task_data(other_department, due_date="2023-09-30"))
    assert response.status_code == 400
    assert "phải căn cứ một văn bản" in response.content.decode()
    task.refresh_from_db()
    assert (task.due_date, task.lead_unit) == (date(2023, 6, 30), department)

    response = thuky.post(url, _task_data(other_department, due_date="2023-09-30", decision=decision.pk))
    assert response.status_code == 302
    changes = {c.field: c for c in TaskChange.objects.filter(task=task)}
    assert set(changes) == {"due_date", "lead_unit"}
    assert (changes["due_date"].old_value, changes["due_date"].new_value) == ("30/06/2023", "30/09/2023")
    assert changes["lead_unit"].decision == decision
    assert changes["lead_unit"].changed_by == secretariat_user
    assert task.history.count() == 2
    page = thuky.get(reverse("tasks:task_detail", args=[task.pk])).content.decode()
    assert "05-TB/BCĐ" in page


def test_changes_to_a_draft_plan_need_no_document(plan, department, secretariat_user):
    task = b.task(plan, department)
    response = client_for(secretariat_user).post(
        reverse("tasks:task_edit", args=[task.pk]), _task_data(department, due_date="2023-09-30")
    )
    assert response.status_code == 302
    assert not TaskChange.objects.exists()


def test_cascade_gives_each_lower_committee_a_subtask_in_its_own_plan(plan, committee, department, secretariat_user):
    task = b.task(plan, department)
    vinh = f.UnitFactory(code="412", name="Thành phố Vinh", kind="district")
    district = f.CommitteeFactory(
        name="Ban Chỉ đạo CCHC thành phố Vinh", kind=Committee.Kind.DISTRICT, unit=vinh, parent=committee
    )
    group = f.CommitteeFactory(
        name="Tổ công tác Sở Nội vụ", kind=Committee.Kind.WORKING_GROUP, unit=department, parent=committee
    )
    url = reverse("tasks:task_cascade", args=[task.pk])
    thuky = client_for(secretariat_user)
    assert thuky.post(url, {"committees": [district.pk, group.pk]}).status_code == 302
    subtasks = Task.objects.filter(parent=task).select_related("plan")
    assert {(s.plan.committee_id, s.plan.year, s.lead_unit_id) for s in subtasks} == {
        (district.pk, 2023, vinh.pk),
        (group.pk, 2023, department.pk),
    }
    assert thuky.post(url, {"committees": [district.pk]}).status_code == 302
    assert Task.objects.filter(parent=task).count() == 2, "cascading twice does not duplicate"
    page = thuky.get(reverse("tasks:task_detail", args=[task.pk])).content.decode()
    assert "0/2 đơn vị đã hoàn thành" in page


def test_member_sees_the_plan_but_opens_only_own_tasks(plan, department, other_department, member_user):
    own = b.task(plan, department, code="1", responsible=member_user.person)
    other = b.task(plan, other_department, code="2")
    client = client_for(member_user)
    page = client.get(reverse("tasks:plan_detail", args=[plan.pk])).content.decode()
    assert reverse("tasks:task_detail", args=[own.pk]) in page
    assert reverse("tasks:task_detail", args=[other.pk]) not in page
    assert other.title in page
    assert client.get(reverse("tasks:task_detail", args=[other.pk])).status_code == 403


def test_plan_page_filters(plan, department, other_department, secretariat_user):
    b.task(plan, department, code="1", title="Rà soát thủ tục đất đai", is_focus=True)
    b.task(plan, other_department, code="2", title="Kiện toàn bộ máy", due_date=date(2023, 1, 31))
    client = client_for(secretariat_user)
    url = reverse("tasks:plan_detail", args=[plan.pk])

    def titles(**params):
        page = client.get(url, params).content.decode()
        return [t for t in ("Rà soát thủ tục đất đai", "Kiện toàn bộ máy") if t in page]

    assert titles(q="đất đai") == ["Rà soát thủ tục đất đai"]
    assert titles(focus="on") == ["Rà soát thủ tục đất đai"]
    assert titles(unit=other_department.pk) == ["Kiện toàn bộ máy"]
    assert len(titles()) == 2


def test_secretariat_creates_a_plan_from_the_page(committee, secretariat_user):
    # A new plan has no version to check: the form draws none, and saving it creates the draft.
    client = client_for(secretariat_user)
    assert 'name="version"' not in client.get(reverse("tasks:plan_create")).content.decode()
    response = client.post(
        reverse("tasks:plan_create"),
        {"committee": committee.pk, "year": 2027, "title": "Kế hoạch cải cách hành chính năm 2027"},
    )
    plan = Plan.objects.get(committee=committee, year=2027)
    assert response.status_code == 302 and response["Location"] == reverse("tasks:plan_detail", args=[plan.pk])
    assert plan.status == Plan.Status.DRAFT and plan.title == "Kế hoạch cải cách hành chính năm 2027"
