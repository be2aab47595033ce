"""Ending a unit and passing its open work to its successors (members/unit_changes.py).

With time passed in: the department of planning ends on 01/03/2025 and merges into finance; its open
tasks (lead and coordinating), assignment, pilot designation, open hotline report and people pass to
finance in one reviewed step, each move recorded with the document that caused it.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from core.unit_successions import kind_label
from hotline import workflow
from hotline.models import Category, Event, Outbox, Report
from hotline.reference import ensure_categories
from members import unit_changes
from members.decisions import NewDecision
from members.models import Assignment, Decision, Person, Unit, UnitChange, UnitTransfer
from tasks.models import PilotUnit, Plan, Task, TaskChange
from tests import factories as f
from tests.hotline.conftest import make_report
from tests.tasks import builders as b

pytestmark = pytest.mark.django_db

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
ON = date(2025, 3, 1)
NOW = datetime(2025, 3, 3, 9, 0, tzinfo=TZ)


@pytest.fixture
def planning(province):
    return f.UnitFactory(code="SKHDT", name="Sở Kế hoạch và Đầu tư", parent=province)


@pytest.fixture
def finance(province):
    return f.UnitFactory(code="STC", name="Sở Tài chính", parent=province)


@pytest.fixture
def health(province):
    return f.UnitFactory(code="SYT", name="Sở Y tế", parent=province)


@pytest.fixture
def merger(db):
    return f.DecisionFactory(number="45/QĐ-UBND", date=date(2025, 2, 27), issuer="UBND tỉnh Nghệ An")


@pytest.fixture
def plan_2025(committee, merger):
    return b.plan(committee, 2025, status=Plan.Status.APPROVED, approved_by=merger)


@pytest.fixture
def work(plan_2025, committee, planning, department, finance, secretariat_user, director_of_planning):
    """The planning department's open work, and work that is not open (done, cancelled, closed plan)."""
    led = b.task(plan_2025, planning, "1", title="Xây dựng đề án chỉ số DDCI")
    coordinated = b.task(plan_2025, department, "2", title="Rà soát thủ tục đầu tư")
    coordinated.coordinating_units.set([planning])
    done = b.task(plan_2025, planning, "3")
    b.report(done, secretariat_user, 2, 100, status="accepted")
    cancelled = b.task(plan_2025, planning, "4", cancelled_at=NOW)
    closed = b.plan(committee, 2024, closed_at=NOW)
    old = b.task(closed, planning, "1")
    pilot = PilotUnit.objects.create(plan=plan_2025, unit=planning, reason="Chỉ số PAR thấp")
    old_pilot = PilotUnit.objects.create(plan=closed, unit=planning)
    assignment = f.AssignmentFactory(membership=director_of_planning, start=date(2023, 4, 11))
    assignment.units.set([planning, department])
    return {
        "led": led,
        "coordinated": coordinated,
        "not_open": [done, cancelled, old],
        "pilot": pilot,
        "old_pilot": old_pilot,
        "assignment": assignment,
    }


@pytest.fixture
def director_of_planning(committee, planning):
    person = f.PersonFactory(full_name="Lê Văn Kế Hoạch", title="Giám đốc Sở Kế hoạch và Đầu tư", unit=planning)
    return f.MembershipFactory(committee=committee, person=person, unit=planning)


@pytest.fixture
def routed_report(planning, operator_user):
    ensure_categories()
    report, _pin = make_report({c.code: c for c in Category.objects.all()})
    return workflow.route(report=report, user=operator_user, unit=planning, days=10, today=date(2025, 2, 20), now=NOW)


def keys(items):
    return {i.key: i for i in items}


def all_to(unit, items):
    return {i.key: unit for i in items}


def test_open_work_lists_tasks_assignments_pilots_reports_and_people_but_not_finished_work(
    work, routed_report, planning
):
    items = unit_changes.pending_work(unit=planning, on=ON)
    by_kind = {}
    for item in items:
        by_kind.setdefault(item.kind, []).append(item.object_id)
    assert by_kind["task_lead"] == [work["led"].pk]
    assert by_kind["task_coordinating"] == [work["coordinated"].pk]
    assert by_kind["pilot"] == [work["pilot"].pk]
    assert by_kind["assignment"] == [work["assignment"].pk]
    assert by_kind["hotline_report"] == [routed_report.pk]
    assert by_kind["person"] == [Person.objects.get(full_name="Lê Văn Kế Hoạch").pk]
    assert not {t.pk for t in work["not_open"]} & set(by_kind["task_lead"])
    assert kind_label("task_lead") == "Nhiệm vụ chủ trì"
    # A report's contact details never appear in the list: its code, and its title, only.
    assert all("Hoàng Thị Phản Ánh" not in i.label and "0912345678" not in i.label for i in items)


