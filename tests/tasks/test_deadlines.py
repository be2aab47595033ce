"""Deadlines as the plans write them (tasks/deadlines.py): reading and writing them, the working day each one
really falls on, the task form and the task rules, the pages that show them, and a calendar change."""

from datetime import date, datetime
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from core.calendar import DAY_OFF, Calendar, Entry
from core.calendar_changes import add_entry
from tasks import deadlines as dl
from tasks import status as st
from tasks import tasklist
from tasks.models import Plan, ProgressReport, Task
from tests import factories as f
from tests.conftest import client_for

from . import builders as b

NATIONAL = Calendar.of()


@pytest.mark.parametrize(
    ("text", "kind", "due", "written"),
    [
        ("30/06/2023", dl.DATE, date(2023, 6, 30), "30/06/2023"),
        ("Tháng 6/2023", dl.MONTH, date(2023, 6, 30), "Tháng 6/2023"),
        ("Tháng 2/2024", dl.MONTH, date(2024, 2, 29), "Tháng 2/2024"),
        ("Quý III/2023", dl.QUARTER, date(2023, 9, 30), "Quý III/2023"),
        ("Quý IV/2023", dl.QUARTER, date(2023, 12, 31), "Quý IV/2023"),
        ("6 tháng đầu năm 2023", dl.HALF, date(2023, 6, 30), "6 tháng đầu năm 2023"),
        ("6 tháng cuối năm 2023", dl.HALF, date(2023, 12, 31), "6 tháng cuối năm 2023"),
        ("Năm 2023", dl.YEAR, date(2023, 12, 31), "Năm 2023"),
        ("Thường xuyên", dl.ONGOING, None, "Thường xuyên"),
    ],
)
def test_a_deadline_reads_and_writes_back_as_the_plan_writes_it(text, kind, due, written):
    deadline = dl.parse_deadline(text, year=2023)
    assert deadline == dl.Deadline(kind, due)
    assert dl.written_deadline(deadline.kind, deadline.due_date) == written


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("quý 3/2023", dl.Deadline(dl.QUARTER, date(2023, 9, 30))),
        ("Trong Quý II năm 2023", dl.Deadline(dl.QUARTER, date(2023, 6, 30))),
        ("THÁNG 06-2023", dl.Deadline(dl.MONTH, date(2023, 6, 30))),
        ("  thang 11 / 2023 ", dl.Deadline(dl.MONTH, date(2023, 11, 30))),
        ("Trong năm 2024", dl.Deadline(dl.YEAR, date(2024, 12, 31))),
        ("sáu tháng cuối năm 2023", dl.Deadline(dl.HALF, date(2023, 12, 31))),
        ("thuong xuyen", dl.Deadline(dl.ONGOING, None)),
        ("5.9.2023", dl.Deadline(dl.DATE, date(2023, 9, 5))),
        ("ngày 5-9-2023", dl.Deadline(dl.DATE, date(2023, 9, 5))),
    ],
)
def test_reading_a_deadline_ignores_case_accents_spaces_and_separators(text, expected):
    assert dl.parse_deadline(text, year=2023) == expected


@pytest.mark.parametrize("text", ["Quý V/2023", "Tháng 13/2023", "31/02/2023", "sớm nhất có thể", "", "2023"])
def test_an_unreadable_deadline_is_refused_in_vietnamese(text):
    with pytest.raises(ValueError, match="Không đọc được thời hạn"):
        dl.parse_deadline(text, year=2023)


@pytest.mark.parametrize(
    ("kind", "last_day", "effective"),
    [
        (dl.QUARTER, date(2023, 9, 30), date(2023, 9, 29)),  # Saturday: Friday 29/09
        (dl.HALF, date(2023, 6, 30), date(2023, 6, 30)),  # a Friday: the day itself
        (dl.HALF, date(2023, 12, 31), date(2023, 12, 29)),  # Sunday: Friday 29/12
        (dl.YEAR, date(2023, 12, 31), date(2023, 12, 29)),
        (dl.MONTH, date(2023, 4, 30), date(2023, 4, 28)),  # the 29/04–03/05 break: Friday 28/04
        (dl.MONTH, date(2025, 1, 31), date(2025, 1, 24)),  # in the Tết 2025 break: the Friday before it
        (dl.DATE, date(2023, 9, 2), date(2023, 9, 5)),  # a date on Quốc khánh: the next working day
        (dl.DATE, date(2023, 9, 29), date(2023, 9, 29)),
        (dl.ONGOING, None, None),
    ],
)
def test_a_period_falls_due_on_its_last_working_day_and_a_date_on_the_next_one(kind, last_day, effective):
    assert dl.effective_due(kind, last_day, NATIONAL) == effective


