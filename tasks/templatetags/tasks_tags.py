"""Template helpers of the work plan: status badges and labels, and a task's deadline as the plan writes it."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from .. import charts, deadlines
from .. import status as st

register = template.Library()


@register.simple_tag
def chart(drawing: dict, chart_id: str):
    """`{% chart d.area_chart "chart-area" %}`: a chart of `tasks.charts.stacked_bars` drawn as its figure
    (`tasks.charts.render`)."""
    return charts.render(drawing, chart_id)


@register.inclusion_tag("tasks/_status.html")
def status_badge(code: str):
    return {"label": st.LABELS.get(code, ""), "badge": st.BADGES.get(code, "badge-muted")}


@register.filter
def status_label(code: str) -> str:
    return str(st.LABELS.get(code, ""))


@register.filter
def status_class(code: str) -> str:
    return st.BADGES.get(code, "badge-muted")


@register.filter
def deadline(task) -> str:
    """A task's deadline as its plan writes it ("Quý III/2023", "30/06/2023", "Thường xuyên"), followed, when
    the deadline falls on a day off, by the working day it really falls on: "(hạn thực tế: 29/09/2023)".
    The one way every page shows a deadline (tasks/deadlines.py `task_deadline`); no query."""
    written, effective = deadlines.task_deadline(task)
    if effective is None:
        return written
    return format_html(
        '{} <span class="muted effective-date">({})</span>',
        written,
        _("hạn thực tế: %(day)s") % {"day": f"{effective:%d/%m/%Y}"},
    )


@register.filter
def deadline_text(task) -> str:
    """`deadline` as plain text, for e-mails: "Quý III/2023 (hạn thực tế: 29/09/2023)"."""
    written, effective = deadlines.task_deadline(task)
    if effective is None:
        return written
    return "{} ({})".format(written, _("hạn thực tế: %(day)s") % {"day": f"{effective:%d/%m/%Y}"})


@register.filter
def task_field_label(name: str) -> str:
    """The Vietnamese label of a task field recorded in a change ("lead_unit" → "cơ quan chủ trì"); the name
    itself when the task has no such field (an old row)."""
    from django.core.exceptions import FieldDoesNotExist

    from ..models import Task

    try:
        return str(Task._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


@register.filter
def coordinating(task) -> str:
    """The coordinating column of a printed plan: units and the plan's other partners ("Các sở, ngành"),
    "; " between them (tasks.exports.coordinating_names)."""
    from ..exports import coordinating_names

    return "; ".join(coordinating_names(task))


@register.filter
def task_years(tasks) -> list[dict]:
    """A conclusion's tasks once each: a task carried over to the next plans has a copy a year; they
    are shown as one entry "KL6 (Sở Nội vụ): 2023, 2024" whose years link to each year's copy.
    `tasks`: with lead_unit and plan loaded, ordered by code then plan year. Returns
    [{"code", "unit", "years": [(year, task pk), ...]}] in the order of `tasks`."""
    groups: dict[tuple[str, int], dict] = {}
    for task in tasks:
        group = groups.setdefault(
            (task.code, task.lead_unit_id), {"code": task.code, "unit": task.lead_unit.name, "years": []}
        )
        group["years"].append((task.plan.year, task.pk))
    return list(groups.values())
