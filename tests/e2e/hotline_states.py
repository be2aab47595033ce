"""Hotline reports in each state a staff page draws differently, made through the real services on the
loaded demo data (tongdai routes and approves, daumoi of Sở Nội vụ answers)."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils import timezone

from hotline import workflow
from hotline.models import Category, Report
from hotline.reference import ensure_categories
from members.models import Unit
from tests.hotline.conftest import make_report


@dataclass
class Tracked:
    """A report and what its citizen types to look it up."""

    report: Report
    code: str
    pin: str


def reports_in_every_state() -> dict[str, Tracked]:
    """{state name: report}: new, routed, extension asked, answer sent for approval, answered and published."""
    ensure_categories()
    categories = {c.code: c for c in Category.objects.all()}
    users = get_user_model().objects
    operator, focal = users.get(username="tongdai"), users.get(username="daumoi")
    unit = Unit.objects.filter(code="SNV").order_by("pk").first()
    now, today = timezone.now(), timezone.localdate()

    def made(title: str) -> tuple[Report, str]:
        report, pin = make_report(categories, now=now, title=title)
        return report, pin or ""

    def routed(title: str) -> tuple[Report, str]:
        report, pin = made(title)
        return workflow.route(report=report, user=operator, unit=unit, days=10, today=today, now=now), pin

    states: dict[str, Tracked] = {}
    report, pin = made("Phản ánh mới tiếp nhận")
    states["new"] = Tracked(report, report.display_code, pin)
    report, pin = routed("Phản ánh đã chuyển đơn vị")
    states["routed"] = Tracked(report, report.display_code, pin)
    report, pin = routed("Phản ánh đơn vị xin gia hạn")
    workflow.request_extension(report=report, user=focal, days=5, reason="Cần xác minh tại cơ sở", now=now)
    states["extension asked"] = Tracked(Report.objects.get(pk=report.pk), report.display_code, pin)
    report, pin = routed("Phản ánh đã có dự thảo trả lời")
    report = workflow.save_answer(report=report, user=focal, answer="Sở đã giải quyết hồ sơ.", send=True, now=now)
    states["answer sent"] = Tracked(report, report.display_code, pin)
    report, pin = routed("Phản ánh đã trả lời và công khai")
    report = workflow.save_answer(report=report, user=focal, answer="Sở đã giải quyết hồ sơ.", send=True, now=now)
    report = workflow.review_answer(
        report=report,
        user=operator,
        approve=True,
        answer="Sở đã giải quyết hồ sơ đúng hạn.",
        publish=True,
        public_title="Hồ sơ đăng ký kinh doanh chậm",
        public_summary="Công dân phản ánh hồ sơ đăng ký kinh doanh chậm có kết quả.",
        note="",
        now=now,
    )
    states["answered and published"] = Tracked(report, report.display_code, pin)
    return states
