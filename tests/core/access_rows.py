"""Access rows for the base layer's pages: the working calendar and the notifications."""

from datetime import date

from django.utils import timezone

from core.models import CalendarEntry, Notification
from tests.access import Row, everyone, staff_only

REVIEW_READERS = ("secretariat", "leadership")
SECRETARIAT = ("secretariat",)
LOGGED_IN = ("secretariat", "member", "focal_point", "hotline_operator", "leadership")


def setup(w):
    w.holiday = CalendarEntry.objects.create(
        date=date(2031, 1, 2), name="Nghỉ thêm", source_document="TB 1/TB-UBND", created_at=timezone.now()
    )
    w.planned_day = CalendarEntry.objects.create(
        date=date(2031, 1, 3), name="Dự kiến", source_document="Dự thảo", confirmed=False, created_at=timezone.now()
    )
    w.notification = Notification.objects.create(recipient=w.cast["member"].person, title="Nhắc báo cáo")


ROWS = [
    Row("core:holidays", None, staff_only(REVIEW_READERS)),
    Row("core:holidays", None, staff_only(SECRETARIAT, ok=400), method="post", note="empty form"),
    Row("core:holiday_delete", lambda w: {"pk": w.holiday.pk}, staff_only(SECRETARIAT, ok=302), method="post"),
    Row("core:holiday_confirm", lambda w: {"pk": w.planned_day.pk}, staff_only(SECRETARIAT, ok=302), method="post"),
    Row("core:notifications", None, staff_only(LOGGED_IN, refused=200)),
    Row(
        "core:notification_read",
        lambda w: {"pk": w.notification.pk},
        staff_only(("member",), ok=302, refused=404),
        method="post",
        note="someone else's notification is not found",
    ),
    Row("core:notifications_read_all", None, everyone(302), method="post"),
]
