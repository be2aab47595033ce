"""Rules that bad input cannot slip past: each fault's whole kind is refused on its field with a
Vietnamese message and nothing saved; the input that showed it is a case here.

- a deadline outside its plan's year, unless the task is multi-year (the task form, the service, the plan
  import, the year-end rollover);
- a report's completion date before the task could start or in the future, 100 % without a date, "no
  change" on a first report or with a new percent;
- a change to an approved plan's task citing a document issued after the change or in another year; the
  change log in words users read;
- a refused action leaves no typed document behind.
"""

import io
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from members import changes
from members.decisions import NewDecision
from members.models import Decision, Membership
from tasks import plans, reports, rollover, tasklist
from tasks.models import ProgressReport, Task, TaskChange
from tests import factories as f
from tests.conftest import client_for

from . import builders as b

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(committee):
    return b.plan(committee, year=2023)


@pytest.fixture
def approved(plan, department):
    b.task(plan, department, code="0")  # a plan with no task is not approved (tasks/plans.py)
    decision = f.DecisionFactory(number="01-KH/BCĐ", date=date(2023, 4, 20), issuer="Ban Chỉ đạo CCHC tỉnh")
    return plans.approve_plan(plan=plan, decision=decision, now=b.at(date(2023, 4, 20)))


def _fields(**kwargs):
    return {"code": "X", "title": "Nhiệm vụ", "area": f.area(), "recurrence": "once", **kwargs}


def _task_post(plan, department, **data):
    return {
        "code": "1",
        "title": "Số hóa hồ sơ",
        "area": f.area().pk,
        "lead_unit": department.pk,
        "due_kind": "date",
        "due_date": "2031-12-31",
        "recurrence": "once",
        "expected_output": "report",
        **data,
    }


# --- A deadline within the plan's year, unless the task is multi-year --------------------------------------


def test_a_2031_deadline_in_the_2023_plan_is_refused_on_the_task_form(plan, department, secretariat_user):
    thuky = client_for(secretariat_user)
    response = thuky.post(reverse("tasks:task_create", args=[plan.pk]), _task_post(plan, department))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Thời hạn 31/12/2031 không thuộc năm kế hoạch 2023" in html
    assert "Nhiệm vụ thực hiện nhiều năm" in html  # the marker is offered on the form
    assert not Task.objects.exists()


def test_a_multi_year_task_may_fall_due_after_its_plans_year_and_its_page_says_so(plan, department, secretariat_user):
    thuky = client_for(secretariat_user)
    data = _task_post(plan, department, is_multi_year="on")
    response = thuky.post(reverse("tasks:task_create", args=[plan.pk]), data)
    assert response.status_code == 302
    task = Task.objects.get()
    assert (task.is_multi_year, task.due_date) == (True, date(2031, 12, 31))
    page = thuky.get(reverse("tasks:task_detail", args=[task.pk])).content.decode()
    assert "Nhiệm vụ thực hiện nhiều năm" in page


def test_a_multi_year_task_is_still_not_due_before_its_plans_year(plan, department):
    with pytest.raises(ValidationError) as refused:
        tasklist.create_task(
            plan=plan, fields=_fields(lead_unit=department, due_date=date(2022, 12, 31), is_multi_year=True)
        )
    assert "trước năm kế hoạch" in refused.value.message_dict["due_date"][0]


def test_editing_a_task_to_a_later_year_is_refused_unless_marked(plan, department):
    task = tasklist.create_task(plan=plan, fields=_fields(lead_unit=department, due_date=date(2023, 6, 30)))
    with pytest.raises(ValidationError) as refused:
        tasklist.update_task(task=task, fields={"due_date": date(2024, 6, 30)}, coordinating_units=(), user=None)
    assert "due_date" in refused.value.message_dict
    task.refresh_from_db()
    assert task.due_date == date(2023, 6, 30)


def test_a_hotline_follow_up_may_fall_due_in_the_next_year_only(plan, department):
    fields = _fields(lead_unit=department, due_date=date(2024, 1, 10))
    task = tasklist.create_task(plan=plan, fields=fields, source=Task.Source.HOTLINE)
    assert task.due_date == date(2024, 1, 10)
    with pytest.raises(ValidationError):
        tasklist.create_task(
            plan=plan, fields={**fields, "code": "Y", "due_date": date(2025, 1, 10)}, source=Task.Source.HOTLINE
        )


def _table(rows, *, multi_year_column: bool) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    header = ["TT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành", "Sản phẩm"]
    sheet.append([*header, "Nhiều năm"] if multi_year_column else header)
    sheet.append(["I", "CẢI CÁCH THỂ CHẾ"])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("ke-hoach.xlsx", out.getvalue())


