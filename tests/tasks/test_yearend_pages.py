"""The year-end pages: "Khóa sổ năm" (assess area by area, then close), the closed year's figures, and "Lập kế
hoạch năm sau" (preview, then one step); their refusals, and their query counts pinned at 1× and 10× tasks."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from members.models import ReformArea
from tasks.models import PilotUnit, Plan, Task, TaskAssessment
from tests import factories as f
from tests.conftest import client_for
from tests.querycount import assert_page_queries

from . import builders as b
from .year_world import YEAR, build_year, local

Outcome = TaskAssessment.Outcome
NEXT = YEAR + 1


@pytest.fixture
def year(committee, department, other_department, focal_user):
    return build_year(committee, department, other_department, focal_user)


@pytest.fixture
def december():
    with time_machine.travel(local(date(YEAR, 12, 20), 10), tick=False):
        yield


@pytest.fixture
def secretariat(secretariat_user):
    return client_for(secretariat_user)


def close_url(plan, **query) -> str:
    url = reverse("tasks:plan_close", args=[plan.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_the_close_page_offers_each_task_with_the_outcome_its_reports_suggest(year, secretariat, december):
    page = secretariat.get(close_url(year.plan)).content.decode()
    assert "Đã đánh giá 0/6 nhiệm vụ." in page
    assert f'name="outcome-{year.late.pk}"' in page
    late_row = page[page.index(f'name="outcome-{year.late.pk}"') :]
    assert late_row.index('value="done_late" selected') < late_row.index("</select>")
    open_row = page[page.index(f'name="outcome-{year.open.pk}"') :]
    assert open_row.index('value="carried_over" selected') < open_row.index("</select>")


def test_saving_an_area_keeps_its_assessments_and_goes_on(year, secretariat, december, secretariat_user):
    area = year.open.area_id
    data = {"area": area, "task": [year.open.pk, year.done.pk]}
    data |= {f"outcome-{year.open.pk}": "not_done", f"note-{year.open.pk}": "Không còn phù hợp"}
    data |= {f"outcome-{year.done.pk}": "done", f"note-{year.done.pk}": ""}
    response = secretariat.post(close_url(year.plan), data)
    assert response.status_code == 302 and response.url == close_url(year.plan, area=area)
    row = TaskAssessment.objects.get(task=year.open)
    assert (row.outcome, row.note, row.assessed_by) == (Outcome.NOT_DONE, "Không còn phù hợp", secretariat_user)
    assert "Đã đánh giá 2/6 nhiệm vụ." in secretariat.get(close_url(year.plan)).content.decode()


def test_an_assessment_against_the_reports_without_a_note_is_refused_on_its_row(year, secretariat, december):
    data = {"area": year.open.area_id, "task": [year.open.pk], f"outcome-{year.open.pk}": "done"}
    response = secretariat.post(close_url(year.plan), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nhiệm vụ 3: kết quả đánh giá khác với báo cáo tiến độ, cần ghi chú lý do." in page
    assert 'aria-invalid="true"' in page
    assert not TaskAssessment.objects.exists()


def test_an_error_on_a_row_of_another_area_is_listed_at_the_top(year, secretariat, december):
    other_area = ReformArea.objects.exclude(pk=year.done.area_id).first()
    Task.objects.filter(pk=year.open.pk).update(area=other_area)
    # The page of the first area posts a row of the other area (e.g. a page kept open while areas changed).
    data = {"area": year.done.area_id, "task": [year.open.pk], f"outcome-{year.open.pk}": "done"}
    response = secretariat.post(close_url(year.plan), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert f'name="outcome-{year.open.pk}"' not in page  # its row is not drawn here
    top = page[page.index('id="close-errors"') :]
    assert "Nhiệm vụ 3: kết quả đánh giá khác với báo cáo tiến độ, cần ghi chú lý do." in top
    assert not TaskAssessment.objects.exists()


def test_a_bad_task_id_is_a_400(year, secretariat, december):
    response = secretariat.post(close_url(year.plan), {"task": ["abc"]})
    assert response.status_code == 400 and "Dữ liệu gửi lên không hợp lệ" in response.content.decode()


def test_closing_needs_a_confirmation_then_freezes_the_year(year, secretariat, december, clients):
    refused = secretariat.post(close_url(year.plan), {"action": "close"})
    assert refused.status_code == 400 and "Hãy xác nhận trước khi khóa sổ năm." in refused.content.decode()
    assert Plan.objects.get(pk=year.plan.pk).closed_at is None

    response = secretariat.post(close_url(year.plan), {"action": "close", "confirm": "on"})
    assert response.status_code == 302 and response.url == reverse("tasks:plan_closing", args=[year.plan.pk])
    assert Plan.objects.get(pk=year.plan.pk).closed_at == local(date(YEAR, 12, 20), 10)

    closing = clients["leadership"].get(response.url).content.decode()
    assert "Kết quả khóa sổ năm 2025" in closing and "20/12/2025" in closing
    assert "Chuyển tiếp sang năm sau <strong>3</strong>" in closing
    # Afterwards the close page leads to the result, and the plan page shows the frozen figures.
    assert secretariat.get(close_url(year.plan)).status_code == 302
    plan_page = secretariat.get(reverse("tasks:plan_detail", args=[year.plan.pk])).content.decode()
    assert "Kết quả năm 2025 (số liệu khóa sổ)" in plan_page and "Lập kế hoạch năm sau" in plan_page


def test_a_draft_or_early_plan_cannot_be_closed_from_the_page(committee, department, secretariat):
    draft = b.plan(committee, year=YEAR)
    b.task(draft, department)
    with time_machine.travel(local(date(YEAR, 12, 20)), tick=False):
        page = secretariat.get(close_url(draft)).content.decode()
        assert "Chỉ khóa sổ kế hoạch đã được phê duyệt." in page and 'name="task"' not in page
        refused = secretariat.post(close_url(draft), {"action": "close", "confirm": "on"})
    assert refused.status_code == 400 and Plan.objects.get(pk=draft.pk).closed_at is None


def test_the_plan_page_of_a_closed_year_shows_the_statuses_of_the_closing_day(year, secretariat, secretariat_user):
    from tasks import yearend

    yearend.close_year(plan=year.plan, by=secretariat_user, now=local(date(YEAR, 12, 20)))
    with time_machine.travel(local(date(NEXT, 3, 2)), tick=False):
        page = secretariat.get(reverse("tasks:plan_detail", args=[year.plan.pk])).content.decode()
    assert "Số liệu đến ngày</dt><dd>20/12/2025" in page


def test_the_dashboard_of_a_closed_year_shows_what_its_plan_page_shows(year, secretariat_user, leader_user):
    from tasks import status as st
    from tasks import yearend
    from tasks.leadership import dashboard, provincial_year_choice

    yearend.close_year(plan=year.plan, by=secretariat_user, now=local(date(YEAR, 12, 20)))
    later = date(NEXT, 3, 2)
    with time_machine.travel(local(later), tick=False):
        page = client_for(leader_user).get(reverse("home"), {"year": YEAR}).content.decode()
        data = dashboard(today=later, choice=provincial_year_choice(asked=YEAR, today=later))
    assert "Số liệu khóa sổ ngày 20/12/2025" in page and "Đến ngày 02/03" not in page
    closing_day = st.status_totals(Task.objects.filter(plan=year.plan), today=date(YEAR, 12, 20))
    assert {t["code"]: t["n"] for t in data["totals"]} == closing_day


def test_the_next_plan_is_previewed_then_made_once(year, secretariat, december, secretariat_user):
    from tasks import yearend

    yearend.close_year(plan=year.plan, by=secretariat_user, now=local(date(YEAR, 12, 20)))
    url = reverse("tasks:next_plan", args=[year.plan.pk])
    page = secretariat.get(url).content.decode()
    assert "Lập kế hoạch năm 2026 từ kế hoạch năm 2025" in page
    assert f'value="{year.open.pk}" id="take-{year.open.pk}" checked' in page
    assert f'value="{year.done.pk}" id="take-{year.done.pk}">' in page  # offered, not ticked
    assert f'id="take-{year.cancelled.pk}" disabled' in page

    response = secretariat.post(url, {"task": [year.open.pk, year.monthly.pk]})
    plan = Plan.objects.get(committee=year.plan.committee, year=NEXT)
    assert response.status_code == 302 and response.url == reverse("tasks:plan_detail", args=[plan.pk])
    assert plan.status == Plan.Status.DRAFT
    assert sorted(Task.objects.filter(plan=plan).values_list("code", flat=True)) == ["3", "5"]
    follow = secretariat.get(response.url).content.decode()
    assert "1 nhiệm vụ chuyển tiếp, 1 nhiệm vụ lặp lại" in follow

    again = secretariat.post(url, {"task": [year.open.pk, year.done.pk]})
    assert again.status_code == 302
    assert "Kế hoạch năm 2026 đã có: không thêm gì" in secretariat.get(again.url).content.decode()
    assert Task.objects.filter(plan=plan).count() == 2
    assert "Ban Chỉ đạo đã có kế hoạch năm 2026" in secretariat.get(url).content.decode()


def test_an_ended_lead_unit_needs_a_successor_on_the_preview(year, secretariat, december, other_department):
    from tasks import yearend

    task = b.task(year.plan, other_department, code="7", due_date=date(YEAR, 11, 30))
    other_department.valid_to = date(YEAR, 3, 1)
    other_department.save()
    yearend.close_year(plan=year.plan, by=None, now=local(date(YEAR, 12, 20)))
    url = reverse("tasks:next_plan", args=[year.plan.pk])
    response = secretariat.post(url, {"task": [task.pk]})
    assert response.status_code == 400
    assert "Sở Xây dựng đã hết hiệu lực từ 01/03/2025, hãy chọn cơ quan chủ trì kế thừa." in response.content.decode()
    assert not Plan.objects.filter(year=NEXT).exists()


def test_the_next_plan_page_sends_an_open_year_to_its_closing(year, secretariat, december):
    response = secretariat.get(reverse("tasks:next_plan", args=[year.plan.pk]))
    assert response.status_code == 302 and response.url == close_url(year.plan)


def _grow(year, n: int, department, reporter) -> None:
    for i in range(n):
        code = f"G{Task.objects.count()}"
        task = b.task(year.plan, department, code=code, due_date=date(YEAR, 1 + i % 12, 20))
        task.coordinating_units.add(year.coordinating)
        b.report(task, reporter, 1 + i % 11, 30 + i % 70, status="accepted")
        TaskAssessment.objects.create(
            plan=year.plan, task=task, outcome=Outcome.CARRIED_OVER, assessed_at=local(date(YEAR, 12, 5))
        )
    PilotUnit.objects.get_or_create(plan=year.plan, unit=department)


# (label, url, queries). Seven are every signed-in request's own (session, user, roles, notifications, …).
PAGES = [
    ("close page", lambda y: close_url(y.plan), 13),  # with the check of its tasks' status stamps
    ("closing result", lambda y: reverse("tasks:plan_closing", args=[y.plan.pk]), 11),
    ("next plan preview", lambda y: reverse("tasks:next_plan", args=[y.plan.pk]), 17),
]


@pytest.mark.parametrize(("label", "url", "queries"), PAGES, ids=[p[0] for p in PAGES])
def test_query_counts_are_pinned_at_1x_and_10x(
    year, secretariat_user, department, focal_user, december, label, url, queries
):
    from tasks import yearend

    client = client_for(secretariat_user)
    _grow(year, 2, department, focal_user)
    if label != "close page":
        yearend.close_year(plan=year.plan, by=secretariat_user, now=local(date(YEAR, 12, 20)))
    for size in ("1×", "10×"):
        if size == "10×":
            year.plan.refresh_from_db()
            if year.plan.closed_at is None:
                _grow(year, 20, department, focal_user)
            else:
                _grow_closed(year, 20, department)
        assert_page_queries(client, url(year), queries, label=f"{label} at {size}")


def _grow_closed(year, n: int, department) -> None:
    """More tasks in the closed plan, each with its (closing's) assessment."""
    for _i in range(n):
        task = b.task(year.plan, department, code=f"H{Task.objects.count()}", due_date=date(YEAR, 5, 31))
        TaskAssessment.objects.create(
            plan=year.plan,
            task=task,
            outcome=Outcome.CARRIED_OVER,
            status_at_closing="overdue",
            assessed_at=local(date(YEAR, 12, 20)),
        )
    f.UnitFactory()


def test_a_carried_task_and_its_origin_link_to_each_other(year, secretariat, secretariat_user):
    from tasks import rollover, yearend

    yearend.close_year(plan=year.plan, by=secretariat_user, now=local(date(YEAR, 12, 20)))
    plan = rollover.make_next_plan(closed_plan=year.plan, by=secretariat_user, now=local(date(YEAR, 12, 22))).plan
    carried = Task.objects.get(plan=plan, code="3")

    new_page = secretariat.get(reverse("tasks:task_detail", args=[carried.pk])).content.decode()
    assert "Chuyển tiếp từ nhiệm vụ" in new_page and reverse("tasks:task_detail", args=[year.open.pk]) in new_page
    old_page = secretariat.get(reverse("tasks:task_detail", args=[year.open.pk])).content.decode()
    assert "Chuyển sang năm sau" in old_page and reverse("tasks:task_detail", args=[carried.pk]) in old_page
    assert "kế hoạch năm 2026" in old_page
