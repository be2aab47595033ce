"""No lost edits on the plan's pages: two clerks (two sessions, two test clients) on one record; the second,
stale form is refused with what the first changed, keeps what was typed, and saves nothing
(core/versions.py, checked by tasks/tasklist.py, tasks/plans.py and tasks/reports.py)."""

import html
import re
from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.versions import StaleEdit, check_version
from tasks import plans, tasklist
from tasks.forms import PersonalPlanForm, PlanForm, TaskForm
from tasks.models import PersonalPlan, ProgressReport, Task
from tests import factories as f
from tests.conftest import client_for
from tests.stale import posted, versions_in

from . import builders as b

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(committee):
    return b.plan(committee, year=2023)


@pytest.fixture
def task(plan, department):
    return b.task(plan, department, title="Rà soát thủ tục hành chính", expected_output_note="Báo cáo")


@pytest.fixture
def two_clerks(secretariat_user, department):
    other = f.UserFactory(username="thuky2", roles=[secretariat_user.groups.first().name])
    return client_for(secretariat_user), client_for(other)


def _edit_url(task):
    return reverse("tasks:task_edit", args=[task.pk])


def test_the_second_clerks_stale_task_form_shows_what_changed_keeps_what_was_typed_and_saves_nothing(task, two_clerks):
    first, second = two_clerks
    # Both open the edit page of the same task.
    assert versions_in(first.get(_edit_url(task)).content.decode()) == [task.version]
    assert versions_in(second.get(_edit_url(task)).content.decode()) == [task.version]
    drawn = posted(TaskForm(instance=task, plan=task.plan))

    response = first.post(_edit_url(task), {**drawn, "title": "Rà soát, đơn giản hóa thủ tục"})
    assert response.status_code == 302
    response = second.post(_edit_url(task), {**drawn, "expected_output_note": "Báo cáo và danh mục"})

    assert response.status_code == 409
    page = html.unescape(response.content.decode())
    assert "Trong lúc đồng chí sửa, Thư ký Bộ phận Thường trực đã lưu thay đổi" in page
    assert "Nội dung nhiệm vụ</strong>: Rà soát thủ tục hành chính → Rà soát, đơn giản hóa thủ tục" in page
    assert 'value="Báo cáo và danh mục"' in page  # what the second clerk typed
    assert 'value="Rà soát, đơn giản hóa thủ tục"' in page  # the first clerk's title, left alone by the second
    task.refresh_from_db()
    assert (task.title, task.expected_output_note) == ("Rà soát, đơn giản hóa thủ tục", "Báo cáo")
    assert versions_in(page) == [task.version]

    # Saving the form as shown again keeps both edits.
    again = {**drawn, "title": "Rà soát, đơn giản hóa thủ tục", "expected_output_note": "Báo cáo và danh mục"}
    assert second.post(_edit_url(task), {**again, "version": task.version}).status_code == 302
    task.refresh_from_db()
    assert (task.title, task.expected_output_note) == ("Rà soát, đơn giản hóa thủ tục", "Báo cáo và danh mục")


def test_a_change_to_a_field_the_form_does_not_edit_lets_the_stale_form_save(task, two_clerks, secretariat_user):
    first, second = two_clerks
    drawn = posted(TaskForm(instance=task, plan=task.plan))
    Task.objects.get(pk=task.pk).save()  # e.g. a job moved the effective deadline: a new version, no form field
    assert second.post(_edit_url(task), {**drawn, "expected_output_note": "Kế hoạch"}).status_code == 302
    task.refresh_from_db()
    assert task.expected_output_note == "Kế hoạch"


