"""A report becomes a follow-up task (vụ việc hành chính phát sinh) in the provincial plan.

The link is the report's FK `task` (related_name `hotline_reports` on Task), so the task page can
list its reports without the tasks app knowing about the hotline.
"""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from members.models import ReformArea
from members.selectors import provincial_committee
from tasks.models import Plan, ProgressReport, Task

from .models import Event, Report
from .workflow import _locked, _transition

DEFAULT_AREA = "thu-tuc-hanh-chinh"


def task_done_exists(task_ref: str = "task") -> Exists:
    """Done = the secretariat accepted a report at 100 % (the rule of tasks/status.py)."""
    return Exists(
        ProgressReport.objects.filter(task=OuterRef(task_ref), status=ProgressReport.Status.ACCEPTED, percent=100)
    )


def current_plan(today: date) -> Plan | None:
    committee = provincial_committee()
    if committee is None:
        return None
    return Plan.objects.filter(committee=committee, year=today.year).first()


def create_followup_task(*, report: Report, user, area: ReformArea | None = None, today: date, now: datetime) -> Task:
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
        task = Task(
            plan=plan,
            code=f"PA-{report.code}",
            title=(
                _("Xử lý vụ việc phát sinh từ phản ánh %(code)s: %(title)s")
                % {"code": report.display_code, "title": report.title}
            )[:500],
            description=_("Vụ việc hành chính phát sinh qua Đường dây nóng CCHC, lĩnh vực %(category)s.")
            % {"category": report.category.name},
            area=area,
            lead_unit=report.routed_unit,
            due_date=report.answer_due,
            source=Task.Source.HOTLINE,
            recurrence=Task.Recurrence.ONCE,
            expected_output=Task.Output.REPORT,
        )
        task.full_clean()
        task.save()
        report.task = task
        _transition(report, to=None, kind=Event.Kind.TASK_CREATED, actor=user, now=now, note=task.code)
    return task
