"""The plan's rules hold for every writer: approval in one transaction, an approved plan keeps its year,
and opening the conclusion's task page writes nothing."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from members.decisions import NewDecision
from members.models import Decision
from tasks import meetings, plans
from tasks.models import Meeting, Plan, Task
from tests import factories as f
from tests.conftest import client_for

from . import builders as b

pytestmark = pytest.mark.django_db

NOW = datetime(2023, 4, 20, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
NEW_DOCUMENT = {"decision_number": "99-QĐ/BCĐ", "decision_date": "2023-05-02", "decision_issuer": "Ban Chỉ đạo"}


@pytest.fixture
def plan(committee):
    return b.plan(committee, year=2023)


@pytest.fixture
def approved(plan, department):
    b.task(plan, department)  # a plan with no task is not approved
    decision = f.DecisionFactory(number="01-KH/BCĐ", date=date(2023, 4, 20), issuer="Ban Chỉ đạo CCHC tỉnh")
    return plans.approve_plan(plan=plan, decision=decision, now=NOW)


# (a) Approving an already approved plan leaves nothing behind.


def test_approving_an_approved_plan_again_records_no_document(approved, secretariat_user):
    before = set(Decision.objects.values_list("pk", flat=True))
    response = client_for(secretariat_user).post(reverse("tasks:plan_approve", args=[approved.pk]), NEW_DOCUMENT)
    assert response.status_code == 400
    assert "Kế hoạch đã được phê duyệt." in response.content.decode()
    assert set(Decision.objects.values_list("pk", flat=True)) == before
    approved.refresh_from_db()
    assert approved.approved_by.number == "01-KH/BCĐ"


def test_a_refused_approval_saves_nothing(plan, approved):
    typed = NewDecision(number="99-QĐ/BCĐ", date=date(2023, 5, 2), issuer="Ban Chỉ đạo")
    with pytest.raises(ValidationError, match="đã được phê duyệt"):
        plans.approve_plan(plan=plan, decision=typed, now=NOW)
    assert not Decision.objects.filter(number="99-QĐ/BCĐ").exists()


def test_an_approval_with_a_malformed_document_leaves_the_plan_a_draft(plan, department, secretariat_user):
    b.task(plan, department)
    data = {**NEW_DOCUMENT, "decision_number": "quyết định phê duyệt"}
    response = client_for(secretariat_user).post(reverse("tasks:plan_approve", args=[plan.pk]), data)
    assert response.status_code == 400
    assert "không đúng dạng" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == Plan.Status.DRAFT
    assert not Decision.objects.filter(issuer="Ban Chỉ đạo").exists()


def test_approval_cites_a_recorded_document_typed_another_way(plan, department, secretariat_user):
    b.task(plan, department)
    known = f.DecisionFactory(number="01-KH/BCĐ", date=date(2023, 4, 20), issuer="Ban Chỉ đạo CCHC tỉnh")
    data = {"decision_number": " 01 - kh/bcđ ", "decision_date": "2023-04-20", "decision_issuer": "BCĐ CCHC tỉnh"}
    assert client_for(secretariat_user).post(reverse("tasks:plan_approve", args=[plan.pk]), data).status_code == 302
    plan.refresh_from_db()
    assert (plan.status, plan.approved_by) == (Plan.Status.APPROVED, known)
    assert Decision.objects.filter(number__iexact="01-KH/BCĐ").count() == 1


# (b) An approved plan keeps its year.


def test_an_approved_plans_year_cannot_change(approved):
    with pytest.raises(ValidationError) as exc:
        plans.update_plan(plan=approved, title=approved.title, year=2024)
    assert "không thể đổi năm kế hoạch" in exc.value.message_dict["year"][0]
    approved.refresh_from_db()
    assert approved.year == 2023


def test_the_plan_page_shows_an_approved_plans_year_fixed_and_still_saves_its_title(approved, secretariat_user):
    url = reverse("tasks:plan_edit", args=[approved.pk])
    thuky = client_for(secretariat_user)
    page = thuky.get(url).content.decode()
    assert "không thể đổi năm kế hoạch" in page
    response = thuky.post(url, {"year": "2024", "title": "Kế hoạch CCHC năm 2023 (sửa tên)"})
    assert response.status_code == 302
    approved.refresh_from_db()
    assert (approved.year, approved.title) == (2023, "Kế hoạch CCHC năm 2023 (sửa tên)")


def test_a_drafts_year_changes_unless_a_task_falls_due_before_it(plan, department, secretariat_user):
    url = reverse("tasks:plan_edit", args=[plan.pk])
    thuky = client_for(secretariat_user)
    assert thuky.post(url, {"year": "2024", "title": plan.title}).status_code == 302
    plan.refresh_from_db()
    assert plan.year == 2024
    b.task(plan, department, code="1", due_date=date(2024, 6, 30))
    response = thuky.post(url, {"year": "2025", "title": plan.title})
    assert response.status_code == 400
    assert "Nhiệm vụ 1 có thời hạn 30/06/2024, trước năm 2025" in response.content.decode()
    plan.refresh_from_db()
    assert plan.year == 2024


def test_the_admin_keeps_an_approved_plans_year(approved, reference_data):
    admin = client_for(f.UserFactory(username="quantri", is_staff=True, is_superuser=True))
    url = reverse("admin:tasks_plan_change", args=[approved.pk])
    assert admin.post(url, {"year": "2024", "title": "Đổi năm"}).status_code == 302
    approved.refresh_from_db()
    assert (approved.year, approved.title) == (2023, "Đổi năm")


def test_the_admin_approves_a_draft_through_the_service(plan, department, reference_data):
    b.task(plan, department)
    decision = f.DecisionFactory(number="02-KH/BCĐ", date=date(2023, 4, 21), issuer="Ban Chỉ đạo CCHC tỉnh")
    admin = client_for(f.UserFactory(username="quantri", is_staff=True, is_superuser=True))
    url = reverse("admin:tasks_plan_change", args=[plan.pk])
    response = admin.post(url, {"year": "2023", "title": plan.title, "approved_by": decision.pk})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.status, plan.approved_by) == (Plan.Status.APPROVED, decision)
    assert plan.approved_at is not None


def test_the_admin_refuses_a_year_outside_the_plans_range(committee, reference_data):
    admin = client_for(f.UserFactory(username="quantri", is_staff=True, is_superuser=True))
    data = {"committee": committee.pk, "year": "1990", "title": "Kế hoạch 1990"}
    response = admin.post(reverse("admin:tasks_plan_add"), data)
    assert response.status_code == 200
    assert "Năm kế hoạch không hợp lệ." in response.content.decode()
    assert not Plan.objects.exists()


# (c) Opening the conclusion's task page writes nothing.


@pytest.fixture
def conclusion(committee):
    meeting = Meeting.objects.create(committee=committee, date=date(2024, 2, 1), title="Phiên họp đầu năm 2024")
    return meetings.add_conclusion(meeting=meeting, content="Giao Sở Nội vụ rà soát quy chế")


def test_opening_the_conclusions_task_page_creates_no_plan(conclusion, secretariat_user):
    response = client_for(secretariat_user).get(reverse("tasks:conclusion_task", args=[conclusion.pk]))
    assert response.status_code == 200
    assert not Plan.objects.exists()
    page = response.content.decode()
    assert "chưa có kế hoạch năm 2024" in page
    assert "một kế hoạch dự thảo năm 2024 sẽ được tạo" in page
    assert 'value="KL0102-1.1"' in page


def test_a_refused_task_from_a_conclusion_leaves_no_plan(conclusion, department, secretariat_user):
    data = {"code": "KL1", "title": "Rà soát", "area": f.area().pk, "lead_unit": department.pk, "recurrence": "once"}
    data["expected_output"] = "report"
    response = client_for(secretariat_user).post(reverse("tasks:conclusion_task", args=[conclusion.pk]), data)
    assert response.status_code == 400
    assert "Nhiệm vụ một lần phải có thời hạn hoàn thành." in response.content.decode()
    assert not Plan.objects.exists() and not Task.objects.exists()


def test_saving_the_first_task_of_a_conclusion_creates_the_draft_plan(conclusion, department, secretariat_user):
    data = {
        "code": "KL1",
        "title": "Rà soát quy chế",
        "area": f.area().pk,
        "lead_unit": department.pk,
        "due_date": "2024-06-30",
        "recurrence": "once",
        "expected_output": "report",
    }
    thuky = client_for(secretariat_user)
    assert thuky.post(reverse("tasks:conclusion_task", args=[conclusion.pk]), data).status_code == 302
    plan = Plan.objects.get()
    assert (plan.committee, plan.year, plan.status) == (conclusion.meeting.committee, 2024, Plan.Status.DRAFT)
    assert Task.objects.get().conclusion == conclusion
    page = thuky.get(reverse("tasks:conclusion_task", args=[conclusion.pk])).content.decode()
    assert "sẽ được tạo" not in page
    assert Plan.objects.count() == 1


def test_a_closed_year_takes_no_new_task_and_no_edit(plan, department, secretariat_user):
    """Its figures are frozen at the closing: no writer may add to or change its work, and the page offers
    neither."""
    from django.utils import timezone

    from tasks import tasklist

    task = b.task(plan, department)
    Plan.objects.filter(pk=plan.pk).update(closed_at=timezone.now())
    plan.refresh_from_db()
    with pytest.raises(ValidationError, match="đã khóa sổ"):
        plans.update_plan(plan=plan, title="Đổi tên", year=plan.year, by=secretariat_user)
    with pytest.raises(ValidationError, match="đã khóa sổ"):
        tasklist.check_task(task=Task(plan=plan, code="9", title="Mới", area=task.area, lead_unit=department))
    client = client_for(secretariat_user)
    page = client.get(reverse("tasks:plan_detail", args=[plan.pk])).content.decode()
    assert reverse("tasks:task_create", args=[plan.pk]) not in page
    refused = client.post(reverse("tasks:task_create", args=[plan.pk]), {"code": "9", "title": "Mới"})
    assert refused.status_code == 400
    assert list(plan.tasks.values_list("code", flat=True)) == [task.code]
