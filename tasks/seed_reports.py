"""Demo progress reports of the 2023 plan, April to December (`load_nghean_2023 --demo`), so that every
month's review board has real content: tasks owed, reported on time, late, missing, returned by the
secretariat with a comment (and some resubmitted), accepted, and tasks done that stop owing.

A fixed story, the same on whatever day it is loaded: `STORY` gives each task's month as one cell, and
the times follow from the month and the working calendar (core/calendar.py), never from the clock.
Reports go through the services every report goes through (tasks/reports.py: `submit_report`,
`review_report`), so the task summaries, the board and the reminders read them as they read real ones;
each is marked `is_demo`, and its audit entries carry its own times.

Idempotent: a month's reports of a task are matched by their order; what is there is kept and only what
is missing is done (a report still waiting for review is reviewed as the story says). A month whose
review is closed is left as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import F
from django.utils import timezone

from core.calendar import Calendar, load_calendar

from .models import Plan, ProgressReport, Task
from .reports import period_is_closed, review_report, submit_report

YEAR = 2023
FIRST_MONTH = 4  # the plan was adopted on 11/04/2023

# One cell per month, April to December: a kind and the percent reported.
#   o on time (mid-month, before the reminders)   a on time, on the deadline day (after the reminders)
#   l late (two working days after the deadline)  m missing (no report)
#   r returned by the secretariat, not resubmitted (still owed)
#   R returned, then resubmitted by the deadline and accepted
#   -  not owed any more (done at 100 % in an earlier month)
# Every report but the returned ones is accepted; one accepted at 100 % completes the task.
STORY = {
    "KL1": "m m o20 l30 o40 o60 a70 l80 o90",
    "KL2": "o20 o50 o100 - - - - - -",
    "KL3": "m o30 o60 m o100 - - - -",
    "KL4": "l5 l10 o20 r30 R35 o45 o55 m a70",
    "KL5": "m o40 m r80 l90 o100 - - -",
    "KL6": "m m o30 o50 l60 o70 m r85 l90",
    "KL7": "m a10 o25 o40 m l55 o70 o100 -",
    "KL8": "m m l10 o20 o35 r45 R50 o65 r80",
    "D1": "m o50 m o100 - - - - -",
    "D2": "o40 o100 - - - - - - -",
    "D3": "m m r10 o30 l50 o80 l100 - -",
    "D4": "m o50 o100 - - - - - -",
    "D5": "m r5 m o10 o30 a50 r60 l70 o85",
    "D6": "m o10 l30 o50 o70 m o100 - -",
    "D7": "m o20 o35 m r45 R50 l70 o85 m",
}

# The secretariat's comment on each returned report: (task code, month) -> comment.
RETURNS = {
    ("KL4", 7): "Chưa nêu số tin, bài tuyên truyền về cải cách hành chính đã đăng trong tháng.",
    ("KL4", 8): "Đề nghị bổ sung kết quả tuyên truyền tại cấp xã.",
    ("KL5", 7): "Chưa nêu số huyện đã thành lập Ban Chỉ đạo.",
    ("KL6", 11): "Chưa tổng hợp số thành viên đã có kế hoạch cá nhân.",
    ("KL8", 9): "Chưa nêu số cuộc kiểm tra đã thực hiện và kết quả.",
    ("KL8", 10): "Đề nghị gửi kèm kế hoạch kiểm tra đã điều chỉnh.",
    ("KL8", 12): "Chưa đánh giá kết quả kiểm tra cải cách hành chính năm 2023.",
    ("D3", 6): "Chưa gửi danh mục văn bản đã rà soát.",
    ("D5", 5): "Chưa nêu kế hoạch đánh giá, xếp loại công chức.",
    ("D5", 10): "Chưa có số liệu xếp loại công chức của các huyện.",
    ("D7", 8): "Số liệu hồ sơ trực tuyến chưa khớp với Cổng dịch vụ công.",
    ("D7", 9): "Đề nghị nêu tỷ lệ hồ sơ trực tuyến toàn trình theo từng lĩnh vực.",
}


@dataclass(frozen=True)
class Step:
    """One submission of a month's story and the secretariat's decision on it."""

    submitted_at: datetime
    percent: int
    accept: bool
    reviewed_at: datetime
    comment: str = ""


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def steps(*, code: str, month: int, cell: str, calendar: Calendar) -> list[Step]:
    """The submissions a story cell stands for, with their times (empty for "m" and "-")."""
    kind, percent = cell[0], int(cell[1:] or 0)
    if kind in "m-":
        return []
    first = date(YEAR, month, 1)
    mid_month = calendar.next_working_day(first.replace(day=15))
    deadline = calendar.next_working_day(first.replace(day=settings.REVIEW_DEADLINE_DAY))

    def reviewed(day: date) -> datetime:
        return _at(calendar.add_working_days(day, 1), 15)

    if kind == "o":
        return [Step(_at(mid_month, 10), percent, True, reviewed(mid_month))]
    if kind == "a":
        return [Step(_at(deadline, 16), percent, True, reviewed(deadline))]
    if kind == "l":
        late = calendar.add_working_days(deadline, 2)
        return [Step(_at(late, 10), percent, True, reviewed(late))]
    returned = Step(_at(mid_month, 10), percent, False, reviewed(mid_month), RETURNS[(code, month)])
    if kind == "r":
        return [returned]
    if kind == "R":
        return [returned, Step(_at(deadline, 10), percent, True, reviewed(deadline))]
    raise ValueError(f"unknown story cell {cell!r} for {code}")


def load_demo_reports(*, plan: Plan, tasks: dict[str, Task]) -> int:
    """Play `STORY` on the plan's demo and loaded tasks; returns how many reports were added.

    Reports are written by the unit's focal point account for Sở Nội vụ's tasks, by the member
    responsible when they have an account, by the secretariat otherwise; the secretariat (`thuky`)
    reviews them. Without the demo accounts nothing is written."""
    User = get_user_model()
    secretariat = User.objects.filter(username="thuky").first()
    focal_point = User.objects.filter(username="daumoi").first()
    if secretariat is None:
        return 0
    calendar = load_calendar(date(YEAR, FIRST_MONTH, 1), date(YEAR + 1, 1, 31))
    added = 0
    for code, story in STORY.items():
        task = tasks.get(code)
        if task is None:
            continue
        reporter = focal_point if (focal_point and task.lead_unit.code == "SNV") else secretariat
        if task.responsible and task.responsible.user_id:
            reporter = task.responsible.user
        for month, cell in enumerate(story.split(), FIRST_MONTH):
            planned = steps(code=code, month=month, cell=cell, calendar=calendar)
            period = date(YEAR, month, 1)
            if not planned or period_is_closed(task=task, period=period):
                continue
            added += _play(task=task, period=period, planned=planned, reporter=reporter, secretariat=secretariat)
    _date_history(plan)
    return added


def _play(*, task: Task, period: date, planned: list[Step], reporter, secretariat) -> int:
    existing = list(ProgressReport.objects.filter(task=task, period=period).order_by("submitted_at", "pk"))
    added = 0
    for i, step in enumerate(planned):
        report = existing[i] if i < len(existing) else None
        if report is None:
            report = submit_report(
                task=task,
                user=reporter,
                period=period,
                percent=step.percent,
                done=f"Báo cáo minh họa: kết quả thực hiện tháng {period:%m/%Y}.",
                obstacles="" if step.percent == 100 else "Nguồn lực còn hạn chế.",
                completed_on=timezone.localdate(step.submitted_at) if step.percent == 100 else None,
                now=step.submitted_at,
                today=timezone.localdate(step.submitted_at),
                is_demo=True,
            )
            added += 1
        if report.status == ProgressReport.Status.SUBMITTED:
            review_report(
                report=report, user=secretariat, accept=step.accept, comment=step.comment, now=step.reviewed_at
            )
    return added


def _date_history(plan: Plan) -> None:
    """The audit entries the loader's reports got when written carry the report's own times: its
    submission, and the secretariat's decision (entries written in the app, with a user, are left alone)."""
    loaded = ProgressReport.history.filter(task__plan=plan, is_demo=True, history_user__isnull=True)
    loaded.filter(history_type="+").exclude(history_date=F("submitted_at")).update(history_date=F("submitted_at"))
    loaded.filter(history_type="~", reviewed_at__isnull=False).exclude(history_date=F("reviewed_at")).update(
        history_date=F("reviewed_at")
    )
