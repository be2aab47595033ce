"""Which document may approve a plan, and which committees a plan is made for (tasks/plans.py).

The fault: a 2027 plan was approved citing "07/QĐ-BCĐ" of 10/01/2020, another year and before the committee
was set up (2023); a plan with no task could be approved; the new plan's form offered a committee whose
level ended in 2025 (BCĐ TP Vinh) for 2027."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from members.decisions import NewDecision
from members.models import Committee, Decision, Unit
from tasks import meetings, plans
from tasks.models import Plan
from tests import factories as f
from tests.conftest import client_for

from . import builders as b

pytestmark = pytest.mark.django_db

NOW = datetime(2023, 4, 20, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


def _plan_with_a_task(committee, department, year: int) -> Plan:
    plan = b.plan(committee, year=year)
    b.task(plan, department)
    return plan


def _typed(number: str, day: str) -> dict:
    return {"decision_number": number, "decision_date": day, "decision_issuer": "Ban Chỉ đạo"}


def test_a_document_of_another_year_before_the_committee_existed_does_not_approve_a_plan(
    committee, department, secretariat_user
):
    """The newcomer's case, on the page: refused with the rule, no document recorded, the plan a draft."""
    plan = _plan_with_a_task(committee, department, 2026)
    response = client_for(secretariat_user).post(
        reverse("tasks:plan_approve", args=[plan.pk]), _typed("07/QĐ-BCĐ", "10/01/2020")
    )
    assert response.status_code == 400
    assert "trước khi Ban Chỉ đạo cải cách hành chính tỉnh Nghệ An được thành lập (06/03/2023)" in (
        response.content.decode()
    )
    assert not Decision.objects.filter(number__contains="07").exists()
    plan.refresh_from_db()
    assert (plan.status, plan.approved_by) == (Plan.Status.DRAFT, None)


@pytest.mark.parametrize(
    ("year", "day", "refused"),
    [
        (2025, date(2024, 1, 1), False),  # the first day of the year before
        (2024, date(2023, 12, 20), False),  # approved late in the previous year
        (2024, date(2024, 12, 31), False),
        (2024, date(2022, 12, 31), True),  # two years before
        (2024, date(2025, 1, 2), True),  # after the plan's year
        (2023, date(2023, 3, 5), True),  # in the window, the day before the committee's establishment
        (2023, date(2023, 3, 6), False),  # the day of it
    ],
)
def test_the_approving_document_falls_in_the_plans_window_after_the_committee_exists(
    committee, department, year, day, refused
):
    plan = _plan_with_a_task(committee, department, year)
    chosen = f.DecisionFactory(number="15-KH/BCĐ", date=day, issuer="Ban Chỉ đạo CCHC tỉnh")
    typed = NewDecision(number="16-KH/BCĐ", date=day, issuer="Ban Chỉ đạo")
    for decision, field in ((chosen, "decision"), (typed, "decision_date")):
        if refused:
            with pytest.raises(ValidationError) as caught:
                plans.approve_plan(plan=plan, decision=decision, now=NOW)
            assert list(caught.value.error_dict) == [field]
        else:
            assert plans.approve_plan(plan=plan, decision=decision, now=NOW).status == Plan.Status.APPROVED
            return
    assert not Decision.objects.filter(number="16-KH/BCĐ").exists()  # a refusal records no document


def test_a_committee_without_a_known_establishment_is_held_to_the_window_only(province, department):
    top = f.CommitteeFactory(name="BCĐ tỉnh", unit=province, established_by=None)
    plan = _plan_with_a_task(top, department, 2024)
    approved = plans.approve_plan(plan=plan, decision=NewDecision("20-KH/BCĐ", date(2023, 1, 2), "BCĐ"), now=NOW)
    assert approved.status == Plan.Status.APPROVED


