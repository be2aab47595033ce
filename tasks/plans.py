"""Writing the plan: plans, their approval, and members' personal plans (tasks: tasks/tasklist.py).

The rules of a plan:
- one plan per committee and year, for a year from 2000 to 2100;
- a plan is made only for a committee in operation in its year (`committees_in_operation`: its unit
  works on some day of the year and its establishing document is not dated after the year); an ended
  committee (a district's, since district-level units ended in 2025) is not offered for a later year;
- approval cites a document (recorded by `members.decisions.record_decision`), once; a refused
  approval records nothing. The document is dated neither before the committee's establishment
  (its establishing document's date) nor outside the window from 1 January of the year before the
  plan's year to 31 December of the plan's year (plans are approved late in the previous year or
  during their year), nor in the future (the forms' date limit); a plan with no task (cancelled tasks
  do not count) is not approved;
- an approved plan keeps its year: the year is what its tasks' deadlines, the monthly reviews and
  the reports hang on, and the approving document names it. A plan written for the wrong year is
  replaced by a plan for the right one, not renumbered (the title may still be corrected; the
  history keeps every version). A draft's year may change while none of its tasks falls due
  before the new year and no progress has been reported on it.
"""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from core import history
from core.versions import check_version
from members.decisions import NewDecision, cite
from members.models import Assignment, Committee, Decision, Membership, Person

from . import deadlines
from .models import PersonalPlan, Plan, ProgressReport, Task

FIRST_YEAR, LAST_YEAR = 2000, 2100


_stamp = history.stamp


def check_year(year: int) -> None:
    """Refuse a plan year outside 2000–2100 (ValidationError keyed "year")."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError({"year": _("Năm kế hoạch không hợp lệ.")})


def plan_year(raw, initial: dict) -> int:
    """The year a new plan's form is about: the posted `raw` when it is a plan year, else the form's initial
    year, else this year (the committees offered are those in operation that year)."""
    text = str(raw or "").strip()
    year = int(text) if text.isdigit() else initial.get("year")
    return year if isinstance(year, int) and FIRST_YEAR <= year <= LAST_YEAR else timezone.localdate().year


def committees_in_operation(year: int, keep=()) -> QuerySet[Committee]:
    """The committees in operation in `year`: their unit had begun by 31 December and had not ended before
    1 January (it works on some day of the year), and their establishing document, when known, is dated by
    31 December; plus `keep` (ids: the committee a plan already names, kept when it is edited)."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    working = (
        (Q(unit__valid_from__isnull=True) | Q(unit__valid_from__lte=last))
        & (Q(unit__valid_to__isnull=True) | Q(unit__valid_to__gte=first))
        & (Q(established_by__isnull=True) | Q(established_by__date__lte=last))
    )
    return Committee.objects.filter(working | Q(pk__in=keep))


def check_committee(*, committee: Committee, year: int) -> None:
    """Refuse a plan of `year` for a committee not in operation that year (`committees_in_operation`).
    Raises ValidationError keyed "committee"."""
    if committees_in_operation(year).filter(pk=committee.pk).exists():
        return
    unit = committee.unit
    if unit.valid_to is not None and unit.valid_to < date(year, 1, 1):
        message = _("%(committee)s đã thôi hoạt động từ ngày %(day)s: không lập kế hoạch năm %(year)s được.") % {
            "committee": committee,
            "day": f"{unit.ended_on:%d/%m/%Y}",
            "year": year,
        }
    else:
        message = _("%(committee)s chưa hoạt động trong năm %(year)s: không lập kế hoạch năm đó được.") % {
            "committee": committee,
            "year": year,
        }
    raise ValidationError({"committee": message})


@transaction.atomic
def create_plan(*, committee: Committee, year: int, title: str, is_demo: bool = False, by=None) -> Plan:
    """A new draft plan of the committee for the year. Raises ValidationError (year; committee not in
    operation that year, `check_committee`; one plan a year)."""
    check_year(year)
    check_committee(committee=committee, year=year)
    plan = Plan(committee=committee, year=year, title=title, is_demo=is_demo)
    plan.full_clean()
    _stamp(plan, by)
    plan.save()
    return plan


def check_open(plan: Plan) -> None:
    """Refuse any change to the work of a closed plan year: its figures are frozen at the closing
    (tasks/yearend.py) and it owes nothing more. Raises ValidationError (not keyed to a field)."""
    if plan.closed_at is not None:
        raise ValidationError(
            _("Kế hoạch năm %(year)s đã khóa sổ: không thêm hay sửa nhiệm vụ, không sửa kế hoạch được nữa.")
            % {"year": plan.year}
        )


