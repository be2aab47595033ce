"""The monthly review cycle: one review per committee and month, and the reminders it sends."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.delivery import reach_person
from core.models import Delivery, channel_note
from documents.models import IssuedDocument
from members.models import Committee, Person


class MonthlyReview(models.Model):
    """The monthly review of a committee: who owed a report, who reported, who is late."""

    committee = models.ForeignKey(
        Committee, verbose_name=_("Ban Chỉ đạo"), on_delete=models.PROTECT, related_name="reviews"
    )
    month = models.DateField(_("tháng"), help_text=_("Ngày đầu tháng."))
    reminder_date = models.DateField(_("ngày nhắc"))
    deadline = models.DateField(_("hạn báo cáo"))
    opened_at = models.DateTimeField(_("mở lúc"), auto_now_add=True)
    assessment = models.TextField(_("đánh giá của Bộ phận Thường trực"), blank=True)
    closed_at = models.DateTimeField(_("đóng lúc"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người kết thúc"),
    )
    # The last reopening of a closed month by leadership, with its reason (every one is in the history too).
    reopened_at = models.DateTimeField(_("mở lại lúc"), null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người mở lại"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reopen_reason = models.CharField(_("lý do mở lại"), max_length=500, blank=True)
    # The month's report once issued: its row of the committee's register (number, date, file).
    report = models.OneToOneField(
        IssuedDocument,
        verbose_name=_("báo cáo đã ban hành"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="monthly_review",
    )
    # The letters issued to the month's late units (công văn đôn đốc): one as a rule, a further one
    # only by the secretariat's explicit choice.
    letters = models.ManyToManyField(
        IssuedDocument, verbose_name=_("công văn đôn đốc đã ban hành"), blank=True, related_name="chased_reviews"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-month"]
        verbose_name = _("đánh giá tháng")
        verbose_name_plural = _("đánh giá tháng")
        constraints = [models.UniqueConstraint(fields=["committee", "month"], name="one_review_per_committee_month")]

    def __str__(self):
        return f"{self.committee} — {self.month:%m/%Y}"


class Reminder(Delivery):
    """One reminder to one person: claimed (the unique row) before it is sent, so it is sent once
    (core/delivery.py; the claim, lease, backoff and channel fields come from `Delivery`)."""

    class Kind(models.TextChoices):
        FIRST = "first", _("Nhắc lần 1")
        SECOND = "second", _("Nhắc lần 2")
        OVERDUE = "overdue", _("Thông báo quá hạn")
        OVERDUE_MEMBER = "overdue_member", _("Thông báo quá hạn cho thành viên phụ trách")
        SECRETARIAT_SUMMARY = "secretariat_summary", _("Tổng hợp gửi Bộ phận Thường trực")
        LEADERSHIP_SUMMARY = "leadership_summary", _("Tổng hợp gửi lãnh đạo")

    review = models.ForeignKey(
        MonthlyReview, on_delete=models.PROTECT, related_name="reminders", verbose_name=_("kỳ đánh giá")
    )
    recipient = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="reminders", verbose_name=_("người nhận")
    )
    kind = models.CharField(_("loại"), max_length=24, choices=Kind.choices)
    task_ids = models.JSONField(_("nhiệm vụ"), default=list)

    class Meta:
        ordering = ["review", "kind", "recipient"]
        verbose_name = _("lượt nhắc")
        verbose_name_plural = _("nhật ký nhắc việc")
        constraints = [
            models.UniqueConstraint(
                fields=["review", "recipient", "kind"], name="one_reminder_per_review_recipient_kind"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.recipient_id} — {self.review_id}"

    @property
    def channel_note(self) -> str:
        """For a sent reminder, the channel its recipient lacks (no e-mail address, no account), in
        the words the board shows; "" otherwise. Needs `recipient__user` selected."""
        if not self.sent_at:
            return ""
        reach = reach_person(self.recipient)
        return channel_note(no_email=reach.no_email, no_account=reach.no_account)

    @property
    def emailed(self) -> bool:
        return bool(self.recipient.email)

    @property
    def unreachable(self) -> bool:
        """Sent, but through no channel anyone sees: no e-mail address and no active account."""
        reach = reach_person(self.recipient)
        return bool(self.sent_at) and reach.no_email and reach.no_account