def test_the_plan_import_follows_the_plan_year_rule(plan, department):
    from tasks import plan_import

    upload = _table(
        [
            ["1", "Rà soát văn bản", department.name, "", "31/12/2031", "Báo cáo", ""],
            ["2", "Chương trình số hóa", department.name, "", "31/12/2025", "Báo cáo", "x"],
            ["3", "Kế hoạch năm", department.name, "", "Quý III/2023", "Kế hoạch", ""],
        ],
        multi_year_column=True,
    )
    rows = plan_import.read_table(upload, plan=plan, today=date(2023, 3, 1))
    by_code = {r.code.split(".")[-1]: r for r in rows}
    assert any("không thuộc năm kế hoạch 2023" in e for e in by_code["1"].errors)
    assert any("Nhiều năm" in e for e in by_code["1"].errors)
    assert by_code["2"].errors == []
    assert by_code["2"].fields["is_multi_year"] is True
    assert "nhiều năm" in by_code["2"].deadline
    assert by_code["3"].errors == []
    assert by_code["3"].fields["is_multi_year"] is False
    created = plan_import.save_rows(plan=plan, rows=[r.fields for r in rows if not r.errors], by=None)
    assert sorted((t.code, t.is_multi_year) for t in created) == [("I.2", True), ("I.3", False)]


def test_the_rollover_keeps_a_multi_year_deadline_and_brings_a_stray_one_into_the_new_year():
    assert rollover.next_deadline(
        due_date=date(2031, 12, 31), due_kind="date", closed_year=2023, multi_year=True
    ) == date(2031, 12, 31)
    # A one-year task written before the rule with a far deadline: the new plan's year holds it.
    assert rollover.next_deadline(due_date=date(2031, 12, 31), due_kind="date", closed_year=2023) == date(2024, 12, 31)
    assert rollover.next_deadline(due_date=date(2024, 1, 10), due_kind="date", closed_year=2023) == date(2024, 1, 10)


# --- What a report says -----------------------------------------------------------------------------------


@pytest.fixture
def open_task(committee, department, member_user):
    year = timezone.localdate().year
    plan = b.plan(committee, year=year)
    return b.task(plan, department, responsible=member_user.person, due_date=date(year, 12, 31))


def _report(user, task, **data):
    payload = {"period": f"{timezone.localdate():%Y-%m}", "percent": "40", "done": "Đã triển khai", **data}
    return client_for(user).post(reverse("tasks:report_create", args=[task.pk]), payload)


def test_100_percent_without_a_completion_date_is_refused_asking_for_it(open_task, member_user):
    response = _report(member_user, open_task, percent="100")
    assert response.status_code == 400
    assert "hãy nhập ngày hoàn thành" in response.content.decode()
    assert not ProgressReport.objects.exists()


@pytest.mark.parametrize(
    ("completed_on", "message"),
    [
        (lambda today: today + timedelta(days=1), "không được sau hôm nay"),
        (lambda today: date(today.year - 1, 12, 31), "không được trước năm kế hoạch"),
    ],
)
def test_a_completion_date_in_the_future_or_before_the_plan_is_refused(open_task, member_user, completed_on, message):
    day = completed_on(timezone.localdate())
    response = _report(member_user, open_task, percent="100", completed_on=day.isoformat())
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ProgressReport.objects.exists()


def test_a_completion_date_before_the_task_starts_is_refused(open_task, member_user):
    today = timezone.localdate()
    open_task.starts_on = today.replace(day=1)
    open_task.save()
    before = open_task.starts_on - timedelta(days=1)
    if before.year != today.year:  # January: the plan-year rule above covers it
        pytest.skip("the month starts the year")
    with pytest.raises(ValidationError) as refused:
        reports.submit_report(
            task=open_task,
            user=member_user,
            period=today,
            percent=100,
            completed_on=before,
            now=timezone.now(),
            today=today,
        )
    assert "trước ngày nhiệm vụ bắt đầu" in refused.value.message_dict["completed_on"][0]


def test_no_change_on_a_first_report_is_refused(open_task, member_user):
    response = _report(member_user, open_task, no_change="on")
    assert response.status_code == 400
    assert "báo cáo đầu tiên" in response.content.decode()
    assert not ProgressReport.objects.exists()


