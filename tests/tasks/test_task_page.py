"""The task page: the status it shows is the rule's, its sub-task roll-up, and what it links to."""

import re
from datetime import date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from members.models import Committee
from tasks import status as st
from tasks.models import Conclusion, Meeting, ProgressReport, Task
from tests import factories as f
from tests.conftest import client_for

from . import builders as b

ACCEPTED = ProgressReport.Status.ACCEPTED
RETURNED = ProgressReport.Status.RETURNED
TODAY = date(2023, 9, 10)


@pytest.fixture
def today(time_machine):
    time_machine.move_to(timezone.make_aware(datetime(2023, 9, 10, 10)), tick=False)
    return TODAY


@pytest.fixture
def plan(committee):
    return b.plan(committee, year=2023)


def _page(user, task) -> str:
    response = client_for(user).get(reverse("tasks:task_detail", args=[task.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _shown_status(page: str) -> str:
    """The status badge under the title."""
    return re.search(r'</h1>\s*<p><span class="badge [\w-]+">([^<]+)</span>', page).group(1)


def _due_june(plan, unit):
    return b.task(plan, unit, due_date=date(2023, 6, 30))


def _done_late(task, user):
    b.report(task, user, 7, 100, status=ACCEPTED, completed_on=date(2023, 7, 10))


def _overdue(task, user):
    b.report(task, user, 5, 60, status=ACCEPTED)


def _in_progress(task, user):
    task.due_date = date(2023, 12, 31)
    task.save()
    b.report(task, user, 8, 40)


def _done_on_time(task, user):
    b.report(task, user, 6, 100, status=ACCEPTED, completed_on=date(2023, 6, 20))


def _not_started(task, user):
    task.due_date = date(2023, 12, 31)
    task.save()
    b.report(task, user, 8, 30, status=RETURNED, review_comment="Thiếu số liệu")


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (_done_late, st.DONE_LATE),
        (_overdue, st.OVERDUE),
        (_in_progress, st.IN_PROGRESS),
        (_done_on_time, st.DONE_ON_TIME),
        (_not_started, st.NOT_STARTED),
    ],
    ids=["done late", "overdue", "in progress", "done on time", "not started"],
)
def test_task_page_shows_the_status_the_reports_give(
    today, plan, department, focal_user, secretariat_user, make, expected
):
    task = _due_june(plan, department)
    make(task, focal_user)
    assert st.task_status(task, today=today) == expected
    assert _shown_status(_page(secretariat_user, task)) == st.LABELS[expected]


def test_task_without_reports_is_overdue_after_its_deadline(today, plan, department, secretariat_user):
    task = _due_june(plan, department)
    page = _page(secretariat_user, task)
    assert _shown_status(page) == st.LABELS[st.OVERDUE] == st.LABELS[st.task_status(task, today=today)]
    assert "chưa báo cáo" in page
    assert "Nhiệm vụ cấp dưới" not in page


def test_task_page_rolls_up_its_subtasks_and_links_only_those_the_user_may_open(
    today, plan, committee, department, other_department, focal_user, member_user
):
    parent = b.task(plan, department, code="1", responsible=member_user.person)
    group = f.CommitteeFactory(kind=Committee.Kind.WORKING_GROUP, unit=department, parent=committee)
    lower = b.plan(group, year=2023)
    done = b.task(lower, department, code="1.a", parent=parent)
    half = b.task(lower, other_department, code="1.b", parent=parent)
    silent = b.task(lower, other_department, code="1.c", parent=parent)
    b.report(done, focal_user, 5, 100, status=ACCEPTED)
    b.report(half, focal_user, 5, 40)
    page = _page(member_user, parent)
    # 1.c never reported: the average is of 100 % and 40 %, not (100 + 40 + 0) / 3.
    assert "1/3 đơn vị đã hoàn thành; tiến độ bình quân 70% (của 2/3 đơn vị đã báo cáo)" in page
    rows = re.findall(r'<tr>\s*<td>(.*?)</td>.*?<td><span class="badge [\w-]+">([^<]+)</span>', page, re.S)
    link = f'<a href="{reverse("tasks:task_detail", args=[done.pk])}">1.a</a>'  # the member's unit leads 1.a only
    assert rows == [
        (code, st.LABELS[st.task_status(s, today=today)]) for code, s in [(link, done), ("1.b", half), ("1.c", silent)]
    ]
    assert [label for _, label in rows] == [st.LABELS[st.DONE_ON_TIME], st.LABELS[st.OVERDUE], st.LABELS[st.OVERDUE]]


def test_subtask_page_names_its_parent_and_a_conclusion_task_its_meeting(
    today, plan, committee, department, secretariat_user
):
    meeting = Meeting.objects.create(committee=committee, date=date(2023, 1, 5), title="Phiên họp thứ nhất")
    conclusion = Conclusion.objects.create(meeting=meeting, content="Kết luận")
    parent = b.task(
        plan, department, code="1", title="Nhiệm vụ cha", source=Task.Source.CONCLUSION, conclusion=conclusion
    )
    child = b.task(plan, department, code="1.1", parent=parent)
    page = _page(secretariat_user, parent)
    assert f'<a href="{reverse("tasks:meeting_detail", args=[meeting.pk])}">Phiên họp thứ nhất (05/01/2023)</a>' in page
    assert "1. Nhiệm vụ cha" in _page(secretariat_user, child)


def test_a_reader_who_may_not_open_meetings_sees_the_meeting_named_not_linked(
    today, plan, committee, department, focal_user
):
    meeting = Meeting.objects.create(committee=committee, date=date(2023, 1, 5), title="Phiên họp thứ nhất")
    conclusion = Conclusion.objects.create(meeting=meeting, content="Kết luận")
    task = b.task(plan, department, code="1", source=Task.Source.CONCLUSION, conclusion=conclusion)
    page = _page(focal_user, task)
    assert "Phiên họp thứ nhất (05/01/2023)" in page
    assert reverse("tasks:meeting_detail", args=[meeting.pk]) not in page


def test_the_change_log_names_fields_in_vietnamese():
    from tasks.templatetags.tasks_tags import task_field_label

    assert task_field_label("lead_unit") == "cơ quan chủ trì"
    assert task_field_label("due_date") == "thời hạn hoàn thành"
    assert task_field_label("no_such_field") == "no_such_field"