def test_a_province_day_off_moves_a_period_deadline_earlier():
    bridge = Entry(day=date(2023, 9, 29), kind=DAY_OFF, name="Nghỉ bù", source_document="TB 1/2023")
    assert dl.effective_due(dl.QUARTER, date(2023, 9, 30), Calendar.of([bridge])) == date(2023, 9, 28)


def test_the_form_offers_the_periods_of_the_plan_year_in_the_plans_words():
    groups = dict(dl.period_choices(2023))
    assert groups["Quý"] == [
        ("quarter-1", "Quý I/2023"),
        ("quarter-2", "Quý II/2023"),
        ("quarter-3", "Quý III/2023"),
        ("quarter-4", "Quý IV/2023"),
    ]
    assert groups["6 tháng"] == [("half-1", "6 tháng đầu năm 2023"), ("half-2", "6 tháng cuối năm 2023")]
    assert len(groups["Tháng"]) == 12
    assert dl.period_from_choice("half-2", 2023) == dl.Deadline(dl.HALF, date(2023, 12, 31))
    assert dl.period_value(dl.QUARTER, date(2023, 9, 30)) == "quarter-3"


@pytest.fixture
def plan(committee):
    return b.plan(committee, year=2023)


@pytest.mark.django_db
def test_a_task_keeps_the_effective_day_and_its_status_follows_it(plan, department, secretariat_user):
    task = b.task(plan, department, due_kind=Task.DueKind.QUARTER, due_date=date(2023, 9, 30))
    assert task.effective_due_date == date(2023, 9, 29)
    row = Task.objects.select_related("plan", "progress")
    assert st.status_of(row.get(pk=task.pk), today=date(2023, 9, 29)) == st.NOT_STARTED
    assert st.status_of(row.get(pk=task.pk), today=date(2023, 9, 30)) == st.OVERDUE  # the Saturday after it
    sql = st.with_status(Task.objects.filter(pk=task.pk), today=date(2023, 9, 30)).get()
    assert sql.status_code == st.OVERDUE
    b.report(task, secretariat_user, 9, 100, status=ProgressReport.Status.ACCEPTED, completed_on=date(2023, 9, 30))
    assert st.status_of(row.get(pk=task.pk), today=date(2023, 10, 2)) == st.DONE_LATE
    task.due_kind, task.due_date = Task.DueKind.DATE, date(2023, 9, 2)
    task.save()
    assert task.effective_due_date == date(2023, 9, 5)


@pytest.mark.django_db
def test_every_page_shows_the_deadline_as_the_plan_writes_it_with_its_effective_day(
    committee, department, secretariat_user, focal_user, time_machine
):
    time_machine.move_to(timezone.make_aware(datetime(2023, 9, 15, 10, 0)), tick=False)
    plan = b.plan(committee, year=2023, status=Plan.Status.APPROVED)
    task = b.task(plan, department, code="1", due_kind=Task.DueKind.QUARTER, due_date=date(2023, 9, 30))
    b.task(plan, department, code="2", due_kind=Task.DueKind.HALF, due_date=date(2023, 6, 30))
    b.task(plan, department, code="3", due_kind=Task.DueKind.ONGOING, due_date=None, recurrence="ongoing")
    client = client_for(secretariat_user)
    page = client.get(reverse("tasks:task_detail", args=[task.pk])).content.decode()
    assert "Quý III/2023" in page and "hạn thực tế: 29/09/2023" in page
    listing = client.get(reverse("tasks:plan_detail", args=[plan.pk])).content.decode()
    assert "Quý III/2023" in listing and "6 tháng đầu năm 2023" in listing and "Thường xuyên" in listing
    assert listing.count("hạn thực tế") == 1  # 30/06/2023 is a working day
    assert "Quý III/2023" in client.get(reverse("tasks:plan_print", args=[plan.pk])).content.decode()
    sheet = load_workbook(BytesIO(client.get(reverse("tasks:plan_export", args=[plan.pk])).content)).active
    assert [r[6] for r in sheet.iter_rows(min_row=4, values_only=True)] == [
        "Quý III/2023",
        "6 tháng đầu năm 2023",
        "Thường xuyên",
    ]
    board = client.get(
        reverse("reviews:review_board", kwargs={"committee": committee.pk, "year": 2023, "month": 9})
    ).content.decode()
    assert "Quý III/2023" in board and "hạn thực tế: 29/09/2023" in board
    mine = client_for(focal_user).get(reverse("tasks:my_work_section", args=["due"])).content.decode()
    assert "Quý III/2023" in mine and "Thường xuyên" in mine


