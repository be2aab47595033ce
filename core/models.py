"""The base models every app stands on: the province's entries of the working calendar and in-app
notifications."""

from django.conf import settings
from django.db import models
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
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["date"]
        verbose_name = _("ngày trong lịch làm việc của tỉnh")
        verbose_name_plural = _("lịch làm việc của tỉnh")

    def __str__(self):
        return f"{self.date:%d/%m/%Y} — {self.get_kind_display()}: {self.name}"


class Notification(models.Model):
    """An in-app notification (every reminder also lands here)."""

    recipient = models.ForeignKey("members.Person", on_delete=models.PROTECT, related_name="notifications")
    title = models.CharField(_("tiêu đề"), max_length=300)
    body = models.TextField(_("nội dung"), blank=True)
    url = models.CharField(_("liên kết"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("lúc"), auto_now_add=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self):
        return self.title
