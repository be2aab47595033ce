"""`ReportNotice`: a notice about a progress report (today: that the secretariat returned it), written in
the same transaction as the decision and sent exactly once (core/delivery.py) by tasks/notices.py."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import Delivery
from members.models import Person

from .models import ProgressReport


class ReportNotice(Delivery):
    """One notice about one report to one recipient: a person (the reporter's person, the task's
    responsible member, a focal point of its lead unit) or, for a reporter without a person, their account.
    In the app always; by e-mail too when the recipient has an address."""

    class Kind(models.TextChoices):
        RETURNED = "returned", _("Báo cáo bị trả lại")

    report = models.ForeignKey(
        ProgressReport, verbose_name=_("báo cáo tiến độ"), on_delete=models.CASCADE, related_name="notices"
    )
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices, default=Kind.RETURNED)
    recipient = models.ForeignKey(
        Person, verbose_name=_("người nhận"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản nhận"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"))

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("thông báo về báo cáo tiến độ")
        verbose_name_plural = _("thông báo về báo cáo tiến độ")
        indexes = [models.Index(fields=["sent_at", "created_at"], name="report_notice_due_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(recipient__isnull=False) | models.Q(user__isnull=False),
                name="report_notice_has_target",
            )
        ]

    def __str__(self):
        return f"{self.kind} #{self.report_id}"