def test_ending_a_unit_passes_each_open_item_to_the_successor_with_the_decision(
    work, routed_report, planning, finance, department, merger, secretariat_user
):
    items = unit_changes.pending_work(unit=planning, on=ON)
    change = unit_changes.end_unit(
        unit=planning,
        on=ON,
        successors=[finance],
        decision=merger,
        choices=all_to(finance, items),
        by=secretariat_user,
        now=NOW,
    )

    planning.refresh_from_db()
    assert planning.valid_to == date(2025, 2, 28) and planning.ended_on == ON
    assert list(planning.successors.all()) == [finance]
    assert change.decision == merger and list(change.successors.all()) == [finance]

    led = Task.objects.get(pk=work["led"].pk)
    assert led.lead_unit == finance
    lead_change = TaskChange.objects.get(task=led, field="lead_unit")
    assert (lead_change.old_value, lead_change.new_value) == ("Sở Kế hoạch và Đầu tư", "Sở Tài chính")
    assert lead_change.decision == merger and lead_change.changed_by == secretariat_user
    latest = led.history.first()
    assert latest.history_user == secretariat_user
    assert "45/QĐ-UBND" in latest.history_change_reason

    coordinated = Task.objects.get(pk=work["coordinated"].pk)
    assert list(coordinated.coordinating_units.all()) == [finance]
    coord_change = TaskChange.objects.get(task=coordinated, field="coordinating_units")
    assert (coord_change.old_value, coord_change.new_value) == ("Sở Kế hoạch và Đầu tư", "Sở Tài chính")

    # Finished work keeps the unit as it was.
    for task in work["not_open"]:
        task.refresh_from_db()
        assert task.lead_unit == planning
    work["old_pilot"].refresh_from_db()
    assert work["old_pilot"].unit == planning

    work["pilot"].refresh_from_db()
    assert work["pilot"].unit == finance
    assert "45/QĐ-UBND" in work["pilot"].history.first().history_change_reason

    # The assignment is split: the old one ends the day before, a copy from the day covers the successor.
    old = Assignment.objects.get(pk=work["assignment"].pk)
    assert old.end == date(2025, 2, 28)
    assert set(old.units.all()) == {planning, department}
    copy = Assignment.objects.get(transferred_from=old)
    assert copy.start == ON and copy.end is None
    assert set(copy.units.all()) == {finance, department}

    report = Report.objects.get(pk=routed_report.pk)
    assert report.routed_unit == finance
    assert report.answer_due == routed_report.answer_due  # the deadline the citizen was told stays
    event = report.events.order_by("-at", "-pk").first()
    assert event.kind == Event.Kind.TRANSFERRED and event.is_public
    assert "Sở Tài chính tiếp tục xử lý" in event.note and "45/QĐ-UBND" in event.note

    assert Person.objects.get(full_name="Lê Văn Kế Hoạch").unit == finance

    transfers = UnitTransfer.objects.filter(change=change)
    assert transfers.count() == len(items)
    assert {t.decision for t in transfers} == {merger} and {t.to_unit for t in transfers} == {finance}
    assert not unit_changes.pending_work(unit=planning, on=ON)


def test_the_successors_focal_points_are_told_of_a_report_they_now_handle(
    routed_report, planning, finance, merger, secretariat_user
):
    focal = f.PersonFactory(full_name="Đầu mối Sở Tài chính", unit=finance, is_unit_head=True)
    items = unit_changes.pending_work(unit=planning, on=ON)
    unit_changes.end_unit(
        unit=planning,
        on=ON,
        successors=[finance],
        decision=merger,
        choices=all_to(finance, items),
        by=secretariat_user,
        now=NOW,
    )
    notices = Outbox.objects.filter(kind=Outbox.Kind.STAFF_NOTICE, payload__report_id=routed_report.pk)
    assert notices.filter(payload__person_id=focal.pk).exists()


def test_an_item_kept_stays_with_the_ended_unit(work, planning, finance, merger, secretariat_user):
    items = unit_changes.pending_work(unit=planning, on=ON)
    choices = all_to(finance, items)
    choices[f"task_lead-{work['led'].pk}"] = None
    unit_changes.end_unit(
        unit=planning, on=ON, successors=[finance], decision=merger, choices=choices, by=secretariat_user, now=NOW
    )
    assert Task.objects.get(pk=work["led"].pk).lead_unit == planning
    assert [i.key for i in unit_changes.pending_work(unit=planning)] == [f"task_lead-{work['led'].pk}"]


