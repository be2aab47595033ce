"""Contact details: only operators and leadership see them, every view is logged, nobody else
(focal points, members, the public pages) ever gets them in the HTML; and they expire."""

import logging
from datetime import timedelta

import pytest
from django.urls import reverse

from hotline import privacy, workflow
from hotline.models import ContactAccessLog, Event, Report

from .conftest import MONDAY, make_report

pytestmark = pytest.mark.django_db
NAME, PHONE, EMAIL, ADDRESS = "Hoàng Thị Phản Ánh", "0912345678", "phananh@example.vn", "Số 9 đường Lê Lợi"


@pytest.fixture
def routed(categories, department, operator_user):
    report, pin = make_report(categories)
    workflow.route(report=report, user=operator_user, unit=department, days=10, today=MONDAY.date(), now=MONDAY)
    return Report.objects.get(pk=report.pk), pin


def _assert_no_contact(html: str):
    for value in (NAME, PHONE, EMAIL, ADDRESS):
        assert value not in html


@pytest.mark.parametrize("role", ["hotline_operator", "leadership"])
def test_operator_and_leadership_see_contact_on_an_explicit_action_logged_once_each(clients, cast, routed, role):
    report, _ = routed
    url = reverse("hotline:detail", args=[report.pk])
    contact = reverse("hotline:contact", args=[report.pk])
    for _ in range(2):  # the report page, loaded again and again, shows and logs nothing
        html = clients[role].get(url).content.decode()
        _assert_no_contact(html)
        assert contact in html and "Xem thông tin liên hệ" in html
    assert not ContactAccessLog.objects.filter(report=report).exists()
    for _ in range(2):
        response = clients[role].post(contact)
        html = response.content.decode()
        assert response.status_code == 200 and NAME in html and PHONE in html and EMAIL in html
        assert "no-store" in response["Cache-Control"]
    logs = ContactAccessLog.objects.filter(report=report, user=cast[role])
    assert logs.count() == 2
    assert all(entry.purpose for entry in logs)
    assert clients[role].get(contact).status_code == 405  # never on a plain GET (a link, a reload)


def test_actions_and_the_redirects_after_them_log_no_contact_view(clients, routed):
    """The fault: a row per reload of the page after any action made the log unreadable."""
    report, _ = routed
    operator = clients["hotline_operator"]
    response = operator.post(reverse("hotline:share_contact", args=[report.pk]), follow=True)
    assert response.status_code == 200
    operator.get(reverse("hotline:detail", args=[report.pk]))
    assert not ContactAccessLog.objects.filter(report=report).exists()


def test_focal_point_sees_content_without_contact_until_shared(clients, cast, routed, operator_user):
    report, _ = routed
    url = reverse("hotline:detail", args=[report.pk])
    contact = reverse("hotline:contact", args=[report.pk])
    html = clients["focal_point"].get(url).content.decode()
    assert report.title in html
    _assert_no_contact(html)
    assert contact not in html
    assert clients["focal_point"].post(contact).status_code == 403
    assert not ContactAccessLog.objects.filter(user=cast["focal_point"]).exists()

    workflow.share_contact(report=report, user=operator_user, now=MONDAY)
    assert contact in clients["focal_point"].get(url).content.decode()
    html = clients["focal_point"].post(contact).content.decode()
    assert PHONE in html
    assert ContactAccessLog.objects.filter(user=cast["focal_point"], report=report).count() == 1


def test_secretariat_and_member_never_see_contact(clients, routed):
    report, _ = routed
    url = reverse("hotline:detail", args=[report.pk])
    secretariat = clients["secretariat"].get(url)
    assert secretariat.status_code == 200
    _assert_no_contact(secretariat.content.decode())
    member = clients["member"].get(url)
    assert member.status_code == 403
    _assert_no_contact(member.content.decode())


def test_focal_point_of_another_unit_cannot_open_the_report(categories, other_department, operator_user, clients):
    report, _ = make_report(categories)
    workflow.route(report=report, user=operator_user, unit=other_department, days=10, today=MONDAY.date(), now=MONDAY)
    assert clients["focal_point"].get(reverse("hotline:detail", args=[report.pk])).status_code == 404


def test_inbox_and_dashboard_never_show_contact(clients, routed):
    for name in ("hotline:inbox", "hotline:hotspots"):
        _assert_no_contact(clients["leadership"].get(reverse(name)).content.decode())


