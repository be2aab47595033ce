"""The year-end closing of a plan: the secretariat's assessment of each task, and the year's figures as they
stood when the year was closed (imported by tasks/models.py; the rules are in tasks/yearend.py)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.text import LongTextField


class TaskAssessment(models.Model):
    """The secretariat's year-end assessment of one task of a plan (saved while the year is being reviewed,
    fixed when it is closed)."""

    class Outcome(models.TextChoices):
        DONE = "done", _("Hoàn thành")
        DONE_LATE = "done_late", _("Hoàn thành quá hạn")
        NOT_DONE = "not_done", _("Không hoàn thành")
        CARRIED_OVER = "carried_over", _("Chuyển tiếp sang năm sau")
        CANCELLED = "cancelled", _("Đã hủy")

    plan = models.ForeignKey(
        "tasks.Plan", verbose_name=_("kế hoạch"), on_delete=models.PROTECT, related_name="assessments"
    )
    task = models.OneToOneField(
        "tasks.Task", verbose_name=_("nhiệm vụ"), on_delete=models.PROTECT, related_name="assessment"
    )
    outcome = models.CharField(_("kết quả đánh giá"), max_length=15, choices=Outcome.choices)
    note = LongTextField(_("ghi chú"), blank=True)
    # The status the reports gave on the day the year was closed (tasks/status.py), kept beside the judgement.
    status_at_closing = models.CharField(_("trạng thái khi khóa sổ"), max_length=20, blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đánh giá"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    assessed_at = models.DateTimeField(_("đánh giá lúc"))

    class Meta:
        ordering = ["plan", "task"]
        verbose_name = _("đánh giá cuối năm của nhiệm vụ")
        verbose_name_plural = _("đánh giá cuối năm của nhiệm vụ")

    def __str__(self):
        return f"{self.task_id}: {self.get_outcome_display()}"


class PlanClosing(models.Model):
    """A plan's year closed: when, by whom, and the year's figures frozen at that moment (`figures`, the
    shape `tasks.yearend.year_figures` gives), shown afterwards instead of figures worked out again."""

    plan = models.OneToOneField(
        "tasks.Plan", verbose_name=_("kế hoạch"), on_delete=models.PROTECT, related_name="closing"
    )
    as_of = models.DateField(_("số liệu chốt ngày"))
    figures = models.JSONField(_("số liệu năm"))
    closed_at = models.DateTimeField(_("khóa sổ lúc"))
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người khóa sổ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("khóa sổ năm")
        verbose_name_plural = _("khóa sổ năm")

    def __str__(self):
        return f"{self.plan} — {self.as_of:%d/%m/%Y}"
