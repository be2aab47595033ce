"""The review board's rows as the page reads them (reviews/board.py `review_board(page=True)`): light rows to count
and group, their units, areas and people read once each, and the few rows a table shows read as tasks."""

from typing import TYPE_CHECKING, cast

from members.models import Person, ReformArea, Unit
from tasks.models import Task

if TYPE_CHECKING:
    from .board import BoardRow

# The task fields the board's page shows (its tables and groupings: tasks/templatetags `deadline` included).
PAGE_FIELDS = (
    "code",
    "title",
    "is_demo",
    "lead_unit",
    "responsible",
    "area",
    "due_kind",
    "due_date",
    "effective_due_date",
    "recurrence",
)


# What a light row of the page's board carries (`review_board(page=True)`).
LIGHT = ("pk", "lead_unit_id", "responsible_id", "area_id", "has_report", "first_submitted_at", "returned")


class LightRow:
    """One owing task on the page's board, without its model (`LIGHT`, then what `review_board` adds: its unit,
    area and person, outcome and pilot mark): thousands of them at province scale, so slotted and built from
    the query's tuples directly."""

    __slots__ = (*LIGHT, "lead_unit", "area", "responsible", "outcome", "is_pilot")

    def __init__(self, values: tuple) -> None:
        (
            self.pk,
            self.lead_unit_id,
            self.responsible_id,
            self.area_id,
            self.has_report,
            self.first_submitted_at,
            self.returned,
        ) = values


def attach_related(rows: "list[BoardRow]") -> None:
    """Give each row its lead unit, area and responsible member, read once each (three queries) instead of
    joined into every row: thousands of owing tasks share a few hundred units and people, and building a
    model per row and per relation was most of a province-scale board's cost. Rows are tasks or, for the
    page, light rows (`LIGHT`)."""
    units = Unit.objects.in_bulk({t.lead_unit_id for t in rows})
    areas = ReformArea.objects.in_bulk({t.area_id for t in rows})
    people = Person.objects.in_bulk({t.responsible_id for t in rows if t.responsible_id is not None})
    for task in rows:
        _relate(task, units[task.lead_unit_id], areas[task.area_id], people.get(task.responsible_id))


def _relate(task, unit: Unit, area: ReformArea, person: Person | None) -> None:
    if isinstance(task, Task):
        Task.lead_unit.field.set_cached_value(task, unit)
        Task.area.field.set_cached_value(task, area)
        Task.responsible.field.set_cached_value(task, person)
    else:
        task.lead_unit, task.area, task.responsible = unit, area, person


def page_rows(rows: list) -> "list[BoardRow]":
    """The light rows of `review_board(page=True)` that a page's table shows, as tasks with the fields the
    table shows (PAGE_FIELDS) and the row's board figures, in the same order; one query."""
    tasks = Task.objects.only(*PAGE_FIELDS).in_bulk([row.pk for row in rows])
    shown = []
    for row in rows:
        task = tasks[row.pk]
        for name in ("has_report", "first_submitted_at", "returned", "outcome", "is_pilot"):
            setattr(task, name, getattr(row, name))
        _relate(task, row.lead_unit, row.area, row.responsible)
        shown.append(task)
    return cast("list[BoardRow]", shown)
