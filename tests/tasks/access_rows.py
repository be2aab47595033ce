"""Access rows for every tasks URL: plans, tasks, reports, meetings, pilots, my work.

The world: a plan of the committee for this year; `task` is led by Sở Nội vụ (the unit of the
member and of the focal point; the member is its responsible member); `other_task` is led by
another unit (Sở Xây dựng): members and focal points get 403 on it. Last year's plan is approved and may be
closed; a working group's plan of two years ago is closed (its next year has no plan yet).
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.utils import timezone

from members.models import Committee, Membership
from tasks import plans, yearend
from tasks.models import (
    AgendaItem,
    Conclusion,
    Meeting,
    Opinion,
    PilotUnit,
    Plan,
    ProgressReport,
    ReportAttachment,
    Task,
)
from tests import factories as f
from tests.access import Row, staff_only

READERS = ("secretariat", "member", "focal_point", "leadership")
MEETING_READERS = ("secretariat", "member", "leadership")
SECRETARIAT = ("secretariat",)
REPORTERS = ("member", "focal_point")
MY_WORK_SECTIONS = ("due", "reported", "overdue", "returned")


def setup(w):
    today = timezone.localdate()
    w.tasks_plan = Plan.objects.create(committee=w.committee, year=today.year, title="Kế hoạch CCHC")
    area = f.area()
    w.tasks_task = Task.objects.create(
        plan=w.tasks_plan,
        code="1",
        title="Nhiệm vụ của Sở Nội vụ",
        area=area,
        lead_unit=w.department,
        responsible=w.cast["member"].person,
        due_date=today.replace(month=12, day=31),
    )
    w.tasks_other_task = Task.objects.create(
        plan=w.tasks_plan,
        code="2",
        title="Nhiệm vụ của Sở Xây dựng",
        area=area,
        lead_unit=w.other_department,
        due_date=today,
    )
    w.tasks_report = ProgressReport.objects.create(
        task=w.tasks_task,
        period=today.replace(day=1),
        percent=40,
        submitted_by=w.cast["focal_point"],
        submitted_at=timezone.now(),
    )
    other_report = ProgressReport.objects.create(
        task=w.tasks_other_task,
        period=today.replace(day=1),
        percent=10,
        submitted_by=w.cast["secretariat"],
        submitted_at=timezone.now(),
    )
    w.tasks_attachment = _attachment(w.tasks_report)
    w.tasks_other_attachment = _attachment(other_report)
    w.tasks_meeting = Meeting.objects.create(committee=w.committee, date=today, title="Phiên họp thứ nhất")
    w.tasks_conclusion = Conclusion.objects.create(
        meeting=w.tasks_meeting, order=1, content="Giao Sở Nội vụ xây dựng quy chế"
    )
    Membership.objects.filter(person=w.cast["member"].person).update(start=today.replace(month=1, day=1))
    _year_end(w, today.year, area)
    w.tasks_agenda_item = AgendaItem.objects.create(meeting=w.tasks_meeting, order=1, title="Dự thảo quy chế")
    w.tasks_opinion = Opinion.objects.create(
        meeting=w.tasks_meeting, person=w.cast["member"].person, content="Tăng cường công khai"
    )
    w.tasks_pilot = PilotUnit.objects.create(plan=w.tasks_open_year, unit=w.department, reason="Đơn vị trọng điểm")


def _approved(committee, year: int, lead_unit, area) -> Plan:
    plan = Plan.objects.create(committee=committee, year=year, title=f"Kế hoạch CCHC năm {year}")
    decision = f.DecisionFactory(number=f"{year}/KH-BCĐ", date=date(year, 1, 10))
    Task.objects.create(
        plan=plan, code="1", title="Nhiệm vụ năm trước", area=area, lead_unit=lead_unit, due_date=date(year, 6, 30)
    )
    plans.approve_plan(plan=plan, decision=decision, now=timezone.now())  # a plan with no task is not approved
    return Plan.objects.get(pk=plan.pk)


def _year_end(w, year: int, area) -> None:
    w.tasks_open_year = _approved(w.committee, year - 1, w.department, area)
    group = f.CommitteeFactory(kind=Committee.Kind.WORKING_GROUP, unit=w.department, parent=w.committee)
    w.tasks_closed_year = _approved(group, year - 2, w.department, area)
    PilotUnit.objects.create(plan=w.tasks_closed_year, unit=w.department, reason="Đơn vị trọng điểm")
    closed_on = datetime(year - 2, 12, 20, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    yearend.close_year(plan=w.tasks_closed_year, by=w.cast["secretariat"], now=closed_on)


def _attachment(report):
    a = ReportAttachment(report=report, original_name="bao-cao.pdf", content_type="application/pdf", size=20)
    a.file.save("bao-cao.pdf", ContentFile(b"%PDF-1.4 test content"), save=True)
    return a


def _posted(allowed, status):
    return staff_only(allowed, ok=status)


ROWS = [
    Row("tasks:plan_list", None, staff_only(READERS)),
    Row("tasks:plan_list", None, staff_only(READERS), data={"year": "2023"}, note="another year"),
    Row("tasks:plan_list", None, staff_only(READERS, ok=400), data={"year": "abc"}, note="bad year"),
    Row("tasks:plan_create", None, staff_only(SECRETARIAT)),
    Row("tasks:plan_create", None, _posted(SECRETARIAT, 400), method="post", note="empty form"),
    Row("tasks:plan_detail", lambda w: {"pk": w.tasks_plan.pk}, staff_only(READERS)),
    Row("tasks:plan_edit", lambda w: {"pk": w.tasks_plan.pk}, staff_only(SECRETARIAT)),
    Row("tasks:plan_approve", lambda w: {"pk": w.tasks_plan.pk}, staff_only(SECRETARIAT), note="draft plan"),
    Row(
        "tasks:plan_approve",
        lambda w: {"pk": w.tasks_plan.pk},
        _posted(SECRETARIAT, 400),
        method="post",
        note="no document",
    ),
    Row("tasks:plan_print", lambda w: {"pk": w.tasks_plan.pk}, staff_only(READERS)),
    Row("tasks:plan_import", lambda w: {"pk": w.tasks_plan.pk}, staff_only(SECRETARIAT), note="draft plan"),
    Row(
        "tasks:plan_import",
        lambda w: {"pk": w.tasks_plan.pk},
        _posted(SECRETARIAT, 400),
        method="post",
        note="no file",
    ),
    Row(
        "tasks:plan_import",
        lambda w: {"pk": w.tasks_open_year.pk},
        staff_only(SECRETARIAT, ok=409),
        note="approved plan",
    ),
    Row(
        "tasks:plan_import_preview",
        lambda w: {"pk": w.tasks_plan.pk, "token": "unknown"},
        staff_only(SECRETARIAT, ok=409),
        note="no such table",
    ),
    Row(
        "tasks:plan_import_preview",
        lambda w: {"pk": w.tasks_plan.pk, "token": "unknown"},
        _posted(SECRETARIAT, 409),
        method="post",
        note="confirm without a table",
    ),
    Row("tasks:plan_close", lambda w: {"pk": w.tasks_open_year.pk}, staff_only(SECRETARIAT), note="last year's plan"),
    Row(
        "tasks:plan_close",
        lambda w: {"pk": w.tasks_open_year.pk},
        _posted(SECRETARIAT, 400),
        method="post",
        data={"action": "close"},
        note="closing not confirmed",
    ),
    Row("tasks:plan_closing", lambda w: {"pk": w.tasks_closed_year.pk}, staff_only(("secretariat", "leadership"))),
    Row("tasks:next_plan", lambda w: {"pk": w.tasks_closed_year.pk}, staff_only(SECRETARIAT)),
    Row(
        "tasks:next_plan",
        lambda w: {"pk": w.tasks_closed_year.pk},
        _posted(SECRETARIAT, 400),
        method="post",
        data={"task": "x"},
        note="a task id that is not a number",
    ),
    Row("tasks:plan_export", lambda w: {"pk": w.tasks_plan.pk}, staff_only(READERS)),
    Row("tasks:task_create", lambda w: {"pk": w.tasks_plan.pk}, staff_only(SECRETARIAT)),
    Row("tasks:task_create", lambda w: {"pk": w.tasks_plan.pk}, _posted(SECRETARIAT, 400), method="post"),
    Row("tasks:pilot_list", lambda w: {"pk": w.tasks_plan.pk}, staff_only(READERS)),
    Row("tasks:pilot_create", lambda w: {"pk": w.tasks_plan.pk}, staff_only(SECRETARIAT)),
    Row("tasks:pilot_create", lambda w: {"pk": w.tasks_plan.pk}, _posted(SECRETARIAT, 400), method="post"),
    Row("tasks:pilot_edit", lambda w: {"pk": w.tasks_pilot.pk}, staff_only(SECRETARIAT)),
    Row("tasks:pilot_edit", lambda w: {"pk": w.tasks_pilot.pk}, _posted(SECRETARIAT, 400), method="post"),
    Row("tasks:pilots_current", None, staff_only(READERS, ok=302)),
    Row("tasks:pilots_current", None, staff_only(READERS), data={"year": "2020"}, note="a year without a plan"),
    Row("tasks:pilots_current", None, staff_only(READERS, ok=400), data={"year": "0000"}, note="bad year"),
    Row("tasks:task_detail", lambda w: {"pk": w.tasks_task.pk}, staff_only(READERS)),
    Row(
        "tasks:task_detail",
        lambda w: {"pk": w.tasks_other_task.pk},
        staff_only(("secretariat", "leadership")),
        note="another unit's task",
    ),
    Row("tasks:task_edit", lambda w: {"pk": w.tasks_task.pk}, staff_only(SECRETARIAT)),
    Row("tasks:task_edit", lambda w: {"pk": w.tasks_task.pk}, _posted(SECRETARIAT, 400), method="post"),
    Row("tasks:task_cascade", lambda w: {"pk": w.tasks_task.pk}, staff_only(SECRETARIAT)),
    Row("tasks:task_cascade", lambda w: {"pk": w.tasks_task.pk}, _posted(SECRETARIAT, 400), method="post"),
    Row("tasks:task_cancel", lambda w: {"pk": w.tasks_task.pk}, staff_only(SECRETARIAT)),
    Row(
        "tasks:task_cancel",
        lambda w: {"pk": w.tasks_task.pk},
        _posted(SECRETARIAT, 400),
        method="post",
        note="no reason",
    ),
    Row("tasks:report_create", lambda w: {"pk": w.tasks_task.pk}, staff_only(REPORTERS)),
    Row("tasks:report_create", lambda w: {"pk": w.tasks_task.pk}, _posted(REPORTERS, 400), method="post"),
    Row("tasks:report_create", lambda w: {"pk": w.tasks_other_task.pk}, staff_only(()), note="another unit's task"),
    Row("tasks:report_create", lambda w: {"pk": w.tasks_other_task.pk}, staff_only(()), method="post"),
    Row(
        "tasks:report_create",
        lambda w: {"pk": w.tasks_task.pk},
        staff_only(REPORTERS, ok=400),
        data={"month": "2026-13"},
        note="bad month",
    ),
    Row(
        "tasks:report_create",
        lambda w: {"pk": w.tasks_task.pk},
        staff_only(REPORTERS),
        data={"month": f"{timezone.localdate():%Y-%m}"},
        note="opened on a month",
    ),
    Row("tasks:reports_accept", None, _posted(SECRETARIAT, 400), method="post", note="nothing chosen"),
    Row(
        "tasks:report_review",
        lambda w: {"pk": w.tasks_report.pk},
        _posted(SECRETARIAT, 400),
        method="post",
        note="no decision",
    ),
    Row("tasks:attachment_download", lambda w: {"pk": w.tasks_attachment.pk}, staff_only(READERS)),
    Row(
        "tasks:attachment_download",
        lambda w: {"pk": w.tasks_other_attachment.pk},
        staff_only(("secretariat", "leadership")),
        note="another unit's attachment",
    ),
    Row("tasks:meeting_list", None, staff_only(MEETING_READERS)),
    Row("tasks:meeting_create", None, staff_only(SECRETARIAT)),
    Row("tasks:meeting_create", None, _posted(SECRETARIAT, 400), method="post"),
    Row("tasks:meeting_detail", lambda w: {"pk": w.tasks_meeting.pk}, staff_only(MEETING_READERS)),
    Row("tasks:meeting_edit", lambda w: {"pk": w.tasks_meeting.pk}, staff_only(SECRETARIAT)),
    Row("tasks:meeting_edit", lambda w: {"pk": w.tasks_meeting.pk}, _posted(SECRETARIAT, 400), method="post"),
    Row("tasks:agenda_edit", lambda w: {"pk": w.tasks_agenda_item.pk}, staff_only(SECRETARIAT)),
    Row("tasks:agenda_edit", lambda w: {"pk": w.tasks_agenda_item.pk}, _posted(SECRETARIAT, 400), method="post"),
    Row(
        "tasks:agenda_delete",
        lambda w: {"pk": w.tasks_agenda_item.pk},
        _posted(SECRETARIAT, 400),
        method="post",
        note="no version: nothing removed",
    ),
    Row("tasks:opinion_edit", lambda w: {"pk": w.tasks_opinion.pk}, staff_only(SECRETARIAT)),
    Row("tasks:opinion_edit", lambda w: {"pk": w.tasks_opinion.pk}, _posted(SECRETARIAT, 400), method="post"),
    Row(
        "tasks:opinion_delete",
        lambda w: {"pk": w.tasks_opinion.pk},
        _posted(SECRETARIAT, 400),
        method="post",
        note="no version: nothing removed",
    ),
    Row("tasks:meeting_attendees", lambda w: {"pk": w.tasks_meeting.pk}, _posted(SECRETARIAT, 302), method="post"),
    Row("tasks:agenda_add", lambda w: {"pk": w.tasks_meeting.pk}, _posted(SECRETARIAT, 400), method="post"),
    Row("tasks:opinion_add", lambda w: {"pk": w.tasks_meeting.pk}, _posted(SECRETARIAT, 400), method="post"),
    Row("tasks:conclusion_add", lambda w: {"pk": w.tasks_meeting.pk}, _posted(SECRETARIAT, 400), method="post"),
    Row("tasks:meeting_notice_docx", lambda w: {"pk": w.tasks_meeting.pk}, staff_only(MEETING_READERS)),
    Row("tasks:meeting_notice_issue", lambda w: {"pk": w.tasks_meeting.pk}, _posted(SECRETARIAT, 400), method="post"),
    Row("tasks:conclusion_task", lambda w: {"pk": w.tasks_conclusion.pk}, staff_only(SECRETARIAT)),
    Row("tasks:conclusion_task", lambda w: {"pk": w.tasks_conclusion.pk}, _posted(SECRETARIAT, 400), method="post"),
    Row("tasks:my_work", None, staff_only(READERS)),
    *(Row("tasks:my_work_section", lambda w, s=s: {"section": s}, staff_only(READERS)) for s in MY_WORK_SECTIONS),
    Row("tasks:my_work_section", lambda w: {"section": "pending"}, staff_only(SECRETARIAT), note="review queue"),
    Row("tasks:my_work_section", lambda w: {"section": "nope"}, staff_only(READERS, ok=404), note="no such section"),
    Row("tasks:personal_plan", None, staff_only(("member",))),
    Row("tasks:personal_plan", None, staff_only(("member",), ok=400), data={"year": "abc"}, note="bad year"),
    Row("tasks:personal_plan_list", None, staff_only(("secretariat", "leadership"))),
    Row(
        "tasks:personal_plan_list",
        None,
        staff_only(("secretariat", "leadership"), ok=400),
        data={"year": "0000"},
        note="bad year",
    ),
]
