"""Access rows for the base layer's pages: the working calendar's days off and the notifications."""

from datetime import date

from core.models import Holiday, Notification
from tests.access import Row, everyone, staff_only

REVIEW_READERS = ("secretariat", "leadership")
SECRETARIAT = ("secretariat",)
LOGGED_IN = ("secretariat", "member", "focal_point", "hotline_operator", "leadership")


def setup(w):
    w.holiday = Holiday.objects.create(date=date(2031, 1, 1), name="Tết Dương lịch")
    w.notification = Notification.objects.create(recipient=w.cast["member"].person, title="Nhắc báo cáo")


ROWS = [
    Row("core:holidays", None, staff_only(REVIEW_READERS)),
    Row("core:holidays", None, staff_only(SECRETARIAT, ok=400), method="post", note="empty form"),
    Row("core:holiday_delete", lambda w: {"pk": w.holiday.pk}, staff_only(SECRETARIAT, ok=302), method="post"),
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
