"""Pages run a pinned number of queries, the same at 1× and 10× tasks, reports, meetings and plans (and zeal
finds no N+1). A count that moves prints its SQL (tests/querycount.py)."""

from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from members.models import Committee, Membership
from tasks.models import (
    AgendaItem,
    Conclusion,
    Meeting,
    Opinion,
    PersonalPlan,
    PilotUnit,
    Plan,
    ProgressReport,
    ReportAttachment,
    Task,
    TaskChange,
)
from tests import factories as f
from tests.conftest import client_for
from tests.querycount import assert_page_queries

from . import builders as b


def _grow(world, n: int) -> None:
    """Add n tasks (several units, members, coordinating units, sub-tasks, reports of every kind), and as many
    plans of past years, members with a personal plan, and agenda items, opinions and conclusions of the meeting."""
    plan, year = world["plan"], world["plan"].year
    meeting = world["meeting"]
    for i in range(n):
        b.plan(world["plan"].committee, year=year - 1 - Plan.objects.filter(committee=plan.committee).count())
        membership = f.MembershipFactory(committee=plan.committee, start=date(year, 1, 1))
        meeting.attendees.add(membership)
        PersonalPlan.objects.create(person=membership.person, year=year, content="Kế hoạch cá nhân")
        item = AgendaItem.objects.create(meeting=meeting, order=AgendaItem.objects.count(), title="Nội dung")
        Opinion.objects.create(meeting=meeting, person=membership.person, agenda_item=item, content="Ý kiến")
        conclusion = Conclusion.objects.create(meeting=meeting, order=Conclusion.objects.count(), content="Kết luận")
        unit = world["units"][i % len(world["units"])]
        task = b.task(
            plan,
            unit,
            code=f"T{Task.objects.count() + 1}",
            responsible=world["people"][i % len(world["people"])],
            due_date=date(year, 1 + i % 12, 28),
            is_focus=i % 3 == 0,
            conclusion=conclusion,
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
    meeting = Meeting.objects.create(committee=committee, date=date(year, 1, 5), title="Phiên họp")
    Membership.objects.filter(person=member_user.person).update(start=date(year, 1, 1))
    return {
        "plan": plan,
        "meeting": meeting,
        "child_plan": b.plan(child_committee, year=year),
        "units": units,
        "people": people,
        "reporter": focal_user,
        "decision": f.DecisionFactory(),
        "users": {"secretariat": secretariat_user, "member": member_user, "focal": focal_user, "leader": leader_user},
    }


def _plan(name):
    return lambda w: reverse(name, args=[w["plan"].pk])


def _task(w):
    return reverse("tasks:task_detail", args=[w["first"].pk])


def _meeting(w):
    return reverse("tasks:meeting_detail", args=[w["meeting"].pk])


def _edit(name, record):
    return lambda w: reverse(name, args=[record(w).pk])


def _earlier_year(w) -> str:
    """A year before the plan's that has a plan (made by `_grow`)."""
    return f"?year={w['plan'].year - 2}"


def _section(name):
    return lambda w: reverse("tasks:my_work_section", args=[name])


# (label, who, url, queries with the shared cache empty, queries while it holds the page's panels).
# Seven are every signed-in request's own: session, user, roles, unread notifications, session save (3).
# A page that reads today's task statuses first checks its scope's stamps (tasks/day_status.py: one query each).
PAGES = [
    ("plan list", "secretariat", lambda w: reverse("tasks:plan_list"), 9, 9),
    ("plan page, secretariat", "secretariat", _plan("tasks:plan_detail"), 15, 8),
    ("plan page filtered, member", "member", lambda w: _plan("tasks:plan_detail")(w) + "?status=overdue&q=T", 16, 8),
    ("my work, focal point", "focal", lambda w: reverse("tasks:my_work"), 14, 7),
    ("my work, secretariat", "secretariat", lambda w: reverse("tasks:my_work"), 11, 7),
    ("my work, member", "member", lambda w: reverse("tasks:my_work"), 14, 7),
    ("my work: due, focal point", "focal", _section("due"), 11, 11),
    ("my work: reported, focal point", "focal", _section("reported"), 10, 10),
    ("my work: overdue, focal point", "focal", _section("overdue"), 11, 11),
    ("my work: returned, focal point", "focal", _section("returned"), 10, 10),
    ("my work: review queue", "secretariat", _section("pending"), 9, 9),
    ("task page", "secretariat", _task, 16, 16),
    # The report form opened on the returned month, prefilled: its returned reports and the closed months (2).
    ("report form, focal point", "focal", lambda w: reverse("tasks:report_create", args=[w["first"].pk]), 12, 12),
    ("task page, focal point", "focal", _task, 18, 18),
    ("dashboard", "leader", lambda w: reverse("home"), 19, 7),
    # The home page of each role: its own work first (tasks.views.mywork.home_panel).
    ("home, focal point", "focal", lambda w: reverse("home"), 14, 7),
    ("home, member", "member", lambda w: reverse("home"), 25, 7),
    ("home, secretariat", "secretariat", lambda w: reverse("home"), 23, 8),
    ("pilot page", "leader", _plan("tasks:pilot_list"), 13, 13),
    # The letterhead: saved or derived from the committee's founding decision and unit (3).
    ("print", "secretariat", _plan("tasks:plan_print"), 16, 16),
    ("export", "secretariat", _plan("tasks:plan_export"), 12, 12),
    ("meetings", "member", lambda w: reverse("tasks:meeting_list"), 8, 8),
    # The letterhead and its signer (2) and, to the secretariat, the next number of the register (1).
    ("meeting page, secretariat", "secretariat", _meeting, 19, 19),
    ("meeting page, member", "member", _meeting, 15, 15),
    # The secretariat's edit pages: the record, and the lists its form offers (speakers, agenda, units, members).
    ("meeting edit", "secretariat", _edit("tasks:meeting_edit", lambda w: w["meeting"]), 8, 8),
    (
        "agenda item edit",
        "secretariat",
        _edit("tasks:agenda_edit", lambda w: w["meeting"].agenda_items.first()),
        8,
        8,
    ),
    ("opinion edit", "secretariat", _edit("tasks:opinion_edit", lambda w: w["meeting"].opinions.first()), 10, 10),
    ("pilot edit", "secretariat", _edit("tasks:pilot_edit", lambda w: w["plan"].pilot_units.first()), 11, 11),
    ("personal plan, member", "member", lambda w: reverse("tasks:personal_plan"), 13, 13),
    ("personal plans", "leader", lambda w: reverse("tasks:personal_plan_list"), 10, 10),
    # The year selector (?year=): another year costs what this year does.
    ("dashboard, an earlier year", "leader", lambda w: reverse("home") + _earlier_year(w), 19, 7),
    ("dashboard, a year without a plan", "leader", lambda w: reverse("home") + "?year=2001", 13, 7),
    ("plan list, an earlier year", "secretariat", lambda w: reverse("tasks:plan_list") + _earlier_year(w), 9, 9),
    ("pilots, a year without a plan", "leader", lambda w: reverse("tasks:pilots_current") + "?year=2001", 9, 9),
    (
        "personal plans, an earlier year",
        "leader",
        lambda w: reverse("tasks:personal_plan_list") + _earlier_year(w),
        10,
        10,
    ),
]


@pytest.mark.parametrize(("label", "who", "url", "cold", "warm"), PAGES, ids=[p[0] for p in PAGES])
def test_query_count_is_pinned_at_1x_and_10x(world, label, who, url, cold, warm):
    client = client_for(world["users"][who])
    _grow(world, 2)
    for size in ("1×", "10×"):
        if size == "10×":
            _grow(world, 20)
        world["first"] = Task.objects.filter(plan=world["plan"]).order_by("pk").first()
        assert_page_queries(client, url(world), cold, label=f"{label} at {size}")
        assert_page_queries(client, url(world), warm, label=f"{label} at {size}, cached", cached=True)


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


def test_task_page_query_count_is_pinned_whatever_its_reports_and_subtasks(world):
    task = b.task(world["plan"], world["units"][0], code="X", responsible=world["people"][0])
    client = client_for(world["users"]["focal"])
    url = reverse("tasks:task_detail", args=[task.pk])
    _enrich(world, task, 2)
    assert_page_queries(client, url, 16, label="task page with 2 reports and sub-tasks")
    _enrich(world, task, 20)
    assert_page_queries(client, url, 16, label="task page with 22 reports and sub-tasks")
