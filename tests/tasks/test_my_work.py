"""'Việc của tôi': exact totals beyond the rows shown, the "see all" pages and their pagination, who sees what.

On 20/05/2023 the focal point of Sở Nội vụ has: 5 tasks due at the end of the year and 4 due in April
(overdue), none reported for May; 2 tasks reported for May; 4 reports returned (on 4 of the first tasks).
So: due 9, reported 2, overdue 4, returned 4. The page shows 3 rows a section, the section pages 2 a page.
"""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from tasks import mywork
from tasks.models import ProgressReport
from tasks.views import mywork as views
from tests.conftest import client_for

from . import builders as b

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def work(committee, department, other_department, focal_user, secretariat_user, time_machine, monkeypatch):
    time_machine.move_to(datetime(2023, 5, 20, 10, tzinfo=TZ), tick=False)
    monkeypatch.setattr(views, "FIRST", 3)
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    plan = b.plan(committee, year=2023)
    later = [b.task(plan, department, code=f"D{i}", due_date=date(2023, 12, 31)) for i in range(1, 6)]
    late = [b.task(plan, department, code=f"O{i}", due_date=date(2023, 4, 10 + i)) for i in range(1, 5)]
    reported = [b.task(plan, department, code=f"R{i}", due_date=date(2023, 12, 31)) for i in range(1, 3)]
    for t in reported:
        b.report(t, focal_user, 5, 40)
    for i, t in enumerate(later[:4], start=1):
        b.report(t, focal_user, i, 10, status=ProgressReport.Status.RETURNED, review_comment=f"Thiếu số liệu {i}")
    b.task(plan, other_department, code="X1", due_date=date(2023, 4, 1))  # another unit's: never listed
    return {"plan": plan, "later": later, "late": late, "reported": reported}


def _section(html: str, name: str) -> str:
    match = re.search(rf'<section aria-labelledby="{name}-h">(.*?)</section>', html, re.S)
    assert match, f"no section {name}"
    return match.group(1)


def _heading(block: str) -> str:
    return re.sub(r"\s+", " ", re.search(r"<h[12][^>]*>(.*?)</h[12]>", block, re.S).group(1)).strip()


def _codes(block: str) -> list[str]:
    return re.findall(r'<a href="[^"]*">([A-Z]\d+)\. ', block)


def _get(user, url):
    response = client_for(user).get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_focal_point_sees_exact_totals_and_the_most_urgent_rows_first(work, focal_user):
    html = _get(focal_user, reverse("tasks:my_work"))

    due = _section(html, "due")
    assert _heading(due) == "Cần báo cáo tháng 05/2023 (9)"
    assert _codes(due) == ["O1", "O2", "O3"]  # by deadline
    assert f'href="{reverse("tasks:my_work_section", args=["due"])}"' in due and "Xem tất cả (9)" in due
    assert "Đã báo cáo 2 nhiệm vụ trong tháng." in due
    assert f'href="{reverse("tasks:my_work_section", args=["reported"])}"' in due

    overdue = _section(html, "overdue")
    assert _heading(overdue) == "Quá hạn chưa hoàn thành (4)"
    assert _codes(overdue) == ["O1", "O2", "O3"]
    assert "Xem tất cả (4)" in overdue

    returned = _section(html, "returned")
    assert _heading(returned) == "Báo cáo bị trả lại (4)"
    assert _codes(returned) == ["D1", "D2", "D3"]  # oldest period first
    assert "Thiếu số liệu 1" in returned and "Thiếu số liệu 4" not in returned
    # A returned report links to the form on its own month (prefilled from it).
    assert f'href="{reverse("tasks:report_create", args=[work["later"][0].pk])}?month=' in returned

    assert "X1." not in html
    assert 'id="pending-h"' not in html


def test_a_section_that_fits_has_no_see_all_link(work, focal_user):
    ProgressReport.objects.filter(status=ProgressReport.Status.RETURNED).exclude(task=work["later"][0]).delete()
    html = _get(focal_user, reverse("tasks:my_work"))
    returned = _section(html, "returned")
    assert _heading(returned) == "Báo cáo bị trả lại (1)"
    assert "Xem tất cả" not in returned


def test_the_page_follows_a_new_report_at_once(work, focal_user):
    url = reverse("tasks:my_work")
    assert _heading(_section(_get(focal_user, url), "due")).endswith("(9)")
    b.report(work["late"][0], focal_user, 5, 50)
    html = _get(focal_user, url)
    assert _heading(_section(html, "due")).endswith("(8)")
    assert "Đã báo cáo 3 nhiệm vụ trong tháng." in html


def test_due_section_page_lists_every_task_a_page_at_a_time(work, focal_user):
    url = reverse("tasks:my_work_section", args=["due"])
    first = _get(focal_user, url)
    assert "Cần báo cáo tháng 05/2023 (9)" in first
    assert _codes(first) == ["O1", "O2"]
    assert "Trang 1/5" in first and "?page=2" in first
    assert f'href="{reverse("tasks:report_create", args=[work["late"][0].pk])}"' in first
    assert _codes(_get(focal_user, url + "?page=3")) == ["D1", "D2"]
    assert _codes(_get(focal_user, url + "?page=5")) == ["D5"]
    assert _codes(_get(focal_user, url + "?page=99")) == ["D5"]  # past the end: the last page
    assert _codes(_get(focal_user, url + "?page=abc")) == ["O1", "O2"]


