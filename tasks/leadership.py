"""The leadership dashboard: where the provincial plan of a year stands, by area, unit and member; late
work; pilot units. A fixed number of queries whatever the plan's size (grouped in the database)."""

from datetime import date

from django.db.models import F
from django.utils.translation import gettext as _

from members.selectors import provincial_committee

from . import charts, day_status, pilots
from . import status as st
from .models import Plan, Task
from .selectors import YearChoice, choose_year
from .yearend_models import PlanClosing

TOP = 15


def current_plan(today: date) -> Plan | None:
    """The provincial committee's plan of today's year, or else of the latest year before it (never a
    later year's draft); None when there is none (tasks.selectors.choose_year)."""
    committee = provincial_committee()
    return None if committee is None else choose_year(asked=None, today=today, committee=committee).plan


def provincial_year_choice(*, asked: int | None, today: date, error: str = "") -> YearChoice:
    """The year the dashboard shows (`asked`, or the default of tasks.selectors.choose_year) among the
    provincial committee's plan years, with its plan; two queries."""
    committee = provincial_committee()
    if committee is None:
        return YearChoice(year=asked or today.year, years=(today.year,), error=error)
    return choose_year(asked=asked, today=today, committee=committee, error=error)


AREA = ("area_id", "area__name", "area__order")
UNIT = ("lead_unit_id", "lead_unit__name")
MEMBER = ("responsible_id", "responsible__full_name")


def _groups(rows: list[dict], key: str, label: str, order_key=None) -> list[dict]:
    out = []
    for r in rows:
        counts = {code: r[f"n_{code}"] for code in st.ORDER}
        n = r["n"]
        out.append(
            {
                "key": r[key],
                "label": r[label] or _("(chưa giao)"),
                "counts": counts,
                "total": n,
                "percent": (r["percent_sum"] or 0) / r["n_reported"] if r["n_reported"] else None,
                "late": counts[st.OVERDUE] + counts[st.DONE_LATE],
                "order": r[order_key] if order_key else None,
            }
        )
    return out


def dashboard(*, today: date, choice: YearChoice) -> dict:
    """The dashboard of the chosen year's plan (`choice.plan`), with statuses as of `today`, or, for a year whose
    books are closed, as of the closing's day (`closed_on`: the figures its plan page shows); without a plan
    only the choice (the page says there is no plan that year)."""
    plan = choice.plan
    if plan is None:
        return {"plan": None, "choice": choice, "today": today}
    closed_on = None
    if plan.closed_at:  # a closed year stands as it was closed, as on its plan page (tasks/views/plan.py)
        closed_on = PlanClosing.objects.filter(plan=plan).values_list("as_of", flat=True).first()
        today = closed_on or today
    tasks = Task.objects.filter(plan=plan)
    stamped = day_status.ready(tasks, today=today)  # once for every count below (tasks/day_status.py)
    # One grouped query per breakdown: each returns a row per area, unit or member. (A single pass by area ×
    # unit × member, summed here, returned a row per task at ten times the plan: 140 ms against 51 ms.)
    by_area = sorted(
        _groups(
            st.grouped_counts(tasks, today=today, keys=AREA, stamped=stamped), "area_id", "area__name", "area__order"
        ),
        key=lambda r: (r["order"] or 0, r["label"]),
    )
    by_unit_rows = st.grouped_counts(tasks, today=today, keys=UNIT, stamped=stamped)
    by_unit = sorted(
        _groups(by_unit_rows, "lead_unit_id", "lead_unit__name"),
        key=lambda r: (-r["late"], -r["total"], r["label"]),
    )
    by_member = sorted(
        _groups(
            st.grouped_counts(tasks, today=today, keys=MEMBER, stamped=stamped),
            "responsible_id",
            "responsible__full_name",
        ),
        key=lambda r: (-r["late"], -r["total"], str(r["label"])),
    )
    no_tasks = _("Kế hoạch chưa có nhiệm vụ nào (trừ nhiệm vụ đã hủy), nên chưa có số liệu để vẽ biểu đồ.")
    totals = dict.fromkeys(st.ORDER, 0)
    for g in by_area:
        for code in st.ORDER:
            totals[code] += g["counts"][code]
    total = sum(totals.values())
    late_codes = (st.OVERDUE, st.DONE_LATE)
    if stamped:  # today's stamps: the plan's late tasks straight from the (plan, status) index, no summary join
        late = tasks.filter(day_status__in=late_codes).annotate(status_code=F("day_status"))
    else:
        late = st.annotate_status(tasks, today=today, stamped=False).filter(status_code__in=late_codes)
    late = late.select_related("lead_unit", "responsible").order_by("due_date", "code")[:10]
    return {
        "plan": plan,
        "choice": choice,
        "today": today,
        "closed_on": closed_on,
        "total": total,
        "totals": [{"code": c, "label": st.LABELS[c], "badge": st.BADGES[c], "n": totals[c]} for c in st.ORDER],
        "done_rate": round(100 * (totals[st.DONE_ON_TIME] + totals[st.DONE_LATE]) / total) if total else 0,
        "area_chart": charts.stacked_bars(by_area, title=_("Tiến độ theo lĩnh vực"), empty=no_tasks),
        "unit_chart": charts.stacked_bars(by_unit[:TOP], title=_("Tiến độ theo cơ quan chủ trì"), empty=no_tasks),
        "member_chart": charts.stacked_bars(
            by_member[:TOP], title=_("Tiến độ theo thành viên phụ trách"), empty=no_tasks
        ),
        "units_more": max(0, len(by_unit) - TOP),
        "members_more": max(0, len(by_member) - TOP),
        "late_tasks": [(t, st.info(t.status_code)) for t in late],
        "pilots": pilots.comparison(plan=plan, today=today, unit_rows=by_unit_rows),
    }
