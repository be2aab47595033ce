"""Search ignores case, diacritics and old/new tone-mark placement, on SQLite and PostgreSQL alike:
"Đơn giản hóa", "đơn giản hoá", "don gian hoa" and NFD input find the same tasks, hotline reports and
published answers; "Đất đai" finds "đất đai" on SQLite too (its LIKE folds ASCII only)."""

import importlib
import unicodedata
from datetime import date, timedelta

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from core.search import fill_search_text
from core.text import fold
from hotline import workflow
from hotline.bulk import generate_reports
from hotline.models import Report
from hotline.privacy import anonymise_expired
from hotline.reference import ensure_categories
from hotline.selectors import inbox, published
from tasks.models import Task
from tasks.selectors import plan_tasks
from tests import factories as f
from tests.conftest import client_for
from tests.hotline.conftest import MONDAY, make_report
from tests.tasks import builders as b

pytestmark = pytest.mark.django_db
TODAY = date(2023, 6, 1)

SIMPLIFY = [
    "Đơn giản hóa",
    "đơn giản hoá",
    "ĐƠN GIẢN HOÁ",
    "don gian hoa",
    unicodedata.normalize("NFD", "Đơn giản hóa"),
    unicodedata.normalize("NFD", "đơn giản hoá"),
]
LAND = ["Đất đai", "đất đai", "ĐẤT ĐAI", "dat dai", unicodedata.normalize("NFD", "Đất Đai")]


@pytest.fixture
def plan(committee, department):
    plan = b.plan(committee)
    b.task(plan, department, code="1", title="Đơn giản hóa thủ tục đăng ký kinh doanh")  # old tone placement
    b.task(plan, department, code="2", title="Rà soát quy trình", description="Đơn giản hoá hồ sơ")  # new
    b.task(plan, department, code="3", title=unicodedata.normalize("NFD", "Quản lý đất đai"))  # stored as typed
    b.task(plan, department, code="4", title="Công trình thủy lợi")
    b.task(plan, department, code="5", title="Kiện toàn bộ máy")
    return plan


def _codes(plan, q, today=TODAY):
    tasks, _totals, count = plan_tasks(plan=plan, filters={"q": q}, today=today)
    codes = sorted(tasks.values_list("code", flat=True))
    assert count == len(codes)
    return codes


@pytest.mark.parametrize("q", SIMPLIFY)
def test_every_way_of_typing_finds_the_same_tasks(plan, q):
    assert _codes(plan, q, TODAY) == ["1", "2"]


@pytest.mark.parametrize("q", LAND)
def test_land_finds_the_task_whatever_the_case_even_on_sqlite(plan, q):
    assert _codes(plan, q, TODAY) == ["3"]


def test_old_and_new_tone_marks_find_each_other(plan):
    today = TODAY
    assert _codes(plan, "thuỷ lợi", today) == _codes(plan, "thủy lợi", today) == ["4"]


def test_a_task_is_found_by_its_code_and_an_empty_query_filters_nothing(plan):
    today = TODAY
    assert _codes(plan, "5", today) == ["5"]
    assert _codes(plan, " \u200b ", today) == ["1", "2", "3", "4", "5"]
    assert _codes(plan, "100%", today) == []  # LIKE wildcards are matched literally


def test_the_plan_page_search_box_finds_them(plan, secretariat_user):
    html = client_for(secretariat_user).get(reverse("tasks:plan_detail", args=[plan.pk]), {"q": "don gian hoa"})
    page = html.content.decode()
    assert "Đơn giản hóa thủ tục đăng ký kinh doanh" in page and "Rà soát quy trình" in page
    assert "Kiện toàn bộ máy" not in page


def test_an_edited_title_is_searched_by_its_new_words(plan):
    task = Task.objects.get(plan=plan, code="5")
    task.title = "Số hóa hồ sơ"
    task.save()
    today = TODAY
    assert _codes(plan, "so hoa", today) == ["5"]
    assert _codes(plan, "kien toan", today) == []


# --- hotline ----------------------------------------------------------------------------------------


@pytest.fixture
def hotline(department, operator_user, focal_user):
    ensure_categories()
    from hotline.models import Category

    categories = {c.code: c for c in Category.objects.all()}

    def answered(title, answer, summary):
        report, _ = make_report(categories, title=title)
        workflow.route(report=report, user=operator_user, unit=department, days=10, today=MONDAY.date(), now=MONDAY)
        workflow.save_answer(report=report, user=focal_user, answer=answer, send=True, now=MONDAY)
        return workflow.review_answer(
            report=report,
            user=operator_user,
            approve=True,
            answer=answer,
            publish=True,
            public_title=title,
            public_summary=summary,
            note="",
            now=MONDAY,
        )

    reports = {
        "title": answered("Đề nghị đơn giản hóa thủ tục cấp phép", "Đã tiếp thu.", "Về thủ tục cấp phép."),
        "answer": answered("Hồ sơ chậm", "Sở sẽ đơn giản hoá quy trình.", "Về hồ sơ chậm."),
        "land": answered(unicodedata.normalize("NFD", "Cấp giấy chứng nhận đất đai"), "Đã giải quyết.", "Về cấp giấy."),
        "other": answered("Thái độ cán bộ", "Đã chấn chỉnh.", "Về thái độ."),
    }
    # The content is private: a word only there is never found on the public page.
    private, _ = make_report(categories, title="Phản ánh khác", content="Nội dung riêng về đơn giản hóa")
    reports["private"] = private
    return reports


