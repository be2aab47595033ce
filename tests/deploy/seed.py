"""The small world the multi-host test serves, written into its private database by `manage.py shell`.

A provincial committee with an approved 2023 plan of two tasks, each led by a department that has a
focal point, and each with a responsible person: on Monday 22/05/2023 at 09:00 (the reminder day of May
2023, see tests/reviews/review_world.py) the ladder owes a first reminder to each of those four people,
all of whom have an e-mail address. The hotline operator logs in over HTTP, with the password given in
DEPLOY_TEST_PASSWORD.

Run as `manage.py shell --no-imports -c "from tests.deploy.seed import run; run()"`; prints the committee's id.
"""

import os
from datetime import datetime

from django.db import transaction
from django.utils import timezone

# The reminder moment and the addresses the first reminder of May 2023 goes to.
REMINDER_MOMENT = "2023-05-22T09:00:00+07:00"
REMINDER_MONTH = "2023-05"
REMINDED = ("phutrach.snv@example.vn", "phutrach.sxd@example.vn", "daumoi.snv@example.vn", "daumoi.sxd@example.vn")
OPERATOR = "tongdai"


@transaction.atomic
def run() -> None:
    """Create the world (once: the database is new) and print the committee's primary key."""
    from core.roles import Role
    from hotline.reference import ensure_categories
    from members.models import Unit
    from members.reference import ensure_reference_data
    from tasks.models import Plan, Task
    from tests import factories as f

    ensure_reference_data()
    ensure_categories()
    password = os.environ["DEPLOY_TEST_PASSWORD"]

    def account(username: str, role: str):
        user = f.UserFactory(username=username, first_name=f"Cán bộ {username}", last_name="", roles=[role])
        user.set_password(password)
        user.save(update_fields=["password"])
        return user

    province = f.UnitFactory(code="40", name="Tỉnh Nghệ An", kind=Unit.Kind.PROVINCE)
    snv = f.UnitFactory(code="SNV", name="Sở Nội vụ", parent=province)
    sxd = f.UnitFactory(code="SXD", name="Sở Xây dựng", parent=province)
    committee = f.CommitteeFactory(name="Ban Chỉ đạo cải cách hành chính tỉnh Nghệ An", unit=province)
    operator = account(OPERATOR, Role.HOTLINE_OPERATOR)
    f.PersonFactory(user=operator, full_name=f"Cán bộ {OPERATOR}", unit=snv)
    plan = Plan.objects.create(
        committee=committee, year=2023, title="Kế hoạch CCHC năm 2023", status=Plan.Status.APPROVED
    )
    for code, unit in (("1", snv), ("2", sxd)):
        slug = unit.code.lower()
        responsible = f.PersonFactory(
            full_name=f"Người phụ trách {unit.code}", unit=unit, email=f"phutrach.{slug}@example.vn"
        )
        focal = account(f"daumoi-{slug}", Role.FOCAL_POINT)
        f.PersonFactory(user=focal, full_name=f"Đầu mối {unit.code}", unit=unit, email=f"daumoi.{slug}@example.vn")
        task = Task.objects.create(
            plan=plan, code=code, title=f"Nhiệm vụ {code}", area=f.area(), lead_unit=unit, responsible=responsible
        )
        Task.objects.filter(pk=task.pk).update(created_at=timezone.make_aware(datetime(2023, 1, 1, 8)))
    print(committee.pk)
