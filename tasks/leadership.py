"""The leadership dashboard: where the provincial plan stands, by area, unit and member; late work;
pilot units. A fixed number of queries whatever the plan's size (grouped in the database)."""

from collections import defaultdict
from datetime import date

from django.utils.translation import gettext as _

from members.selectors import provincial_committee

from . import charts, pilots
from . import status as st
from .models import Plan, Task

TOP = 15


def current_plan(today: date) -> Plan | None:
    committee = provincial_committee()
    if committee is None:
        return None
    plans = Plan.objects.filter(committee=committee).select_related("committee")
    return plans.filter(year=today.year).first() or plans.filter(year__lte=today.year).order_by("-year").first()


def progress_rows(plan: Plan, *, today: date) -> list[dict]:
    """One row per task of the plan with its derived status (one query)."""
    fields = (
        "area_id",
        "area__name",
        "area__order",
        "lead_unit_id",
        "lead_unit__name",
        "responsible_id",
        "responsible__full_name",
    )
    rows = st.status_rows(Task.objects.filter(plan=plan), today=today, fields=fields)
    for r in rows:
        r["n"] = 1
        r["percent_sum"] = r["latest_percent"] or 0
    return rows


def _fold(rows: list[dict], key: str, label: str, order_key=None) -> list[dict]:
    groups: dict = defaultdict(lambda: {"counts": dict.fromkeys(st.ORDER, 0), "percent_sum": 0, "n": 0})
    labels = {}
    orders = {}
    for r in rows:
        k = r[key]
        g = groups[k]
        g["counts"][r["status_code"]] += r["n"]
        done = r["status_code"] in st.DONE
        g["percent_sum"] += 100 * r["n"] if done else (r["percent_sum"] or 0)
        g["n"] += r["n"]
        labels[k] = r[label] or _("(chưa giao)")
        orders[k] = r[order_key] if order_key else None
    out = []
    for k, g in groups.items():
        out.append(
            {
                "key": k,
                "label": labels[k],
                "counts": g["counts"],
                "total": g["n"],
                "percent": g["percent_sum"] / g["n"] if g["n"] else None,
                "late": g["counts"][st.OVERDUE] + g["counts"][st.DONE_LATE],
                "order": orders[k],
            }
        )
    return out


def dashboard(*, today: date) -> dict:
    plan = current_plan(today)
    if plan is None:
        return {"plan": None}
    rows = progress_rows(plan, today=today)
    by_area = sorted(_fold(rows, "area_id", "area__name", "area__order"), key=lambda r: (r["order"] or 0, r["label"]))
    by_unit = sorted(
        _fold(rows, "lead_unit_id", "lead_unit__name"), key=lambda r: (-r["late"], -r["total"], r["label"])
    )
    by_member = sorted(
        _fold(rows, "responsible_id", "responsible__full_name"),
        key=lambda r: (-r["late"], -r["total"], str(r["label"])),
    )
    totals = dict.fromkeys(st.ORDER, 0)
    for r in rows:
        totals[r["status_code"]] += r["n"]
    total = sum(totals.values())
    late_ids = [r["pk"] for r in rows if r["status_code"] in (st.OVERDUE, st.DONE_LATE)]
    late = (
        st.annotate_status(Task.objects.filter(pk__in=late_ids[:500]), today=today)
        .select_related("lead_unit", "responsible")
        .order_by("due_date", "code")[:10]
    )
    return {
        "plan": plan,
        "today": today,
        "total": total,
        "totals": [{"code": c, "label": st.LABELS[c], "badge": st.BADGES[c], "n": totals[c]} for c in st.ORDER],
        "done_rate": round(100 * (totals[st.DONE_ON_TIME] + totals[st.DONE_LATE]) / total) if total else 0,
        "area_chart": charts.stacked_bars(by_area, title=_("Tiến độ theo lĩnh vực")),
        "unit_chart": charts.stacked_bars(by_unit[:TOP], title=_("Tiến độ theo cơ quan chủ trì")),
        "member_chart": charts.stacked_bars(by_member[:TOP], title=_("Tiến độ theo thành viên phụ trách")),
        "units_more": max(0, len(by_unit) - TOP),
        "members_more": max(0, len(by_member) - TOP),
        "late_tasks": [(t, st.info(t.status_code)) for t in late],
        "pilots": pilots.comparison(plan=plan, today=today, tasks=Task.objects.filter(plan=plan)),
    }