def test_the_service_check_names_each_changed_field_with_its_values(task, secretariat_user):
    seen = task.version
    tasklist.update_task(
        task=task, fields={"title": "Tên mới", "is_focus": True}, coordinating_units=[], user=secretariat_user
    )
    current = Task.objects.get(pk=task.pk)
    assert current.version == seen + 1
    check_version(current, current.version, fields=["title"])  # up to date: nothing to say
    check_version(current, None, fields=["title"])  # no form: not checked
    check_version(current, seen, fields=["expected_output_note"])  # that field did not change
    with pytest.raises(StaleEdit) as caught:
        check_version(current, seen, fields=["title", "is_focus", "expected_output_note"])
    assert [(c.field, c.old, c.new) for c in caught.value.changes] == [
        ("title", "Rà soát thủ tục hành chính", "Tên mới"),
        ("is_focus", "Không", "Có"),
    ]
    assert caught.value.by == secretariat_user and caught.value.version == current.version
    # The service refuses it and saves nothing.
    with pytest.raises(StaleEdit):
        tasklist.update_task(
            task=task, fields={"title": "Cũ"}, coordinating_units=[], user=secretariat_user, version=seen
        )
    assert Task.objects.get(pk=task.pk).title == "Tên mới"


def test_a_stale_plan_form_is_refused(plan, two_clerks):
    first, second = two_clerks
    url = reverse("tasks:plan_edit", args=[plan.pk])
    assert versions_in(second.get(url).content.decode()) == [plan.version]
    drawn = posted(PlanForm(instance=plan))
    assert first.post(url, {**drawn, "title": "Kế hoạch CCHC năm 2023 (sửa)"}).status_code == 302
    response = second.post(url, {**drawn, "year": "2024"})
    assert response.status_code == 409
    assert "Kế hoạch CCHC năm 2023 (sửa)" in html.unescape(response.content.decode())
    plan.refresh_from_db()
    assert (plan.title, plan.year) == ("Kế hoạch CCHC năm 2023 (sửa)", 2023)


def test_a_report_reviewed_meanwhile_is_not_reviewed_again(task, two_clerks, member_user, time_machine):
    time_machine.move_to(timezone.make_aware(datetime(2023, 9, 10, 10)), tick=False)
    report = b.report(task, member_user, 8, 50)
    first, second = two_clerks
    page = second.get(reverse("tasks:task_detail", args=[task.pk])).content.decode()
    assert versions_in(page) == [report.version]
    url = reverse("tasks:report_review", args=[report.pk])
    assert first.post(url, {"decision": "accept", "version": report.version}).status_code == 302
    response = second.post(url, {"decision": "return", "comment": "Thiếu số liệu", "version": report.version})
    assert response.status_code == 409
    page = html.unescape(response.content.decode())
    assert "Trạng thái</strong>: Chờ xem xét → Đã chấp nhận" in page
    assert "Thiếu số liệu" in page
    report.refresh_from_db()
    assert (report.status, report.review_comment) == (ProgressReport.Status.ACCEPTED, "")


def test_a_personal_plan_saved_in_another_session_is_not_overwritten(member_user, time_machine):
    time_machine.move_to(timezone.make_aware(datetime(2023, 3, 10, 10)), tick=False)
    url = reverse("tasks:personal_plan") + "?year=2023"
    first, second = client_for(member_user), client_for(member_user)
    assert versions_in(first.get(url).content.decode()) == [0]  # no plan yet: drawn empty
    assert versions_in(second.get(url).content.decode()) == [0]
    drawn = posted(PersonalPlanForm(initial={"version": 0}))
    assert first.post(url, {**drawn, "content": "Kế hoạch của tôi"}).status_code == 302
    response = second.post(url, {**drawn, "content": "Bản khác"})
    assert response.status_code == 409
    assert "Bản khác" in response.content.decode()
    saved = PersonalPlan.objects.get(person=member_user.person, year=2023)
    assert saved.content == "Kế hoạch của tôi"
    # A second save from the page as shown goes through: the clerk has seen the other version.
    assert second.post(url, {**drawn, "content": "Bản khác", "version": saved.version}).status_code == 302
    assert PersonalPlan.objects.get(pk=saved.pk).content == "Bản khác"


def _textarea(page: str, name: str) -> str:
    found = re.search(rf'<textarea name="{name}"[^>]*>\n?(.*?)</textarea>', page, re.S)
    assert found, name
    return html.unescape(found.group(1))


