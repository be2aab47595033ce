"""A member's personal plan for a year and its year-end self-assessment (kept apart from tasks/models.py for
size; it is a model of the tasks app)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.text import LongTextField
from core.versions import VersionedModel
from members.models import Person


class PersonalPlan(VersionedModel):
    """A member's own plan for the year, and their year-end self-assessment."""

    person = models.ForeignKey(
        Person, verbose_name=_("thành viên"), on_delete=models.PROTECT, related_name="personal_plans"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    content = LongTextField(_("nội dung kế hoạch"), blank=True)
    self_assessment = LongTextField(_("tự đánh giá cuối năm"), blank=True)
    assessed_at = models.DateTimeField(_("tự đánh giá lúc"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "person"]
        verbose_name = _("kế hoạch cá nhân")
        verbose_name_plural = _("kế hoạch cá nhân")
        constraints = [models.UniqueConstraint(fields=["person", "year"], name="one_personal_plan_per_year")]

    def __str__(self):
        return f"{self.person} — {self.year}"
