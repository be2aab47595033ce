"""What and when: plans, tasks, progress reports, meetings and conclusions, pilot units,
personal plans. (The monthly review lives in reviews/; the calendar and notifications in core/.)

A task's status is never stored: it is derived from its reports and deadline (tasks/status.py).
What the derivation reads from the reports is summarised per task in `TaskProgress`, kept in step
with the reports in the same transaction (see `ProgressReport.save`).
"""

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.search import SearchTextModel
from core.text import LongTextField, keeps_lines
from core.versions import VersionedModel
from members.models import Committee, Decision, Membership, Person, ReformArea, Unit

from . import changelog, deadlines


class Plan(VersionedModel):
    """A committee's plan of work for one year."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        APPROVED = "approved", _("Đã phê duyệt")

    committee = models.ForeignKey(
        Committee, verbose_name=_("Ban Chỉ đạo"), on_delete=models.PROTECT, related_name="plans"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    title = models.CharField(_("tên kế hoạch"), max_length=300)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    approved_by = models.ForeignKey(
        Decision, verbose_name=_("văn bản phê duyệt"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(_("phê duyệt lúc"), null=True, blank=True)
    # The plan's life: tasks owe reports from `starts_on` (the approval or the session that adopted it;
    # 1 January when unknown) until the year is closed (`closed_at`), never after.
    starts_on = models.DateField(_("thực hiện từ ngày"), null=True, blank=True)
    closed_at = models.DateTimeField(_("khóa sổ năm lúc"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người khóa sổ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_demo = models.BooleanField(_("dữ liệu minh họa"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "committee"]
        verbose_name = _("kế hoạch")
        verbose_name_plural = _("kế hoạch")
        constraints = [models.UniqueConstraint(fields=["committee", "year"], name="one_plan_per_committee_year")]

    def __str__(self):
        return self.title

    @classmethod
    def from_db(cls, db, field_names, values):
        plan = super().from_db(db, field_names, values)
        plan._loaded_dates = (plan.__dict__.get("year"), plan.__dict__.get("starts_on"))
        return plan

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if (self.year, self.starts_on) != getattr(self, "_loaded_dates", None):
            # Its tasks' statuses are judged by the plan's year and start: stale (tasks/day_status.py).
            Task.objects.filter(plan=self).update(day_status_on=None)
            self._loaded_dates = (self.year, self.starts_on)


class Meeting(VersionedModel):
    """A committee session (phiên họp)."""

    committee = models.ForeignKey(
        Committee, verbose_name=_("Ban Chỉ đạo"), on_delete=models.PROTECT, related_name="meetings"
    )
    date = models.DateField(_("ngày họp"))
    title = models.CharField(_("tên phiên họp"), max_length=300)
    notice = models.ForeignKey(
        Decision,
        verbose_name=_("thông báo kết luận"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    attendees = models.ManyToManyField(
        Membership, verbose_name=_("thành phần tham dự"), blank=True, related_name="meetings"
    )
    is_demo = models.BooleanField(_("dữ liệu minh họa"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date"]
        verbose_name = _("phiên họp")
        verbose_name_plural = _("phiên họp")

    def __str__(self):
        return f"{self.title} ({self.date:%d/%m/%Y})"


class AgendaItem(VersionedModel):
    """A draft or topic discussed at a meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    title = models.CharField(_("nội dung"), max_length=500)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "order"]
        verbose_name = _("nội dung phiên họp")
        verbose_name_plural = _("nội dung phiên họp")

    def __str__(self):
        return self.title


class Opinion(VersionedModel):
    """An opinion recorded at a meeting, by a member."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="opinions")
    person = models.ForeignKey(
        Person, verbose_name=_("người phát biểu"), on_delete=models.PROTECT, related_name="opinions"
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("nội dung phiên họp"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="opinions",
    )
    content = LongTextField(_("ý kiến"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "pk"]
        verbose_name = _("ý kiến")
        verbose_name_plural = _("ý kiến")

    def __str__(self):
        return f"{self.person}: {self.content[:60]}"


class Conclusion(models.Model):
    """A conclusion (kết luận) of a meeting; it becomes one or more tasks."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="conclusions")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    content = LongTextField(_("nội dung kết luận"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "order"]
        verbose_name = _("kết luận")
        verbose_name_plural = _("kết luận")

    def __str__(self):
        return self.content[:80]