def _as_shown(page: str) -> dict:
    """The personal plan form as a browser sends back the page `page` (its textareas and version)."""
    return {
        "content": _textarea(page, "content"),
        "self_assessment": _textarea(page, "self_assessment"),
        "version": versions_in(page)[0],
    }


def test_a_stale_personal_plan_drawn_from_the_template_takes_the_other_windows_content(member_user, time_machine):
    """Both windows open a new plan prefilled with the template; A rewrites the content, B only writes the
    self-assessment. B's stale page keeps B's assessment and shows A's content (B left the template as it
    was drawn), so B's second save loses neither edit."""
    time_machine.move_to(timezone.make_aware(datetime(2025, 3, 10, 10)), tick=False)
    url = reverse("tasks:personal_plan") + "?year=2025"
    first, second = client_for(member_user), client_for(member_user)
    drawn_a, drawn_b = _as_shown(first.get(url).content.decode()), _as_shown(second.get(url).content.decode())
    assert drawn_b["content"].startswith("KẾ HOẠCH CÁ NHÂN NĂM 2025") and drawn_b["version"] == 0
    assert first.post(url, {**drawn_a, "content": "Nội dung mới của cửa sổ A"}).status_code == 302

    stale = second.post(url, {**drawn_b, "self_assessment": "Hoàn thành tốt nhiệm vụ"})
    assert stale.status_code == 409
    shown = _as_shown(stale.content.decode())
    assert shown["content"] == "Nội dung mới của cửa sổ A"  # the current value: B did not touch it
    assert shown["self_assessment"] == "Hoàn thành tốt nhiệm vụ"  # what B typed
    assert second.post(url, shown).status_code == 302
    saved = PersonalPlan.objects.get(person=member_user.person, year=2025)
    assert (saved.content, saved.self_assessment) == ("Nội dung mới của cửa sổ A", "Hoàn thành tốt nhiệm vụ")


def test_a_stale_personal_plan_keeps_content_the_second_window_changed(member_user, time_machine):
    time_machine.move_to(timezone.make_aware(datetime(2025, 3, 10, 10)), tick=False)
    url = reverse("tasks:personal_plan") + "?year=2025"
    first, second = client_for(member_user), client_for(member_user)
    drawn_a, drawn_b = _as_shown(first.get(url).content.decode()), _as_shown(second.get(url).content.decode())
    assert first.post(url, {**drawn_a, "content": "Bản của A"}).status_code == 302
    stale = second.post(url, {**drawn_b, "content": drawn_b["content"] + "\n- Việc thêm của B"})
    assert stale.status_code == 409
    assert _as_shown(stale.content.decode())["content"].endswith("- Việc thêm của B")


def test_save_personal_plan_checks_the_version(member_user):
    now = timezone.now()
    saved = plans.save_personal_plan(person=member_user.person, year=2023, content="A", self_assessment="", now=now)
    plans.save_personal_plan(
        person=member_user.person, year=2023, content="B", self_assessment="", now=now, version=saved.version
    )
    with pytest.raises(StaleEdit):
        plans.save_personal_plan(
            person=member_user.person, year=2023, content="C", self_assessment="", now=now, version=saved.version
        )
    assert PersonalPlan.objects.get(pk=saved.pk).content == "B"


def test_the_conflict_page_runs_pinned_queries(task, two_clerks):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.querycount import assert_queries

    first, second = two_clerks
    drawn = posted(TaskForm(instance=task, plan=task.plan))
    second.get(_edit_url(task))  # warm the process's caches
    assert first.post(_edit_url(task), {**drawn, "title": "Tên mới"}).status_code == 302
    with CaptureQueriesContext(connection) as ctx:
        assert second.post(_edit_url(task), {**drawn, "expected_output_note": "Khác"}).status_code == 409
    assert_queries([q["sql"] for q in ctx.captured_queries], 21, "the stale task form")