def test_with_several_successors_each_item_goes_where_the_secretariat_chose(
    work, planning, finance, health, merger, secretariat_user
):
    items = unit_changes.pending_work(unit=planning, on=ON)
    assert unit_changes.proposal([finance, health]) is None
    choices = all_to(finance, items)
    choices[f"task_lead-{work['led'].pk}"] = health
    unit_changes.end_unit(
        unit=planning,
        on=ON,
        successors=[finance, health],
        decision=merger,
        choices=choices,
        by=secretariat_user,
        now=NOW,
    )
    assert Task.objects.get(pk=work["led"].pk).lead_unit == health
    assert Task.objects.get(pk=work["coordinated"].pk).coordinating_units.get() == finance
    assert set(Unit.objects.get(pk=planning.pk).successors.all()) == {finance, health}


def test_a_draft_plan_keeps_the_move_in_the_tasks_history_without_a_task_change(
    committee, planning, finance, merger, secretariat_user
):
    draft = b.plan(committee, 2026)
    task = b.task(draft, planning, "1")
    items = unit_changes.pending_work(unit=planning, on=ON)
    unit_changes.end_unit(
        unit=planning,
        on=ON,
        successors=[finance],
        decision=merger,
        choices=all_to(finance, items),
        by=secretariat_user,
        now=NOW,
    )
    task.refresh_from_db()
    assert task.lead_unit == finance
    assert not TaskChange.objects.filter(task=task).exists()
    assert [h.lead_unit_id for h in task.history.order_by("history_id")] == [planning.pk, finance.pk]


def test_a_typed_document_is_recorded_once_and_cited_by_every_move(work, planning, finance, secretariat_user):
    typed = NewDecision(number="Số 45 / qđ-ubnd", date=date(2025, 2, 27), issuer="UBND tỉnh Nghệ An")
    items = unit_changes.pending_work(unit=planning, on=ON)
    change = unit_changes.end_unit(
        unit=planning,
        on=ON,
        successors=[finance],
        decision=typed,
        choices=all_to(finance, items),
        by=secretariat_user,
        now=NOW,
    )
    assert change.decision.number == "45/QĐ-UBND"
    assert Decision.objects.filter(number="45/QĐ-UBND").count() == 1
    assert set(TaskChange.objects.values_list("decision_id", flat=True)) == {change.decision_id}


def test_a_unit_ends_only_once(planning, finance, merger, secretariat_user):
    unit_changes.end_unit(unit=planning, on=ON, successors=[finance], decision=merger, by=secretariat_user, now=NOW)
    with pytest.raises(ValidationError, match="đã kết thúc hoạt động từ ngày 01/03/2025"):
        unit_changes.end_unit(
            unit=planning, on=date(2025, 4, 1), successors=[finance], decision=merger, by=secretariat_user, now=NOW
        )
    assert UnitChange.objects.count() == 1


def test_a_unit_ended_by_its_dates_gets_its_record_but_not_another_end(finance, merger, secretariat_user, province):
    cua_lo = f.UnitFactory(code="413", name="Thị xã Cửa Lò", kind=Unit.Kind.DISTRICT, valid_to=date(2024, 11, 30))
    with pytest.raises(ValidationError, match="đã kết thúc hoạt động từ ngày 01/12/2024"):
        unit_changes.end_unit(unit=cua_lo, on=ON, successors=[], decision=merger, by=secretariat_user, now=NOW)
    decision = f.DecisionFactory(number="1243/NQ-UBTVQH15", date=date(2024, 10, 24), issuer="UBTVQH")
    change = unit_changes.end_unit(
        unit=cua_lo, on=date(2024, 12, 1), successors=[], decision=decision, by=secretariat_user, now=NOW
    )
    assert change.on == date(2024, 12, 1)


