"""The follow-up task's page links back to the report it was made from ("Phản ánh liên quan"): registered
with `tasks.related` at start-up (HotlineConfig.ready). The row shows the report's code, field and status,
never the citizen's own title or contact details; the link goes to the staff report page only for those who
may open it (selectors.get_report_for_user: operators, leadership, the secretariat, the focal point of the
unit handling it)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.roles import Role, has_role
from tasks.models import Task
from tasks.related import RelatedItem, RelatedSource, register_related

from .models import Report
from .selectors import READ_ALL_ROLES, user_unit_id


def may_open(user, report: Report) -> bool:
    """Whether `user` may open the staff page of `report` (the rule of selectors.get_report_for_user)."""
    if has_role(user, *READ_ALL_ROLES):
        return True
    unit_id = user_unit_id(user)
    return has_role(user, Role.FOCAL_POINT) and unit_id is not None and unit_id == report.routed_unit_id


def related_reports(task: Task, user) -> list[RelatedItem]:
    """The reports followed up by `task` (one query), linked for those who may open them."""
    reports = (
        Report.objects.filter(task=task)
        .select_related("category")
        .only("pk", "code", "status", "routed_unit_id", "category__name")
    )
    items = []
    for report in reports.order_by("pk"):
        label = _("Phản ánh %(code)s — %(category)s") % {"code": report.display_code, "category": report.category.name}
        items.append(
            RelatedItem(
                label=label,
                url=reverse("hotline:detail", args=[report.pk]) if may_open(user, report) else None,
                note=report.get_status_display(),
            )
        )
    return items


def register() -> None:
    register_related(
        RelatedSource(
            key="hotline",
            heading=gettext_lazy("Phản ánh liên quan"),
            sources=(Task.Source.HOTLINE,),
            items=related_reports,
        )
    )