def test_public_lookup_and_published_pages_never_show_contact(client, routed, operator_user, focal_user):
    report, pin = routed
    workflow.save_answer(report=report, user=focal_user, answer="Đã xử lý.", send=True, now=MONDAY)
    workflow.review_answer(
        report=report,
        user=operator_user,
        approve=True,
        answer="Đã xử lý xong.",
        publish=True,
        public_title="Hồ sơ chậm",
        public_summary="Hồ sơ bị chậm.",
        note="",
        now=MONDAY,
    )
    response = client.post(reverse("hotline:lookup"), {"code": report.code, "pin": pin}, follow=True)
    html = response.content.decode()
    assert "Đã xử lý xong." in html
    _assert_no_contact(html)
    published = client.get(reverse("hotline:published")).content.decode()
    assert "Đã xử lý xong." in published
    _assert_no_contact(published)


def test_leadership_searches_the_access_log(clients, cast, routed):
    report, _ = routed
    clients["hotline_operator"].post(reverse("hotline:contact", args=[report.pk]))
    html = (
        clients["leadership"]
        .get(reverse("hotline:access_log"), {"user": "tongdai", "code": report.display_code})
        .content.decode()
    )
    assert "tongdai" in html and report.display_code in html
    empty = clients["leadership"].get(reverse("hotline:access_log"), {"user": "khongai"}).content.decode()
    assert "Chưa có lượt xem nào" in empty
    assert clients["hotline_operator"].get(reverse("hotline:access_log")).status_code == 403


def test_no_log_record_carries_personal_data(client, categories, caplog, clients, django_capture_on_commit_callbacks):
    from .conftest import form_data

    caplog.set_level(logging.DEBUG)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/hotline/", form_data(categories))
    report = Report.objects.get()
    clients["hotline_operator"].get(reverse("hotline:detail", args=[report.pk]))
    clients["hotline_operator"].post(reverse("hotline:contact", args=[report.pk]))
    client.post(reverse("hotline:lookup"), {"code": report.code, "pin": "00000000"})
    text = "\n".join(f"{r.getMessage()} {r.__dict__}" for r in caplog.records)
    assert caplog.records, "requests were logged"
    for value in (NAME, PHONE, EMAIL, ADDRESS, report.code):
        assert value not in text


def test_contact_details_are_anonymised_after_the_retention_period(categories, settings):
    settings.HOTLINE_RETENTION_DAYS = 30
    old, _ = make_report(categories, now=MONDAY - timedelta(days=31))
    recent, _ = make_report(categories, now=MONDAY - timedelta(days=29))
    assert privacy.anonymise_expired(now=MONDAY) == 1
    assert privacy.anonymise_expired(now=MONDAY) == 0
    old.refresh_from_db(), recent.refresh_from_db()
    assert not old.has_contact and old.anonymised_at == MONDAY
    assert old.title and old.status == Report.Status.NEW  # the report and its statistics remain
    assert recent.contact_phone == PHONE
    assert old.events.filter(kind=Event.Kind.ANONYMISED).count() == 1


def test_the_anonymisation_scrubs_the_admin_log_of_the_report_and_its_records(categories, settings, operator_user):
    """The fault: after the anonymisation, django_admin_log still read "… gọi 0987 111 222" (the admin's log
    copies the object's text and the change it saw). The report's rows, and those of its timeline entries,
    attachments and extension requests, now name the report by its tracking code with no change message,
    in the anonymisation's transaction; another report's rows are left alone."""
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.contenttypes.models import ContentType

    settings.HOTLINE_RETENTION_DAYS = 30
    old, _ = make_report(categories, now=MONDAY - timedelta(days=31))
    recent, _ = make_report(categories, now=MONDAY - timedelta(days=29))
    typed = "Đường hỏng, gọi 0987 111 222"
    event = Event.objects.filter(report=old).first()  # its receipt

    def log(obj, model):
        return LogEntry.objects.create(
            user=operator_user,
            content_type=ContentType.objects.get_for_model(model),
            object_id=str(obj.pk),
            object_repr=typed,
            action_flag=CHANGE,
            change_message=f'[{{"changed": {{"fields": ["title"]}}}}] {typed}',
        )

    old_rows = [log(old, Report), log(event, Event)]
    kept = log(recent, Report)
    assert privacy.anonymise_expired(now=MONDAY) == 1
    old.refresh_from_db()
    for row in old_rows:
        row.refresh_from_db()
        assert (row.object_repr, row.change_message) == (old.code, "")
    assert not LogEntry.objects.filter(object_repr__contains="0987").exclude(pk=kept.pk).exists()
    kept.refresh_from_db()
    assert kept.object_repr == typed  # not yet past its retention