def test_a_plan_without_a_task_is_not_approved(committee, department, secretariat_user):
    plan = b.plan(committee, year=2024)
    b.task(plan, department, cancelled_at=timezone.now(), cancel_reason="Trùng nhiệm vụ")
    response = client_for(secretariat_user).post(
        reverse("tasks:plan_approve", args=[plan.pk]), _typed("30-KH/BCĐ", "02/01/2024")
    )
    assert response.status_code == 400
    assert "Kế hoạch chưa có nhiệm vụ nào (không tính nhiệm vụ đã hủy)" in response.content.decode()
    assert not Decision.objects.filter(number="30-KH/BCĐ").exists()
    plan.refresh_from_db()
    assert plan.status == Plan.Status.DRAFT


@pytest.fixture
def vinh(committee, province):
    """BCĐ TP Vinh: its city (a district-level unit) ended on 30/06/2025."""
    city = Unit.objects.create(
        code="TP-VINH", name="Thành phố Vinh", kind=Unit.Kind.DISTRICT, parent=province, valid_to=date(2025, 6, 30)
    )
    return f.CommitteeFactory(
        name="BCĐ TP Vinh", kind=Committee.Kind.DISTRICT, unit=city, parent=committee, established_by=None
    )


def test_a_new_plan_offers_only_committees_in_operation_in_its_year(committee, vinh, secretariat_user):
    client = client_for(secretariat_user)
    page = client.get(reverse("tasks:plan_create") + "?year=2027").content.decode()
    assert f'value="{committee.pk}"' in page and f'value="{vinh.pk}"' not in page
    page = client.get(reverse("tasks:plan_create") + "?year=2025").content.decode()
    assert f'value="{vinh.pk}"' in page  # it worked until mid-2025
    response = client.post(reverse("tasks:plan_create"), {"committee": vinh.pk, "year": "2027", "title": "KH 2027"})
    assert response.status_code == 400
    assert "BCĐ TP Vinh đã thôi hoạt động từ ngày 01/07/2025: không lập kế hoạch năm 2027 được." in (
        response.content.decode()
    )
    assert not Plan.objects.filter(committee=vinh).exists()
    ok = client.post(reverse("tasks:plan_create"), {"committee": vinh.pk, "year": "2025", "title": "KH 2025"})
    assert ok.status_code == 302


def test_every_writer_of_a_plan_refuses_an_ended_committee(committee, vinh, reference_data):
    with pytest.raises(ValidationError, match="đã thôi hoạt động"):
        plans.create_plan(committee=vinh, year=2026, title="KH 2026")
    admin = client_for(f.UserFactory(username="quantri", is_staff=True, is_superuser=True))
    response = admin.post(reverse("admin:tasks_plan_add"), {"committee": vinh.pk, "year": "2026", "title": "KH"})
    assert response.status_code == 200
    assert "đã thôi hoạt động từ ngày 01/07/2025" in response.content.decode()
    assert not Plan.objects.filter(committee=vinh).exists()
    assert list(plans.committees_in_operation(2026, keep=[vinh.pk]).order_by("pk")) == [committee, vinh]


def test_a_committee_is_not_offered_for_a_year_before_it_was_established(committee):
    assert committee not in plans.committees_in_operation(2022)
    assert committee in plans.committees_in_operation(2023)


def test_a_meeting_is_held_only_by_a_committee_in_operation_that_year(committee, vinh, secretariat_user):
    """A meeting's conclusions become tasks of its committee's plan of that year: an ended committee is not
    offered for a meeting after its end, and a posted one is refused with the reason."""
    from tasks.models import Meeting

    client = client_for(secretariat_user)
    page = client.get(reverse("tasks:meeting_create")).content.decode()
    assert f'value="{committee.pk}"' in page and f'value="{vinh.pk}"' not in page
    data = {"committee": vinh.pk, "date": "15/12/2026", "title": "Phiên họp"}
    assert client.post(reverse("tasks:meeting_create"), data).status_code == 400
    assert not Meeting.objects.filter(committee=vinh).exists()
    with pytest.raises(ValidationError, match="đã thôi hoạt động"):
        meetings.create_meeting(committee=vinh, date=date(2026, 12, 15), title="Phiên họp")
    held = client.post(reverse("tasks:meeting_create"), {**data, "date": "15/05/2025"})
    assert held.status_code == 302  # it still worked in 2025
