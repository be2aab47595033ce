"""A year ends in a real browser: the secretariat (thuky) closes last year's plan, makes this year's plan from it,
approves it citing its document, and Sở Nội vụ's focal point (daumoi) finds the carried-over task in "Việc của
tôi". The test builds its own world (last year's approved plan, its tasks and reports), so it holds on any date."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from core.roles import Role
from members.models import Unit
from members.reference import ensure_reference_data
from members.seed import DEMO_PASSWORD
from tasks import plans
from tasks.models import Plan, ProgressReport, Task
from tests import factories as f
from tests.tasks import builders as b

from .conftest import axe_violations, login

pytestmark = pytest.mark.e2e

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
CARRIED = "Số hóa hồ sơ cán bộ, công chức"
FINISHED = "Ban hành Quy chế làm việc của Ban Chỉ đạo"


def _user(username: str, role: str, name: str, unit: Unit):
    user = f.UserFactory(username=username, roles=[role], password=DEMO_PASSWORD, first_name=name)
    f.PersonFactory(user=user, full_name=name, unit=unit)
    return user


@pytest.fixture
def last_year(transactional_db):
    """Last year's approved plan of the provincial committee: one task done, one unfinished (Sở Nội vụ's)."""
    ensure_reference_data()
    province = f.UnitFactory(code="40", name="Tỉnh Nghệ An", kind=Unit.Kind.PROVINCE)
    home = f.UnitFactory(code="SNV", name="Sở Nội vụ", parent=province)
    committee = f.CommitteeFactory(name="Ban Chỉ đạo cải cách hành chính tỉnh Nghệ An", unit=province)
    _user("thuky", Role.SECRETARIAT, "Nguyễn Thị Thư", home)
    focal = _user("daumoi", Role.FOCAL_POINT, "Lê Thị Đầu Mối", home)
    year = timezone.localdate().year - 1
    plan = b.plan(committee, year=year, title=f"Kế hoạch cải cách hành chính năm {year}")
    done = b.task(plan, home, code="1", title=FINISHED, due_date=date(year, 6, 30))
    plans.approve_plan(  # once it has a task (tasks/plans.py)
        plan=plan,
        decision=f.DecisionFactory(number=f"{year % 100 + 100}/KH-BCĐ", date=date(year, 1, 20)),
        now=datetime(year, 1, 20, 9, tzinfo=TZ),
    )
    done.refresh_from_db()
    accepted = ProgressReport.Status.ACCEPTED
    b.report(done, focal, 5, 100, status=accepted)
    unfinished = b.task(plan, home, code="2", title=CARRIED, due_date=date(year, 10, 31))
    b.report(unfinished, focal, 10, 60, status=accepted)
    return Plan.objects.get(pk=plan.pk)


def _as(page, username: str) -> None:
    page.context.clear_cookies()
    login(page, username, DEMO_PASSWORD)


def _accessible(page) -> None:
    assert axe_violations(page) == [], page.url


def test_secretariat_closes_the_year_makes_the_next_plan_and_the_focal_point_sees_the_carried_task(page, last_year):
    year, next_year = last_year.year, last_year.year + 1
    _as(page, "thuky")
    page.goto(f"{page.base_url}/tasks/plans/{last_year.pk}/")
    page.get_by_role("link", name="Khóa sổ năm").click()
    assert page.locator("h1").inner_text() == f"Khóa sổ năm {year}"
    _accessible(page)
    row = page.locator("tr", has_text=CARRIED)
    assert row.locator("select option:checked").inner_text() == "Chuyển tiếp sang năm sau"
    done_row = page.locator("tr", has_text=FINISHED)
    assert done_row.locator("select option:checked").inner_text() == "Hoàn thành"
    page.get_by_label("Tôi đã rà soát đánh giá các nhiệm vụ", exact=False).check()
    page.get_by_role("button", name=f"Khóa sổ năm {year}").click()

    assert page.locator("h1").inner_text() == f"Kết quả khóa sổ năm {year}"
    assert f"Đã khóa sổ năm {year}." in page.content()
    _accessible(page)
    page.get_by_role("link", name=f"Lập kế hoạch năm {next_year}").click()

    assert page.locator("h1").inner_text() == f"Lập kế hoạch năm {next_year} từ kế hoạch năm {year}"
    _accessible(page)
    assert page.get_by_label("Đưa nhiệm vụ 2 vào kế hoạch năm sau").is_checked()
    assert not page.get_by_label("Đưa nhiệm vụ 1 vào kế hoạch năm sau").is_checked()
    page.get_by_role("button", name=f"Lập dự thảo kế hoạch năm {next_year}").click()

    assert f"Đã lập dự thảo kế hoạch năm {next_year}: 1 nhiệm vụ chuyển tiếp" in page.content()
    assert page.locator(".task-table tbody", has_text=CARRIED).is_visible()
    assert page.locator(".task-table tbody", has_text=FINISHED).count() == 0
    page.get_by_role("link", name="Phê duyệt kế hoạch").click()
    _accessible(page)
    page.fill("#id_decision_number", f"{next_year % 100 + 100}/KH-BCĐ")
    page.fill("#id_decision_date", f"{next_year}-01-15")
    page.fill("#id_decision_issuer", "Ban Chỉ đạo cải cách hành chính tỉnh")
    page.get_by_role("button", name="Phê duyệt").click()
    assert "Đã phê duyệt kế hoạch." in page.content()
    new_plan = Plan.objects.get(committee=last_year.committee, year=next_year)
    assert new_plan.status == Plan.Status.APPROVED
    carried = Task.objects.get(plan=new_plan, code="2")
    assert carried.origin.plan_id == last_year.pk

    _as(page, "daumoi")
    page.goto(f"{page.base_url}/tasks/my/")
    _accessible(page)
    link = page.locator(f'#due-h + div table a[href="/tasks/task/{carried.pk}/"]')
    assert CARRIED in link.inner_text()
    link.click()
    assert "Chuyển tiếp từ nhiệm vụ" in page.content()
    assert f"kế hoạch năm {year}" in page.content()
