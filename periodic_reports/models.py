"""Periodic reports (báo cáo định kỳ): a committee's report of a period, drafted from the progress reports,
edited by the secretariat in versions, issued with a number of the register of issued documents.

A report has versions 1, 2, …; each save of the draft adds a version (its sections copied and changed), so
nothing the secretariat wrote is ever overwritten. The latest version is the report's current text. An
issued version is read-only; a correction ("Sửa đổi") is a new draft version copied from it, issued in its
turn with a new number. What was compiled from the data (the figures and the annex table) is kept with each
version (`data`), so an issued report keeps the figures it was issued with.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.text import LongTextField
from members.models import Committee

from .periods import Kind, Period


class PeriodicReport(models.Model):
    """A committee's report of one period (a month, a quarter, six or nine months, a year)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        ISSUED = "issued", _("Đã ban hành")

    committee = models.ForeignKey(
        Committee, verbose_name=_("Ban Chỉ đạo"), on_delete=models.PROTECT, related_name="periodic_reports"
    )
    kind = models.CharField(_("loại kỳ"), max_length=12, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("năm"))
    index = models.PositiveSmallIntegerField(_("kỳ số"), default=1)
    starts_on = models.DateField(_("số liệu từ ngày"))
    ends_on = models.DateField(_("số liệu đến ngày"))
    # The state of the latest version, and its number (kept here so a save can check it under a row lock).
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(_("phiên bản hiện hành"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("người lập")
    )
    created_at = models.DateTimeField(_("lập lúc"))
    is_demo = models.BooleanField(_("dữ liệu minh họa"), default=False)

    class Meta:
        ordering = ["-ends_on", "committee"]
        verbose_name = _("báo cáo định kỳ")
        verbose_name_plural = _("báo cáo định kỳ")
        constraints = [
            models.UniqueConstraint(fields=["committee", "kind", "year", "index"], name="one_report_per_period")
        ]

    def __str__(self):
        return str(_("Báo cáo %(period)s") % {"period": self.period.label})

    @property
    def period(self) -> Period:
        return Period(self.kind, self.year, self.index, self.starts_on, self.ends_on)


class ReportVersion(models.Model):
    """One saved version of a periodic report: its sections, the compiled data, who saved it and when; an
    issued version names its row in the register of issued documents."""

    report = models.ForeignKey(
        PeriodicReport, on_delete=models.PROTECT, related_name="versions", verbose_name=_("báo cáo")
    )
    number = models.PositiveIntegerField(_("phiên bản"))
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=PeriodicReport.Status.choices, default=PeriodicReport.Status.DRAFT
    )
    data = models.JSONField(_("số liệu tổng hợp"), default=dict)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("người lưu")
    )
    saved_at = models.DateTimeField(_("lưu lúc"))
    issued_document = models.OneToOneField(
        "documents.IssuedDocument",
        verbose_name=_("văn bản ban hành"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="periodic_report_version",
    )
    place = models.CharField(_("địa danh"), max_length=100, blank=True)
    authority = models.CharField(_("thẩm quyền ký"), max_length=200, blank=True)

    class Meta:
        ordering = ["report", "-number"]
        verbose_name = _("phiên bản báo cáo định kỳ")
        verbose_name_plural = _("phiên bản báo cáo định kỳ")
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="one_version_number_per_report")]

    def __str__(self):
        return f"{self.report} — {self.number}"

    @property
    def is_issued(self) -> bool:
        return self.status == PeriodicReport.Status.ISSUED


class ReportSection(models.Model):
    """A section of a version: its key (which part of the report it is), title, level (1: a part "I.",
    2: an item under it) and text. Lines that begin with "- " are bullets."""

    version = models.ForeignKey(
        ReportVersion, on_delete=models.CASCADE, related_name="sections", verbose_name=_("phiên bản")
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    key = models.CharField(_("mã phần"), max_length=60)
    title = models.CharField(_("tiêu đề"), max_length=300)
    level = models.PositiveSmallIntegerField(_("cấp"), default=1)
    text = LongTextField(_("nội dung"), blank=True)

    class Meta:
        ordering = ["version", "order"]
        verbose_name = _("phần của báo cáo định kỳ")
        verbose_name_plural = _("phần của báo cáo định kỳ")
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="one_section_key_per_version")]

    def __str__(self):
        return self.title
