"""The whole life of a report: submit → classify → route → answer → approve → publish → rate →
reopen, with deadlines in working days (the working calendar, core/calendar.py) and time passed in."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from core.models import CalendarEntry
from hotline import workflow
from hotline.models import Event, Outbox, Report
from hotline.outbox import drain

from .conftest import MONDAY, form_data, make_report, png_file

pytestmark = pytest.mark.django_db
S = Report.Status


@pytest.fixture
def holiday(db):
    return CalendarEntry.objects.create(
        date=date(2023, 6, 7), name="Ngày nghỉ thử nghiệm", source_document="TB thử", created_at=MONDAY
    )


def test_life_cycle_with_working_day_deadlines(categories, holiday, department, operator_user, focal_user):
    report, pin = make_report(categories)
    # Monday + 3 working days, Wednesday 07/06 being a holiday.
    assert report.status == S.NEW
    assert report.classify_due == date(2023, 6, 9)

    tuesday = MONDAY + timedelta(days=1)
    workflow.classify(report=report, user=operator_user, decision="accept", now=tuesday)
    report = workflow.route(
        report=report, user=operator_user, unit=department, days=10, today=tuesday.date(), now=tuesday
    )
    assert report.status == S.PROCESSING
    assert report.answer_due == date(2023, 6, 21)

    answered = MONDAY + timedelta(days=9)
    workflow.save_answer(report=report, user=focal_user, answer="Bản nháp", send=False, now=answered)
    report.refresh_from_db()
    assert report.status == S.PROCESSING and report.answer == "Bản nháp"
    workflow.save_answer(report=report, user=focal_user, answer="Sở đã giải quyết hồ sơ.", send=True, now=answered)
    report.refresh_from_db()
    assert report.status == S.ANSWER_SUBMITTED

    report = workflow.review_answer(
        report=report,
        user=operator_user,
        approve=True,
        answer="Sở đã giải quyết hồ sơ ngày 14/06.",
        publish=True,
        public_title="Hồ sơ đăng ký kinh doanh bị chậm",
        public_summary="Hồ sơ đăng ký kinh doanh bị chậm.",
        note="",
        now=answered,
    )
    assert report.status == S.ANSWERED
    assert report.answered_on_time is True
    assert report.is_published and report.published_at == answered

    report = workflow.rate(report=report, satisfied=False, comment="Chưa thỏa đáng", now=answered + timedelta(days=1))
    assert workflow.can_reopen(report)
    reopened_on = date(2023, 6, 15)
    report = workflow.reopen(
        report=report, reason="Chưa giải quyết xong", today=reopened_on, now=answered + timedelta(days=1)
    )
    assert report.status == S.PROCESSING
    assert report.reopen_count == 1
    assert report.answer_due == date(2023, 6, 29)  # 10 working days after Thursday 15/06
    assert report.is_published is False

    kinds = list(report.events.order_by("at", "pk").values_list("kind", flat=True))
    assert kinds == [
        Event.Kind.SUBMITTED,
        Event.Kind.ACCEPTED,
        Event.Kind.ROUTED,
        Event.Kind.ANSWER_SUBMITTED,
        Event.Kind.ANSWERED,
        Event.Kind.PUBLISHED,
        Event.Kind.RATED,
        Event.Kind.REOPENED,
    ]
    # Reopening is allowed once only.
    workflow.save_answer(
        report=report, user=focal_user, answer="Trả lời lần hai", send=True, now=answered + timedelta(days=3)
    )
    workflow.review_answer(
        report=report,
        user=operator_user,
        approve=True,
        answer="Trả lời lần hai",
        publish=False,
        public_summary="",
        note="",
        now=answered + timedelta(days=3),
    )
    report = workflow.rate(
        report=Report.objects.get(pk=report.pk), satisfied=False, comment="", now=answered + timedelta(days=4)
    )
    assert not workflow.can_reopen(report)
    with pytest.raises(Exception, match="không thể mở lại"):
        workflow.reopen(report=report, reason="Lần nữa", today=reopened_on, now=answered + timedelta(days=5))


def test_answer_approved_after_deadline_is_counted_late(categories, department, operator_user, focal_user):
    report, _ = make_report(categories)
    workflow.route(report=report, user=operator_user, unit=department, days=2, today=MONDAY.date(), now=MONDAY)
    late = MONDAY + timedelta(days=10)
    workflow.save_answer(report=report, user=focal_user, answer="Trả lời", send=True, now=late)
    report = workflow.review_answer(
        report=report,
        user=operator_user,
        approve=True,
        answer="Trả lời",
        publish=False,
        public_summary="",
        note="",
        now=late,
    )
    assert report.answered_on_time is False


def test_operator_returns_answer_to_unit(categories, department, operator_user, focal_user):
    report, _ = make_report(categories)
    workflow.route(report=report, user=operator_user, unit=department, days=10, today=MONDAY.date(), now=MONDAY)
    workflow.save_answer(report=report, user=focal_user, answer="Trả lời sơ sài", send=True, now=MONDAY)
    report = workflow.review_answer(
        report=report,
        user=operator_user,
        approve=False,
        answer="",
        publish=False,
        public_summary="",
        note="Bổ sung căn cứ",
        now=MONDAY,
    )
    assert report.status == S.PROCESSING
    assert report.events.filter(kind=Event.Kind.ANSWER_RETURNED, internal_note="Bổ sung căn cứ", note="").exists()


def test_classification_outcomes_need_reasons(categories, operator_user):
    first, _ = make_report(categories)
    second, _ = make_report(categories)
    third, _ = make_report(categories)
    with pytest.raises(Exception, match="lý do"):
        workflow.classify(report=first, user=operator_user, decision="not_accepted", reason="", now=MONDAY)
    workflow.classify(
        report=first, user=operator_user, decision="not_accepted", reason="Không thuộc phạm vi CCHC", now=MONDAY
    )
    workflow.classify(
        report=second,
        user=operator_user,
        decision="duplicate",
        reason="Đã gửi",
        duplicate_code=first.display_code,
        now=MONDAY,
    )
    workflow.classify(
        report=third,
        user=operator_user,
        decision="forward",
        reason="Ngoài thẩm quyền",
        forwarded_to="Tòa án nhân dân tỉnh",
        now=MONDAY,
    )
    first.refresh_from_db(), second.refresh_from_db(), third.refresh_from_db()
    assert (first.status, second.status, third.status) == (S.NOT_ACCEPTED, S.DUPLICATE, S.FORWARDED)
    assert second.duplicate_of == first
    assert third.forwarded_to == "Tòa án nhân dân tỉnh"


def test_transfer_keeps_a_visible_reason_and_resets_sharing(categories, department, other_department, operator_user):
    report, _ = make_report(categories)
    workflow.route(report=report, user=operator_user, unit=department, days=10, today=MONDAY.date(), now=MONDAY)
    workflow.share_contact(report=report, user=operator_user, now=MONDAY)
    report = workflow.transfer(
        report=report,
        user=operator_user,
        unit=other_department,
        days=5,
        reason="Thuộc lĩnh vực xây dựng",
        today=MONDAY.date(),
        now=MONDAY,
    )
    assert report.routed_unit == other_department
    assert report.answer_due == date(2023, 6, 12)
    assert report.contact_shared is False
    event = report.events.get(kind=Event.Kind.TRANSFERRED)
    assert event.is_public and "Thuộc lĩnh vực xây dựng" in event.note


def test_extension_granted_moves_the_deadline_in_working_days(categories, department, operator_user, focal_user):
    report, _ = make_report(categories)
    report = workflow.route(
        report=report, user=operator_user, unit=department, days=10, today=MONDAY.date(), now=MONDAY
    )
    assert report.answer_due == date(2023, 6, 19)
    extension = workflow.request_extension(
        report=report, user=focal_user, days=5, reason="Cần xác minh thực địa", now=MONDAY
    )
    with pytest.raises(Exception, match="đang chờ"):
        workflow.request_extension(report=report, user=focal_user, days=2, reason="Lần hai", now=MONDAY)
    workflow.decide_extension(extension=extension, user=operator_user, grant=True, note="", now=MONDAY)
    report.refresh_from_db()
    assert report.answer_due == date(2023, 6, 26)
    refused = workflow.request_extension(report=report, user=focal_user, days=5, reason="Thêm nữa", now=MONDAY)
    workflow.decide_extension(extension=refused, user=operator_user, grant=False, note="Đủ thời gian", now=MONDAY)
    report.refresh_from_db()
    assert report.answer_due == date(2023, 6, 26)


def test_life_cycle_through_the_pages(categories, department, clients, focal_user, django_capture_on_commit_callbacks):
    """The same cycle driven through the HTTP views, the clock fixed with time-machine."""
    public = clients["anonymous"]
    with time_machine.travel(MONDAY, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            response = public.post(
                reverse("hotline:submit"),
                {**form_data(categories), "unit_concerned": department.pk, "attachments": [png_file()]},
                follow=True,
            )
        assert response.status_code == 200
        report = Report.objects.get()
        code, pin = response.context["report"].display_code, response.context["pin"]
        assert code in response.content.decode() and pin in response.content.decode()
        assert report.attachments.count() == 1
        receipt = [m for m in mail.outbox if pin in m.body]
        assert len(receipt) == 1 and receipt[0].to == ["phananh@example.vn"]

        operator = clients["hotline_operator"]
        detail = reverse("hotline:detail", args=[report.pk])
        assert operator.post(reverse("hotline:classify", args=[report.pk]), {"decision": "accept"}).status_code == 302
        response = operator.post(reverse("hotline:route", args=[report.pk]), {"unit": department.pk, "days": 10})
        assert response.status_code == 302
        report.refresh_from_db()
        assert report.answer_due == date(2023, 6, 19)

        focal = clients["focal_point"]
        assert focal.get(detail).status_code == 200
        response = focal.post(
            reverse("hotline:answer", args=[report.pk]), {"answer": "Đã giải quyết.", "action": "send"}
        )
        assert response.status_code == 302
        review = {
            "decision": "approve",
            "answer": "Đã giải quyết xong.",
            "publish": "on",
            "public_title": "Hồ sơ chậm",
            "public_summary": "Hồ sơ bị chậm.",
        }
        # Publishing needs a preview of the public page first; the preview saves nothing.
        response = operator.post(reverse("hotline:review", args=[report.pk]), review)
        assert response.status_code == 400 and "Xem trước trang công khai" in response.content.decode()
        preview = operator.post(reverse("hotline:review", args=[report.pk]), {**review, "action": "preview"})
        assert preview.status_code == 200 and 'id="public-preview"' in preview.content.decode()
        key = preview.context["review_form"]["previewed"].value()
        response = operator.post(reverse("hotline:review", args=[report.pk]), {**review, "previewed": key}, follow=True)
        assert response.redirect_chain and response.status_code == 200
        # The operator is told what the approval did, not that a draft was "handled".
        assert "Đã duyệt trả lời: người phản ánh xem được khi tra cứu, và trả lời được công khai." in (
            response.content.decode()
        )
        assert "Đã giải quyết xong." in public.get(reverse("hotline:published")).content.decode()

        response = public.post(reverse("hotline:lookup"), {"code": code, "pin": pin})
        assert response.status_code == 302 and response["Location"] == reverse("hotline:lookup_result")
        page = public.get(reverse("hotline:lookup_result"))
        assert "Đã giải quyết xong." in page.content.decode()
        assert public.post(reverse("hotline:lookup_rate"), {"satisfied": "0", "comment": "Chưa ổn"}).status_code == 302
        assert public.post(reverse("hotline:lookup_reopen"), {"reason": "Chưa được giải quyết"}).status_code == 302
        report.refresh_from_db()
        assert report.status == S.PROCESSING and report.reopen_count == 1 and report.satisfied is False
        # A second reopen is refused with a message, not a 500.
        response = public.post(reverse("hotline:lookup_reopen"), {"reason": "Lần nữa"})
        assert response.status_code == 400
        # The notices written after commit hooks (not run inside this test's transaction) go out on a drain.
        assert drain(now=MONDAY) == Outbox.objects.filter(sent_at__isnull=False).count() - 2
        assert [m.to for m in mail.outbox if "đã có trả lời" in m.subject] == [["phananh@example.vn"]]