@pytest.mark.django_db
def test_the_clerk_writes_a_quarter_deadline_on_the_task_form(plan, department, secretariat_user):
    area = f.area()
    data = {
        "code": "Q3",
        "title": "Rà soát quy chế",
        "area": area.pk,
        "lead_unit": department.pk,
        "due_kind": "quarter",
        "due_period": "quarter-3",
        "recurrence": "once",
        "expected_output": "report",
    }
    response = client_for(secretariat_user).post(reverse("tasks:task_create", args=[plan.pk]), data)
    assert response.status_code == 302
    task = Task.objects.get(plan=plan, code="Q3")
    assert (task.due_kind, task.due_date, task.effective_due_date) == ("quarter", date(2023, 9, 30), date(2023, 9, 29))
    edit = client_for(secretariat_user).get(reverse("tasks:task_edit", args=[task.pk])).content.decode()
    assert '<option value="quarter-3" selected>' in edit


@pytest.mark.django_db
def test_the_form_refuses_a_period_that_does_not_match_how_the_deadline_is_written(plan, department, secretariat_user):
    data = {
        "code": "M",
        "title": "Nhiệm vụ",
        "area": f.area().pk,
        "lead_unit": department.pk,
        "due_kind": "month",
        "due_period": "quarter-3",
        "recurrence": "once",
        "expected_output": "report",
    }
    response = client_for(secretariat_user).post(reverse("tasks:task_create", args=[plan.pk]), data)
    assert response.status_code == 400
    assert "không khớp cách ghi thời hạn" in response.content.decode()
    assert not Task.objects.filter(code="M").exists()


def _fields(**kwargs):
    return {"code": "X", "title": "Nhiệm vụ", "area": f.area(), "recurrence": "once", **kwargs}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "due", "field", "message"),
    [
        ("quarter", date(2024, 9, 30), "due_period", "không thuộc năm kế hoạch 2023"),
        ("quarter", date(2023, 9, 29), "due_period", "ngày cuối của kỳ"),
        ("month", None, "due_period", "Hãy chọn kỳ"),
        ("date", date(2022, 12, 31), "due_date", "trước năm kế hoạch"),
        ("ongoing", date(2023, 12, 31), "due_date", "không ghi thời hạn"),
    ],
)
def test_the_service_refuses_a_deadline_outside_the_rules(plan, department, kind, due, field, message):
    with pytest.raises(ValidationError) as refused:
        tasklist.create_task(plan=plan, fields=_fields(lead_unit=department, due_kind=kind, due_date=due))
    assert any(message in m for m in refused.value.message_dict[field])


@pytest.mark.django_db
def test_a_date_deadline_in_a_later_year_needs_a_multi_year_task_and_ongoing_needs_the_ongoing_recurrence(
    plan, department
):
    # Was: a date in the next year was accepted for any task. Now only a task marked multi-year may fall due
    # after its plan's year (tasks/tasklist.py).
    with pytest.raises(ValidationError) as refused:
        tasklist.create_task(plan=plan, fields=_fields(lead_unit=department, due_date=date(2024, 1, 15)))
    assert "không thuộc năm kế hoạch 2023" in refused.value.message_dict["due_date"][0]
    task = tasklist.create_task(
        plan=plan, fields=_fields(lead_unit=department, due_date=date(2024, 1, 15), is_multi_year=True)
    )
    assert (task.due_kind, task.due_date) == ("date", date(2024, 1, 15))
    with pytest.raises(ValidationError) as refused:
        tasklist.create_task(
            plan=plan, fields=_fields(code="Y", lead_unit=department, recurrence="ongoing", due_kind="year")
        )
    assert "due_kind" in refused.value.message_dict
    ongoing = tasklist.create_task(plan=plan, fields=_fields(code="Z", lead_unit=department, recurrence="ongoing"))
    assert (ongoing.due_kind, ongoing.due_date, ongoing.effective_due_date) == ("ongoing", None, None)


@pytest.mark.django_db
def test_a_calendar_change_moves_the_effective_deadline_and_keeps_the_old_one_in_history(
    plan, department, secretariat_user
):
    task = b.task(plan, department, due_kind=Task.DueKind.QUARTER, due_date=date(2023, 9, 30))
    done = b.task(plan, department, code="2", due_kind=Task.DueKind.QUARTER, due_date=date(2023, 9, 30))
    b.report(done, secretariat_user, 8, 100, status=ProgressReport.Status.ACCEPTED)
    change = add_entry(
        day=date(2023, 9, 29),
        kind=DAY_OFF,
        name="Nghỉ bù",
        source_document="Thông báo 12/TB-UBND",
        confirmed=True,
        actor=secretariat_user,
        now=timezone.now(),
    )
    task.refresh_from_db()
    done.refresh_from_db()
    assert task.effective_due_date == date(2023, 9, 28)
    assert done.effective_due_date == date(2023, 9, 29)  # a done task keeps the day it was judged on
    assert [(m.old, m.new) for m in change.moved if "Nhiệm vụ 1" in m.what] == [(date(2023, 9, 29), date(2023, 9, 28))]
    assert task.history.order_by("-history_date").first().history_change_reason.startswith("Lịch làm việc")
