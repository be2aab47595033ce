"""The base models every app stands on: the province's entries of the working calendar, in-app
notifications and the send-exactly-once fields every message row carries (`Delivery`, used with
core/delivery.py)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

DUPLICATE_DAY = _("Ngày này đã có trong lịch của tỉnh: bỏ ngày cũ trước khi ghi lại.")


class CalendarEntry(models.Model):
    """The province's own day in the working calendar, on top of the national rules (core/calendar.py):
    an extra day off, or a weekend day worked in exchange for a day off (ngày làm bù). Only confirmed
    entries (backed by an issued notice) count in deadlines; the others are shown as expected days."""

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("Ngày nghỉ")
        WORKDAY = "workday", _("Ngày làm bù (đi làm)")

    date = models.DateField(_("ngày"), unique=True, error_messages={"unique": DUPLICATE_DAY})
    kind = models.CharField(_("loại ngày"), max_length=10, choices=Kind.choices, default=Kind.DAY_OFF)
    name = models.CharField(_("nội dung"), max_length=200)
    source_document = models.CharField(
        _("văn bản"), max_length=300, help_text=_("Số, ngày của thông báo hoặc công văn quy định ngày này.")
    )
    confirmed = models.BooleanField(
        _("đã có văn bản chính thức"),
        default=True,
        help_text=_("Bỏ chọn nếu văn bản chưa ban hành: ngày dự kiến được hiển thị nhưng chưa tính vào các hạn."),
    )
    created_at = models.DateTimeField(_("thêm lúc"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người tạo"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["date"]
        verbose_name = _("ngày trong lịch làm việc của tỉnh")
        verbose_name_plural = _("lịch làm việc của tỉnh")

    def __str__(self):
        return f"{self.date:%d/%m/%Y} — {self.get_kind_display()}: {self.name}"


class Notification(models.Model):
    """An in-app notification (every reminder, hotline notice and escalation lands here).

    It targets an account (`user`), a person (`recipient`), or both: a person without an account sees
    it once an account is linked to them; an account without a person (a leader) sees it all the same.
    """

    recipient = models.ForeignKey(
        "members.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="notifications"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản nhận"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    title = models.CharField(_("tiêu đề"), max_length=300)
    body = models.TextField(_("nội dung"), blank=True)
    url = models.CharField(_("liên kết"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("lúc"), auto_now_add=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["user", "read_at"], name="core_notif_user_read_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(recipient__isnull=False) | models.Q(user__isnull=False),
                name="core_notification_has_target",
            )
        ]

    def __str__(self):
        return self.title


class Delivery(models.Model):
    """The fields of a row that stands for one message sent exactly once (core/delivery.py says how).

    A run holds the row while `claim_token` is its token and `retry_after` (the lease, or the backoff
    after a failed send) has not passed; `sent_at` stamps it done. `attempts` counts claims, so a
    message that kills its worker is not retried for ever. `last_error` is set with the first
    failure, in the transaction that writes the row's in-app notices: they are written once.
    """

    claimed_at = models.DateTimeField(_("nhận xử lý lúc"), null=True, blank=True)
    claim_token = models.CharField(_("mã nhận xử lý"), max_length=32, blank=True, db_index=True)
    retry_after = models.DateTimeField(_("thử lại sau"), null=True, blank=True)
    sent_at = models.DateTimeField(pgettext_lazy("thư", "gửi lúc"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("số lần thử"), default=0)
    last_error = models.CharField(_("lỗi gần nhất"), max_length=500, blank=True)

    class Meta:
        abstract = True


def channel_note(*, no_email: bool, no_account: bool) -> str:
    """What the pages say about a message that lacked a channel ("" when both were there)."""
    if no_email and no_account:
        return gettext("Không gửi được: chưa có địa chỉ thư, chưa có tài khoản")
    if no_email:
        return gettext("Không gửi được: chưa có địa chỉ thư (đã báo trong ứng dụng)")
    if no_account:
        return gettext("Chưa có tài khoản: chỉ gửi thư")
    return ""