@pytest.mark.parametrize(
    ("on", "successors", "decision", "message"),
    [
        (date(2023, 1, 1), "finance", "merger", "bắt đầu hoạt động từ 01/01/2024"),
        (date(2025, 2, 1), "finance", "merger", "không được trước ngày ban hành văn bản"),
        (ON, "planning", "merger", "không thể kế thừa chính nó"),
        (ON, "later", "merger", "không hoạt động vào ngày 01/03/2025"),
        (ON, "finance", None, "phải căn cứ một văn bản"),
    ],
    ids=["before it began", "before its document", "itself", "successor not yet valid", "no document"],
)
def test_bad_endings_are_refused_and_save_nothing(
    planning, finance, merger, secretariat_user, on, successors, decision, message
):
    planning.valid_from = date(2024, 1, 1)
    planning.save()
    later = f.UnitFactory(name="Sở mới", valid_from=date(2025, 6, 1))
    pick = {"finance": finance, "planning": planning, "later": later}[successors]
    with pytest.raises(ValidationError, match=message):
        unit_changes.end_unit(
            unit=planning,
            on=on,
            successors=[pick],
            decision=merger if decision else None,
            by=secretariat_user,
            now=NOW,
        )
    planning.refresh_from_db()
    assert planning.valid_to is None and not UnitChange.objects.exists()


def test_the_review_is_refused_when_the_open_work_changed_since(
    work, planning, finance, merger, secretariat_user, plan_2025
):
    items = unit_changes.pending_work(unit=planning, on=ON)
    b.task(plan_2025, planning, "9", title="Việc mới thêm trong lúc xem lại")
    with pytest.raises(ValidationError, match="đã thay đổi từ lúc xem lại"):
        unit_changes.end_unit(
            unit=planning,
            on=ON,
            successors=[finance],
            decision=merger,
            choices=all_to(finance, items),
            by=secretariat_user,
            now=NOW,
        )
    assert Task.objects.get(pk=work["led"].pk).lead_unit == planning
    assert not UnitChange.objects.exists()


def test_work_goes_only_to_a_successor(work, planning, finance, department, merger, secretariat_user):
    items = unit_changes.pending_work(unit=planning, on=ON)
    with pytest.raises(ValidationError) as refused:
        unit_changes.end_unit(
            unit=planning,
            on=ON,
            successors=[finance],
            decision=merger,
            choices=all_to(department, items),
            by=secretariat_user,
            now=NOW,
        )
    assert "Chỉ chuyển công việc cho đơn vị kế thừa." in str(refused.value)
    assert not UnitTransfer.objects.exists() and not UnitChange.objects.exists()


def test_a_pilot_designation_is_not_doubled(work, planning, finance, merger, secretariat_user, plan_2025):
    PilotUnit.objects.create(plan=plan_2025, unit=finance)
    items = unit_changes.pending_work(unit=planning, on=ON)
    with pytest.raises(ValidationError, match="đã là điểm chỉ đạo của kế hoạch này"):
        unit_changes.end_unit(
            unit=planning,
            on=ON,
            successors=[finance],
            decision=merger,
            choices=all_to(finance, items),
            by=secretariat_user,
            now=NOW,
        )
    choices = all_to(finance, items)
    choices[f"pilot-{work['pilot'].pk}"] = None
    unit_changes.end_unit(
        unit=planning, on=ON, successors=[finance], decision=merger, choices=choices, by=secretariat_user, now=NOW
    )
    assert PilotUnit.objects.filter(plan=plan_2025, unit=finance).count() == 1


def test_work_left_after_a_recorded_end_passes_on_later_citing_the_document_then(
    work, planning, finance, province, secretariat_user
):
    """As the loader records it: a published source, no successors yet; later the secretariat adds the new
    unit as successor and passes the work on, citing the document, which fills the record's gap."""
    unit_changes.end_unit(
        unit=planning, on=ON, successors=[], decision=None, source="Sắp xếp bộ máy năm 2025", by=None, now=NOW
    )
    change = UnitChange.objects.get(unit=planning)
    assert change.decision is None and change.source == "Sắp xếp bộ máy năm 2025"
    items = unit_changes.pending_work(unit=planning)
    assert {i.key for i in items} >= {f"task_lead-{work['led'].pk}"}
    with pytest.raises(ValidationError, match="phải căn cứ một văn bản"):
        unit_changes.transfer_work(change=change, choices={}, decision=None, by=secretariat_user, now=NOW)
    cited = NewDecision(number="12/NQ-HĐND", date=date(2025, 2, 20), issuer="HĐND tỉnh Nghệ An")
    moved = unit_changes.transfer_work(
        change=change,
        choices=all_to(finance, items),
        decision=cited,
        add_successors=[finance],
        by=secretariat_user,
        now=NOW,
    )
    change.refresh_from_db()
    assert change.decision.number == "12/NQ-HĐND"
    assert list(change.successors.all()) == [finance] and list(planning.successors.all()) == [finance]
    assert len(moved) == len(items)
    assert Task.objects.get(pk=work["led"].pk).lead_unit == finance