@pytest.mark.parametrize(
    ("section", "codes", "title"),
    [
        ("reported", ["R1", "R2"], "Đã báo cáo tháng 05/2023 (2)"),
        ("overdue", ["O1", "O2"], "Quá hạn chưa hoàn thành (4)"),
        ("returned", ["D1", "D2"], "Báo cáo bị trả lại (4)"),
    ],
)
def test_each_section_page_shows_its_total_and_first_page(work, focal_user, section, codes, title):
    html = _get(focal_user, reverse("tasks:my_work_section", args=[section]))
    assert f"<h1>{title}</h1>" in html
    assert _codes(html) == codes


def test_secretariat_sees_the_whole_review_queue_count_and_no_empty_personal_lists(work, secretariat_user):
    html = _get(secretariat_user, reverse("tasks:my_work"))
    pending = _section(html, "pending")
    assert _heading(pending) == "Báo cáo chờ Bộ phận Thường trực xem xét (2)"
    assert _codes(pending) == ["R1", "R2"]
    for name in ("due", "overdue", "returned"):
        assert f'id="{name}-h"' not in html


def test_review_queue_page_is_in_submission_order(work, secretariat_user, focal_user):
    extra = [b.report(t, focal_user, 5, 20, submitted_at=b.at(date(2023, 5, 2))) for t in work["later"][:3]]
    url = reverse("tasks:my_work_section", args=["pending"])
    first = _get(secretariat_user, url)
    assert "Báo cáo chờ Bộ phận Thường trực xem xét (5)" in first
    assert f"#report-{extra[0].pk}" in first and f"#report-{extra[1].pk}" in first
    assert _codes(_get(secretariat_user, url + "?page=3")) == ["R2"]


def test_leadership_has_nothing_to_do_here(work, leader_user):
    html = _get(leader_user, reverse("tasks:my_work"))
    assert "Không có việc nào đang chờ xử lý." in html
    assert "<section" not in html


def test_unknown_section_is_404_and_the_review_queue_is_the_secretariats(work, cast):
    assert client_for(cast["focal_point"]).get(reverse("tasks:my_work_section", args=["nope"])).status_code == 404
    pending = reverse("tasks:my_work_section", args=["pending"])
    for role in ("focal_point", "member", "leadership"):
        assert client_for(cast[role]).get(pending).status_code == 403, role
    assert client_for(cast["secretariat"]).get(pending).status_code == 200


def test_focal_points_pages_with_rows_are_valid_html(work, focal_user, tmp_path):
    """The access matrix checks these pages as the secretariat (empty lists); here with every kind of row."""
    from tests.htmlcheck import html_errors, report, require_checker

    require_checker()
    sections = [s for s in mywork.SECTIONS if s != mywork.PENDING]
    urls = [reverse("tasks:my_work")] + [reverse("tasks:my_work_section", args=[s]) for s in sections]
    errors = html_errors({url: _get(focal_user, url).encode() for url in urls}, tmp_path)
    assert errors == {}, report(errors)


def _panel_order(html: str) -> list[str]:
    """The home page's panels, in page order, by their heading ids."""
    ids = ("home-work-h", "roster-title", "dash-h", "hotline-panel-title")
    found = {name: html.find(f'id="{name}"') for name in ids}
    return [name for name, at in sorted(found.items(), key=lambda item: item[1]) if at >= 0]


def test_the_home_page_shows_a_focal_point_their_work(work, focal_user):
    html = _get(focal_user, reverse("home"))
    assert "Chào mừng" not in html
    panel = html[html.index('id="home-work-h"') : html.index("</section>", html.index('id="home-work-h"'))]
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", panel))
    assert "9 nhiệm vụ cần báo cáo tháng 05/2023" in text
    assert "4 báo cáo bị trả lại, cần gửi lại" in text and "4 nhiệm vụ quá hạn chưa hoàn thành" in text
    # The first tasks to report on, soonest deadline first, each with its report button.
    assert _codes(panel) == ["O1", "O2", "O3", "O4", "D1"]
    assert panel.count(">Báo cáo<") == views.HOME_FIRST
    assert _panel_order(html) == ["home-work-h"]


def test_leadership_reads_the_charts_first_and_the_secretariat_its_queue(work, leader_user, secretariat_user):
    leader = _panel_order(_get(leader_user, reverse("home")))
    assert leader[:2] == ["dash-h", "hotline-panel-title"] and "home-work-h" not in leader
    keeper = _get(secretariat_user, reverse("home"))
    assert _panel_order(keeper)[0] == "home-work-h" and "báo cáo chờ Bộ phận Thường trực xem xét" in keeper


def test_a_task_carried_over_or_of_a_closed_year_is_not_listed_as_overdue(work, committee, department, focal_user):
    from django.utils import timezone

    from tasks.models import Plan

    late = work["late"][0]  # overdue on 20/05/2023
    assert late in mywork.overdue_tasks(focal_user, today=date(2023, 5, 20))
    later_plan = b.plan(committee, year=2024)
    b.task(later_plan, department, code="O1", due_date=date(2024, 6, 30), origin=late)
    overdue = list(mywork.overdue_tasks(focal_user, today=date(2023, 5, 20)))
    assert late not in overdue and len(overdue) == len(work["late"]) - 1
    Plan.objects.filter(pk=work["plan"].pk).update(closed_at=timezone.now())
    assert not mywork.overdue_tasks(focal_user, today=date(2023, 5, 20)).exists()
