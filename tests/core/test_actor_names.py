"""Who did something is named by name, not by login (core.history.actor_name): the linked Person's full name,
else the account's full name, else the username; in the stale-form notice and the task's change log."""

import html
from datetime import date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.history import actor_name
from core.versions import StaleEdit
from members.decisions import NewDecision
from tasks import tasklist
from tests import factories as f
from tests.conftest import client_for
from tests.tasks import builders as b

pytestmark = pytest.mark.django_db


def test_a_user_is_named_by_person_then_account_name_then_username(department):
    with_person = f.UserFactory(username="thuky9", first_name="Thư", last_name="Ký")
    f.PersonFactory(full_name="Nguyễn Thị Thư Ký", user=with_person, unit=department)
    named = f.UserFactory(username="ketoan", first_name="Lê Văn", last_name="Kế")
    bare = f.UserFactory(username="khach", first_name="", last_name="")
    with_person.refresh_from_db()
    assert actor_name(with_person) == "Nguyễn Thị Thư Ký"
    assert actor_name(named) == "Lê Văn Kế"
    assert actor_name(bare) == "khach"
    assert actor_name(None) == ""
    notice = StaleEdit(changes=[], seen=1, version=2, by=with_person, at=timezone.now())
    assert "Nguyễn Thị Thư Ký đã lưu thay đổi" in notice.message and "thuky9" not in notice.message
    assert "người khác đã lưu" in StaleEdit(changes=[], seen=1, version=2).message


def test_the_task_change_log_names_who_cancelled_and_who_edited_by_full_name(committee, department, secretariat_user):
    plan = b.plan(committee, year=2023)
    task = b.task(plan, department, title="Rà soát thủ tục hành chính")
    decision = NewDecision(number="15-TB/BCĐ", date=date(2023, 5, 9), issuer="Ban Chỉ đạo CCHC tỉnh")
    now = timezone.make_aware(datetime(2023, 5, 10, 9, 0))
    tasklist.cancel_task(task=task, reason="Trùng nhiệm vụ", decision=decision, by=secretariat_user, now=now)
    page = html.unescape(
        client_for(secretariat_user).get(reverse("tasks:task_detail", args=[task.pk])).content.decode()
    )
    assert "(Thư ký Bộ phận Thường trực)" in page  # the change log, and the history entry of the edit
    assert "(thuky)" not in page
    assert "người hủy: Thư ký Bộ phận Thường trực" in page


def test_the_hotline_timeline_names_the_operator_by_the_persons_full_name(department, operator_user):
    from hotline import workflow
    from hotline.models import Category
    from hotline.reference import ensure_categories
    from tests.hotline.conftest import MONDAY, make_report

    ensure_categories()
    categories = {c.code: c for c in Category.objects.all()}

    operator_user.first_name, operator_user.last_name = "Tài khoản", "tổng đài"
    operator_user.save()
    report, _pin = make_report(categories)
    workflow.route(report=report, user=operator_user, unit=department, days=10, today=MONDAY.date(), now=MONDAY)
    page = html.unescape(client_for(operator_user).get(reverse("hotline:detail", args=[report.pk])).content.decode())
    assert "(Phạm Thị Tổng Đài)" in page and "(Tài khoản tổng đài)" not in page
