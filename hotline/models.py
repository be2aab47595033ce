"""The public hotline: reports from citizens and businesses, their timeline, answers and escalations.

Contact details (name, phone, e-mail, address) are personal data under Decree 13/2023: they are
shown only to operators and leadership (each view is logged in ContactAccessLog) and blanked after
the retention period; the report and its statistics stay.
"""

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import Delivery, channel_note
from core.search import SearchTextModel
from core.text import LongTextField, search_text
from core.uploads import extension_of
from core.versions import VersionedModel
from members.models import Unit
from tasks.models import Task


class Category(models.Model):
    """A field a report is about (lĩnh vực phản ánh): reference data."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên lĩnh vực"), max_length=200)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("lĩnh vực phản ánh")
        verbose_name_plural = _("lĩnh vực phản ánh")

    def __str__(self):
        return self.name


PERSONAL_FIELDS = ["contact_name", "contact_phone", "contact_email", "contact_address"]


class Report(VersionedModel, SearchTextModel):
    """A complaint or proposal (phản ánh, kiến nghị) from the public, followed by its tracking code.

    Staff search (`search_text`, see core/search.py) reads the title as the citizen wrote it, the public
    title and summary and the answer; the public pages search `public_search_text`, made of what they
    show only: the public title, the public summary and the answer. Neither holds the content or the
    contact details.

    Publication is a moderation step (workflow.review_answer): the operator writes `public_title` and
    `public_summary` (prefilled with personal data masked, hotline/personal.py), previews the public
    page, then approves. `title` and `content` stay as the citizen wrote them, for staff only.
    """

    SEARCH_FIELDS = ("title", "public_title", "public_summary", "answer")
    PUBLIC_SEARCH_FIELDS = ("public_title", "public_summary", "answer")

    class Channel(models.TextChoices):
        WEB = "web", _("Trang thông tin điện tử")
        PHONE = "phone", _("Điện thoại")
        EMAIL = "email", _("Thư điện tử")
        IN_PERSON = "in_person", _("Trực tiếp")
        POST = "post", _("Bưu chính")

    class SubmitterType(models.TextChoices):
        INDIVIDUAL = "individual", _("Cá nhân")
        BUSINESS = "business", _("Doanh nghiệp, tổ chức")
        ANONYMOUS = "anonymous", _("Ẩn danh")

    class Status(models.TextChoices):
        NEW = "new", _("Mới tiếp nhận")
        ACCEPTED = "accepted", _("Đã tiếp nhận, chờ chuyển xử lý")
        PROCESSING = "processing", _("Đang xử lý")
        ANSWER_SUBMITTED = "answer_submitted", _("Đơn vị đã trả lời, chờ duyệt")
        ANSWERED = "answered", _("Đã trả lời")
        NOT_ACCEPTED = "not_accepted", _("Không tiếp nhận")
        DUPLICATE = "duplicate", _("Trùng với phản ánh khác")
        FORWARDED = "forwarded", _("Đã chuyển cơ quan có thẩm quyền")

    OPEN_STATUSES = (Status.NEW, Status.ACCEPTED, Status.PROCESSING, Status.ANSWER_SUBMITTED)
    CLOSED_STATUSES = (Status.ANSWERED, Status.NOT_ACCEPTED, Status.DUPLICATE, Status.FORWARDED)

    code = models.CharField(_("mã tra cứu"), max_length=8, unique=True)
    pin_hash = models.CharField(max_length=128)
    channel = models.CharField(_("kênh tiếp nhận"), max_length=10, choices=Channel.choices, default=Channel.WEB)
    submitter_type = models.CharField(_("người gửi"), max_length=12, choices=SubmitterType.choices)
    # Personal data: blanked by privacy.anonymise_expired after HOTLINE_RETENTION_DAYS.
    contact_name = models.CharField(_("họ và tên / tên tổ chức"), max_length=150, blank=True)
    # One canonical form: "0" + the national number, digits only (hotline/personal.canonical_phone).
    contact_phone = models.CharField(
        _("số điện thoại"), max_length=15, blank=True, help_text=_("Số điện thoại Việt Nam, dạng 0912345678.")
    )
    contact_email = models.EmailField(_("thư điện tử"), max_length=254, blank=True)
    contact_address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    consent_at = models.DateTimeField(_("đồng ý xử lý dữ liệu cá nhân lúc"), null=True, blank=True)
    contact_shared = models.BooleanField(_("đã chia sẻ thông tin liên hệ cho đơn vị"), default=False)
    anonymised_at = models.DateTimeField(_("đã xóa thông tin cá nhân lúc"), null=True, blank=True)

    unit_concerned = models.ForeignKey(
        Unit, verbose_name=_("đơn vị bị phản ánh"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    category = models.ForeignKey(Category, verbose_name=_("lĩnh vực"), on_delete=models.PROTECT, related_name="reports")
    title = models.CharField(_("tiêu đề"), max_length=200)
    content = LongTextField(_("nội dung"), max_length=5000)

    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.NEW)
    received_on = models.DateField(_("ngày tiếp nhận"))
    classify_due = models.DateField(_("hạn phân loại"))
    routed_unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị xử lý"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answer_due = models.DateField(_("hạn trả lời"), null=True, blank=True)
    classification_reason = LongTextField(_("lý do"), max_length=2000, blank=True)
    duplicate_of = models.ForeignKey(
        "self", verbose_name=_("trùng với"), null=True, blank=True, on_delete=models.PROTECT, related_name="duplicates"
    )
    forwarded_to = models.CharField(_("chuyển đến cơ quan"), max_length=255, blank=True)

    answer = LongTextField(_("nội dung trả lời"), max_length=10000, blank=True)
    answer_submitted_at = models.DateTimeField(_("đơn vị gửi trả lời lúc"), null=True, blank=True)
    answered_at = models.DateTimeField(_("đã trả lời lúc"), null=True, blank=True)
    answered_on_time = models.BooleanField(_("trả lời đúng hạn"), null=True, blank=True)
    is_published = models.BooleanField(_("công khai"), default=False)
    published_at = models.DateTimeField(_("công khai lúc"), null=True, blank=True)
    public_title = models.CharField(
        _("tiêu đề công khai"),
        max_length=200,
        blank=True,
        help_text=_("Công khai trên trang thông tin: đã lược bỏ thông tin cá nhân."),
    )
    public_summary = LongTextField(
        _("tóm tắt công khai"),
        max_length=5000,
        blank=True,
        help_text=_("Công khai trên trang thông tin: nội dung phản ánh đã lược bỏ thông tin cá nhân."),
    )
    # The folded public title, public summary and answer: what the public pages search (core/search.py).
    public_search_text = models.TextField(editable=False, blank=True, default="")

    satisfied = models.BooleanField(_("hài lòng"), null=True, blank=True)
    rating_comment = LongTextField(_("ý kiến đánh giá"), max_length=2000, blank=True)
    rated_at = models.DateTimeField(_("đánh giá lúc"), null=True, blank=True)
    reopen_count = models.PositiveSmallIntegerField(_("số lần mở lại"), default=0)

    task = models.ForeignKey(
        Task,
        verbose_name=_("nhiệm vụ theo dõi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hotline_reports",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi nhận"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("gửi lúc"))
    # The one-time token of the form that sent it (hotline/intake.py): the same form sent again finds this
    # report instead of filing a second one. Empty for reports not sent through a form with a token.
    form_token = models.CharField(_("mã biểu mẫu"), max_length=64, null=True, blank=True, unique=True, editable=False)
    is_demo = models.BooleanField(_("dữ liệu minh họa"), default=False)
    # The audit trail keeps who changed what and when, but never the personal data or the PIN:
    # those would otherwise outlive the anonymisation of the report itself.
    history = HistoricalRecords(
        excluded_fields=["pin_hash", "search_text", "public_search_text", "form_token", *PERSONAL_FIELDS]
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("phản ánh, kiến nghị")
        verbose_name_plural = _("phản ánh, kiến nghị")
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["routed_unit", "status"]),
            models.Index(fields=["created_at"]),
            models.Index(fields=["is_published", "published_at"]),
            models.Index(fields=["received_on"]),
            # The inbox and the home panel count open reports by deadline: keep that index small.
            models.Index(
                fields=["status", "classify_due", "answer_due"],
                condition=Q(status__in=["new", "accepted", "processing", "answer_submitted"]),
                name="hotline_report_open_due",
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(reopen_count__lte=1), name="hotline_report_reopened_at_most_once"),
        ]

    def __str__(self):
        return f"{self.code} — {self.title[:60]}"

    def refresh_search_text(self) -> None:
        super().refresh_search_text()
        self.public_search_text = search_text(*(getattr(self, name) for name in self.PUBLIC_SEARCH_FIELDS))

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(self.SEARCH_FIELDS) & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "public_search_text"}
        # The tallies move with the report, in the same transaction (hotline/tally_models.py); the report's row as
        # stored, read under lock, is where it counted until now. No savepoint of its own: a failure fails the
        # caller's transaction (or savepoint) as a plain save would.
        with transaction.atomic(savepoint=False):
            old = None if self._state.adding else self._tally_row(lock=True)
            super().save(*args, **kwargs)
            saved = kwargs.get("update_fields")
            if old is not None and saved is not None:  # only these were written: the rest stays as stored
                saved = set(saved)
                new = {
                    name: getattr(self, name) if {name, name.removesuffix("_id")} & saved else old[name]
                    for name in TALLIED
                }
            elif any(name not in self.__dict__ for name in TALLIED):
                new = self._tally_row(lock=False)  # loaded with .only()/.defer(): read what was saved
            else:
                new = {name: getattr(self, name) for name in TALLIED}
            move(old, new)

    def _tally_row(self, *, lock: bool) -> dict | None:
        rows = Report.objects.filter(pk=self.pk)
        if lock:
            rows = rows.select_for_update()
        return rows.values(*TALLIED).first()

    def delete(self, *args, **kwargs):
        with transaction.atomic():
            row = self._tally_row(lock=True)
            result = super().delete(*args, **kwargs)
            move(row, None)
            return result

    @property
    def display_code(self) -> str:
        return f"{self.code[:4]}-{self.code[4:]}"

    @property
    def has_contact(self) -> bool:
        return bool(self.contact_name or self.contact_phone or self.contact_email or self.contact_address)

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    def current_due(self):
        """The deadline that is running now: classification before routing, then the answer."""
        if self.status in (self.Status.NEW, self.Status.ACCEPTED):
            return self.classify_due
        if self.status in (self.Status.PROCESSING, self.Status.ANSWER_SUBMITTED):
            return self.answer_due
        return None


class Event(models.Model):
    """One entry of a report's timeline. Public entries are shown to the citizen at look-up."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Tiếp nhận phản ánh")
        ACCEPTED = "accepted", _("Phân loại: tiếp nhận xử lý")
        NOT_ACCEPTED = "not_accepted", _("Phân loại: không tiếp nhận")
        DUPLICATE = "duplicate", _("Phân loại: trùng phản ánh khác")
        FORWARDED = "forwarded", _("Chuyển cơ quan có thẩm quyền")
        ROUTED = "routed", _("Chuyển đơn vị xử lý")
        TRANSFERRED = "transferred", _("Chuyển sang đơn vị khác")
        ANSWER_SUBMITTED = "answer_submitted", _("Đơn vị gửi dự thảo trả lời")
        ANSWER_RETURNED = "answer_returned", _("Trả lại dự thảo trả lời")
        ANSWERED = "answered", _("Trả lời phản ánh")
        PUBLISHED = "published", _("Công khai trả lời")
        RATED = "rated", _("Người gửi đánh giá trả lời")
        REOPENED = "reopened", _("Mở lại theo đề nghị của người gửi")
        EXTENSION_REQUESTED = "extension_requested", _("Đơn vị đề nghị gia hạn")
        EXTENSION_GRANTED = "extension_granted", _("Đồng ý gia hạn")
        EXTENSION_REFUSED = "extension_refused", _("Không đồng ý gia hạn")
        ESCALATED = "escalated", _("Cảnh báo quá hạn")
        CONTACT_SHARED = "contact_shared", _("Chia sẻ thông tin liên hệ cho đơn vị")
        TASK_CREATED = "task_created", _("Chuyển thành nhiệm vụ theo dõi")
        ANSWER_FILES = "answer_files", _("Đính kèm văn bản trả lời")
        ANONYMISED = "anonymised", _("Xóa thông tin cá nhân hết thời hạn lưu trữ")
        DEADLINE_MOVED = "deadline_moved", _("Tính lại hạn theo lịch làm việc")

    PUBLIC_KINDS = (
        Kind.SUBMITTED,
        Kind.ACCEPTED,
        Kind.NOT_ACCEPTED,
        Kind.DUPLICATE,
        Kind.FORWARDED,
        Kind.ROUTED,
        Kind.TRANSFERRED,
        Kind.ANSWERED,
        Kind.PUBLISHED,
        Kind.RATED,
        Kind.REOPENED,
        Kind.EXTENSION_GRANTED,
    )

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("sự kiện"), max_length=24, choices=Kind.choices)
    at = models.DateTimeField(_("lúc"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status_from = models.CharField(max_length=20, blank=True)
    status_to = models.CharField(max_length=20, blank=True)
    # `note` is shown to the citizen at look-up when the entry is public; `internal_note` never is (staff only).
    note = LongTextField(_("ghi chú"), max_length=2000, blank=True)
    internal_note = LongTextField(
        _("ghi chú nội bộ"), max_length=2000, blank=True, help_text=_("Chỉ cán bộ xem; người phản ánh không thấy.")
    )
    is_public = models.BooleanField(_("hiển thị cho người gửi"), default=False)

    class Meta:
        ordering = ["report", "at", "pk"]
        verbose_name = _("diễn biến xử lý")
        verbose_name_plural = _("diễn biến xử lý")

    def __str__(self):
        return f"{self.get_kind_display()} ({self.at:%d/%m/%Y %H:%M})"


class Attachment(models.Model):
    """A file of a report: checked by content, stored under a random name. Either sent with the report (by
    the citizen, or with a call written down; staff only), or a file of the answer (`is_answer`: the official
    reply letter an operator attaches, hotline/answer_files.py), which the citizen also downloads at look-up
    once the report is answered, under a name made of the tracking code (never the file's own name). Both
    are deleted at the end of the retention period (privacy.anonymise_expired)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("tệp"), upload_to="hotline/%Y/%m/")
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    is_answer = models.BooleanField(_("tệp kèm trả lời"), default=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đính kèm"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    added_at = models.DateTimeField(_("đính kèm lúc"), null=True, blank=True)

    class Meta:
        ordering = ["report", "pk"]
        verbose_name = _("tệp đính kèm phản ánh")
        verbose_name_plural = _("tệp đính kèm phản ánh")

    def __str__(self):
        return self.original_name

    @property
    def extension(self) -> str:
        """The stored file's extension ("pdf"), checked at upload; never its own name."""
        return extension_of(self.file.name or "")


class ExtensionRequest(models.Model):
    """A unit asks for more working days to answer; an operator grants or refuses."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ quyết định")
        GRANTED = "granted", _("Đồng ý")
        REFUSED = "refused", _("Không đồng ý")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="extensions")
    days = models.PositiveSmallIntegerField(_("số ngày làm việc xin gia hạn"))
    reason = LongTextField(_("lý do"), max_length=2000)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("đề nghị lúc"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("quyết định lúc"), null=True, blank=True)
    decision_note = LongTextField(_("ý kiến"), max_length=2000, blank=True)

    class Meta:
        ordering = ["report", "requested_at"]
        verbose_name = _("đề nghị gia hạn")
        verbose_name_plural = _("đề nghị gia hạn")
        constraints = [
            models.UniqueConstraint(
                fields=["report"], condition=Q(status="pending"), name="hotline_one_pending_extension_per_report"
            ),
        ]

    def __str__(self):
        return f"{self.days} — {self.get_status_display()}"


class Escalation(Delivery):
    """A warning that a report is past its deadline: one row per report, level and deadline, claimed
    and sent once (core/delivery.py), so a daily job run twice warns once. Sending it writes the
    timeline entry and one outbox notice per recipient; whoever had no channel is kept in `unreachable`."""

    class Level(models.IntegerChoices):
        UNIT = 1, _("Cảnh báo đầu mối và thủ trưởng đơn vị")
        LEADERSHIP = 2, _("Báo cáo Chủ tịch UBND tỉnh")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="escalations")
    level = models.PositiveSmallIntegerField(_("cấp"), choices=Level.choices)
    due_date = models.DateField(_("hạn đã quá"))
    created_at = models.DateTimeField(_("lúc"))
    recipients = models.PositiveSmallIntegerField(_("số người nhận"), default=0)
    # [{"name": ..., "no_email": bool, "no_account": bool}] for each recipient missing a channel.
    unreachable = models.JSONField(_("người nhận thiếu kênh"), default=list, blank=True)

    class Meta:
        ordering = ["report", "created_at"]
        verbose_name = _("cảnh báo quá hạn")
        verbose_name_plural = _("cảnh báo quá hạn")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "level", "due_date"], name="hotline_one_escalation_per_level_deadline"
            )
        ]

    def __str__(self):
        return f"{self.get_level_display()} ({self.due_date:%d/%m/%Y})"

    def unreachable_notes(self) -> list[tuple[str, str]]:
        """(name, what could not be used) for each recipient who lacked a channel."""
        return [
            (entry.get("name", ""), channel_note(no_email=entry.get("no_email"), no_account=entry.get("no_account")))
            for entry in self.unreachable
        ]


class ContactAccessLog(models.Model):
    """Who saw a submitter's contact details, when, for which report and on which page."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người xem"), on_delete=models.PROTECT, related_name="+"
    )
    report = models.ForeignKey(
        Report, verbose_name=_("phản ánh"), on_delete=models.CASCADE, related_name="contact_views"
    )
    at = models.DateTimeField(_("lúc"))
    purpose = models.CharField(_("mục đích / trang"), max_length=100)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("nhật ký xem thông tin cá nhân")
        verbose_name_plural = _("nhật ký xem thông tin cá nhân")
        indexes = [models.Index(fields=["at"])]

    def __str__(self):
        return f"{self.user_id} @ {self.at:%d/%m/%Y %H:%M}"


class Outbox(Delivery):
    """A notification waiting to be sent, written in the same transaction as the change it reports.

    Drained after commit and by a periodic job; a row is claimed before it is sent, so it is sent
    once (core/delivery.py; the claim, lease, backoff and channel fields come from `Delivery`).
    """

    class Kind(models.TextChoices):
        CITIZEN_RECEIPT = "citizen_receipt", _("Gửi mã tra cứu cho người phản ánh")
        CITIZEN_ANSWER = "citizen_answer", _("Báo người phản ánh đã có trả lời")
        STAFF_NOTICE = "staff_notice", _("Thông báo cho cán bộ")

    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    payload = models.JSONField(_("dữ liệu"), default=dict)
    created_at = models.DateTimeField(_("tạo lúc"))

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("thông báo chờ gửi")
        verbose_name_plural = _("thông báo chờ gửi")
        indexes = [models.Index(fields=["sent_at", "created_at"])]

    def __str__(self):
        return f"{self.kind} #{self.pk}"


from .tally_models import FIELDS as TALLIED  # noqa: E402  the tallies kept with the writes (own module: size)
from .tally_models import HotspotCell, HotspotUnit, OpenCount, move  # noqa: E402, F401
