"""Hotline data for `load_nghean_2023`: the categories (reference data, always) and, with --demo,
a handful of invented reports in every state (is_demo=True; PIN of each: 2023 2023).

The demo reports are dated in the second half of 2023, after the hotline was set up (conclusion 3 of the
session of 11/04/2023), whatever day they are loaded: deadlines follow from the received date and the
working calendar. Those still open were left open at the end of 2023, so the escalation ladder shows them.

Idempotent: categories by code, demo reports by their fixed tracking code. A demo report still in its
loaded state whose dates differ (loaded by an earlier version, dated from the day it ran) gets the dates
above, its timeline with it.
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from core import shared_cache
from core.calendar import Calendar, add_working_days, load_calendar
from members.models import Unit

from . import codes
from .models import Category, Event, Report
from .personal import mask_for_report
from .reference import ensure_categories
from .tally_models import rebuild_tallies

DEMO_PIN = "20232023"
S = Report.Status

# code, status, channel, unit code (concerned/routed), category, title, content, received on, extra
DEMO = [
    (
        "NA23DEM2",
        S.NEW,
        "web",
        "SXD",
        "dat-dai-xay-dung",
        "Hồ sơ cấp phép xây dựng quá hạn chưa có kết quả",
        "Tôi nộp hồ sơ cấp phép xây dựng nhà ở riêng lẻ đã quá thời hạn hẹn trả nhưng chưa nhận được kết quả, "
        "cũng không được thông báo lý do.",
        date(2023, 12, 26),
        {},
    ),
    (
        "NA23DEM3",
        S.PROCESSING,
        "web",
        "SNV",
        "thai-do-can-bo",
        "Cán bộ một cửa yêu cầu bổ sung giấy tờ ngoài quy định",
        "Khi nộp hồ sơ, cán bộ yêu cầu nộp thêm bản sao chứng thực giấy tờ không có trong danh mục thủ tục.",
        date(2023, 12, 18),
        {},
    ),
    (
        "NA23DEM4",
        S.ANSWERED,
        "web",
        "STNMT",
        "dat-dai-xay-dung",
        "Chậm cấp giấy chứng nhận quyền sử dụng đất",
        "Hồ sơ đăng ký biến động đất đai của gia đình tôi bị chậm hơn 20 ngày so với giấy hẹn.",
        date(2023, 8, 14),
        {"published": True, "satisfied": True},
    ),
    (
        "NA23DEM5",
        S.PROCESSING,
        "phone",
        "SXD",
        "thu-tuc-hanh-chinh",
        "Không được hướng dẫn đầy đủ thủ tục một lần",
        "Doanh nghiệp phải đi lại nhiều lần vì mỗi lần chỉ được hướng dẫn bổ sung một phần hồ sơ.",
        date(2023, 11, 20),
        {"overdue": True},
    ),
    (
        "NA23DEM6",
        S.ACCEPTED,
        "phone",
        "412",
        "dich-vu-cong",
        "Cổng dịch vụ công báo lỗi khi nộp hồ sơ trực tuyến",
        "Nộp hồ sơ trực tuyến thủ tục đăng ký hộ kinh doanh thì hệ thống báo lỗi, không nộp được.",
        date(2023, 12, 21),
        {},
    ),
    (
        "NA23DEM7",
        S.ANSWERED,
        "web",
        "VPUBND",
        "khac",
        "Đề nghị công khai số điện thoại đường dây nóng tại bộ phận một cửa",
        "Đề nghị niêm yết số điện thoại đường dây nóng tại tất cả các bộ phận một cửa cấp huyện, xã.",
        date(2023, 9, 11),
        {"satisfied": False},
    ),
]


def load(*, demo: bool, stdout) -> None:
    ensure_categories()
    if not demo:
        return
    categories = {c.code: c for c in Category.objects.all()}
    calendar = load_calendar(min(row[7] for row in DEMO), date(2024, 3, 31))
    units = Unit.objects.in_bulk([row[3] for row in DEMO], field_name="code")
    existing = Report.objects.in_bulk([row[0] for row in DEMO], field_name="code")
    created = redated = 0
    for row in DEMO:
        code, status, channel, unit_code, category, title, content, received, extra = row
        unit = units.get(unit_code)
        if unit is None:
            continue
        fields, events = _dated(row, calendar)
        report = existing.get(code)
        if report is not None:
            redated += _redate(report, status, fields, events)
            continue
        report = Report(
            code=code,
            pin_hash=codes.hash_pin(code, DEMO_PIN),
            channel=channel,
            submitter_type=Report.SubmitterType.INDIVIDUAL,
            contact_name="Người dân minh họa",
            contact_phone="0900000000",
            unit_concerned=unit,
            category=categories[category],
            title=title,
            content=content,
            status=status,
            routed_unit=unit if fields["answer_due"] else None,
            is_demo=True,
            **fields,
        )
        if status == S.ANSWERED:
            report.answer = (
                "Đơn vị đã kiểm tra, xác minh nội dung phản ánh, chấn chỉnh cán bộ liên quan và giải quyết hồ sơ "
                "cho người dân. (Trả lời minh họa.)"
            )
            report.answered_on_time = True
            report.satisfied = extra.get("satisfied")
            if extra.get("published"):
                report.is_published = True
                # Published as the moderation step does it: masked public title and summary (hotline/personal.py).
                report.public_title = mask_for_report(title, report)
                report.public_summary = mask_for_report(content, report)
        report.full_clean()
        report.save()
        Report.history.filter(id=report.pk, history_type="+").update(history_date=fields["created_at"])
        for kind, at, status_to in events:
            Event.objects.create(report=report, kind=kind, at=at, status_to=status_to, is_public=True)
        created += 1
    if redated:
        rebuild_tallies()  # redated by QuerySet.update: the tallies count again
        shared_cache.bump("hotline")
    if created:
        stdout.write(f"Đường dây nóng: {created} phản ánh minh họa.")


def _dated(row, calendar: Calendar) -> tuple[dict, list[tuple[str, datetime, str]]]:
    """The dates of a demo report (fields of Report) and its timeline (kind, moment, status reached)."""
    code, status, channel, unit_code, category, title, content, received, extra = row
    at = timezone.make_aware(datetime.combine(received, time(9, 30)))
    routed = status in (S.PROCESSING, S.ANSWERED)
    answer_due = add_working_days(received, 10, calendar) if routed else None
    if extra.get("overdue"):
        answer_due = add_working_days(received, 3, calendar)
    answered = at + timedelta(days=7) if status == S.ANSWERED else None
    fields = {
        "received_on": received,
        "created_at": at,
        "consent_at": at,
        "classify_due": add_working_days(received, 3, calendar),
        "answer_due": answer_due,
        "answered_at": answered,
        "rated_at": answered + timedelta(days=1) if answered else None,
        "published_at": answered if extra.get("published") else None,
    }
    events = [(Event.Kind.SUBMITTED, at, S.NEW)]
    if routed:
        events.append((Event.Kind.ROUTED, at + timedelta(hours=4), S.PROCESSING))
    if answered:
        events.append((Event.Kind.ANSWERED, answered, S.ANSWERED))
    return fields, events


def _redate(report: Report, status: str, fields: dict, events: list) -> int:
    """Put a demo report still as loaded on the dates of `_dated`; 1 when something changed."""
    if not report.is_demo or report.status != status:
        return 0
    if all(getattr(report, name) == value for name, value in fields.items()):
        return 0
    Report.objects.filter(pk=report.pk).update(**fields)
    Report.history.filter(id=report.pk, history_type="+").update(history_date=fields["created_at"])
    for kind, at, _status_to in events:
        Event.objects.filter(report=report, kind=kind).update(at=at)
    return 1
