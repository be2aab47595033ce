"""Closing a plan's year (tasks/yearend.py): each task assessed, the figures frozen, the plan closed; refused
for a draft, twice, before 1 December, or with an assessment that contradicts the reports without a note."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tasks import yearend
from tasks.models import Plan, PlanClosing, Task, TaskAssessment

from . import builders as b
from .year_world import YEAR, build_year, local

Outcome = TaskAssessment.Outcome
A = yearend.Assessment


@pytest.fixture
def year(committee, department, other_department, focal_user):
    return build_year(committee, department, other_department, focal_user)


def outcomes(plan) -> dict[str, str]:
    return dict(TaskAssessment.objects.filter(plan=plan).values_list("task__code", "outcome"))


def test_closing_assesses_each_task_from_its_status_and_closes_the_plan(year, secretariat_user):
    now = local(date(YEAR, 12, 20), 15)
    closing = yearend.close_year(plan=year.plan, by=secretariat_user, now=now)

    assert outcomes(year.plan) == {
        "1": Outcome.DONE,
        "2": Outcome.DONE_LATE,
        "3": Outcome.CARRIED_OVER,
        "4": Outcome.CANCELLED,
        "5": Outcome.CARRIED_OVER,
        "6": Outcome.CARRIED_OVER,
    }
    statuses = dict(TaskAssessment.objects.filter(plan=year.plan).values_list("task__code", "status_at_closing"))
    assert statuses["1"] == "done_on_time" and statuses["2"] == "done_late" and statuses["3"] == "overdue"
    plan = Plan.objects.get(pk=year.plan.pk)
    assert plan.closed_at == now and plan.closed_by == secretariat_user
    assert closing.as_of == date(YEAR, 12, 20) and closing.closed_by == secretariat_user


def test_the_years_figures_are_frozen_at_closing(year, secretariat_user, focal_user):
    yearend.close_year(plan=year.plan, by=secretariat_user, now=local(date(YEAR, 12, 20)))
    figures = yearend.frozen_figures(year.plan)

    assert figures["total"] == 5 and figures["cancelled"] == 1  # the cancelled task left the totals
    assert figures["outcome"] == {"done": 1, "done_late": 1, "not_done": 0, "carried_over": 3, "cancelled": 1}
    assert figures["status"]["done_on_time"] == 1 and figures["status"]["overdue"] == 1
    assert figures["done_rate"] == 40
    units = {u["name"]: u for u in figures["units"]}
    assert units["Sở Nội vụ"]["total"] == 4 and units["Sở Xây dựng"]["total"] == 1
    assert [a["total"] for a in figures["areas"]] == [5]

    # A report that comes in after the closing changes what the reports say, not the year's figures.
    b.report(year.open, focal_user, 12, 100, status="accepted")
    assert yearend.frozen_figures(year.plan) == figures


def test_a_draft_plan_is_not_closed(committee, secretariat_user):
    plan = b.plan(committee, year=YEAR)
    with pytest.raises(ValidationError, match="đã được phê duyệt"):
        yearend.close_year(plan=plan, by=secretariat_user, now=local(date(YEAR, 12, 20)))
    assert not PlanClosing.objects.exists()


def test_a_plan_is_closed_once(year, secretariat_user):
    yearend.close_year(plan=year.plan, by=secretariat_user, now=local(date(YEAR, 12, 20)))
    with pytest.raises(ValidationError, match="đã được khóa sổ"):
        yearend.close_year(plan=year.plan, by=secretariat_user, now=local(date(YEAR, 12, 21)))
    assert PlanClosing.objects.count() == 1


def test_the_year_is_closed_from_1_december_local_time(year, secretariat_user):
    with pytest.raises(ValidationError, match="từ ngày 01/12/2025"):
        yearend.close_year(plan=year.plan, by=secretariat_user, now=local(date(YEAR, 11, 30), 23))
    # 00:30 on 1 December in Vinh is still 30 November in UTC.
    yearend.close_year(plan=year.plan, by=secretariat_user, now=local(date(YEAR, 12, 1), 0).replace(minute=30))
    assert Plan.objects.get(pk=year.plan.pk).closed_at is not None


def test_an_outcome_against_the_reports_needs_a_note(year, secretariat_user):
    now = local(date(YEAR, 12, 20))
    with pytest.raises(ValidationError) as refused:
        yearend.close_year(plan=year.plan, assessments={year.open.pk: A(Outcome.DONE)}, by=secretariat_user, now=now)
    assert refused.value.message_dict == {
        f"task-{year.open.pk}": ["Nhiệm vụ 3: kết quả đánh giá khác với báo cáo tiến độ, cần ghi chú lý do."]
    }
    assert not TaskAssessment.objects.exists() and Plan.objects.get(pk=year.plan.pk).closed_at is None

    note = "Đã hoàn thành ngày 10/12, báo cáo gửi chậm"
    yearend.close_year(
        plan=year.plan,
        assessments={year.open.pk: A(Outcome.DONE, note), year.done.pk: A(Outcome.DONE)},
        by=secretariat_user,
        now=now,
    )
    row = TaskAssessment.objects.get(task=year.open)
    assert (row.outcome, row.note) == (Outcome.DONE, note)


def test_an_unfinished_task_may_be_left_behind_without_a_note(year, secretariat_user):
    yearend.close_year(
        plan=year.plan,
        assessments={year.open.pk: A(Outcome.NOT_DONE)},
        by=secretariat_user,
        now=local(date(YEAR, 12, 20)),
    )
    assert outcomes(year.plan)["3"] == Outcome.NOT_DONE


@pytest.mark.parametrize(
    ("which", "outcome", "message"),
    [
        ("cancelled", Outcome.NOT_DONE, "Nhiệm vụ 4 đã hủy: chỉ đánh giá là “Đã hủy”."),
        ("open", Outcome.CANCELLED, "Nhiệm vụ 3 chưa bị hủy: muốn hủy nhiệm vụ, hãy dùng chức năng hủy nhiệm vụ"),
        ("open", "finished", "Nhiệm vụ 3: kết quả đánh giá không hợp lệ."),
    ],
)
def test_cancelled_is_for_cancelled_tasks_only(year, secretariat_user, which, outcome, message):
    task = getattr(year, which)
    with pytest.raises(ValidationError) as refused:
        yearend.close_year(
            plan=year.plan,
            assessments={task.pk: A(outcome, "ghi chú")},
            by=secretariat_user,
            now=local(date(YEAR, 12, 20)),
        )
    assert refused.value.message_dict[f"task-{task.pk}"][0].startswith(message)


def test_a_task_of_another_plan_is_refused(year, committee, department, secretariat_user):
    other = b.task(b.plan(committee, year=YEAR + 1), department, code="9")
    with pytest.raises(ValidationError, match="không thuộc kế hoạch"):
        yearend.close_year(
            plan=year.plan, assessments={other.pk: A(Outcome.DONE)}, by=secretariat_user, now=local(date(YEAR, 12, 20))
        )


def test_assessments_saved_before_closing_are_kept_and_checked_again(year, secretariat_user, focal_user):
    saved_at = local(date(YEAR, 12, 5))
    n = yearend.save_assessments(
        plan=year.plan,
        assessments={year.open.pk: A(Outcome.NOT_DONE, "Không còn phù hợp"), year.late.pk: A(Outcome.DONE_LATE)},
        by=focal_user,
        now=saved_at,
    )
    assert n == 2 and year.plan.closed_at is None
    yearend.save_assessments(
        plan=year.plan,
        assessments={year.late.pk: A(Outcome.DONE_LATE, "Chậm do chờ hướng dẫn")},
        by=focal_user,
        now=saved_at,
    )
    assert TaskAssessment.objects.count() == 2

    yearend.close_year(plan=year.plan, by=secretariat_user, now=local(date(YEAR, 12, 20)))
    kept = TaskAssessment.objects.get(task=year.open)
    assert (kept.outcome, kept.note, kept.assessed_by, kept.assessed_at) == (
        Outcome.NOT_DONE,
        "Không còn phù hợp",
        focal_user,
        saved_at,
    )
    assert TaskAssessment.objects.get(task=year.late).note == "Chậm do chờ hướng dẫn"
    assert TaskAssessment.objects.filter(plan=year.plan).count() == 6


def test_saving_assessments_follows_the_closing_rules(year, secretariat_user):
    with pytest.raises(ValidationError, match="từ ngày 01/12/2025"):
        yearend.save_assessments(
            plan=year.plan,
            assessments={year.open.pk: A(Outcome.NOT_DONE)},
            by=secretariat_user,
            now=local(date(YEAR, 11, 2)),
        )
    with pytest.raises(ValidationError):
        yearend.save_assessments(
            plan=year.plan,
            assessments={year.open.pk: A(Outcome.DONE)},
            by=secretariat_user,
            now=local(date(YEAR, 12, 2)),
        )
    assert not TaskAssessment.objects.exists()


def test_the_system_may_close_a_year(year):
    closing = yearend.close_year(plan=year.plan, by=None, now=local(date(YEAR + 1, 1, 5)))
    assert closing.closed_by is None and Plan.objects.get(pk=year.plan.pk).closed_by is None
    assert TaskAssessment.objects.get(task=year.open).status_at_closing == "overdue"
    assert TaskAssessment.objects.get(task=year.done).outcome == Outcome.DONE


def test_suggested_outcomes(year):
    assert yearend.suggested_outcome(task=year.done, status_code="done_on_time") == Outcome.DONE
    assert yearend.suggested_outcome(task=year.late, status_code="done_late") == Outcome.DONE_LATE
    assert yearend.suggested_outcome(task=year.open, status_code="overdue") == Outcome.CARRIED_OVER
    assert yearend.suggested_outcome(task=year.open, status_code="in_progress") == Outcome.CARRIED_OVER
    assert yearend.suggested_outcome(task=year.cancelled, status_code="not_started") == Outcome.CANCELLED


def test_frozen_figures_are_none_while_the_year_is_open(year):
    assert yearend.frozen_figures(year.plan) is None


def test_closing_reads_and_writes_in_a_fixed_number_of_queries(year, department, secretariat_user):
    counts = []
    for plan_year, extra in ((YEAR, 0), (YEAR + 1, 20)):
        plan = (
            year.plan
            if extra == 0
            else build_year(year.plan.committee, department, department, secretariat_user, year=plan_year).plan
        )
        for i in range(extra):
            b.task(plan, department, code=f"N{i}", due_date=date(plan_year, 3, 1))
        assert Task.objects.filter(plan=plan).count() == 6 + extra
        with CaptureQueriesContext(connection) as ctx:
            yearend.close_year(plan=plan, by=secretariat_user, now=local(date(plan_year, 12, 20)))
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