def test_no_change_with_a_new_percent_is_refused_and_with_the_same_percent_accepted(open_task, member_user):
    today = timezone.localdate()
    earlier = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    if earlier.year != open_task.plan.year:
        pytest.skip("no earlier month in the plan year")
    b.report(open_task, member_user, earlier.month, 40, status=ProgressReport.Status.ACCEPTED)
    response = _report(member_user, open_task, no_change="on", percent="60")
    assert response.status_code == 400
    assert "khác kỳ trước (40%" in response.content.decode()
    assert ProgressReport.objects.count() == 1
    assert _report(member_user, open_task, no_change="on", percent="40").status_code == 302
    assert ProgressReport.objects.filter(no_change=True).count() == 1


# --- Changes to an approved plan: the document, the log --------------------------------------------------


def test_a_change_citing_a_document_issued_after_it_or_for_another_year_is_refused(approved, department):
    task = b.task(approved, department, due_date=date(2023, 6, 30))
    later = f.DecisionFactory(number="09-QĐ/BCĐ", date=timezone.localdate() + timedelta(days=3), issuer="BCĐ")
    other_year = f.DecisionFactory(number="10-QĐ/BCĐ", date=date(2024, 2, 1), issuer="BCĐ")
    for document, message in ((later, "sau ngày điều chỉnh"), (other_year, "không thuộc năm kế hoạch 2023")):
        with pytest.raises(ValidationError) as refused:
            tasklist.update_task(
                task=task, fields={"due_date": date(2023, 9, 30)}, coordinating_units=(), user=None, decision=document
            )
        assert message in refused.value.message_dict["decision"][0]
    typed = NewDecision(number="11-QĐ/BCĐ", date=date(2022, 12, 1), issuer="BCĐ")
    with pytest.raises(ValidationError) as refused:
        tasklist.update_task(
            task=task, fields={"due_date": date(2023, 9, 30)}, coordinating_units=(), user=None, decision=typed
        )
    assert "decision_date" in refused.value.message_dict
    task.refresh_from_db()
    assert task.due_date == date(2023, 6, 30)
    assert not TaskChange.objects.exists()
    assert not Decision.objects.filter(number="11-QĐ/BCĐ").exists()


def _edit_post(task, **data):
    return {
        "version": task.version,
        "code": task.code,
        "title": task.title,
        "area": task.area_id,
        "lead_unit": task.lead_unit_id,
        "due_kind": task.due_kind,
        "due_date": task.due_date.isoformat() if task.due_date else "",
        "recurrence": task.recurrence,
        "expected_output": task.expected_output,
        **data,
    }


def test_the_change_form_takes_a_typed_document_and_the_log_reads_in_words(approved, department, secretariat_user):
    task = b.task(approved, department, due_date=date(2023, 6, 30))
    thuky = client_for(secretariat_user)
    url = reverse("tasks:task_edit", args=[task.pk])
    form = thuky.get(url).content.decode()
    assert 'name="decision_number"' in form
    data = _edit_post(
        task,
        due_date="2023-09-30",
        recurrence="monthly",
        recurrence_day="20",
        decision_number="12-QĐ/BCĐ",
        decision_date="2023-07-01",
        decision_issuer="Ban Chỉ đạo CCHC tỉnh",
    )
    assert thuky.post(url, data).status_code == 302
    assert Decision.objects.filter(number="12-QĐ/BCĐ").count() == 1
    page = thuky.get(reverse("tasks:task_detail", args=[task.pk])).content.decode()
    assert "Điều chỉnh chu kỳ: “Một lần (theo hạn)” → “Hằng tháng”" in page
    assert "Điều chỉnh thời hạn hoàn thành: “30/06/2023” → “30/09/2023”" in page
    assert "due_date" not in page and "once → monthly" not in page and "“once”" not in page


def test_old_change_rows_read_in_words_too(approved, department, secretariat_user):
    task = b.task(approved, department)
    row = TaskChange.objects.create(
        task=task,
        field="recurrence",
        old_value="once",
        new_value="quarterly",
        decision=approved.approved_by,
        changed_by=secretariat_user,
    )
    assert (row.field_label, row.old_shown, row.new_shown) == ("chu kỳ", "Một lần (theo hạn)", "Hằng quý")
    iso = TaskChange(task=task, field="due_date", old_value="2023-06-30", new_value="", decision=approved.approved_by)
    assert (iso.old_shown, iso.new_shown) == ("30/06/2023", "—")


