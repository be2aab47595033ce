"""The home page: what each role sees first. Apps' panels are added here.

The committee's roster, the work-plan dashboard and the hotline counts read the same data for everyone
who sees them (bar the secretariat's roster actions), so each is rendered once per data version, day
and language (and, for the work plan, the year asked for in `?year=`) and kept in the shared cache
(core/shared_cache.py). A `?year=` that is not a year shows this year's plan with the error, answered 400.
"""

from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import timezone

from core import shared_cache
from core.roles import Role, has_role


def home_context(request) -> dict:
    """The home page's panels for the user, in the order their role reads them, and the page's `status`
    (400 when `?year=` is not a year).

    - a focal point or a member: their own work first ("Việc của tôi": what to report this month, what was
      returned, what is overdue), then (members) the roster and the work plan;
    - the secretariat: the calendar warning, the review queue, the roster it keeps, the work plan;
    - leadership: the work plan's charts first, then the hotline, then the roster;
    - a hotline operator: the hotline.
    """
    user = request.user
    today = timezone.localdate()
    panels: dict[str, str] = {}
    status = 200
    if has_role(user, Role.SECRETARIAT):
        from core.calendar import unofficial_next_year

        year = unofficial_next_year(today)
        if year is not None:
            panels["calendar"] = render_to_string("core/_calendar_warning.html", {"year": year}, request)
    if has_role(user, Role.SECRETARIAT, Role.MEMBER, Role.FOCAL_POINT):
        from tasks.views.mywork import home_panel

        panels["work"] = home_panel(user, today)
    if has_role(user, Role.SECRETARIAT, Role.LEADERSHIP, Role.MEMBER):
        from members.permissions import can_change_roster
        from members.selectors import roster_context
        from tasks.leadership import dashboard, provincial_year_choice
        from tasks.selectors import parse_year

        def roster() -> str:
            context = roster_context(day=today)
            return render_to_string("members/_roster.html", context, request) if context["committee"] else ""

        try:
            year, error = parse_year(request.GET.get("year")), ""
        except ValidationError as e:
            year, error, status = None, e.messages[0], 400

        def work_plan() -> str:
            choice = provincial_year_choice(asked=year, today=today, error=error)
            data = dashboard(today=today, choice=choice)
            return render_to_string("tasks/_dashboard.html", {"panel": {"data": data}}, request)

        # The roster reads only the committee's data, so a progress report leaves it cached.
        panels["roster"] = shared_cache.cached(
            "home-roster", (shared_cache.MEMBERS,), (today, can_change_roster(user)), roster
        )
        # A refused year is not kept: its message quotes what was typed.
        panels["plan"] = (
            work_plan() if error else shared_cache.cached("home-work-plan", shared_cache.WORK, (today, year), work_plan)
        )
    if has_role(user, Role.HOTLINE_OPERATOR, Role.LEADERSHIP):
        from hotline.selectors import inbox_counts

        def hotline() -> str:
            return render_to_string("hotline/_home_panel.html", {"panel": {"data": inbox_counts(today=today)}})

        panels["hotline"] = shared_cache.cached("home-hotline", (shared_cache.HOTLINE,), (today,), hotline)
    leader_first = has_role(user, Role.LEADERSHIP) and not has_role(user, Role.SECRETARIAT)
    order = (
        ("calendar", "work", "plan", "hotline", "roster")
        if leader_first
        else ("calendar", "work", "roster", "plan", "hotline")
    )
    return {"panels": [panels[name] for name in order if panels.get(name)], "status": status}
