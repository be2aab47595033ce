"""The monthly report loop tells people what to do: a returned report reaches its reporters (in the app,
and by e-mail where there is an address) with the comment and a link to the form on the returned month,
prefilled; no closed month is asked for or taken; the secretariat accepts several pending reports at once."""

import smtplib
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from core.models import Notification
from core.roles import Role
from reviews.models import MonthlyReview
from tasks import mywork, notices, reports
from tasks.models import ProgressReport, ReportNotice, TaskProgress
from tests import factories as f
from tests.conftest import client_for

from . import builders as b

LAST_YEAR = timezone.localdate().year - 1
OCTOBER = date(LAST_YEAR, 10, 1)


@pytest.fixture
def task(committee, department, member_user):
    """A task of last year's plan: every month of that year is one the report form takes."""
    plan = b.plan(committee, year=LAST_YEAR)
    return b.task(plan, department, responsible=member_user.person, due_date=date(LAST_YEAR, 12, 31))


@pytest.fixture
def submitted(task, focal_user):
    return b.report(
        task, focal_user, 10, 40, done="Đã ban hành kế hoạch", obstacles="Thiếu kinh phí", proposals="Bổ sung vốn"
    )


def _addresses(member_user, focal_user):
    member_user.person.email = "thanhvien@nghean.gov.vn"
    member_user.person.save()
    focal_user.person.email = "daumoi@nghean.gov.vn"
    focal_user.person.save()


def _return(secretariat_user, report, comment="Bổ sung số liệu giải ngân tháng 10"):
    url = reverse("tasks:report_review", args=[report.pk])
    return client_for(secretariat_user).post(url, {"decision": "return", "comment": comment})


def _close(committee, month):
    return MonthlyReview.objects.create(
        committee=committee, month=month, reminder_date=month, deadline=month, closed_at=timezone.now()
    )


# --- the notice of a returned report -----------------------------------------------------------------


def test_a_returned_report_tells_reporter_responsible_member_and_focal_points_in_app_and_by_email(
    submitted, member_user, focal_user, secretariat_user, department, django_capture_on_commit_callbacks
):
    _addresses(member_user, focal_user)
    second_focal = f.UserFactory(username="daumoi2", roles=[Role.FOCAL_POINT])
    f.PersonFactory(user=second_focal, full_name="Hồ Thị Đầu Mối", unit=department)  # no e-mail address
    with django_capture_on_commit_callbacks(execute=True):
        assert _return(secretariat_user, submitted).status_code == 302

    link = reverse("tasks:report_create", args=[submitted.task_id]) + f"?month={LAST_YEAR}-10"
    notes = Notification.objects.filter(url=link)
    assert sorted(n.recipient.user.username for n in notes) == ["daumoi", "daumoi2", "thanhvien"]
    for note in notes:
        assert "10/" + str(LAST_YEAR) in note.title
        assert "Bổ sung số liệu giải ngân tháng 10" in note.body
    assert sorted(m.to[0] for m in mail.outbox) == ["daumoi@nghean.gov.vn", "thanhvien@nghean.gov.vn"]
    assert all("Bổ sung số liệu giải ngân tháng 10" in m.body and link in m.body for m in mail.outbox)
    assert not ReportNotice.objects.filter(sent_at__isnull=True).exists()


def test_each_notice_is_sent_once_however_often_the_drain_runs(
    submitted, member_user, focal_user, secretariat_user, django_capture_on_commit_callbacks
):
    _addresses(member_user, focal_user)
    with django_capture_on_commit_callbacks(execute=False):  # the worker is not asked: the periodic drain sends
        _return(secretariat_user, submitted)
    assert ReportNotice.objects.filter(sent_at__isnull=True).count() == 2
    assert notices.drain(now=timezone.now()) == 2
    assert notices.drain(now=timezone.now()) == 0
    assert len(mail.outbox) == 2
    assert Notification.objects.count() == 2


