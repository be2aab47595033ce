"""Cancelling a task (tasks/tasklist.py `cancel_task`, the "Hủy nhiệm vụ" page): never deleted, it leaves the
obligations, the board, the reminders, the totals and the exports, and stays in the history and under the
plan page's "Đã hủy" filter."""

from datetime import date, datetime
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from members.decisions import NewDecision
from members.models import Decision
from reviews.board import open_review, review_board
from reviews.models import Reminder
from reviews.reminders import plan_reminders
from tasks import leadership, mywork, reports, tasklist
from tasks import status as st
from tasks.models import Plan, ProgressReport, Task, TaskChange
from tasks.periods import tasks_owing_report
from tasks.selectors import choose_year
from tests import factories as f
from tests.conftest import client_for
from tests.reviews.review_world import MAY, at, build, make_task, report

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime(2023, 5, 10, 9, 0))
DOCUMENT = NewDecision(number="15-TB/BCĐ", date=date(2023, 5, 9), issuer="Ban Chỉ đạo CCHC tỉnh")


@pytest.fixture
def world(cast, committee, department, other_department):
    return build(cast, committee, department, other_department)


def test_cancelling_a_task_of_an_approved_plan_cites_the_document_and_is_recorded(world, secretariat_user):
    task = world.tasks[0]
    tasklist.cancel_task(task=task, reason="Trùng với nhiệm vụ 3", decision=DOCUMENT, by=secretariat_user, now=NOW)
    task.refresh_from_db()
    assert task.cancelled_at == NOW and task.cancelled_by == secretariat_user
    assert task.cancel_reason == "Trùng với nhiệm vụ 3"
    assert task.cancel_decision == Decision.objects.get(number="15-TB/BCĐ")
    change = TaskChange.objects.get(task=task)
    assert (change.field, change.decision, change.changed_by) == ("cancelled", task.cancel_decision, secretariat_user)
    last = task.history.order_by("-history_date").first()
    assert last.cancelled_at == NOW and last.history_user == secretariat_user
    assert "Trùng với nhiệm vụ 3" in last.history_change_reason
    assert Task.objects.filter(pk=task.pk).exists()  # never deleted


@pytest.mark.parametrize(
    ("reason", "decision", "field"),
    [("", DOCUMENT, "reason"), ("   ", DOCUMENT, "reason"), ("Nhập nhầm", None, "decision")],
)
def test_a_cancellation_without_reason_or_document_is_refused_and_saves_nothing(
    world, secretariat_user, reason, decision, field
):
    task = world.tasks[0]
    with pytest.raises(ValidationError) as refused:
        tasklist.cancel_task(task=task, reason=reason, decision=decision, by=secretariat_user, now=NOW)
    assert field in refused.value.message_dict
    task.refresh_from_db()
    assert task.cancelled_at is None and not TaskChange.objects.exists()
    assert not Decision.objects.filter(number="15-TB/BCĐ").exists()


def test_a_draft_plans_task_is_cancelled_without_a_document(committee, department, secretariat_user):
    plan = Plan.objects.create(committee=committee, year=2023, title="Dự thảo")
    task = make_task(plan, "1", department)
    tasklist.cancel_task(task=task, reason="Nhập nhầm", by=secretariat_user, now=NOW)
    task.refresh_from_db()
    assert task.cancelled_at == NOW and task.cancel_decision is None
    assert not TaskChange.objects.filter(task=task).exists()


def test_a_cancelled_task_is_not_cancelled_again_edited_or_reported_on(world, secretariat_user, focal_user):
    task = world.tasks[0]
    report(task, at_moment=at(date(2023, 5, 3)), by=focal_user, status=ProgressReport.Status.RETURNED)
    assert mywork.returned_reports(focal_user).count() == 1
    tasklist.cancel_task(task=task, reason="Nhập nhầm", decision=DOCUMENT, by=secretariat_user, now=NOW)
    with pytest.raises(ValidationError, match="đã bị hủy"):
        tasklist.cancel_task(task=task, reason="Lần nữa", decision=DOCUMENT, by=secretariat_user, now=NOW)
    assert mywork.returned_reports(focal_user).count() == 0  # nothing to resubmit on a cancelled task
    with pytest.raises(ValidationError, match="đã bị hủy"):
        tasklist.update_task(task=task, fields={"title": "Khác"}, coordinating_units=[], user=secretariat_user)
    task.refresh_from_db()
    with pytest.raises(ValidationError, match="không nhận báo cáo"):
        reports.submit_report(task=task, user=focal_user, period=MAY, percent=10, now=NOW, today=NOW.date())


