"""A report becomes a follow-up task (vụ việc hành chính phát sinh) in the provincial plan.

The link is the report's FK `task` (related_name `hotline_reports` on Task), so the task page can
list its reports without the tasks app knowing about the hotline.
"""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.utils.translation import gettext as _

from members.models import ReformArea
from members.selectors import provincial_committee
from tasks.models import Plan, Task
from tasks.tasklist import TaskFields, create_task

from .models import Event, Report
from .personal import mask_for_report
from .workflow import _locked, _transition

DEFAULT_AREA = "thu-tuc-hanh-chinh"


def task_done() -> ExpressionWrapper:
    """SQL, a boolean per report: its follow-up task is done (the rule of tasks/completion.py, read from the
    task's `TaskProgress` summary); false without a task. Two primary-key joins rather than an EXISTS: over
    a page of a list PostgreSQL may answer an EXISTS in the select list by hashing every done task of the
    province (20,000 summaries read for 25 rows)."""
    return ExpressionWrapper(Q(task__progress__done_on__isnull=False), output_field=BooleanField())


def current_plan(today: date) -> Plan | None:
    committee = provincial_committee()
    if committee is None:
        return None
    return Plan.objects.filter(committee=committee, year=today.year).first()


def create_followup_task(*, report: Report, user, area: ReformArea | None = None, today: date, now: datetime) -> Task:
    """Add the report's follow-up task to the provincial committee's plan for this year, through the task
    service (its rules hold here as for every task), and link the report to it; one transaction.
    Raises ValidationError (a task already made, a report not routed, no plan for the year)."""
    with transaction.atomic():
        report = _locked(report)
        if report.task_id:
            raise ValidationError(_("Phản ánh này đã có nhiệm vụ theo dõi."))
        if report.routed_unit_id is None:
            raise ValidationError(_("Cần chuyển phản ánh cho đơn vị xử lý trước khi tạo nhiệm vụ."))
        plan = current_plan(today)
        if plan is None:
            raise ValidationError(
                _("Chưa có kế hoạch năm %(year)s của Ban Chỉ đạo tỉnh để thêm nhiệm vụ.") % {"year": today.year}
            )
        area = area or ReformArea.objects.get(code=DEFAULT_AREA)
        fields: TaskFields = {
            "code": f"PA-{report.code}",
            "title": (
                _("Xử lý vụ việc phát sinh từ phản ánh %(code)s: %(title)s")
                % {"code": report.display_code, "title": mask_for_report(report.title, report)}  # read by many units
            )[:500],
            "description": _("Vụ việc hành chính phát sinh qua Đường dây nóng CCHC, lĩnh vực %(category)s.")
            % {"category": report.category.name},
            "area": area,
            "lead_unit": report.routed_unit,
            "due_date": report.answer_due,
            "recurrence": Task.Recurrence.ONCE,
            "expected_output": Task.Output.REPORT,
        }
        task = create_task(plan=plan, fields=fields, source=Task.Source.HOTLINE, by=user)
        report.task = task
        _transition(report, to=None, kind=Event.Kind.TASK_CREATED, actor=user, now=now, note=task.code)
    return task