class _MailDown:
    """A mail connection whose server refuses every message."""

    def open(self):
        return True

    def close(self):
        return None

    def send_messages(self, messages):
        raise smtplib.SMTPException("421 try later")


def test_a_mail_server_down_still_tells_everyone_in_the_app_and_retries_the_e_mails_later(
    submitted, member_user, focal_user, secretariat_user, django_capture_on_commit_callbacks
):
    _addresses(member_user, focal_user)
    with django_capture_on_commit_callbacks(execute=False):
        _return(secretariat_user, submitted)
    assert notices.drain(now=timezone.now(), connection=_MailDown()) == 0
    assert Notification.objects.count() == 2, "in the app at once"
    waiting = ReportNotice.objects.filter(sent_at__isnull=True)
    assert waiting.count() == 2 and all(row.last_error for row in waiting)
    later = timezone.now() + timedelta(hours=1)
    assert notices.drain(now=later) == 2
    assert len(mail.outbox) == 2
    assert Notification.objects.count() == 2, "the in-app notices are not written twice"


def test_a_reporter_without_a_person_is_told_on_their_account(
    task, secretariat_user, django_capture_on_commit_callbacks
):
    clerk = f.UserFactory(username="vanthu", roles=[Role.FOCAL_POINT], email="vanthu@nghean.gov.vn")
    report = b.report(task, clerk, 10, 30)
    with django_capture_on_commit_callbacks(execute=True):
        _return(secretariat_user, report)
    assert Notification.objects.filter(user=clerk, recipient__isnull=True).count() == 1
    assert "vanthu@nghean.gov.vn" in [m.to[0] for m in mail.outbox]


