"""Builders for the work-plan tests: plans, tasks and reports with explicit dates."""

from datetime import date, datetime, time

from django.utils import timezone

from tasks.models import Plan, ProgressReport, Task
from tests import factories as f


def plan(committee, year: int = 2023, **kwargs) -> Plan:
    return Plan.objects.create(committee=committee, year=year, title=kwargs.pop("title", f"Kế hoạch {year}"), **kwargs)


def task(plan: Plan, lead_unit, code: str = "1", **kwargs) -> Task:
    kwargs.setdefault("title", f"Nhiệm vụ {code}")
    kwargs.setdefault("area", f.area())
    kwargs.setdefault("due_date", date(plan.year, 6, 30))
    return Task.objects.create(plan=plan, code=code, lead_unit=lead_unit, **kwargs)


def at(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def report(
    task: Task, user, month: int, percent: int, status=ProgressReport.Status.SUBMITTED, **kwargs
) -> ProgressReport:
    period = date(task.plan.year, month, 1)
    if percent == 100:
        kwargs.setdefault("completed_on", date(task.plan.year, month, 15))
    return ProgressReport.objects.create(
        task=task,
        period=period,
        percent=percent,
        status=status,
        submitted_by=user,
        submitted_at=kwargs.pop("submitted_at", at(date(task.plan.year, month, 18))),
        **kwargs,
    )
