"""Hotline data for `load_nghean_2023`: the categories (reference data, always) and, with --demo,
a handful of invented reports in every state (is_demo=True; PIN of each: 2023 2023).

Idempotent: categories by code, demo reports by their fixed tracking code.
"""

from datetime import timedelta

from django.utils import timezone

from core.calendar import add_working_days, load_calendar
from members.models import Unit

from . import codes
from .models import Category, Event, Report
from .reference import ensure_categories

DEMO_PIN = "20232023"
S = Report.Status

# code, status, channel, unit code (concerned/routed), category, title, content, days ago, extra
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
        1,
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
        4,
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
        30,
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
        25,
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
        2,
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
        20,
        {"satisfied": False},
    ),
]


def load(*, demo: bool, stdout) -> None:
    ensure_categories()
    if not demo:
        return
    now = timezone.now()
    today = timezone.localdate(now)
    categories = {c.code: c for c in Category.objects.all()}
    calendar = load_calendar(today - timedelta(days=max(row[7] for row in DEMO)), today + timedelta(days=60))
    units = Unit.objects.in_bulk([row[3] for row in DEMO], field_name="code")
    created = 0
    for code, status, channel, unit_code, category, title, content, days_ago, extra in DEMO:
        unit = units.get(unit_code)
        if unit is None or Report.objects.filter(code=code).exists():
            continue
        received = today - timedelta(days=days_ago)
        at = now - timedelta(days=days_ago)
        routed = status in (S.PROCESSING, S.ANSWERED)
        answer_due = add_working_days(received, 10, calendar) if routed else None
        if extra.get("overdue"):
            answer_due = add_working_days(received, 3, calendar)
        report = Report(
            code=code,
            pin_hash=codes.hash_pin(code, DEMO_PIN),
            channel=channel,
            submitter_type=Report.SubmitterType.INDIVIDUAL,
            contact_name="Người dân minh họa",
            contact_phone="0900000000",
            consent_at=at,
            unit_concerned=unit,
            category=categories[category],
            title=title,
            content=content,
            status=status,
            received_on=received,
            classify_due=add_working_days(received, 3, calendar),
            routed_unit=unit if routed else None,
            answer_due=answer_due,
            created_at=at,
            is_demo=True,
        )
        if status == S.ANSWERED:
            report.answer = (
                "Đơn vị đã kiểm tra, xác minh nội dung phản ánh, chấn chỉnh cán bộ liên quan và giải quyết hồ sơ "
                "cho người dân. (Trả lời minh họa.)"
            )
            report.answered_at = at + timedelta(days=7)
            report.answered_on_time = True
            report.satisfied = extra.get("satisfied")
            report.rated_at = report.answered_at + timedelta(days=1)
            if extra.get("published"):
                report.is_published = True
                report.published_at = report.answered_at
                report.public_summary = content
        report.full_clean()
        report.save()
        Event.objects.create(report=report, kind=Event.Kind.SUBMITTED, at=at, status_to=S.NEW, is_public=True)
        if routed:
            Event.objects.create(
                report=report,
                kind=Event.Kind.ROUTED,
                at=at + timedelta(hours=4),
                status_to=S.PROCESSING,
                is_public=True,
            )
        if status == S.ANSWERED:
            Event.objects.create(
                report=report, kind=Event.Kind.ANSWERED, at=report.answered_at, status_to=S.ANSWERED, is_public=True
            )
        created += 1
    if created:
        stdout.write(f"Đường dây nóng: {created} phản ánh minh họa.")