def check_plan_edit(*, plan: Plan, year: int) -> None:
    """Refuse a year the plan may not take (see the module's rules). Raises ValidationError keyed "year"."""
    check_open(plan)
    check_year(year)
    if year == plan.year:
        return
    if plan.status == Plan.Status.APPROVED:
        raise ValidationError(
            {
                "year": _(
                    "Kế hoạch đã phê duyệt: không thể đổi năm kế hoạch. Nếu năm ghi sai, hãy lập kế hoạch mới cho "
                    "đúng năm."
                )
            }
        )
    early = Task.objects.filter(plan=plan, due_date__lt=date(year, 1, 1)).order_by("due_date", "code").first()
    if early is not None:
        raise ValidationError(
            {
                "year": _("Nhiệm vụ %(code)s có thời hạn %(day)s, trước năm %(year)s: hãy sửa thời hạn trước.")
                % {"code": early.code, "day": f"{early.due_date:%d/%m/%Y}", "year": year}
            }
        )
    if ProgressReport.objects.filter(task__plan=plan).exists():
        raise ValidationError({"year": _("Kế hoạch đã có báo cáo tiến độ: không thể đổi năm kế hoạch.")})


@transaction.atomic
def update_plan(*, plan: Plan, title: str, year: int, by=None, version: int | None = None) -> Plan:
    """Correct a plan's title or (for a draft) its year. Raises ValidationError keyed "year" or "title", or
    `core.versions.StaleEdit` when the form was drawn from `version` and the title or year changed since."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    check_version(plan, version, fields=("title", "year"))
    check_plan_edit(plan=plan, year=year)
    plan.title, plan.year = title, year
    plan.full_clean()
    _stamp(plan, by)
    plan.save()
    return plan


def check_approval(*, plan: Plan, decision: Decision | NewDecision | None) -> None:
    """Refuse an approval that may not happen: the plan is approved already; no document is cited; the
    document is dated before the committee was established (its establishing document's date) or outside
    1 January of the year before the plan's year – 31 December of the plan's year (a plan is approved late
    in the previous year or during its year: a 2027 plan is not approved by a document of 10/01/2020);
    the plan has no task (cancelled ones do not count). A date in the future is refused by the forms'
    date limit. Raises ValidationError: keyed "decision" (a chosen document) or "decision_date" (a typed
    one) for the date, not keyed otherwise. Source: the module's rules (docs/domain.md, "Reform areas and
    plans")."""
    if plan.status == Plan.Status.APPROVED:
        raise ValidationError(_("Kế hoạch đã được phê duyệt."))
    if decision is None:
        raise ValidationError({"decision": _("Phê duyệt kế hoạch phải căn cứ một văn bản.")})
    _check_approval_date(plan, decision)
    if not Task.objects.filter(plan_id=plan.pk, cancelled_at__isnull=True).exists():
        raise ValidationError(
            _("Kế hoạch chưa có nhiệm vụ nào (không tính nhiệm vụ đã hủy): hãy thêm nhiệm vụ trước khi phê duyệt.")
        )


def _check_approval_date(plan: Plan, decision: Decision | NewDecision) -> None:
    day = decision.date
    if day is None:  # a typed document without its date: members.decisions refuses it
        return
    field = "decision_date" if isinstance(decision, NewDecision) else "decision"
    founding = plan.committee.established_by_id
    established = Decision.objects.filter(pk=founding).values_list("date", flat=True).first() if founding else None
    if established is not None and day < established:
        raise ValidationError(
            {
                field: _(
                    "Văn bản ngày %(day)s ban hành trước khi %(committee)s được thành lập (%(founded)s): không thể "
                    "là văn bản phê duyệt kế hoạch của Ban."
                )
                % {"day": f"{day:%d/%m/%Y}", "committee": plan.committee, "founded": f"{established:%d/%m/%Y}"}
            }
        )
    first, last = date(plan.year - 1, 1, 1), date(plan.year, 12, 31)
    if not first <= day <= last:
        raise ValidationError(
            {
                field: _(
                    "Kế hoạch năm %(year)s được phê duyệt bằng văn bản ban hành từ ngày %(first)s đến ngày %(last)s: "
                    "văn bản ngày %(day)s không phải văn bản phê duyệt kế hoạch này."
                )
                % {
                    "year": plan.year,
                    "first": f"{first:%d/%m/%Y}",
                    "last": f"{last:%d/%m/%Y}",
                    "day": f"{day:%d/%m/%Y}",
                }
            }
        )


@transaction.atomic
def approve_plan(*, plan: Plan, decision: Decision | NewDecision | None, now: datetime, by=None) -> Plan:
    """Approve a draft plan under the cited document (a chosen one, or a typed one recorded here).

    One transaction, with the plan row locked: a refused approval (already approved, no document, a
    document that cannot be recorded) saves nothing, and two approvals at once cannot both pass.
    Raises ValidationError (keyed decision / decision_number / decision_date / decision_issuer)."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    check_approval(plan=plan, decision=decision)
    plan.status = Plan.Status.APPROVED
    plan.approved_by = cite(decision, by=by)
    plan.approved_at = now
    plan.full_clean()
    _stamp(plan, by)
    plan.save()
    return plan


def draft_plan(*, committee: Committee, year: int, is_demo: bool = False) -> Plan:
    """An unsaved draft plan for the committee and year, titled as `plan_for` would create it."""
    title = _("Kế hoạch cải cách hành chính năm %(year)s — %(committee)s") % {"year": year, "committee": committee}
    return Plan(committee=committee, year=year, title=title[:300], is_demo=is_demo)


def plan_for(*, committee: Committee, year: int, is_demo: bool = False) -> Plan:
    """The committee's plan for the year, created as a draft if it does not exist yet (writes: call it
    only when saving something into the plan)."""
    plan = Plan.objects.filter(committee=committee, year=year).first()
    if plan:
        return plan
    draft = draft_plan(committee=committee, year=year, is_demo=is_demo)
    return create_plan(committee=committee, year=year, title=draft.title, is_demo=is_demo)


def personal_plan_prefill(*, person: Person, year: int) -> str:
    """A first draft of a member's plan: their assignments (areas, units) and their tasks."""
    day = date(year, 12, 31)
    lines = [_("KẾ HOẠCH CÁ NHÂN NĂM %(year)s — %(name)s") % {"year": year, "name": person.full_name}, ""]
    assignments = (
        Assignment.objects.filter(membership__person=person, start__lte=day)
        .exclude(end__lt=date(year, 1, 1))
        .prefetch_related("areas", "units", "sectors")
    )
    for a in assignments:
        areas = ", ".join(x.name for x in a.areas.all())
        units = ", ".join(x.name for x in a.units.all())
        if areas:
            lines.append(_("- Lĩnh vực phụ trách: %(areas)s") % {"areas": areas})
        if units:
            lines.append(_("- Đơn vị, địa bàn theo dõi: %(units)s") % {"units": units})
    tasks = Task.objects.filter(responsible=person, plan__year=year, cancelled_at__isnull=True).order_by("code")
    if tasks:
        lines.append("")
        lines.append(_("Nhiệm vụ được giao phụ trách:"))
        for t in tasks:
            due = deadlines.task_deadline(t)[0]
            lines.append(f"- {t.code}. {t.title} ({due})")
    return "\n".join(lines)