def _keys(reports, queryset):
    ids = set(queryset.values_list("pk", flat=True))
    return sorted(key for key, report in reports.items() if report.pk in ids)


@pytest.mark.parametrize("q", SIMPLIFY)
def test_published_answers_are_found_whatever_the_typing(hotline, q):
    assert _keys(hotline, published(filters={"q": q})) == ["answer", "title"]


@pytest.mark.parametrize("q", SIMPLIFY)
def test_the_operators_inbox_finds_reports_whatever_the_typing(hotline, q):
    assert _keys(hotline, inbox(filters={"q": q, "view": "all"}, today=MONDAY.date())) == ["answer", "title"]


@pytest.mark.parametrize("q", LAND)
def test_land_finds_the_report_on_both_lists(hotline, q):
    assert _keys(hotline, published(filters={"q": q})) == ["land"]
    assert _keys(hotline, inbox(filters={"q": q, "view": "all"}, today=MONDAY.date())) == ["land"]


def test_the_inbox_still_finds_a_report_by_its_code(hotline):
    code = hotline["other"].display_code
    assert _keys(hotline, inbox(filters={"q": code, "view": "all"}, today=MONDAY.date())) == ["other"]


def test_the_public_page_finds_answers_typed_without_diacritics(hotline, client):
    page = client.get(reverse("hotline:published"), {"q": "DON GIAN HOA"}).content.decode()
    assert "Đề nghị đơn giản hóa thủ tục cấp phép" in page and "Hồ sơ chậm" in page
    assert "Thái độ cán bộ" not in page and "Phản ánh khác" not in page


def test_the_inbox_page_finds_reports_typed_in_nfd(hotline, clients):
    q = unicodedata.normalize("NFD", "đất đai")
    page = clients["hotline_operator"].get(reverse("hotline:inbox"), {"q": q, "view": "all"}).content.decode()
    assert "Cấp giấy chứng nhận đất đai" in page and "Thái độ cán bộ" not in page


def test_a_draft_answer_saved_alone_is_searchable(hotline, department, operator_user, focal_user):
    report = hotline["private"]
    workflow.route(report=report, user=operator_user, unit=department, days=10, today=MONDAY.date(), now=MONDAY)
    workflow.save_answer(report=report, user=focal_user, answer="Dự thảo: cải cách thuế", send=False, now=MONDAY)
    assert _keys(hotline, inbox(filters={"q": "cai cach thue", "view": "all"}, today=MONDAY.date())) == ["private"]


# --- writes that bypass save() ------------------------------------------------------------------


def test_bulk_generated_reports_are_searchable(department):
    ensure_categories()
    generate_reports(count=3, now=MONDAY)
    assert Report.objects.filter(search_text__contains=fold("Phản ánh minh họa số")).count() == 3


def test_anonymising_contact_details_leaves_the_search_column_right(hotline, settings):
    settings.HOTLINE_RETENTION_DAYS = 1
    assert anonymise_expired(now=MONDAY + timedelta(days=400)) == 5
    assert _keys(hotline, published(filters={"q": "don gian hoa"})) == ["answer", "title"]


def test_the_data_migration_fills_the_column_of_existing_rows(plan, hotline):
    Task.objects.update(search_text="")
    Report.objects.update(search_text="")
    for app, name in (("tasks", "0007_search_text"), ("hotline", "0007_search_text")):
        importlib.import_module(f"{app}.migrations.{name}").fill(apps, None)
    assert _codes(plan, "don gian hoa", TODAY) == ["1", "2"]
    assert _keys(hotline, published(filters={"q": "đất đai"})) == ["land"]


def test_fill_search_text_works_in_batches(plan):
    Task.objects.update(search_text="")
    assert fill_search_text(Task, ("code", "title", "description"), batch=2) == 5
    assert Task.objects.filter(search_text="").count() == 0


def test_the_generated_province_is_searchable(reference_data):
    from django.core.management import call_command

    call_command("generate_province", units=80, tasks=3, reports=0, no_progress=True)
    assert Task.objects.filter(search_text__contains=fold("NHIỆM VỤ GIẢ LẬP")).count() == 3


# --- the admin ----------------------------------------------------------------------------------


def test_the_admin_finds_tasks_and_reports_without_diacritics(plan, hotline):
    request = RequestFactory().get("/admin/")
    request.user = f.UserFactory(username="quantri", is_staff=True, is_superuser=True)
    task_admin = admin.site._registry[Task]
    found, _ = task_admin.get_search_results(request, Task.objects.all(), "don gian hoa")
    assert sorted(found.values_list("code", flat=True)) == ["1", "2"]
    found, _ = task_admin.get_search_results(request, Task.objects.all(), "4")
    assert list(found.values_list("code", flat=True)) == ["4"]
    report_admin = admin.site._registry[Report]
    found, _ = report_admin.get_search_results(request, Report.objects.all(), "ĐẤT ĐAI")
    assert _keys(hotline, found) == ["land"]
