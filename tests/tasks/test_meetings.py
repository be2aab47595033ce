"""Meetings: attendees from the roster of the day, opinions by members, conclusion → task in one click."""

from datetime import date

import pytest
from django.urls import reverse

from members.models import Membership
from tasks.models import Meeting, Opinion, Task
from tests import factories as f
from tests.conftest import client_for


@pytest.fixture
def meeting(committee):
    return Meeting.objects.create(committee=committee, date=date(2023, 4, 11), title="Phiên họp thứ nhất")


def test_attendees_come_from_the_roster_of_the_meeting_day(meeting, committee, member_user, secretariat_user):
    seat = Membership.objects.get(person=member_user.person)
    later = f.MembershipFactory(committee=committee, start=date(2023, 9, 1))
    thuky = client_for(secretariat_user)
    page = thuky.get(reverse("tasks:meeting_detail", args=[meeting.pk])).content.decode()
    assert member_user.person.full_name in page
    assert later.person.full_name not in page
    url = reverse("tasks:meeting_attendees", args=[meeting.pk])
    response = thuky.post(url, {"attendees": [seat.pk, later.pk]})
    assert response.status_code == 400
    assert list(meeting.attendees.all()) == []
    assert thuky.post(url, {"attendees": [seat.pk]}).status_code == 302
    assert list(meeting.attendees.all()) == [seat]


def test_opinion_is_recorded_by_member(meeting, member_user, secretariat_user):
    url = reverse("tasks:opinion_add", args=[meeting.pk])
    response = client_for(secretariat_user).post(
        url, {"person": member_user.person.pk, "content": "Tăng cường công khai"}
    )
    assert response.status_code == 302
    assert Opinion.objects.get().person == member_user.person


def test_conclusion_becomes_a_task_linked_to_it(meeting, department, member_user, secretariat_user, focal_user):
    thuky = client_for(secretariat_user)
    thuky.post(
        reverse("tasks:conclusion_add", args=[meeting.pk]),
        {"conclusion-content": "Giao Sở Nội vụ rà soát trang thiết bị"},
    )
    conclusion = meeting.conclusions.get()
    url = reverse("tasks:conclusion_task", args=[conclusion.pk])
    form = thuky.get(url).content.decode()
    assert "Giao Sở Nội vụ rà soát trang thiết bị" in form
    data = {
        "code": "KL1",
        "title": conclusion.content,
        "area": f.area().pk,
        "lead_unit": department.pk,
        "responsible": member_user.person.pk,
        "due_date": "2023-08-31",
        "recurrence": "once",
        "expected_output": "report",
    }
    assert thuky.post(url, data).status_code == 302
    task = Task.objects.get()
    assert (task.source, task.conclusion, task.plan.committee, task.plan.year) == (
        "conclusion",
        conclusion,
        meeting.committee,
        2023,
    )
    page = thuky.get(reverse("tasks:meeting_detail", args=[meeting.pk])).content.decode()
    assert reverse("tasks:task_detail", args=[task.pk]) in page
    my_work = client_for(focal_user).get(reverse("tasks:my_work")).content.decode()
    assert "KL1" in my_work


def test_a_conclusions_task_carried_over_is_shown_once_with_its_years(meeting, department, secretariat_user):
    from django.utils.html import strip_tags

    from . import builders as b

    conclusion = meeting.conclusions.create(content="Giao Sở Nội vụ rà soát thủ tục")
    copies = [
        b.task(b.plan(meeting.committee, year=year), department, code="KL6", conclusion=conclusion)
        for year in (2024, 2023)
    ]
    page = client_for(secretariat_user).get(reverse("tasks:meeting_detail", args=[meeting.pk])).content.decode()
    line = page.split('<p class="conclusion-tasks">')[1].split("</p>")[0]
    text = " ".join(strip_tags(line.replace('<span class="visually-hidden">KL6 </span>', "")).split())
    assert text == "Nhiệm vụ: KL6 (Sở Nội vụ: 2023, 2024)"
    for copy in copies:
        assert reverse("tasks:task_detail", args=[copy.pk]) in line
