"""The committee's letterhead (how its documents are headed and signed) and its register of issued
documents (sổ văn bản đi).

Sources (docs/domain.md, "Official documents"): Decree 30/2020/NĐ-CP on clerical work (state layout,
numbering from 01 each 1 January) and Guidance 36-HD/VPTW of the Party Central Office (Party layout).
Rows of the register are never deleted: a number once given is never given again.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import dates, text
from members.models import Committee, Decision


class Letterhead(models.Model):
    """How a committee heads and signs its documents: Party or state layout, the names in full, the
    symbol of its numbers, the place of issue and the usual signer."""

    class Layout(models.TextChoices):
        PARTY = "party", _("Văn bản của Đảng (Hướng dẫn 36-HD/VPTW)")
        STATE = "state", _("Văn bản hành chính (Nghị định 30/2020/NĐ-CP)")

    committee = models.OneToOneField(
        Committee, verbose_name=_("Ban Chỉ đạo"), on_delete=models.PROTECT, related_name="letterhead"
    )
    layout = models.CharField(_("thể thức"), max_length=10, choices=Layout.choices)
    governing_body = models.CharField(
        _("cơ quan chủ quản"),
        max_length=200,
        blank=True,
        help_text=_("Viết hoa, đầy đủ. Ví dụ: TỈNH ỦY NGHỆ AN, UBND TỈNH NGHỆ AN."),
    )
    issuing_body = models.CharField(
        _("cơ quan ban hành"),
        max_length=200,
        help_text=_(
            "Viết hoa, đầy đủ, tối đa 2 dòng (xuống dòng ở chỗ muốn ngắt). "
            "Ví dụ: BAN CHỈ ĐẠO CẢI CÁCH / HÀNH CHÍNH TỈNH."
        ),
    )
    symbol = models.CharField(
        _("chữ viết tắt trong ký hiệu"), max_length=30, help_text=_("Ví dụ: BCĐ (số văn bản 05-BC/BCĐ).")
    )
    letter_unit = models.CharField(
        _("chữ viết tắt đơn vị soạn thảo công văn"),
        max_length=30,
        blank=True,
        help_text=_("Thể thức hành chính: số công văn 05/BCĐ-TCT. Để trống nếu không dùng."),
    )
    place = models.CharField(
        _("địa danh"), max_length=100, help_text=_("Nơi cơ quan đóng trụ sở. Ví dụ: Nghệ An, Vinh.")
    )
    signing_authority = models.CharField(
        _("quyền hạn ký"), max_length=100, blank=True, help_text=_("Ví dụ: TM. BAN CHỈ ĐẠO.")
    )
    signer_position = models.CharField(_("chức vụ người ký"), max_length=100, help_text=_("Ví dụ: TRƯỞNG BAN."))
    signer_name = models.CharField(_("họ và tên người ký"), max_length=150, blank=True)
    filing_code = models.CharField(
        _("chữ viết tắt đơn vị soạn thảo (dòng Lưu)"),
        max_length=30,
        blank=True,
        default="BPTT",
        help_text=_("Dòng cuối Nơi nhận: “Lưu: VT, BPTT.”. Để trống thì chỉ ghi “Lưu: VT.”."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("thể thức văn bản")
        verbose_name_plural = _("thể thức văn bản")

    def __str__(self):
        return f"{self.issuing_body} ({self.get_layout_display()})"

    def issuing_lines(self) -> list[str]:
        """The issuing body's lines as the clerk broke them (at most 2, blank lines dropped):
        "BAN CHỈ ĐẠO\nCẢI CÁCH HÀNH CHÍNH TỈNH" -> ["BAN CHỈ ĐẠO", "CẢI CÁCH HÀNH CHÍNH TỈNH"]."""
        return [" ".join(line.split()) for line in self.issuing_body.splitlines() if line.strip()]

    @property
    def issuing_name(self) -> str:
        """The issuing body on one line ("BAN CHỈ ĐẠO CẢI CÁCH HÀNH CHÍNH TỈNH"), for running text."""
        return " ".join(self.issuing_lines())


class IssuedDocument(models.Model):
    """A row of the register of issued documents: the number taken, the document and its file."""

    class Kind(models.TextChoices):
        REPORT = "BC", _("Báo cáo")
        NOTICE = "TB", _("Thông báo")
        LETTER = "CV", _("Công văn")
        PLAN = "KH", _("Kế hoạch")
        DECISION = "QĐ", _("Quyết định")
        PROGRAM = "CTr", _("Chương trình")
        OTHER = "VB", _("Văn bản khác")

    committee = models.ForeignKey(
        Committee, verbose_name=_("Ban Chỉ đạo"), on_delete=models.PROTECT, related_name="issued_documents"
    )
    kind = models.CharField(_("loại văn bản"), max_length=5, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("năm"))
    sequence = models.PositiveIntegerField(_("số thứ tự"))
    number = models.CharField(_("số, ký hiệu"), max_length=60)
    issued_on = models.DateField(_("ngày ban hành"))
    title = models.CharField(_("trích yếu"), max_length=500)
    signer_name = models.CharField(_("người ký"), max_length=150)
    signer_position = models.CharField(_("chức vụ người ký"), max_length=100, blank=True)
    file = models.FileField(_("tệp"), upload_to="documents/%Y/", blank=True)
    file_name = models.CharField(_("tên tệp"), max_length=150, blank=True)
    decision = models.OneToOneField(
        Decision, verbose_name=_("văn bản"), on_delete=models.PROTECT, related_name="issued_document"
    )
    # Issued through the app (numbered there) or registered after being issued outside it.
    typed = models.BooleanField(_("ghi từ văn bản ban hành ngoài phần mềm"), default=False)
    is_demo = models.BooleanField(_("dữ liệu minh họa"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người vào sổ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("vào sổ lúc"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["committee", "-year", "-sequence"]
        verbose_name = _("văn bản đi")
        verbose_name_plural = _("sổ văn bản đi")
        constraints = [
            models.UniqueConstraint(fields=["committee", "year", "sequence"], name="issued_sequence_unique_per_year"),
            # Numbers restart each year: "01-BC/BCĐ" of 2023 and of 2024 are two documents.
            models.UniqueConstraint(fields=["committee", "year", "number"], name="issued_number_unique_per_year"),
            models.CheckConstraint(condition=models.Q(sequence__gte=1), name="issued_sequence_positive"),
        ]
        indexes = [models.Index(fields=["committee", "year", "kind"], name="issued_committee_year_kind")]

    def __str__(self):
        return f"{self.number} ({self.issued_on:%d/%m/%Y})"


# The issuing body is written on two or three lines (core/text.py keeps them on save).
text.keeps_lines(Letterhead._meta.get_field("issuing_body"))
# A register row is dated on or before the day it is entered (core/dates.py), in every form of it.
dates.mark(IssuedDocument._meta.get_field("issued_on"), dates.ISSUED)
