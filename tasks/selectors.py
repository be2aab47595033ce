"""Who may see and do what with plans, tasks, reports and meetings; permission-checked fetches.

Who sees what:
- the secretariat reads and edits everything; leadership reads everything;
- members and focal points read the plan pages (the committee's adopted programme) and the
  list of tasks, but open a task, its reports and attachments only when the task is theirs:
  they are its responsible member, or their unit (`person.unit`) leads or coordinates it;
- they report on a task when they are its responsible member, or a focal point of its lead unit;
- members (not focal points) read meetings; nobody else sees anything here (403).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import BooleanField, ExpressionWrapper, F, Q, QuerySet, Value
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from core.lookups import InSubquery
from core.roles import Role, has_role
from core.search import search_filter
from members.models import Committee, Person

from .models import AgendaItem, Meeting, Opinion, PilotUnit, Plan, ProgressReport, ReportAttachment, Task

READ_ALL = (Role.SECRETARIAT, Role.LEADERSHIP)
PLAN_READERS = (Role.SECRETARIAT, Role.LEADERSHIP, Role.MEMBER, Role.FOCAL_POINT)
MEETING_READERS = (Role.SECRETARIAT, Role.LEADERSHIP, Role.MEMBER)


def person_of(user) -> Person | None:
    if not user or not user.is_authenticated:
        return None
    try:
        return user.person
    except Person.DoesNotExist:
        return None


def is_secretariat(user) -> bool:
    return has_role(user, Role.SECRETARIAT)


def reads_all(user) -> bool:
    return has_role(user, *READ_ALL)


def require(user, *roles: str) -> None:
    if not has_role(user, *roles):
        raise PermissionDenied


def own_tasks_q(user, prefix: str = "") -> Q:
    """Tasks a member or focal point takes part in: responsible, or their unit leads/coordinates."""
    person = person_of(user)
    if person is None or not has_role(user, Role.MEMBER, Role.FOCAL_POINT):
        return Q(pk__in=[])
    q = Q(**{f"{prefix}responsible": person})
    if person.unit_id:
        q |= Q(**{f"{prefix}lead_unit_id": person.unit_id})
        # As `pk__in`, but in a form PostgreSQL answers from the primary key's index inside this OR
        # (core.lookups.InSubquery): with `IN (subquery)` every list of a focal point's tasks read the table.
        coordinated = Task.coordinating_units.through.objects.filter(unit_id=person.unit_id).values("task_id")
        q |= Q(InSubquery(F(f"{prefix}pk"), coordinated))
    return q


def reportable_q(user, prefix: str = "") -> Q:
    """Tasks the user may report on: responsible member, or focal point of the lead unit."""
    person = person_of(user)
    if person is None:
        return Q(**{f"{prefix}pk__in": []})
    q = Q(**{f"{prefix}pk__in": []})
    if has_role(user, Role.MEMBER, Role.FOCAL_POINT):
        q |= Q(**{f"{prefix}responsible": person})
    if has_role(user, Role.FOCAL_POINT) and person.unit_id:
        q |= Q(**{f"{prefix}lead_unit_id": person.unit_id})
    return q


def visible_tasks(user) -> QuerySet[Task]:
    """The tasks whose pages the user may open."""
    if reads_all(user):
        return Task.objects.all()
    return Task.objects.filter(own_tasks_q(user))


def with_access(tasks: QuerySet[Task], user) -> QuerySet[Task]:
    """Annotate `can_open` so a list links only to the pages the user may open (no extra queries)."""
    if reads_all(user):
        return tasks.annotate(can_open=Value(True, output_field=BooleanField()))
    return tasks.annotate(can_open=ExpressionWrapper(own_tasks_q(user), output_field=BooleanField()))


def can_report(user, task: Task) -> bool:
    if not has_role(user, Role.MEMBER, Role.FOCAL_POINT):  # no person lookup for the secretariat or leadership
        return False
    person = person_of(user)
    if person is None:
        return False
    if task.responsible_id and task.responsible_id == person.pk and has_role(user, Role.MEMBER, Role.FOCAL_POINT):
        return True
    return has_role(user, Role.FOCAL_POINT) and bool(person.unit_id) and person.unit_id == task.lead_unit_id


def get_plan_for_user(user, pk: int) -> Plan:
    require(user, *PLAN_READERS)
    return get_object_or_404(Plan.objects.select_related("committee", "approved_by"), pk=pk)


def get_plan_for_edit(user, pk: int) -> Plan:
    require(user, Role.SECRETARIAT)
    return get_object_or_404(Plan.objects.select_related("committee", "approved_by"), pk=pk)


def get_task_for_user(user, pk: int, *, queryset: QuerySet[Task] | None = None) -> Task:
    """A task the user may read, or 403/404.

    `queryset` chooses what comes with it: a page may pass only what it shows, as PostgreSQL's planning
    time grows fast with the number of joins (about 2.5 ms for the default's ten tables, 0.5 ms for six)."""
    require(user, *PLAN_READERS)
    if queryset is None:
        queryset = Task.objects.select_related(
            "plan",
            "plan__committee",
            "plan__approved_by",
            "area",
            "lead_unit",
            "responsible",
            "parent",
            "conclusion__meeting",
        )
    task = get_object_or_404(queryset, pk=pk)
    if not reads_all(user) and not visible_tasks(user).filter(pk=pk).exists():
        raise PermissionDenied
    return task


def get_task_for_edit(user, pk: int) -> Task:
    require(user, Role.SECRETARIAT)
    return get_object_or_404(Task.objects.select_related("plan", "plan__committee", "lead_unit", "area"), pk=pk)


def get_task_for_report(user, pk: int) -> Task:
    task = get_task_for_user(user, pk)
    if not can_report(user, task):
        raise PermissionDenied
    return task


def get_report_for_review(user, pk: int) -> ProgressReport:
    require(user, Role.SECRETARIAT)
    return get_object_or_404(ProgressReport.objects.select_related("task", "task__plan"), pk=pk)


def reports_for_review(user) -> QuerySet[ProgressReport]:
    """The reports the secretariat may decide on (all of them; whether each is pending is the service's check)."""
    require(user, Role.SECRETARIAT)
    return ProgressReport.objects.select_related("task")


def get_attachment_for_user(user, pk: int) -> ReportAttachment:
    attachment = get_object_or_404(ReportAttachment.objects.select_related("report"), pk=pk)
    get_task_for_user(user, attachment.report.task_id)
    return attachment


def get_meeting_for_user(user, pk: int) -> Meeting:
    require(user, *MEETING_READERS)
    # The committee with what its letterhead is derived from (documents.letterheads).
    meetings = Meeting.objects.select_related("committee__unit", "committee__established_by", "notice__issued_document")
    return get_object_or_404(meetings, pk=pk)


def get_meeting_for_edit(user, pk: int) -> Meeting:
    require(user, Role.SECRETARIAT)
    meetings = Meeting.objects.select_related("committee__unit", "committee__established_by", "notice__issued_document")
    return get_object_or_404(meetings, pk=pk)


def get_agenda_item_for_edit(user, pk: int):
    """An agenda item with its meeting, for the secretariat (403 otherwise, 404 when unknown)."""
    require(user, Role.SECRETARIAT)
    return get_object_or_404(AgendaItem.objects.select_related("meeting__committee"), pk=pk)


def get_opinion_for_edit(user, pk: int):
    """A recorded opinion with its meeting and speaker, for the secretariat (403 otherwise, 404 when unknown)."""
    require(user, Role.SECRETARIAT)
    return get_object_or_404(Opinion.objects.select_related("meeting__committee", "person", "agenda_item"), pk=pk)


def get_pilot_for_edit(user, pk: int):
    """A pilot unit with its plan, for the secretariat (403 otherwise, 404 when unknown)."""
    require(user, Role.SECRETARIAT)
    return get_object_or_404(PilotUnit.objects.select_related("plan__committee", "unit"), pk=pk)


PLAN_ORDER = ("area__order", "area__name", "code")


def plan_tasks(*, plan: Plan, filters: dict, today) -> tuple[QuerySet[Task], dict[str, int], int]:
    """The plan page's tasks (filtered, in display order: grouped by area), status totals, and how many
    tasks the list holds. Cancelled tasks are listed only under the status filter "cancelled"; they are in
    no total, and their number is given apart (`totals[status.CANCELLED]`).

    Everything is done by the database: the totals are one aggregate over the filtered tasks (before
    the status filter, so they show what the other filters leave), and the list is a light query that
    a page slices; `plan_task_rows` then decorates only the rows shown.
    """
    from . import day_status
    from . import status as st
    from .pilots import with_pilot_flag

    qs = Task.objects.filter(plan=plan)
    found = search_filter(filters.get("q"))  # code, title, description; case, diacritics, tone marks folded
    if found is not None:
        qs = qs.filter(found)
    if filters.get("unit"):
        qs = qs.filter(lead_unit=filters["unit"])
    if filters.get("member"):
        qs = qs.filter(responsible=filters["member"])
    if filters.get("area"):
        qs = qs.filter(area=filters["area"])
    if filters.get("focus"):
        qs = qs.filter(is_focus=True)
    if filters.get("pilot"):
        qs = with_pilot_flag(qs, plan).filter(is_pilot=True)
    stamped = day_status.ready(qs, today=today)  # once for the totals and the status filter
    totals = st.status_totals(qs, today=today, with_cancelled=True, stamped=stamped)
    wanted = {code for code in (filters.get("status"), st.OVERDUE if filters.get("overdue") else None) if code}
    if len(wanted) > 1:  # "overdue" and another status: nothing is both
        qs, count = qs.none(), 0
    elif wanted:
        code = wanted.pop()
        qs, count = st.annotate_status(qs, today=today, stamped=stamped).filter(status_code=code), totals[code]
    else:
        qs, count = qs.filter(st.NOT_CANCELLED), sum(totals[code] for code in st.ORDER)
    return qs.order_by(*PLAN_ORDER), totals, count


def plan_task_rows(tasks: QuerySet[Task], *, plan: Plan, user, today) -> QuerySet[Task]:
    """The given tasks with status, roll-up, pilot flag and `can_open`, in plan order (one query; pass a
    page's slice, e.g. `Task.objects.filter(pk__in=page_qs.values("pk"))`, to decorate only that)."""
    from . import status as st
    from .pilots import with_pilot_flag

    qs = with_access(with_pilot_flag(st.with_status(tasks, today=today), plan), user)
    return qs.select_related("area", "lead_unit", "responsible").order_by(*PLAN_ORDER)


def get_conclusion_for_edit(user, pk: int):
    from .models import Conclusion

    require(user, Role.SECRETARIAT)
    return get_object_or_404(Conclusion.objects.select_related("meeting", "meeting__committee"), pk=pk)


@dataclass(frozen=True)
class YearChoice:
    """The plan year a page shows, the years its selector offers, and the committee's plan of that year.

    `years`: every year that has a plan, the current year and the one shown, newest first. `plan`: the
    committee's plan of `year`, or None (no committee asked for, or no plan that year: the page says "Chưa
    có kế hoạch năm N"). `error`: a Vietnamese message when `?year=` was not a year; `year` is then the
    default one and the page answers `status` 400."""

    year: int
    years: tuple[int, ...]
    plan: Plan | None = None
    error: str = ""

    @property
    def status(self) -> int:
        return 400 if self.error else 200


def parse_year(value: str | None) -> int | None:
    """The year of a `?year=` value: None when absent or empty; a ValidationError with a Vietnamese message
    when it is not a year from 2000 to 2100 (the years a plan may have, tasks.plans.check_year)."""
    from .plans import FIRST_YEAR, LAST_YEAR

    raw = (value or "").strip()
    if not raw:
        return None
    year = int(raw) if raw.isascii() and raw.isdigit() and len(raw) == 4 else 0
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(
            _("Năm không hợp lệ: “%(value)s” (từ %(min)s đến %(max)s).")
            % {"value": raw[:20], "min": FIRST_YEAR, "max": LAST_YEAR}
        )
    return year


def choose_year(*, asked: int | None, today: date, committee: Committee | None = None, error: str = "") -> YearChoice:
    """The year to show (`asked`, or by default the plan year of `today`) with the years on offer and the
    committee's plan of that year; one query.

    The default is today's year when it has a plan, otherwise the latest year before it that has one (a
    draft for next year, however recently created, is offered but never opened by default), otherwise
    today's year. Years are those of the committee's plans, or of every committee's when `committee` is
    None (then `plan` is None). `today` is the local date (Asia/Ho_Chi_Minh) the caller reads."""
    plans: dict[int, Plan] = {}
    if committee is not None:
        plans = {p.year: p for p in Plan.objects.filter(committee=committee).select_related("committee", "approved_by")}
        years = set(plans)
    else:
        years = set(Plan.objects.order_by().values_list("year", flat=True).distinct())
    if asked is None:
        past = [y for y in years if y <= today.year]
        asked = today.year if today.year in years or not past else max(past)
    return YearChoice(
        year=asked, years=tuple(sorted(years | {today.year, asked}, reverse=True)), plan=plans.get(asked), error=error
    )


def plan_year_choice(query: Mapping[str, str], *, today: date, committee: Committee | None = None) -> YearChoice:
    """The year a page of a year's work shows, from its `?year=` (see `choose_year`); a value that is not a
    year gives the default year with `error` set, never an exception."""
    try:
        asked = parse_year(query.get("year"))
    except ValidationError as e:
        return choose_year(asked=None, today=today, committee=committee, error=e.messages[0])
    return choose_year(asked=asked, today=today, committee=committee)
