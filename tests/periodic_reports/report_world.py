"""A committee's third quarter of 2023 with known progress reports, for the periodic report tests.

The window of Q3/2023 with the default cut-off day (14): 15/06/2023 to 14/09/2023; the next period (Q4) runs
from 15/09/2023 to 14/12/2023. Sở Nội vụ is a pilot unit of the plan, Sở Xây dựng is not.

- T1 (Sở Nội vụ, pilot; due Mon 31/07): accepted at 100 % on 20/07, done 25/07: done on time.
- T2 (Sở Xây dựng; due Tue 15/08): accepted at 100 % on 05/09, done 01/09: done late.
- T3 (Sở Xây dựng; due Thu 31/08): accepted at 60 % on 10/08 (obstacle, proposal); a report at 100 % returned on
  12/09 and one still waiting for review on 13/09 are left out: overdue.
- T4 (Sở Nội vụ, ongoing): accepted on 14/06 (before the window), 16/06 (in it) and 15/09 (after it).
- T5 (Sở Xây dựng; due Mon 30/10) and T7 (Sở Nội vụ; due Fri 29/09): due in the next period, no report.
- T6 (Sở Xây dựng; due 31/07) was cancelled on 01/07: left out everywhere.
- Meetings on 01/06 (outside) and 20/07 (inside, one conclusion); its notice issued on 25/07 (the register's
  first number of 2023).
"""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.utils import timezone

from documents import register
from documents.models import IssuedDocument
from members.models import Committee, Unit
from tasks.models import Conclusion, Meeting, PilotUnit, Plan, ProgressReport, Task
from tests import factories as f

CREATED = timezone.make_aware(datetime(2023, 1, 2, 8, 0))
ACCEPTED = ProgressReport.Status.ACCEPTED


def at(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


@dataclass
class QuarterWorld:
    committee: Committee
    plan: Plan
    snv: Unit
    sxd: Unit
    tasks: dict[str, Task]
    user: object


def _task(plan, code, unit, area, **kwargs) -> Task:
    task = Task.objects.create(plan=plan, code=code, title=f"Nhiệm vụ {code}", area=area, lead_unit=unit, **kwargs)
    Task.objects.filter(pk=task.pk).update(created_at=CREATED)
    task.refresh_from_db()
    return task


def _report(
    task, by, *, period, submitted, percent, status=ACCEPTED, done="", obstacles="", proposals="", completed=None
):
    return ProgressReport.objects.create(
        task=task,
        period=period,
        percent=percent,
        done=done,
        obstacles=obstacles,
        proposals=proposals,
        completed_on=completed,
        submitted_by=by,
        submitted_at=at(submitted),
        status=status,
    )


def build(*, committee: Committee, snv: Unit, sxd: Unit, user) -> QuarterWorld:
    plan = Plan.objects.create(
        committee=committee, year=2023, title="Kế hoạch CCHC năm 2023", status=Plan.Status.APPROVED
    )
    PilotUnit.objects.create(plan=plan, unit=snv, reason="Điểm chỉ đạo")
    tthc, the_che = f.area("thu-tuc-hanh-chinh"), f.area("the-che")
    once = {"recurrence": Task.Recurrence.ONCE}
    tasks = {
        "T1": _task(plan, "T1", snv, tthc, due_date=date(2023, 7, 31), **once),
        "T2": _task(plan, "T2", sxd, tthc, due_date=date(2023, 8, 15), **once),
        "T3": _task(plan, "T3", sxd, the_che, due_date=date(2023, 8, 31), **once),
        "T4": _task(plan, "T4", snv, the_che, recurrence=Task.Recurrence.ONGOING, due_kind=Task.DueKind.ONGOING),
        "T5": _task(plan, "T5", sxd, tthc, due_date=date(2023, 10, 30), **once),
        "T6": _task(plan, "T6", sxd, tthc, due_date=date(2023, 7, 31), **once),
        "T7": _task(plan, "T7", snv, the_che, due_date=date(2023, 9, 29), **once),
    }
    Task.objects.filter(pk=tasks["T6"].pk).update(cancelled_at=at(date(2023, 7, 1)), cancel_reason="Không còn phù hợp")
    jul, aug, sep, jun = date(2023, 7, 1), date(2023, 8, 1), date(2023, 9, 1), date(2023, 6, 1)
    _report(
        tasks["T1"],
        user,
        period=jul,
        submitted=date(2023, 7, 20),
        percent=100,
        done="Đã ban hành quy trình nội bộ giải quyết thủ tục",
        completed=date(2023, 7, 25),
    )
    _report(
        tasks["T2"],
        user,
        period=sep,
        submitted=date(2023, 9, 5),
        percent=100,
        done="Đã số hóa hồ sơ cấp phép xây dựng",
        completed=date(2023, 9, 1),
    )
    _report(
        tasks["T3"],
        user,
        period=aug,
        submitted=date(2023, 8, 10),
        percent=60,
        done="Đã rà soát 12 văn bản",
        obstacles="Thiếu kinh phí rà soát",
        proposals="Bổ sung kinh phí rà soát văn bản",
    )
    _report(
        tasks["T3"],
        user,
        period=sep,
        submitted=date(2023, 9, 12),
        percent=100,
        status=ProgressReport.Status.RETURNED,
        done="Báo cáo bị trả lại",
    )
    _report(
        tasks["T3"],
        user,
        period=sep,
        submitted=date(2023, 9, 13),
        percent=100,
        status=ProgressReport.Status.SUBMITTED,
        done="Báo cáo chưa được xem xét",
    )
    _report(tasks["T4"], user, period=jun, submitted=date(2023, 6, 14), percent=20, done="Việc trước kỳ")
    _report(
        tasks["T4"],
        user,
        period=jun,
        submitted=date(2023, 6, 16),
        percent=30,
        done="Đã đăng 5 tin bài tuyên truyền",
        obstacles="Thiếu kinh phí rà soát",
    )
    _report(tasks["T4"], user, period=sep, submitted=date(2023, 9, 15), percent=50, done="Việc sau kỳ")
    Meeting.objects.create(committee=committee, date=date(2023, 6, 1), title="Phiên họp tháng 6")
    meeting = Meeting.objects.create(committee=committee, date=date(2023, 7, 20), title="Phiên họp sơ kết quý")
    Conclusion.objects.create(meeting=meeting, order=1, content="Đẩy nhanh số hóa hồ sơ")
    register.issue(
        committee=committee,
        kind=IssuedDocument.Kind.NOTICE,
        issued_on=date(2023, 7, 25),
        title="Kết luận phiên họp sơ kết quý",
        signer_name="Nguyễn Văn A",
        signer_position="PHÓ TRƯỞNG BAN",
        by=user,
    )
    return QuarterWorld(committee=committee, plan=plan, snv=snv, sxd=sxd, tasks=tasks, user=user)