@transaction.atomic
def save_personal_plan(
    *,
    person: Person,
    year: int,
    content: str,
    self_assessment: str,
    now: datetime,
    version: int | None = None,
) -> PersonalPlan:
    """Write a member's plan of the year and their self-assessment (`assessed_at` moves only when the
    assessment changes). `version` is the plan's version the form was drawn from (None: not checked; 0:
    the form was drawn before the plan existed). Raises ValidationError for someone who sits on no
    committee, `core.versions.StaleEdit` when the plan was saved elsewhere meanwhile."""
    if not Membership.objects.filter(person=person).exists():
        raise ValidationError(_("Chỉ thành viên Ban Chỉ đạo mới có kế hoạch cá nhân."))
    plan, created = PersonalPlan.objects.select_for_update().get_or_create(person=person, year=year)
    if not created:  # a form drawn before the plan existed carries 0: whoever wrote it meanwhile is listed
        # Such a form showed the first draft (personal_plan_prefill), not an empty content.
        prefill = {"content": personal_plan_prefill(person=person, year=year)} if version == 0 else None
        check_version(plan, version, fields=("content", "self_assessment"), prefill=prefill)
    plan.content = content
    if self_assessment.strip() and self_assessment != plan.self_assessment:
        plan.self_assessment = self_assessment
        plan.assessed_at = now
    plan.full_clean()
    plan.save()
    return plan
