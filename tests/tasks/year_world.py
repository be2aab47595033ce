"""A plan year to close and roll over: an approved 2025 plan whose tasks end the year in every state.

- `done`: done on time (accepted at 100 % in May, due 30/06);
- `late`: done late (accepted at 100 % in September, due 30/06);
- `open`: unfinished (40 % in November, due 15/10), led by Sở Nội vụ, with a coordinating unit;
- `cancelled`: cancelled in March;
- `monthly`: reported every month, never "done";
- `ongoing`: "thường xuyên", no deadline.
"""

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from members.models import Unit
from tasks import plans
from tasks.models import Plan, ProgressReport, Task
from tests import factories as f

from . import builders as b

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
YEAR = 2025


def local(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=TZ)


@dataclass
class YearWorld:
    plan: Plan
    done: Task
    late: Task
    open: Task
    cancelled: Task
    monthly: Task
    ongoing: Task
    coordinating: Unit


def build_year(committee, lead: Unit, other: Unit, reporter, *, year: int = YEAR) -> YearWorld:
    plan = b.plan(committee, year=year, title=f"Kế hoạch CCHC năm {year}")
    done = b.task(plan, lead, code="1", title="Ban hành quy chế làm việc", due_date=date(year, 6, 30))
    plans.approve_plan(  # once it has a task (tasks/plans.py)
        plan=plan,
        decision=f.DecisionFactory(number=f"{year % 100}/KH-BCĐ", date=date(year, 1, 20)),
        now=local(date(year, 1, 20)),
    )
    plan.refresh_from_db()
    done.refresh_from_db()
    accepted = ProgressReport.Status.ACCEPTED
    b.report(done, reporter, 5, 100, status=accepted)
    late = b.task(plan, other, code="2", title="Rà soát thủ tục hành chính", due_date=date(year, 6, 30))
    b.report(late, reporter, 9, 100, status=accepted)
    open_task = b.task(plan, lead, code="3", title="Số hóa hồ sơ công chức", due_date=date(year, 10, 15))
    coordinating = f.UnitFactory(name="Sở Tài chính")
    open_task.coordinating_units.add(coordinating)
    b.report(open_task, reporter, 11, 40, status=accepted)
    cancelled = b.task(plan, other, code="4", title="Nhiệm vụ giao nhầm", due_date=date(year, 12, 31))
    Task.objects.filter(pk=cancelled.pk).update(cancelled_at=local(date(year, 3, 2)), cancel_reason="Giao nhầm")
    cancelled.refresh_from_db()
    monthly = b.task(
        plan,
        lead,
        code="5",
        title="Báo cáo tình hình cải cách hành chính hằng tháng",
        due_date=None,
        recurrence=Task.Recurrence.MONTHLY,
        recurrence_day=20,
    )
    for month in range(1, 12):
        b.report(monthly, reporter, month, 90, status=accepted)
    ongoing = b.task(
        plan,
        lead,
        code="6",
        title="Tuyên truyền về cải cách hành chính",
        due_date=None,
        recurrence=Task.Recurrence.ONGOING,
        due_kind=Task.DueKind.ONGOING,
    )
    return YearWorld(plan, done, late, open_task, cancelled, monthly, ongoing, coordinating)
