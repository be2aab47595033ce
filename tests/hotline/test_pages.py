"""Published answers, the hot-spot dashboard, phone intake, attachments, caching and the seed."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from hotline import seed, workflow
from hotline.models import Category, Report

from .conftest import MONDAY, make_report, pdf_file

pytestmark = pytest.mark.django_db


def _answered(
    categories, unit, operator_user, focal_user, *, title, publish=True, satisfied=None, category="thu-tuc-hanh-chinh"
):
    report, _ = make_report(categories, title=title, category=categories[category])
    workflow.route(report=report, user=operator_user, unit=unit, days=10, today=MONDAY.date(), now=MONDAY)
    workflow.save_answer(report=report, user=focal_user, answer=f"Trả lời cho {title}", send=True, now=MONDAY)
    report = workflow.review_answer(
        report=report,
        user=operator_user,
        approve=True,
        answer=f"Trả lời cho {title}",
        publish=publish,
        public_title=title,
        public_summary=f"Tóm tắt {title}",
        note="",
        now=MONDAY,
    )
    if satisfied is not None:
        workflow.rate(report=report, satisfied=satisfied, comment="", now=MONDAY)
    return report


def test_published_answers_are_filtered_by_unit_and_category(
    client, categories, department, other_department, operator_user, focal_user
):
    _answered(categories, department, operator_user, focal_user, title="Chậm hộ tịch")
    _answered(
        categories, other_department, operator_user, focal_user, title="Chậm cấp phép", category="dat-dai-xay-dung"
    )
    _answered(categories, department, operator_user, focal_user, title="Không công khai", publish=False)
    html = client.get(reverse("hotline:published")).content.decode()
    assert "Chậm hộ tịch" in html and "Chậm cấp phép" in html and "Không công khai" not in html
    html = client.get(reverse("hotline:published"), {"unit": other_department.pk}).content.decode()
    assert "Chậm cấp phép" in html and "Chậm hộ tịch" not in html
    html = client.get(reverse("hotline:published"), {"category": categories["thu-tuc-hanh-chinh"].pk}).content.decode()
    assert "Chậm hộ tịch" in html and "Chậm cấp phép" not in html


def test_hotspots_show_units_most_complained_about_and_rates(
    clients, categories, department, other_department, operator_user, focal_user
):
    _answered(categories, other_department, operator_user, focal_user, title="A", satisfied=False)
    _answered(categories, other_department, operator_user, focal_user, title="B", satisfied=True)
    _answered(categories, department, operator_user, focal_user, title="C", satisfied=True)
    response = clients["leadership"].get(reverse("hotline:hotspots"))
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    ctx = response.context
    assert ctx["totals"]["total"] == 3 and ctx["totals"]["on_time_rate"] == 100
    assert ctx["totals"]["satisfaction_rate"] == 67
    assert [r["unit"] for r in ctx["by_unit"]] == [other_department, department]
    html = response.content.decode()
    assert "Đơn vị bị phản ánh nhiều — gợi ý chọn làm điểm chỉ đạo" in html
    assert "<svg" in html and 'style="' not in html
    secretariat = clients["secretariat"].get(reverse("hotline:hotspots")).content.decode()
    assert "gợi ý chọn làm điểm chỉ đạo" in secretariat and "Sở Xây dựng" in secretariat


def test_operator_records_a_phone_call(clients, categories, department):
    data = {
        "submitter_type": "individual",
        "contact_name": "Người gọi",
        "contact_phone": "0987654321",
        "category": categories["khac"].pk,
        "title": "Gọi điện phản ánh",
        "content": "Nội dung cuộc gọi",
        "consent": "on",
        "unit_concerned": department.pk,
    }
    response = clients["hotline_operator"].post(reverse("hotline:phone_intake"), data)
    assert response.status_code == 200
    report = Report.objects.get()
    assert report.channel == Report.Channel.PHONE and report.recorded_by.username == "tongdai"
    assert report.display_code in response.content.decode()


def test_attachments_are_downloads_for_staff_only(clients, client, categories, department, operator_user):
    from core.uploads import validate_upload

    upload = pdf_file()
    ctype = validate_upload(upload, allowed=("pdf",), max_bytes=10_000)
    report, _ = make_report(categories, attachments=[(upload, ctype)])
    attachment = report.attachments.get()
    url = reverse("hotline:attachment", args=[report.pk, attachment.pk])
    response = clients["hotline_operator"].get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert client.get(url).status_code == 302
    assert clients["member"].get(url).status_code == 403
    # Not routed to the focal point's unit: not theirs to download.
    assert clients["focal_point"].get(url).status_code == 404


def test_staff_pages_are_not_cached(clients, categories):
    report, _ = make_report(categories)
    for name, args in [("hotline:inbox", []), ("hotline:detail", [report.pk]), ("hotline:hotspots", [])]:
        assert "no-store" in clients["hotline_operator"].get(reverse(name, args=args))["Cache-Control"]


def test_seed_loads_categories_and_marked_demo_reports_idempotently(department, other_department):
    Category.objects.all().delete()
    out = io.StringIO()
    seed.load(demo=False, stdout=out)
    assert Category.objects.count() == 8 and Report.objects.count() == 0
    seed.load(demo=True, stdout=out)
    count = Report.objects.count()
    assert count >= 2 and set(Report.objects.values_list("is_demo", flat=True)) == {True}
    seed.load(demo=True, stdout=out)
    assert Report.objects.count() == count


def test_loader_command_includes_the_hotline(db):
    call_command("load_nghean_2023", verbosity=0)
    assert Category.objects.filter(code="thu-tuc-hanh-chinh").exists()
