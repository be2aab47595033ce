"""The record of units that change: a unit's ending (`UnitChange`: when, its successors, the document or
published source behind it) and each piece of open work passed to a successor (`UnitTransfer`).

Written only by members/unit_changes.py. Nothing here is deleted: the ended unit keeps its row, its
history and everything that named it; the pages show it "as it was".
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.text import LongTextField


class UnitChange(models.Model):
    """A unit ends on a day (`on`, the first day without it) and passes its work to its successors."""

    unit = models.OneToOneField(
        "members.Unit", verbose_name=_("đơn vị kết thúc hoạt động"), on_delete=models.PROTECT, related_name="ending"
    )
    on = models.DateField(
        _("kết thúc hoạt động từ ngày"),
        help_text=_("Ngày đầu tiên đơn vị không còn hoạt động; đơn vị kế thừa nhận công việc từ ngày này."),
    )
    successors = models.ManyToManyField(
        "members.Unit", verbose_name=_("đơn vị kế thừa"), blank=True, related_name="succeeded_changes"
    )
    decision = models.ForeignKey(
        "members.Decision",
        verbose_name=_("căn cứ văn bản"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="unit_changes",
    )
    # What the published sources say when they give no document number (docs/domain.md marks the gap);
    # the document is cited when the secretariat passes the work on.
    source = models.CharField(_("nguồn công bố"), max_length=500, blank=True)
    note = LongTextField(_("ghi chú"), max_length=2000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi nhận"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("ghi nhận lúc"))
    history = HistoricalRecords(m2m_fields=[successors])

    class Meta:
        ordering = ["-on", "unit__name"]
        verbose_name = _("đơn vị kết thúc hoạt động")
        verbose_name_plural = _("đơn vị kết thúc hoạt động")

    def __str__(self):
        return _("%(unit)s kết thúc hoạt động từ %(day)s") % {"unit": self.unit, "day": f"{self.on:%d/%m/%Y}"}

    def clean(self):
        if not self.decision_id and not (self.source or "").strip():
            raise ValidationError(
                {
                    "decision": _(
                        "Việc kết thúc hoạt động của đơn vị phải căn cứ một văn bản (số, ngày, cơ quan ban hành)."
                    )
                }
            )
        unit = self.unit if self.unit_id else None
        if unit is not None and self.on and unit.valid_from and self.on <= unit.valid_from:
            raise ValidationError(
                {
                    "on": _("Đơn vị bắt đầu hoạt động từ %(day)s: ngày kết thúc phải sau ngày đó.")
                    % {"day": f"{unit.valid_from:%d/%m/%Y}"}
                }
            )


class UnitTransfer(models.Model):
    """One piece of open work (a task, an assignment, a pilot designation, a hotline report, a person's
    unit) passed from an ended unit to a successor, under the document that caused it."""

    change = models.ForeignKey(UnitChange, on_delete=models.PROTECT, related_name="transfers")
    # The kind of work, as its app registered it (core/unit_successions.py), and the row's id in that app.
    kind = models.CharField(_("loại công việc"), max_length=40)
    object_id = models.PositiveBigIntegerField()
    label = models.CharField(_("công việc"), max_length=300)
    to_unit = models.ForeignKey(
        "members.Unit", verbose_name=_("chuyển cho"), on_delete=models.PROTECT, related_name="received_transfers"
    )
    decision = models.ForeignKey(
        "members.Decision", verbose_name=_("căn cứ văn bản"), on_delete=models.PROTECT, related_name="+"
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("lúc"))

    class Meta:
        ordering = ["change", "at", "pk"]
        verbose_name = _("chuyển giao công việc cho đơn vị kế thừa")
        verbose_name_plural = _("chuyển giao công việc cho đơn vị kế thừa")

    def __str__(self):
        return f"{self.label} → {self.to_unit}"