def test_a_task_given_to_lower_committees_waits_for_its_sub_tasks_to_be_cancelled(world, committee, secretariat_user):
    district = f.CommitteeFactory(name="Ban Chỉ đạo huyện", parent=committee, kind="district")
    parent = make_task(world.plan, "P", world.snv, due_date=date(2023, 9, 29))
    (child,) = tasklist.cascade_task(task=parent, committees=[district])
    with pytest.raises(ValidationError, match=child.code):
        tasklist.cancel_task(task=parent, reason="Nhập nhầm", decision=DOCUMENT, by=secretariat_user, now=NOW)
    tasklist.cancel_task(task=child, reason="Nhập nhầm", by=secretariat_user, now=NOW)
    tasklist.cancel_task(task=parent, reason="Nhập nhầm", decision=DOCUMENT, by=secretariat_user, now=NOW)
    assert Task.objects.filter(pk__in=[parent.pk, child.pk], cancelled_at__isnull=False).count() == 2


def test_a_task_of_a_closed_year_is_not_cancelled(world, secretariat_user):
    Plan.objects.filter(pk=world.plan.pk).update(closed_at=at(date(2024, 1, 15)))
    with pytest.raises(ValidationError, match="khóa sổ"):
        tasklist.cancel_task(task=world.tasks[0], reason="Nhập nhầm", decision=DOCUMENT, by=secretariat_user, now=NOW)


def test_a_cancelled_task_leaves_the_obligations_the_board_the_reminders_and_the_totals(
    world, secretariat_user, committee
):
    dropped = world.tasks[1]
    tasklist.cancel_task(task=dropped, reason="Nhập nhầm", decision=DOCUMENT, by=secretariat_user, now=NOW)
    tasks = world.plan.tasks.all()
    assert dropped not in tasks_owing_report(MAY, tasks)
    assert dropped in tasks_owing_report(date(2023, 4, 1), tasks)  # the months before stay as they were
    board = review_board(committee=committee, month=MAY, today=date(2023, 5, 30))
    assert dropped not in board.rows and board.total.owed == 2
    review = open_review(committee=committee, month=MAY)
    planned, _ctx = plan_reminders(
        committee=committee, review=review, kinds=list(Reminder.Kind.values), today=date(2023, 5, 30)
    )
    assert planned and all(dropped not in p.tasks for p in planned)
    totals = st.status_totals(tasks, today=date(2023, 5, 30))
    assert sum(totals.values()) == 2
    choice = choose_year(asked=2023, today=date(2023, 5, 30), committee=world.plan.committee)
    dashboard = leadership.dashboard(today=date(2023, 5, 30), choice=choice)
    assert dashboard["plan"] == world.plan and dashboard["total"] == 2


def test_the_plan_page_lists_cancelled_tasks_only_under_their_filter_and_exports_leave_them_out(
    world, secretariat_user
):
    dropped = world.tasks[1]
    tasklist.cancel_task(task=dropped, reason="Nhập nhầm", decision=DOCUMENT, by=secretariat_user, now=NOW)
    client = client_for(secretariat_user)
    url = reverse("tasks:plan_detail", args=[world.plan.pk])
    page = client.get(url).content.decode()
    assert "Nhiệm vụ 2" not in page and "Nhiệm vụ 1" in page
    assert "?status=cancelled" in page
    cancelled = client.get(url, {"status": "cancelled"}).content.decode()
    assert "Nhiệm vụ 2" in cancelled and "Nhiệm vụ 1" not in cancelled and "Đã hủy" in cancelled
    sheet = load_workbook(BytesIO(client.get(reverse("tasks:plan_export", args=[world.plan.pk])).content)).active
    assert [r[0] for r in sheet.iter_rows(min_row=4, values_only=True)] == ["1", "3"]


def test_the_cancel_page_cancels_and_the_task_page_shows_why_who_when_and_the_document(world, secretariat_user):
    task = world.tasks[0]
    client = client_for(secretariat_user)
    url = reverse("tasks:task_cancel", args=[task.pk])
    detail = reverse("tasks:task_detail", args=[task.pk])
    assert url in client.get(detail).content.decode()
    form = client.get(url).content.decode()
    assert "Lý do hủy" in form and "decision_number" in form
    refused = client.post(url, {"reason": "Nhập nhầm"})
    assert refused.status_code == 400 and "phải căn cứ một văn bản" in refused.content.decode()
    response = client.post(
        url,
        {
            "reason": "Trùng với nhiệm vụ 3",
            "decision_number": "15-TB/BCĐ",
            "decision_date": "2023-05-09",
            "decision_issuer": "Ban Chỉ đạo CCHC tỉnh",
        },
    )
    assert response.status_code == 302 and response["Location"] == detail
    page = client.get(detail).content.decode()
    assert "Nhiệm vụ đã hủy" in page and "Trùng với nhiệm vụ 3" in page and "15-TB/BCĐ" in page
    assert "thuky" in page or "Thư ký" in page
    assert url not in page and reverse("tasks:task_edit", args=[task.pk]) not in page
    assert "Hủy: Trùng với nhiệm vụ 3" in page  # the documented change in the timeline
