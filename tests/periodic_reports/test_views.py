"""The pages: drafting from the list, editing (a stale save keeps the clerk's text), issuing, the print view,
what each role sees, and the pinned query counts."""

from datetime import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from periodic_reports import drafting
from periodic_reports.models import PeriodicReport, ReportVersion
from tests.querycount import assert_page_queries

from .report_world import build

pytestmark = pytest.mark.django_db
NOW = timezone.make_aware(datetime(2023, 9, 20, 9))


@pytest.fixture
def report(committee, department, other_department, secretariat_user):
    build(committee=committee, snv=department, sxd=other_department, user=secretariat_user)
    return drafting.create_report(committee=committee, kind="quarter", year=2023, index=3, by=secretariat_user, now=NOW)


def _edit_data(report, base: int, **texts) -> dict:
    version = drafting.current_version(report)
    data = {f"s-{s.key}": s.text for s in version.sections.all()}
    data.update({f"s-{key}": text for key, text in texts.items()})
    data["base_version"] = str(base)
    return data


def test_the_secretariat_drafts_a_report_from_the_list(
    clients, committee, department, other_department, secretariat_user
):
    build(committee=committee, snv=department, sxd=other_department, user=secretariat_user)
    response = clients["secretariat"].post(
        reverse("periodic_reports:create"), {"committee": committee.pk, "year": "2023", "period": "quarter:3"}
    )
    report = PeriodicReport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("periodic_reports:detail", args=[report.pk])
    page = clients["secretariat"].get(response["Location"]).content.decode()
    assert "Đã ban hành quy trình nội bộ giải quyết thủ tục" in page
    assert "DỰ THẢO" in page


def test_a_future_period_is_refused_with_a_message(clients, committee):
    response = clients["secretariat"].post(
        reverse("periodic_reports:create"), {"committee": committee.pk, "year": "2100", "period": "year:1"}
    )
    assert response.status_code == 400
    assert "chưa bắt đầu" in response.content.decode()
    assert not PeriodicReport.objects.exists()


def test_a_stale_save_is_refused_and_keeps_the_clerks_text(clients, report, leader_user):
    url = reverse("periodic_reports:edit", args=[report.pk])
    first = clients["secretariat"].post(url, _edit_data(report, 1, direction="Bản của người thứ nhất."))
    assert first.status_code == 302
    second = clients["secretariat"].post(url, _edit_data(report, 1, direction="Bản của người thứ hai."))
    assert second.status_code == 409
    page = second.content.decode()
    assert "Bản của người thứ hai." in page  # their text is still in the form
    assert "phiên bản 2" in page
    assert ReportVersion.objects.filter(report=report).count() == 2
    assert "Bản của người thứ nhất." in page  # what the other clerk saved, shown for comparison
    texts = {s.key: s.text for s in drafting.current_version(PeriodicReport.objects.get()).sections.all()}
    assert texts["direction"] == "Bản của người thứ nhất."
    # Saving again, deliberately, from the page as it came back: a new version from the current one.
    assert 'name="base_version" value="2"' in page
    third = clients["secretariat"].post(url, _edit_data(report, 2, direction="Bản của người thứ hai."))
    assert third.status_code == 302
    assert ReportVersion.objects.filter(report=report).count() == 3


def test_issuing_from_the_page_then_the_report_is_read_only(clients, report):
    response = clients["secretariat"].post(
        reverse("periodic_reports:issue", args=[report.pk]),
        {
            "base_version": "1",
            "issued_on": timezone.localdate().strftime("%d/%m/%Y"),
            "place": "Nghệ An",
            "authority": "TM. BAN CHỈ ĐẠO",
            "signer_position": "TRƯỞNG BAN",
            "signer_name": "Thái Thanh Quý",
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "issued"
    edit = clients["secretariat"].get(reverse("periodic_reports:edit", args=[report.pk]))
    assert edit.status_code == 302  # back to the report: an issued version is not edited
    detail = clients["member"].get(reverse("periodic_reports:detail", args=[report.pk])).content.decode()
    assert "Đã ban hành" in detail and "Sửa đổi" not in detail  # members read, never write
    print_view = clients["leadership"].get(reverse("periodic_reports:print", args=[report.pk])).content.decode()
    assert "DỰ THẢO" not in print_view and "Thái Thanh Quý" in print_view


def test_an_issue_date_before_the_cut_off_is_a_message_on_the_form(clients, report):
    response = clients["secretariat"].post(
        reverse("periodic_reports:issue", args=[report.pk]),
        {
            "base_version": "1",
            "issued_on": "01/09/2023",
            "place": "Nghệ An",
            "signer_position": "TRƯỞNG BAN",
            "signer_name": "A",
        },
    )
    assert response.status_code == 400
    assert "Ngày ban hành không được trước ngày chốt số liệu 14/09/2023." in response.content.decode()


def test_the_print_view_of_a_draft_says_so(clients, report):
    page = clients["member"].get(reverse("periodic_reports:print", args=[report.pk])).content.decode()
    assert "DỰ THẢO — phiên bản 1" in page
    assert "css/periodic_reports.css" in page
    stylesheet = (Path(settings.BASE_DIR) / "static" / "css" / "periodic_reports.css").read_text(encoding="utf-8")
    assert "@media print" in stylesheet and "size: A4" in stylesheet
    assert "chưa báo cáo" in page  # T5 has no report


@pytest.mark.parametrize(
    ("name", "role", "expected"),
    [
        ("periodic_reports:list", "secretariat", 10),
        ("periodic_reports:detail", "member", 12),
        ("periodic_reports:edit", "secretariat", 10),
    ],
)
def test_pages_run_a_fixed_number_of_queries(clients, report, committee, secretariat_user, name, role, expected):
    for year in (2021, 2022):  # more reports and versions change nothing
        other = drafting.create_report(
            committee=committee, kind="year", year=year, index=1, by=secretariat_user, now=NOW
        )
        drafting.save_version(report=other, base_version=1, sections={"direction": "x"}, by=secretariat_user, now=NOW)
    url = reverse(name) if name.endswith("list") else reverse(name, args=[report.pk])
    assert_page_queries(clients[role], url, expected)


def test_issuing_a_version_someone_changed_meanwhile_is_refused(clients, report):
    clients["secretariat"].post(
        reverse("periodic_reports:edit", args=[report.pk]), _edit_data(report, 1, direction="Đã sửa.")
    )
    response = clients["secretariat"].post(
        reverse("periodic_reports:issue", args=[report.pk]),
        {
            "base_version": "1",
            "issued_on": timezone.localdate().strftime("%d/%m/%Y"),
            "place": "Nghệ An",
            "signer_position": "TRƯỞNG BAN",
            "signer_name": "Thái Thanh Quý",
        },
    )
    assert response.status_code == 409
    assert "Báo cáo vừa được lưu thành phiên bản 2." in response.content.decode()
    report.refresh_from_db()
    assert report.status == "draft"


def test_members_and_leadership_see_no_drafting_form(clients, report):
    assert "Lập dự thảo" not in clients["member"].get(reverse("periodic_reports:list")).content.decode()
    assert "Lập dự thảo" in clients["secretariat"].get(reverse("periodic_reports:list")).content.decode()