class Task(VersionedModel, deadlines.KeepsEffectiveDeadline, SearchTextModel):
    """One item of a plan, a conclusion of a meeting, or the follow-up of a hotline case.

    Searched by code, title and description (`search_text`, see core/search.py).
    """

    SEARCH_FIELDS = ("code", "title", "description")

    class Recurrence(models.TextChoices):
        ONCE = "once", _("Một lần (theo hạn)")
        MONTHLY = "monthly", _("Hằng tháng")
        QUARTERLY = "quarterly", _("Hằng quý")
        ONGOING = "ongoing", _("Thường xuyên")

    class DueKind(models.TextChoices):
        DATE = "date", _("Ngày")
        MONTH = "month", _("Tháng")
        QUARTER = "quarter", _("Quý")
        HALF = "half", _("6 tháng")
        YEAR = "year", _("Năm")
        ONGOING = "ongoing", _("Thường xuyên")

    class Source(models.TextChoices):
        PLAN = "plan", _("Kế hoạch")
        CONCLUSION = "conclusion", _("Kết luận phiên họp")
        HOTLINE = "hotline", _("Vụ việc hành chính phát sinh (đường dây nóng)")

    class Output(models.TextChoices):
        DECISION = "decision", _("Quyết định")
        PLAN = "plan", _("Kế hoạch")
        REPORT = "report", _("Báo cáo")
        NOTICE = "notice", _("Thông báo kết luận")
        LETTER = "letter", _("Công văn")
        OTHER = "other", _("Khác")

    plan = models.ForeignKey(Plan, verbose_name=_("kế hoạch"), on_delete=models.PROTECT, related_name="tasks")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("nhiệm vụ cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subtasks",
    )
    code = models.CharField(_("mã"), max_length=40)
    title = models.CharField(_("nội dung nhiệm vụ"), max_length=500)
    description = LongTextField(_("mô tả"), blank=True)
    area = models.ForeignKey(ReformArea, verbose_name=_("lĩnh vực"), on_delete=models.PROTECT, related_name="tasks")
    lead_unit = models.ForeignKey(
        Unit, verbose_name=_("cơ quan chủ trì"), on_delete=models.PROTECT, related_name="led_tasks"
    )
    coordinating_units = models.ManyToManyField(
        Unit, verbose_name=_("cơ quan phối hợp"), blank=True, related_name="coordinated_tasks"
    )
    responsible = models.ForeignKey(
        Person,
        verbose_name=_("thành viên phụ trách"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="responsible_tasks",
    )
    due_date = models.DateField(_("thời hạn hoàn thành"), null=True, blank=True)
    recurrence = models.CharField(_("chu kỳ"), max_length=10, choices=Recurrence.choices, default=Recurrence.ONCE)
    recurrence_day = models.PositiveSmallIntegerField(
        _("ngày báo cáo trong kỳ"), null=True, blank=True, help_text=_("Ví dụ: 20 nghĩa là trước ngày 20 hằng tháng.")
    )
    expected_output = models.CharField(_("sản phẩm"), max_length=20, choices=Output.choices, default=Output.REPORT)
    expected_output_note = models.CharField(_("mô tả sản phẩm"), max_length=300, blank=True)
    is_focus = models.BooleanField(_("trọng tâm"), default=False)
    source = models.CharField(_("nguồn"), max_length=12, choices=Source.choices, default=Source.PLAN)
    conclusion = models.ForeignKey(
        Conclusion, verbose_name=_("kết luận"), null=True, blank=True, on_delete=models.PROTECT, related_name="tasks"
    )
    # How the plan writes the deadline: a date, a month ("Tháng 6/2023"), a quarter ("Quý III/2023"),
    # a half-year, the year, or ongoing; `due_date` holds the last day of that period (none when ongoing).
    due_kind = models.CharField(_("cách ghi thời hạn"), max_length=10, choices=DueKind.choices, default=DueKind.DATE)
    # The working day the deadline really falls on (tasks/deadlines.py): kept in step by `save`
    # (`KeepsEffectiveDeadline`), moved when the working calendar changes (tasks.tasklist.move_task_deadlines).
    effective_due_date = models.DateField(_("hạn thực tế"), null=True, blank=True, editable=False)
    starts_on = models.DateField(_("bắt đầu từ ngày"), null=True, blank=True)
    # A task given several years: its deadline may fall after its plan's year (tasks/tasklist.py).
    is_multi_year = models.BooleanField(
        _("nhiệm vụ thực hiện nhiều năm"),
        default=False,
        help_text=_("Đánh dấu khi kế hoạch giao nhiệm vụ thực hiện qua nhiều năm: thời hạn được sau năm kế hoạch."),
    )
    # A task made from an unfinished task of the previous year's plan (carried over) or repeated from it.
    origin = models.ForeignKey(
        "self",
        verbose_name=_("chuyển tiếp từ nhiệm vụ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="continuations",
    )
    # Cancelled, never deleted: it leaves the board, the reminders, the totals and the reports.
    cancelled_at = models.DateTimeField(_("hủy lúc"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người hủy"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    cancel_reason = models.CharField(_("lý do hủy"), max_length=500, blank=True)
    cancel_decision = models.ForeignKey(
        Decision, verbose_name=_("văn bản hủy"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    is_demo = models.BooleanField(_("dữ liệu minh họa"), default=False)
    # The status as of `day_status_on`, kept by tasks/day_status.py; NULL day: stale, stamped by the next reader.
    day_status = models.CharField(_("tình trạng trong ngày"), max_length=20, blank=True, editable=False)
    day_status_on = models.DateField(_("tình trạng tính cho ngày"), null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["search_text", "day_status", "day_status_on"])

    class Meta:
        ordering = ["plan", "code"]
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="task_code_unique_in_plan")]
        indexes = [
            models.Index(fields=["plan", "day_status_on"], name="task_plan_day_status"),
            # The plan page's filter lists: does a unit lead, or a person answer for, a task of the plan.
            models.Index(fields=["plan", "lead_unit"], name="task_plan_lead_unit"),
            models.Index(fields=["plan", "responsible"], name="task_plan_responsible"),
        ]

    def __str__(self):
        return f"{self.code}. {self.title}"

    def save(self, *args, **kwargs):
        # What the status is derived from may have changed: stale until the next reader stamps it, in the same
        # statement as the write (tasks/day_status.py).
        self.day_status_on = None
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "day_status_on"}
        super().save(*args, **kwargs)


class TaskChange(models.Model):
    """A change to a task of an approved plan: who, when, what, and under which document."""

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="changes", verbose_name=_("nhiệm vụ"))
    field = models.CharField(_("trường"), max_length=40)
    old_value = models.CharField(_("giá trị cũ"), max_length=500, blank=True)
    new_value = models.CharField(_("giá trị mới"), max_length=500, blank=True)
    decision = models.ForeignKey(Decision, verbose_name=_("căn cứ văn bản"), on_delete=models.PROTECT, related_name="+")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("người thay đổi")
    )
    changed_at = models.DateTimeField(_("lúc"), auto_now_add=True)

    class Meta:
        ordering = ["task", "changed_at"]
        verbose_name = _("điều chỉnh nhiệm vụ")
        verbose_name_plural = _("điều chỉnh nhiệm vụ")

    def __str__(self):
        return f"{self.task_id}: {self.field_label} {self.old_shown} → {self.new_shown}"

    @property
    def field_label(self) -> str:
        return changelog.field_label(self.field)

    @property
    def old_shown(self) -> str:
        return changelog.shown_value(self.field, self.old_value)

    @property
    def new_shown(self) -> str:
        return changelog.shown_value(self.field, self.new_value)


class ProgressReport(VersionedModel):
    """A report on a task for a period (a month): kept forever, with the secretariat's decision."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Chờ xem xét")
        ACCEPTED = "accepted", _("Đã chấp nhận")
        RETURNED = "returned", _("Trả lại")

    task = models.ForeignKey(Task, verbose_name=_("nhiệm vụ"), on_delete=models.PROTECT, related_name="reports")
    period = models.DateField(_("kỳ báo cáo"), help_text=_("Ngày đầu tháng của kỳ báo cáo."))
    percent = models.PositiveSmallIntegerField(_("tỷ lệ hoàn thành (%)"))
    no_change = models.BooleanField(_("không có thay đổi trong kỳ"), default=False)
    done = LongTextField(_("kết quả thực hiện"), blank=True)
    obstacles = LongTextField(_("khó khăn, vướng mắc"), blank=True)
    proposals = LongTextField(_("đề xuất, kiến nghị"), blank=True)
    completed_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("người gửi")
    )
    submitted_at = models.DateTimeField(_("gửi lúc"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người duyệt"),
    )
    reviewed_at = models.DateTimeField(_("xem xét lúc"), null=True, blank=True)
    review_comment = LongTextField(_("ý kiến của Bộ phận Thường trực"), blank=True)
    supersedes = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
        verbose_name=_("thay cho báo cáo"),
    )
    is_demo = models.BooleanField(_("dữ liệu minh họa"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["task", "period", "submitted_at"]
        verbose_name = _("báo cáo tiến độ")
        verbose_name_plural = _("báo cáo tiến độ")
        indexes = [
            models.Index(fields=["task", "period"]),
            models.Index(fields=["period", "status"]),
            models.Index(fields=["status", "submitted_at"], name="report_status_submitted_idx"),
            # "Việc của tôi": a user's returned reports, found task by task (a probe per task, not a scan of all
            # returned reports); the review queue in submission order, ties broken by id, for stable pages.
            models.Index(fields=["task", "period"], condition=Q(status="returned"), name="report_returned_task_idx"),
            models.Index(
                fields=["submitted_at", "id"], condition=Q(status="submitted"), name="report_review_queue_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(percent__gte=0) & Q(percent__lte=100), name="report_percent_0_100"),
        ]

    def __str__(self):
        return f"{self.task.code} — {self.period:%m/%Y}"

    def save(self, *args, **kwargs):
        # Every saved report (submitted, reviewed, edited in the admin, loaded) refreshes its task's
        # summary in the same transaction, so the summary can never disagree with the reports.
        # bulk_create and QuerySet.update bypass this: callers then run `TaskProgress.recompute_all()`.
        with transaction.atomic():
            super().save(*args, **kwargs)
            self._refresh_progress()

    def delete(self, *args, **kwargs):
        with transaction.atomic():
            result = super().delete(*args, **kwargs)
            self._refresh_progress()
            return result

    @classmethod
    def from_db(cls, db, field_names, values):
        report = super().from_db(db, field_names, values)
        report._loaded_task_id = report.__dict__.get("task_id")
        return report

    def _refresh_progress(self) -> None:
        moved_from = getattr(self, "_loaded_task_id", None)
        for task_id in sorted({self.task_id, moved_from} - {None}):
            TaskProgress.refresh(task_id)
        self._loaded_task_id = self.task_id


class ReportAttachment(models.Model):
    report = models.ForeignKey(ProgressReport, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(_("tệp"), upload_to="reports/%Y/%m/")
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("tệp đính kèm báo cáo")
        verbose_name_plural = _("tệp đính kèm báo cáo")

    def __str__(self):
        return self.original_name


class PilotUnit(VersionedModel):
    """Điểm chỉ đạo: a unit given focused direction in a plan year."""

    plan = models.ForeignKey(Plan, verbose_name=_("kế hoạch"), on_delete=models.PROTECT, related_name="pilot_units")
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="pilot_in")
    reason = LongTextField(_("lý do lựa chọn"), blank=True)
    overseers = models.ManyToManyField(
        Person, verbose_name=_("thành viên theo dõi"), blank=True, related_name="overseen_pilots"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "unit__name"]
        verbose_name = _("điểm chỉ đạo")
        verbose_name_plural = _("điểm chỉ đạo")
        constraints = [models.UniqueConstraint(fields=["plan", "unit"], name="pilot_unit_once_per_plan")]

    def __str__(self):
        return str(self.unit)


# A cancellation's reason is typed in a textarea, and the change log keeps old and new values as written
# (core/text.py cleans them on save as multi-line text).
for _model, _name in ((Task, "cancel_reason"), (TaskChange, "old_value"), (TaskChange, "new_value")):
    keeps_lines(_model._meta.get_field(_name))


from .notice_models import ReportNotice  # noqa: E402, F401  notices about reports (own module: size)
from .personal_models import PersonalPlan  # noqa: E402, F401  members' personal plans (own module: size)
from .progress_models import TaskProgress  # noqa: E402, F401  reports' summary per task (own module: size)
from .yearend_models import PlanClosing, TaskAssessment  # noqa: E402, F401  year-end closing (own module: size)
