"""Which tasks are a focal point's or a member's own (tasks.selectors.own_tasks_q): responsible for it, or their
unit leads or coordinates it. The coordinating branch is written so PostgreSQL reads it from an index
(core.lookups.InSubquery); these tests hold it to the same tasks on every database."""

from datetime import date

import pytest
from django.db import connection
from django.db.models import F, Q
from django.urls import reverse

from core.lookups import InSubquery
from tasks.models import Task
from tasks.selectors import own_tasks_q, visible_tasks, with_access
from tests import factories as f
from tests.conftest import client_for
from tests.tasks import builders as b

pytestmark = pytest.mark.django_db


@pytest.fixture
def tasks(committee, department, other_department, focal_user, member_user):
    third = f.UnitFactory(code="STC", name="Sở Tài chính", parent=department.parent)
    plan = b.plan(committee, year=2026)
    led = b.task(plan, department, "1")
    coordinated = b.task(plan, other_department, "2")
    coordinated.coordinating_units.add(department, third)
    answered = b.task(plan, other_department, "3", responsible=member_user.person)
    elsewhere = b.task(plan, other_department, "4")
    elsewhere.coordinating_units.add(third)
    alone = b.task(plan, third, "5")
    return {"led": led, "coordinated": coordinated, "answered": answered, "elsewhere": elsewhere, "alone": alone}


def test_a_focal_points_tasks_are_those_its_unit_leads_or_coordinates(tasks, focal_user):
    assert set(visible_tasks(focal_user)) == {tasks["led"], tasks["coordinated"]}
    # NULL (no responsible member) reads as "no", as the templates read it.
    flags = {
        code: bool(can) for code, can in with_access(Task.objects.all(), focal_user).values_list("code", "can_open")
    }
    assert flags == {"1": True, "2": True, "3": False, "4": False, "5": False}


def test_a_members_tasks_are_those_they_answer_for_or_their_unit_leads_or_coordinates(tasks, member_user):
    assert set(visible_tasks(member_user)) == {tasks["led"], tasks["coordinated"], tasks["answered"]}


def test_the_coordinated_task_page_opens_for_the_focal_point_and_an_unrelated_one_does_not(tasks, focal_user):
    client = client_for(focal_user)
    assert client.get(reverse("tasks:task_detail", args=[tasks["coordinated"].pk])).status_code == 200
    assert client.get(reverse("tasks:task_detail", args=[tasks["elsewhere"].pk])).status_code == 403


def test_in_subquery_selects_what_in_selects_alone_negated_and_in_an_or(tasks, department):
    links = Task.coordinating_units.through.objects.filter(unit=department).values("task_id")
    lookup = InSubquery(F("pk"), links)
    assert set(Task.objects.filter(lookup)) == set(Task.objects.filter(pk__in=links)) == {tasks["coordinated"]}
    assert set(Task.objects.exclude(lookup)) == set(Task.objects.exclude(pk__in=links))
    assert set(Task.objects.filter(Q(lookup) | Q(code="5"))) == {tasks["coordinated"], tasks["alone"]}


def test_on_postgresql_the_coordinating_branch_is_an_indexable_array(focal_user, tasks):
    sql = str(Task.objects.filter(own_tasks_q(focal_user)).query)
    if connection.vendor == "postgresql":
        assert "= ANY(ARRAY(SELECT" in sql
    else:
        assert " IN (SELECT" in sql


def test_a_unit_that_coordinates_nothing_still_sees_what_it_leads(committee, department, focal_user):
    plan = b.plan(committee, year=2026)
    led = b.task(plan, department, "1", due_date=date(2026, 12, 31))
    assert list(visible_tasks(focal_user)) == [led]