def test_accepting_a_report_or_a_refused_return_tells_nobody(
    submitted, secretariat_user, django_capture_on_commit_callbacks
):
    thuky = client_for(secretariat_user)
    url = reverse("tasks:report_review", args=[submitted.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert thuky.post(url, {"decision": "return", "comment": ""}).status_code == 400
        assert thuky.post(url, {"decision": "accept"}).status_code == 302
    assert not ReportNotice.objects.exists()
    assert not Notification.objects.exists()
    assert not mail.outbox


def test_returning_demonstration_data_tells_nobody(
    task, focal_user, secretariat_user, django_capture_on_commit_callbacks
):
    report = b.report(task, focal_user, 10, 40, is_demo=True)
    with django_capture_on_commit_callbacks(execute=True):
        assert _return(secretariat_user, report).status_code == 302
    assert not ReportNotice.objects.exists()
    assert not Notification.objects.exists()


# --- the form opens on the returned month, prefilled ----------------------------------------------------


def _form(user, task, query=""):
    return client_for(user).get(reverse("tasks:report_create", args=[task.pk]) + query)


def test_the_notice_link_opens_the_form_on_the_returned_month_with_the_report_prefilled(
    task, submitted, focal_user, secretariat_user
):
    b.report(task, focal_user, 9, 20)  # another month, accepted or not: not the one asked for
    _return(secretariat_user, submitted)
    response = _form(focal_user, task, f"?month={LAST_YEAR}-10")
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["period"] == f"{LAST_YEAR}-10"
    html = response.content.decode()
    assert f'<option value="{LAST_YEAR}-10" selected>' in html
    assert 'value="40"' in html
    assert "Đã ban hành kế hoạch" in html and "Thiếu kinh phí" in html and "Bổ sung vốn" in html
    assert f"Biểu mẫu đã điền sẵn nội dung báo cáo kỳ 10/{LAST_YEAR} bị trả lại" in html


def test_without_a_month_the_form_opens_on_the_latest_returned_report(task, submitted, focal_user, secretariat_user):
    _return(secretariat_user, submitted)
    response = _form(focal_user, task)
    assert response.context["form"].initial["period"] == f"{LAST_YEAR}-10"
    assert response.context["form"].initial["percent"] == 40


def test_a_month_with_nothing_returned_opens_empty_on_that_month(task, focal_user):
    response = _form(focal_user, task, f"?month={LAST_YEAR}-05")
    assert response.status_code == 200
    assert response.context["form"].initial == {"period": f"{LAST_YEAR}-05"}


@pytest.mark.parametrize(
    ("month", "message"),
    [
        ("2026-13", "Tháng phải viết dạng năm-tháng"),
        ("10/2025", "Tháng phải viết dạng năm-tháng"),
        ("0000-01", "Tháng phải viết dạng năm-tháng"),
        (f"{LAST_YEAR - 1}-12", "không phải là kỳ báo cáo của nhiệm vụ này"),
        (f"{timezone.localdate().year + 1}-01", "không phải là kỳ báo cáo của nhiệm vụ này"),
    ],
)
def test_a_month_the_form_does_not_take_is_a_400_naming_it(task, focal_user, month, message):
    response = _form(focal_user, task, f"?month={month}")
    assert response.status_code == 400
    assert message in response.content.decode()


# --- closed months ------------------------------------------------------------------------------------


def test_a_closed_month_is_not_offered_and_its_link_and_post_are_refused(task, submitted, focal_user, secretariat_user):
    _return(secretariat_user, submitted)
    _close(task.plan.committee, OCTOBER)
    response = _form(focal_user, task, f"?month={LAST_YEAR}-10")
    assert response.status_code == 400
    assert f"Tháng 10/{LAST_YEAR} đã đóng" in response.content.decode()

    form = _form(focal_user, task)
    assert form.status_code == 200
    assert f"{LAST_YEAR}-10" not in [v for v, _l in form.context["form"].fields["period"].choices]
    assert form.context["form"].initial == {}, "the returned report's month is closed: nothing to resubmit"

    url = reverse("tasks:report_create", args=[task.pk])
    posted = client_for(focal_user).post(url, {"period": f"{LAST_YEAR}-10", "percent": "60"})
    assert posted.status_code == 400
    assert f"Tháng 10/{LAST_YEAR} đã đóng; không nhận thêm báo cáo cho tháng này." in posted.content.decode()
    assert ProgressReport.objects.count() == 1


def test_my_work_asks_for_no_report_on_a_closed_month_and_again_once_reopened(
    committee, department, member_user, focal_user
):
    today = timezone.localdate()
    plan = b.plan(committee, year=today.year)
    task = b.task(plan, department, responsible=member_user.person, due_date=date(today.year, 12, 31))
    assert list(mywork.due_tasks(focal_user, today=today)) == [task]
    page = client_for(focal_user).get(reverse("tasks:my_work")).content.decode()
    assert reverse("tasks:report_create", args=[task.pk]) in page

    review = _close(committee, today.replace(day=1))
    assert list(mywork.due_tasks(focal_user, today=today)) == []
    page = client_for(focal_user).get(reverse("tasks:my_work")).content.decode()
    assert reverse("tasks:report_create", args=[task.pk]) not in page

    review.closed_at = None
    review.save()
    page = client_for(focal_user).get(reverse("tasks:my_work")).content.decode()
    assert reverse("tasks:report_create", args=[task.pk]) in page


def test_a_returned_report_of_a_closed_month_is_no_longer_listed_as_owed(task, submitted, focal_user, secretariat_user):
    _return(secretariat_user, submitted)
    assert list(mywork.returned_reports(focal_user)) == [submitted]
    page = client_for(focal_user).get(reverse("tasks:my_work_section", args=["returned"])).content.decode()
    assert reverse("tasks:report_create", args=[task.pk]) + f"?month={LAST_YEAR}-10" in page, "the form on its month"
    _close(task.plan.committee, OCTOBER)
    assert list(mywork.returned_reports(focal_user)) == []


# --- accepting several pending reports at once -----------------------------------------------------------


@pytest.fixture
def pending(committee, department, focal_user):
    plan = b.plan(committee, year=LAST_YEAR)
    first = b.task(plan, department, code="1", due_date=date(LAST_YEAR, 12, 31))
    second = b.task(plan, department, code="2", due_date=date(LAST_YEAR, 12, 31))
    return [
        b.report(first, focal_user, 10, 40),
        b.report(second, focal_user, 10, 70),
        b.report(first, focal_user, 11, 50),
    ]


def _accept(user, reports):
    return client_for(user).post(reverse("tasks:reports_accept"), {"reports": [r.pk for r in reports]})


def test_the_review_queue_offers_each_pending_report_to_tick(pending, secretariat_user):
    page = client_for(secretariat_user).get(reverse("tasks:my_work_section", args=["pending"])).content.decode()
    assert f'action="{reverse("tasks:reports_accept")}"' in page
    for report in pending:
        assert f'name="reports" value="{report.pk}"' in page
    assert "Chấp nhận các báo cáo đã chọn" in page


def test_secretariat_accepts_several_pending_reports_at_once_each_recorded_as_if_singly(pending, secretariat_user):
    chosen = pending[:2]
    response = _accept(secretariat_user, chosen)
    assert response.status_code == 302
    assert response.url == reverse("tasks:my_work_section", args=["pending"])
    for report in chosen:
        report.refresh_from_db()
        assert (report.status, report.reviewed_by, report.review_comment) == ("accepted", secretariat_user, "")
        assert report.reviewed_at is not None
        assert report.history.first().status == "accepted"
    pending[2].refresh_from_db()
    assert pending[2].status == "submitted", "only the ticked reports"
    assert TaskProgress.objects.get(task=pending[1].task).pending_review is False


def test_a_report_no_longer_pending_refuses_the_whole_batch_naming_it(pending, secretariat_user):
    reviewed = pending[1]
    reviewed.status, reviewed.reviewed_by, reviewed.reviewed_at = "returned", secretariat_user, timezone.now()
    reviewed.review_comment = "Sai số liệu"
    reviewed.save()
    response = _accept(secretariat_user, pending)
    assert response.status_code == 400
    html = response.content.decode()
    assert "không còn chờ xem xét" in html
    assert f"nhiệm vụ 2 kỳ 10/{LAST_YEAR} (trả lại)" in html
    assert f"nhiệm vụ 1 kỳ 10/{LAST_YEAR}" not in html.split("không còn chờ xem xét")[1].split("</li>")[0]
    assert list(ProgressReport.objects.order_by("pk").values_list("status", flat=True)) == [
        "submitted",
        "returned",
        "submitted",
    ], "nothing half-saved"
    assert f'value="{pending[0].pk}" id="accept-{pending[0].pk}" checked' in html, "the choice is kept"


def test_accept_reports_is_all_or_none_and_names_what_is_no_longer_pending(pending, secretariat_user):
    now = timezone.now()
    accepted = reports.accept_reports(reports=pending[:1], user=secretariat_user, now=now)
    assert [(r.pk, r.status, r.reviewed_at) for r in accepted] == [(pending[0].pk, "accepted", now)]
    with pytest.raises(ValidationError) as refused:
        reports.accept_reports(reports=pending, user=secretariat_user, now=now)
    assert f"nhiệm vụ 1 kỳ 10/{LAST_YEAR} (đã chấp nhận)" in refused.value.messages[0]
    assert list(ProgressReport.objects.order_by("pk").values_list("status", flat=True)) == [
        "accepted",
        "submitted",
        "submitted",
    ]


@pytest.mark.parametrize("data", [{}, {"reports": ["abc"]}, {"reports": ["999999"]}])
def test_nothing_or_nonsense_chosen_is_a_400(pending, secretariat_user, data):
    response = client_for(secretariat_user).post(reverse("tasks:reports_accept"), data)
    assert response.status_code == 400
    assert not ProgressReport.objects.exclude(status="submitted").exists()


def test_only_the_secretariat_accepts_from_the_queue(pending, focal_user, member_user):
    for user in (focal_user, member_user):
        assert _accept(user, pending).status_code == 403
    assert not ProgressReport.objects.exclude(status="submitted").exists()
