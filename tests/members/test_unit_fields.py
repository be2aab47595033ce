"""Forms never offer an ended unit for new work, and refuse one posted anyway with a Vietnamese message.

On 01/03/2025 the department of planning merged into finance. In 2026 no form offers it for new work
(a task's lead and coordinating units, a pilot unit, an assignment, a new member's unit, a hotline
report's handling unit); a task being edited keeps the unit it names; a past plan year offers the units
of that year. Time is set with time-machine (the forms read today's date).
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from hotline import workflow
from hotline.forms import ReportForm, RouteForm
from hotline.models import Category
from hotline.reference import ensure_categories
from members.forms import AppointForm, AssignmentForm
from members.models import Unit
from members.unit_fields import day_in_year, unit_label
from tasks.forms import CascadeForm, PilotForm, TaskForm
from tests import factories as f
from tests.hotline.conftest import make_report
from tests.tasks import builders as b

pytestmark = pytest.mark.django_db

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
IN_2026 = datetime(2026, 3, 2, 9, 0, tzinfo=TZ)


@pytest.fixture
def finance(province):
    return f.UnitFactory(code="STC", name="Sở Tài chính", parent=province)


@pytest.fixture
def planning(province, finance):
    unit = f.UnitFactory(code="SKHDT", name="Sở Kế hoạch và Đầu tư", parent=province, valid_to=date(2025, 2, 28))
    unit.successors.set([finance])
    return unit


@pytest.fixture
def commune(province):
    """A ward the secretariat added, working from 01/07/2025."""
    return f.UnitFactory(code="P-VP", name="Phường Vinh Phú", kind=Unit.Kind.COMMUNE, valid_from=date(2025, 7, 1))


@pytest.fixture(autouse=True)
def _in_2026():
    with time_machine.travel(IN_2026, tick=False):
        yield


def offered(field) -> set[int]:
    return {int(str(value)) for value, _label in field.choices if str(value) != ""}


ENDED = "“Sở Kế hoạch và Đầu tư” đã kết thúc hoạt động từ ngày 01/03/2025: không giao việc mới cho đơn vị này."


def task_data(lead, coordinating=(), **overrides):
    data = {
        "code": "5",
        "title": "Rà soát quy trình nội bộ",
        "area": f.area().pk,
        "lead_unit": lead.pk,
        "coordinating_units": [u.pk for u in coordinating],
        "due_date": "2026-06-30",
        "recurrence": "once",
        "expected_output": "report",
    }
    data.update(overrides)
    return data


def test_a_task_form_offers_only_units_working_in_its_plan_year(committee, planning, finance, commune):
    form = TaskForm(plan=b.plan(committee, 2026))
    for name in ("lead_unit", "coordinating_units"):
        assert planning.pk not in offered(form.fields[name])
        assert {finance.pk, commune.pk} <= offered(form.fields[name])


def test_a_task_form_refuses_an_ended_lead_or_coordinating_unit_naming_its_successor(committee, planning, finance):
    plan = b.plan(committee, 2026)
    form = TaskForm(task_data(planning), plan=plan)
    assert not form.is_valid()
    assert form.errors["lead_unit"] == [ENDED + " Đơn vị kế thừa: Sở Tài chính."]
    form = TaskForm(task_data(finance, coordinating=[planning]), plan=plan)
    assert not form.is_valid()
    assert form.errors["coordinating_units"] == [ENDED + " Đơn vị kế thừa: Sở Tài chính."]


def test_a_unit_not_yet_working_is_refused_with_its_first_day(committee, commune):
    form = TaskForm(task_data(commune, due_date="2025-06-30"), plan=b.plan(committee, 2025))
    # The 2025 plan, in 2026, gives work as at 31/12/2025: the ward works by then.
    assert form.is_valid(), form.errors
    early = Unit.objects.create(code="X1", name="Xã mới", kind=Unit.Kind.COMMUNE, valid_from=date(2027, 1, 1))
    form = TaskForm(task_data(early), plan=b.plan(committee, 2026))
    assert not form.is_valid()
    assert form.errors["lead_unit"] == ["“Xã mới” chỉ hoạt động từ ngày 01/01/2027."]


def test_a_past_plan_year_offers_the_units_of_that_year(committee, planning, commune):
    form = TaskForm(plan=b.plan(committee, 2024))
    assert planning.pk in offered(form.fields["lead_unit"])
    assert commune.pk not in offered(form.fields["lead_unit"])
    assert day_in_year(2024, date(2026, 3, 2)) == date(2024, 12, 31)
    assert day_in_year(2027, date(2026, 3, 2)) == date(2027, 1, 1)
    assert day_in_year(2026, date(2026, 3, 2)) == date(2026, 3, 2)


def test_editing_a_task_keeps_the_ended_unit_it_names_shown_as_ended(committee, planning, finance, department):
    plan = b.plan(committee, 2026)
    task = b.task(plan, planning, "5", title="Rà soát quy trình nội bộ", due_date=date(2026, 6, 30))
    task.coordinating_units.set([department])
    form = TaskForm(instance=task, plan=plan)
    labels = {int(str(v)): str(label) for v, label in form.fields["lead_unit"].choices if str(v) != ""}
    assert labels[planning.pk] == "Sở Kế hoạch và Đầu tư (đã kết thúc từ 01/03/2025)"
    bound = TaskForm(task_data(planning, coordinating=[department]), instance=task, plan=plan)
    assert bound.is_valid(), bound.errors
    # ...but an ended unit the task does not name there yet is refused.
    bound = TaskForm(task_data(finance, coordinating=[department, planning]), instance=task, plan=plan)
    assert not bound.is_valid()
    assert bound.errors["coordinating_units"][0].startswith(ENDED)


def test_a_pilot_form_does_not_offer_an_ended_unit(committee, planning, finance):
    plan = b.plan(committee, 2026)
    form = PilotForm(plan=plan)
    assert planning.pk not in offered(form.fields["unit"]) and finance.pk in offered(form.fields["unit"])
    form = PilotForm({"unit": planning.pk, "reason": "Chỉ số thấp"}, plan=plan)
    assert not form.is_valid()
    assert form.errors["unit"][0].startswith(ENDED)


def test_assignment_and_appointment_forms_offer_only_working_units(committee, planning, finance, department):
    form = AssignmentForm()
    assert planning.pk not in offered(form.fields["units"]) and finance.pk in offered(form.fields["units"])
    bound = AssignmentForm({"units": [planning.pk], "start": "02/03/2026"})
    assert not bound.is_valid()
    assert bound.errors["units"][0].startswith(ENDED)
    membership = f.MembershipFactory(committee=committee)
    assignment = f.AssignmentFactory(membership=membership, start=date(2023, 4, 11))
    assignment.units.set([planning, department])
    kept = AssignmentForm({"units": [planning.pk, department.pk], "start": "11/04/2023"}, assignment=assignment)
    assert kept.is_valid(), kept.errors
    appoint = AppointForm()
    assert planning.pk not in offered(appoint.fields["unit"]) and finance.pk in offered(appoint.fields["unit"])


def test_hotline_forms_route_only_to_working_units_and_the_service_refuses_an_ended_one(
    planning, finance, operator_user
):
    ensure_categories()
    route = RouteForm()
    assert planning.pk not in offered(route.fields["unit"]) and finance.pk in offered(route.fields["unit"])
    bound = RouteForm({"unit": planning.pk, "days": 10})
    assert not bound.is_valid()
    assert bound.errors["unit"][0].startswith(ENDED)
    assert planning.pk not in offered(ReportForm().fields["unit_concerned"])
    report, _pin = make_report({c.code: c for c in Category.objects.all()}, now=IN_2026)
    with pytest.raises(ValidationError, match="đã kết thúc hoạt động từ ngày 01/03/2025"):
        workflow.route(report=report, user=operator_user, unit=planning, days=10, today=IN_2026.date(), now=IN_2026)
    report.refresh_from_db()
    assert report.routed_unit is None


def test_history_names_an_ended_unit_as_it_was(planning, finance):
    assert unit_label(planning, date(2025, 1, 1)) == "Sở Kế hoạch và Đầu tư"
    assert unit_label(planning) == "Sở Kế hoạch và Đầu tư (đã kết thúc từ 01/03/2025)"
    assert unit_label(finance) == "Sở Tài chính"


def test_a_task_is_cascaded_only_to_committees_whose_unit_still_works(committee, planning, finance):
    district = f.UnitFactory(code="429", name="Huyện Nghi Lộc", kind=Unit.Kind.DISTRICT, valid_to=date(2025, 6, 30))
    ended = f.CommitteeFactory(name="Ban Chỉ đạo huyện Nghi Lộc", kind="district", unit=district, parent=committee)
    working = f.CommitteeFactory(name="Tổ công tác Sở Tài chính", kind="working_group", unit=finance, parent=committee)
    task = b.task(b.plan(committee, 2026), finance, "1", due_date=date(2026, 6, 30))
    offered_ids = {c.pk for c in CascadeForm(task=task).fields["committees"].queryset}
    assert working.pk in offered_ids and ended.pk not in offered_ids
    past = b.task(b.plan(committee, 2024), finance, "1")
    assert ended.pk in {c.pk for c in CascadeForm(task=past).fields["committees"].queryset}