def test_the_admin_refuses_a_change_citing_another_years_document(approved, department, reference_data, settings):
    # The raw-id widgets of the re-drawn form fetch their row each (Django's own, one per field).
    settings.ZEAL_ALLOWLIST = [{"model": "tasks.Plan"}, {"model": "members.Unit"}]
    task = b.task(approved, department, due_date=date(2023, 6, 30))
    other_year = f.DecisionFactory(number="13-QĐ/BCĐ", date=date(2024, 2, 1), issuer="BCĐ")
    admin = client_for(f.UserFactory(username="quantri", is_staff=True, is_superuser=True))
    data = {
        "code": task.code,
        "title": task.title,
        "area": task.area_id,
        "lead_unit": task.lead_unit_id,
        "due_kind": "date",
        "due_date": "30/09/2023",
        "recurrence": "once",
        "expected_output": "report",
        "decision": other_year.pk,
        "drawn_version": task.version,
    }
    response = admin.post(reverse("admin:tasks_task_change", args=[task.pk]), data)
    assert response.status_code == 200
    assert "không thuộc năm kế hoạch 2023" in response.content.decode()
    task.refresh_from_db()
    assert task.due_date == date(2023, 6, 30)


# --- A refused action leaves no typed document ------------------------------------------------------------

TYPED = {"decision_number": "77-QĐ/BCĐ", "decision_date": "2023-07-01", "decision_issuer": "Ban Chỉ đạo CCHC tỉnh"}


def _no_typed_document() -> bool:
    return not Decision.objects.filter(number="77-QĐ/BCĐ").exists()


def test_a_refused_approval_leaves_no_typed_document(approved, secretariat_user):
    response = client_for(secretariat_user).post(reverse("tasks:plan_approve", args=[approved.pk]), TYPED)
    assert response.status_code == 400
    assert _no_typed_document()


def test_a_refused_task_change_leaves_no_typed_document(approved, department, secretariat_user):
    task = b.task(approved, department, due_date=date(2023, 6, 30))
    b.task(approved, department, code="2")
    url = reverse("tasks:task_edit", args=[task.pk])
    # The code is taken: refused after the document would have been typed.
    response = client_for(secretariat_user).post(url, _edit_post(task, code="2", due_date="2023-09-30", **TYPED))
    assert response.status_code == 400
    assert _no_typed_document()


def test_a_refused_cancellation_leaves_no_typed_document(approved, department, secretariat_user):
    task = b.task(approved, department)
    tasklist.cancel_task(
        task=task, reason="Trùng", decision=approved.approved_by, by=secretariat_user, now=b.at(date(2023, 8, 1))
    )
    response = client_for(secretariat_user).post(
        reverse("tasks:task_cancel", args=[task.pk]), {"reason": "Lần nữa", **TYPED}
    )
    assert response.status_code in (400, 404)
    assert _no_typed_document()


def test_a_refused_membership_change_leaves_no_typed_document(committee, department, secretariat_user):
    first = f.MembershipFactory(committee=committee, role=Membership.Role.HEAD)
    typed = NewDecision(number="77-QĐ/BCĐ", date=date(2023, 7, 1), issuer="Ban Thường vụ Tỉnh ủy")
    with pytest.raises(ValidationError):
        changes.appoint_member(
            committee=committee,
            person=f.PersonFactory(full_name="Trưởng Ban Thứ Hai"),
            role=Membership.Role.HEAD,
            start=date(2023, 7, 2),
            decision=typed,
        )
    assert _no_typed_document()
    changes.end_membership(membership=first, end=date(2023, 7, 1), decision=typed)
    again = NewDecision(number="78-QĐ/BCĐ", date=date(2023, 8, 1), issuer="Ban Thường vụ Tỉnh ủy")
    with pytest.raises(ValidationError):  # already ended
        changes.end_membership(membership=first, end=date(2023, 8, 1), decision=again)
    assert not Decision.objects.filter(number="78-QĐ/BCĐ").exists()


# --- The admin goes no other road ---------------------------------------------------------------------------


def test_a_report_cannot_be_written_in_the_admin_past_the_report_rules(open_task, member_user, reference_data):
    """The fault's kind: the admin's plain model form saved a report at 100 % without a completion date (or a
    "no change" first report). Reports are read only there, with a link to the task's page."""
    admin = client_for(f.UserFactory(username="quantri", is_staff=True, is_superuser=True))
    assert (
        admin.post(reverse("admin:tasks_progressreport_add"), {"task": open_task.pk, "percent": "100"}).status_code
        == 403
    )
    report = b.report(open_task, member_user, timezone.localdate().month, 40)
    url = reverse("admin:tasks_progressreport_change", args=[report.pk])
    page = admin.get(url).content.decode()
    assert reverse("tasks:task_detail", args=[open_task.pk]) in page
    response = admin.post(url, {"task": open_task.pk, "percent": "100", "status": "accepted", "period": "01/01/2026"})
    assert response.status_code == 403
    report.refresh_from_db()
    assert (report.percent, report.status, report.completed_on) == (40, "submitted", None)
