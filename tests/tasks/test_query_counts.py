"""Pages run the same number of queries at 1× and 10× tasks and reports (and zeal finds no N+1)."""

from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core import shared_cache
from members.models import Committee, Membership
from tasks.models import Meeting, PilotUnit, ProgressReport, ReportAttachment, Task, TaskChange
from tests import factories as f
from tests.conftest import client_for

from . import builders as b


def _grow(world, n: int) -> None:
    """Add n tasks (several units, members, coordinating units, sub-tasks, reports of every kind)."""
    plan, year = world["plan"], world["plan"].year
    for i in range(n):
        unit = world["units"][i % len(world["units"])]
        task = b.task(
            plan,
            unit,
            code=f"T{Task.objects.count() + 1}",
            responsible=world["people"][i % len(world["people"])],
            due_date=date(year, 1 + i % 12, 28),
            is_focus=i % 3 == 0,
        )
        task.coordinating_units.add(world["units"][(i + 1) % len(world["units"])])
        child = b.task(world["child_plan"], world["units"][0], code=f"C{task.pk}", parent=task)
        user = world["reporter"]
        b.report(task, user, 1, 30, status=ProgressReport.Status.ACCEPTED)
        b.report(task, user, 2, 60, status=ProgressReport.Status.RETURNED, review_comment="Bổ sung")
        last = b.report(task, user, 3, 100 if i % 2 else 70)
        b.report(child, user, 2, 50)
        a = ReportAttachment(report=last, original_name="a.pdf", content_type="application/pdf", size=5)
        a.file.save("a.pdf", ContentFile(b"%PDF-"), save=True)
        TaskChange.objects.create(
            task=task, field="due_date", old_value="1", new_value="2", decision=world["decision"], changed_by=user
        )


@pytest.fixture
def world(committee, department, other_department, member_user, focal_user, secretariat_user, leader_user):
    year = timezone.localdate().year
    plan = b.plan(committee, year=year)
    child_committee = f.CommitteeFactory(kind=Committee.Kind.WORKING_GROUP, unit=department, parent=committee)
    units = [department, other_department, f.UnitFactory(), f.UnitFactory()]
    people = [member_user.person] + [f.MembershipFactory(committee=committee).person for _ in range(2)]
    PilotUnit.objects.create(plan=plan, unit=other_department)
    Meeting.objects.create(committee=committee, date=date(year, 1, 5), title="Phiên họp")
    Membership.objects.filter(person=member_user.person).update(start=date(year, 1, 1))
    return {
        "plan": plan,
        "child_plan": b.plan(child_committee, year=year),
        "units": units,
        "people": people,
        "reporter": focal_user,
        "decision": f.DecisionFactory(),
        "users": {"secretariat": secretariat_user, "member": member_user, "focal": focal_user, "leader": leader_user},
    }


def _count(client, url, warm: bool = False) -> int:
    """Queries of one view: the whole work of the page (cold), or once the shared cache holds it (warm)."""
    shared_cache.invalidate_all()
    if warm:
        client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx)


PAGES = [
    ("plan page, secretariat", "secretariat", lambda w: reverse("tasks:plan_detail", args=[w["plan"].pk])),
    (
        "plan page filtered, member",
        "member",
        lambda w: reverse("tasks:plan_detail", args=[w["plan"].pk]) + "?status=overdue&q=T",
    ),
    ("my work, focal point", "focal", lambda w: reverse("tasks:my_work")),
    ("my work, secretariat", "secretariat", lambda w: reverse("tasks:my_work")),
    ("my work, member", "member", lambda w: reverse("tasks:my_work")),
    *(
        (f"my work: {s}, focal point", "focal", lambda w, s=s: reverse("tasks:my_work_section", args=[s]))
        for s in ("due", "reported", "overdue", "returned")
    ),
    ("my work: review queue", "secretariat", lambda w: reverse("tasks:my_work_section", args=["pending"])),
    ("task page", "secretariat", lambda w: reverse("tasks:task_detail", args=[w["first"].pk])),
    ("task page, focal point", "focal", lambda w: reverse("tasks:task_detail", args=[w["first"].pk])),
    ("dashboard", "leader", lambda w: reverse("home")),
    ("pilot page", "leader", lambda w: reverse("tasks:pilot_list", args=[w["plan"].pk])),
    ("print", "secretariat", lambda w: reverse("tasks:plan_print", args=[w["plan"].pk])),
    ("export", "secretariat", lambda w: reverse("tasks:plan_export", args=[w["plan"].pk])),
    ("meetings", "member", lambda w: reverse("tasks:meeting_list")),
]


@pytest.mark.parametrize(("label", "who", "url"), PAGES, ids=[p[0] for p in PAGES])
def test_query_count_does_not_grow_with_data(world, label, who, url):
    _grow(world, 2)
    world["first"] = Task.objects.filter(plan=world["plan"]).order_by("pk").first()
    client = client_for(world["users"][who])
    small, small_warm = _count(client, url(world)), _count(client, url(world), warm=True)
    _grow(world, 20)
    large, large_warm = _count(client, url(world)), _count(client, url(world), warm=True)
    assert small == large, f"{label}: {small} queries at 1×, {large} at 10×"
    assert small_warm == large_warm <= small, f"{label} (cached): {small_warm} at 1×, {large_warm} at 10×"


def _enrich(world, task, n: int) -> None:
    """Give one task n more sub-tasks, reports (with attachments) and documented changes."""
    for i in range(n):
        child = b.task(
            world["child_plan"], world["units"][i % 4], code=f"S{task.pk}-{Task.objects.count()}", parent=task
        )
        b.report(child, world["reporter"], 1 + i % 12, 40)
        report = b.report(task, world["reporter"], 1 + i % 12, 10 + i % 80, status=ProgressReport.Status.RETURNED)
        a = ReportAttachment(report=report, original_name="a.pdf", content_type="application/pdf", size=5)
        a.file.save("a.pdf", ContentFile(b"%PDF-"), save=True)
        TaskChange.objects.create(
            task=task,
            field="due_date",
            old_value="1",
            new_value="2",
            decision=world["decision"],
            changed_by=world["reporter"],
        )


def test_task_page_query_count_does_not_grow_with_its_reports_and_subtasks(world):
    task = b.task(world["plan"], world["units"][0], code="X", responsible=world["people"][0])
    client = client_for(world["users"]["focal"])
    url = reverse("tasks:task_detail", args=[task.pk])
    _enrich(world, task, 2)
    small = _count(client, url)
    _enrich(world, task, 20)
    assert _count(client, url) == small
