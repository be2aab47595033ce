"""A small committee world for the monthly review tests, with time passed in.

May 2023: reminder day Saturday 20/05 -> Monday 22/05; deadline Thursday 25/05; the second
reminder two working days before it, Tuesday 23/05.
"""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.contrib.auth.models import Group
from django.utils import timezone

from core.roles import Role
from members.models import Committee, Person, Unit
from tasks.models import Plan, ProgressReport, Task
from tests import factories as f

MAY = date(2023, 5, 1)
CREATED = timezone.make_aware(datetime(2023, 1, 1, 8, 0))


def at(day: date, hour: int = 9, minute: int = 0) -> datetime:
    """A local moment (Asia/Ho_Chi_Minh)."""
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@dataclass
class World:
    committee: Committee
    plan: Plan
    snv: Unit
    sxd: Unit
    member: Person
    focal: Person
    secretary: Person
    leader: Person
    other_responsible: Person
    overseer: Person
    tasks: list[Task]


def make_task(plan: Plan, code: str, unit: Unit, responsible: Person | None = None, **kwargs) -> Task:
    task = Task.objects.create(
        plan=plan, code=code, title=f"Nhiệm vụ {code}", area=f.area(), lead_unit=unit, responsible=responsible, **kwargs
    )
    Task.objects.filter(pk=task.pk).update(created_at=CREATED)
    return task


def report(
    task: Task, *, period: date = MAY, at_moment: datetime, by, status=ProgressReport.Status.SUBMITTED, percent=50
):
    return ProgressReport.objects.create(
        task=task, period=period, percent=percent, submitted_by=by, submitted_at=at_moment, status=status
    )


def build(cast, committee, department, other_department, extra_tasks: int = 0) -> World:
    """Sở Nội vụ leads tasks 1 and 3, Sở Xây dựng task 2; the member oversees Sở Xây dựng."""
    member = cast["member"].person
    focal = cast["focal_point"].person
    secretary = cast["secretariat"].person
    leader = cast["leadership"].person
    for person, email in (
        (member, "thanhvien@example.vn"),
        (focal, "daumoi@example.vn"),
        (secretary, "thuky@example.vn"),
        (leader, "lanhdao@example.vn"),
    ):
        person.email = email
        person.save(update_fields=["email"])
    other_responsible = f.PersonFactory(full_name="Hoàng Văn Xây Dựng", unit=other_department, email="sxd@example.vn")
    overseer = f.PersonFactory(full_name="Võ Thị Giám Sát", email="giamsat@example.vn")
    membership = f.MembershipFactory(committee=committee, person=overseer)
    assignment = f.AssignmentFactory(membership=membership)
    assignment.units.add(other_department)
    plan = Plan.objects.create(
        committee=committee, year=2023, title="Kế hoạch CCHC năm 2023", status=Plan.Status.APPROVED
    )
    tasks = [
        make_task(plan, "1", department, member),
        make_task(plan, "2", other_department, other_responsible),
        make_task(plan, "3", department, None),
    ]
    for i in range(extra_tasks):
        unit = f.UnitFactory(name=f"Huyện thử nghiệm {i}", kind=Unit.Kind.DISTRICT)
        person = f.PersonFactory(full_name=f"Người phụ trách {i}", unit=unit, email=f"pt{i}@example.vn")
        focal_user = f.UserFactory(username=f"daumoi{i}", roles=[Role.FOCAL_POINT])
        f.PersonFactory(full_name=f"Đầu mối {i}", unit=unit, email=f"dm{i}@example.vn", user=focal_user)
        tasks.append(make_task(plan, f"X{i}", unit, person))
    assert Group.objects.filter(name=Role.FOCAL_POINT).exists()
    return World(
        committee,
        plan,
        department,
        other_department,
        member,
        focal,
        secretary,
        leader,
        other_responsible,
        overseer,
        tasks,
    )
