"""The base models every app stands on: the working calendar's days off and in-app notifications."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Holiday(models.Model):
    """A public holiday or a compensatory day off: not a working day."""

    date = models.DateField(_("ngày"), unique=True)
    name = models.CharField(_("tên ngày nghỉ"), max_length=200)

    class Meta:
        ordering = ["date"]
        verbose_name = _("ngày nghỉ lễ")
        verbose_name_plural = _("ngày nghỉ lễ")

    def __str__(self):
        return f"{self.date:%d/%m/%Y} — {self.name}"


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
