"""A plan deadline written on a day off shows, beside it, the working day it really falls on (the
task page and the plan page), with the calendar read once per page."""

from datetime import date

import pytest
from django.urls import reverse

from tests.conftest import client_for

from . import builders as b

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(committee):
    return b.plan(committee, year=2023)


def test_the_task_page_shows_the_effective_date_of_a_deadline_on_a_day_off(plan, department, secretariat_user):
    task = b.task(plan, department, due_date=date(2023, 9, 2))  # Quốc khánh, a Saturday: next working day 05/09
    page = client_for(secretariat_user).get(reverse("tasks:task_detail", args=[task.pk])).content.decode()
    assert "02/09/2023" in page and "hạn thực tế: 05/09/2023" in page


def test_the_plan_page_marks_only_the_deadlines_on_days_off(plan, department, secretariat_user):
    b.task(plan, department, code="1", due_date=date(2023, 4, 30))  # Sunday, 30/4 -> Thursday 04/05
    b.task(plan, department, code="2", due_date=date(2023, 6, 30))  # a Friday
    page = client_for(secretariat_user).get(reverse("tasks:plan_detail", args=[plan.pk])).content.decode()
    assert "hạn thực tế: 04/05/2023" in page
    assert page.count("hạn thực tế") == 1
