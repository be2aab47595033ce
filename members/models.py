"""Who: units, sectors, reform areas, committees, people, decisions, memberships, assignments.

Nothing here is deleted: memberships and units end on a date, and every change is kept in
django-simple-history tables. Rules that change several rows at once live in members/changes.py.
"""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from core import dates
from core.versions import VersionedModel

from .validators import validate_decision_number


class ReformArea(models.Model):
    """A field of administrative reform (PAR index areas, plus direction and communication)."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên lĩnh vực"), max_length=200)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("lĩnh vực cải cách")
        verbose_name_plural = _("lĩnh vực cải cách")

    def __str__(self):
        return self.name


class Sector(models.Model):
    """A vertical sector (ngành dọc), followed from the province down to the grassroots."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên ngành"), max_length=200)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("ngành")
        verbose_name_plural = _("ngành")

    def __str__(self):
        return self.name


def _valid_on(day: date) -> Q:
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=day)) & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))


class UnitQuerySet(models.QuerySet):
    def valid_on(self, day: date):
        return self.filter(_valid_on(day))

    def for_new_work(self, day: date, keep=()):
        """Units that may be given new work on `day` (valid that day), plus `keep` (ids, or a subquery of
        ids: the units a record already names, kept when it is edited)."""
        return self.filter(_valid_on(day) | Q(pk__in=keep))


class Unit(VersionedModel):
    """A department, district-level locality, commune, Party or Front body, or partner (edited by the
    secretariat: versioned, core/versions.py)."""

    class Kind(models.TextChoices):
        PROVINCE = "province", _("Tỉnh")
        DEPARTMENT = "department", _("Sở, ban, ngành tỉnh")
        CENTRAL_BRANCH = "central_branch", _("Cơ quan Trung ương đóng trên địa bàn")
        DISTRICT = "district", _("Huyện, thị xã, thành phố")
        COMMUNE = "commune", _("Xã, phường, thị trấn")
        PARTY_BODY = "party_body", _("Cơ quan Đảng")
        FRONT = "front", _("Mặt trận, đoàn thể")
        PARTNER = "partner", _("Đối tác")
        OTHER = "other", _("Khác")

    code = models.CharField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=255)
    short_name = models.CharField(_("tên ngắn"), max_length=120, blank=True)
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("trực thuộc"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    sector = models.ForeignKey(
        Sector, verbose_name=_("ngành"), null=True, blank=True, on_delete=models.PROTECT, related_name="units"
    )
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    # Who took over when the unit ended (one or several: a department merged into another, a district
    # whose area passed to communes); each ending is recorded with its document in `UnitChange`.
    successors = models.ManyToManyField(
        "self", verbose_name=_("đơn vị kế thừa"), symmetrical=False, blank=True, related_name="predecessors"
    )
    is_demo = models.BooleanField(_("dữ liệu minh họa"), default=False)
    history = HistoricalRecords()

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("cơ quan, đơn vị")
        verbose_name_plural = _("cơ quan, đơn vị")

    def __str__(self):
        return self.name

    def is_valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or self.valid_to >= day)

    @property
    def ended_on(self) -> date | None:
        """The first day without the unit (the day after `valid_to`), None while it has no end."""
        return dates.day_after(self.valid_to) if self.valid_to else None

    def clean(self):
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực.")})
        if self.parent_id and self.pk and self.parent_id == self.pk:
            raise ValidationError({"parent": _("Một đơn vị không thể trực thuộc chính nó.")})


class Decision(models.Model):
    """An official document with a number and a date, cited by every change it authorises."""

    class Kind(models.TextChoices):
        DECISION = "decision", _("Quyết định")
        PLAN = "plan", _("Kế hoạch")
        NOTICE = "notice", pgettext_lazy("loại văn bản", "Thông báo")
        OFFICIAL_LETTER = "letter", _("Công văn")
        REPORT = "report", _("Báo cáo")
        OTHER = "other", _("Văn bản khác")

    number = models.CharField(
        _("số, ký hiệu"), max_length=60, validators=[validate_decision_number], help_text=_("Ví dụ: 1830-QĐ/TU")
    )
    date = models.DateField(_("ngày ban hành"))
    issuer = models.CharField(_("cơ quan ban hành"), max_length=200)
    kind = models.CharField(_("loại văn bản"), max_length=20, choices=Kind.choices, default=Kind.DECISION)
    subject = models.CharField(_("trích yếu"), max_length=500, blank=True)
    is_demo = models.BooleanField(_("dữ liệu minh họa"), default=False)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("thời điểm tạo"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "number"]
        verbose_name = _("văn bản, quyết định")
        verbose_name_plural = _("văn bản, quyết định")
        constraints = [
            # Numbers restart at 01 each 1 January (Decree 30/2020/NĐ-CP, appendix III): one number per
            # issuer and year.
            models.UniqueConstraint(
                "number", "issuer", ExtractYear("date"), name="decision_number_unique_per_issuer_year"
            ),
        ]

    def __str__(self):
        return f"{self.number} ({self.date:%d/%m/%Y})"


# A decision is dated on or before the day it is recorded (core/dates.py): every form of it, the admin's too.
dates.mark(Decision._meta.get_field("date"), dates.ISSUED)


class Committee(VersionedModel):
    """The provincial committee, a district committee or a department working group (Tổ công tác); edited by
    the secretariat (versioned, core/versions.py)."""

    class Kind(models.TextChoices):
        PROVINCIAL = "provincial", _("Ban Chỉ đạo cấp tỉnh")
        DISTRICT = "district", _("Ban Chỉ đạo cấp huyện")
        WORKING_GROUP = "working_group", _("Tổ công tác sở, ngành")

    name = models.CharField(_("tên"), max_length=255)
    short_name = models.CharField(_("tên ngắn"), max_length=60, blank=True)
    kind = models.CharField(_("cấp"), max_length=20, choices=Kind.choices)
    unit = models.ForeignKey(
        Unit, verbose_name=_("địa phương, đơn vị"), on_delete=models.PROTECT, related_name="committees"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("Ban Chỉ đạo cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    established_by = models.ForeignKey(
        Decision,
        verbose_name=_("quyết định thành lập"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    declared_size = models.PositiveSmallIntegerField(_("số thành viên theo quyết định"), null=True, blank=True)
    is_demo = models.BooleanField(_("dữ liệu minh họa"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("Ban Chỉ đạo, Tổ công tác")
        verbose_name_plural = _("Ban Chỉ đạo, Tổ công tác")

    def __str__(self):
        return self.name

    def clean(self):
        if self.parent_id and self.pk and self.parent_id == self.pk:
            raise ValidationError({"parent": _("Ban Chỉ đạo không thể trực thuộc chính nó.")})
        if self.kind != self.Kind.PROVINCIAL and not self.parent_id:
            raise ValidationError({"parent": _("Ban Chỉ đạo cấp huyện và Tổ công tác phải có Ban Chỉ đạo cấp trên.")})


class Person(models.Model):
    """Someone who can hold a seat, be a unit's focal point, or log in."""

    full_name = models.CharField(_("họ và tên"), max_length=150)
    title = models.CharField(_("chức vụ"), max_length=255, blank=True)
    unit = models.ForeignKey(
        Unit, verbose_name=_("cơ quan, đơn vị"), null=True, blank=True, on_delete=models.PROTECT, related_name="people"
    )
    is_unit_head = models.BooleanField(_("là người đứng đầu đơn vị"), default=False)
    email = models.EmailField(_("thư điện tử"), blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    zalo = models.CharField(_("số Zalo"), max_length=20, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    is_demo = models.BooleanField(_("dữ liệu minh họa"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("cá nhân")
        verbose_name_plural = _("cá nhân")

    def __str__(self):
        return self.full_name


class MembershipQuerySet(models.QuerySet):
    def on(self, day: date):
        """Memberships in force on a day (start inclusive, end inclusive)."""
        return self.filter(start__lte=day).filter(Q(end__isnull=True) | Q(end__gte=day))

    def seats(self):
        """Seats counted against the committee's declared size (the support group is not counted)."""
        return self.exclude(role__in=Membership.SUPPORT_ROLES)


class Membership(VersionedModel):
    """A person holding a role on a committee from a date to a date, by a Decision."""

    class Role(models.TextChoices):
        HEAD = "head", _("Trưởng Ban")
        STANDING_DEPUTY = "standing_deputy", _("Phó Trưởng Ban Thường trực")
        DEPUTY = "deputy", _("Phó Trưởng Ban")
        MEMBER = "member", _("Ủy viên")
        SUPPORT_LEADER = "support_leader", _("Tổ trưởng Tổ giúp việc")
        SUPPORT_DEPUTY = "support_deputy", _("Tổ phó Tổ giúp việc")
        SUPPORT_MEMBER = "support_member", _("Thành viên Tổ giúp việc")

    SUPPORT_ROLES = (Role.SUPPORT_LEADER, Role.SUPPORT_DEPUTY, Role.SUPPORT_MEMBER)
    SINGLE_SEAT_ROLES = (Role.HEAD, Role.STANDING_DEPUTY, Role.SUPPORT_LEADER)
    ROLE_ORDER = [r.value for r in Role]

    committee = models.ForeignKey(
        Committee, verbose_name=_("Ban Chỉ đạo"), on_delete=models.PROTECT, related_name="memberships"
    )
    person = models.ForeignKey(Person, verbose_name=_("cá nhân"), on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)
    position = models.CharField(
        _("chức vụ khi tham gia"),
        max_length=255,
        blank=True,
        help_text=_("Chức vụ mà người này giữ khi được cử vào Ban."),
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("cơ quan công tác"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"), null=True, blank=True)
    appointed_by = models.ForeignKey(
        Decision, verbose_name=_("quyết định bổ nhiệm"), on_delete=models.PROTECT, related_name="appointments"
    )
    ended_by = models.ForeignKey(
        Decision,
        verbose_name=_("quyết định thôi làm thành viên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="endings",
    )
    predecessor = models.OneToOneField(
        "self",
        verbose_name=_("thay thế cho"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="successor",
    )
    is_demo = models.BooleanField(_("dữ liệu minh họa"), default=False)
    history = HistoricalRecords()

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["committee", "start"]
        verbose_name = _("thành viên")
        verbose_name_plural = _("thành viên")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")), name="membership_end_after_start"
            ),
        ]

    def __str__(self):
        return f"{self.person} — {self.get_role_display()}"

    def is_active_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or self.end >= day)

    def role_label(self) -> str:
        """The role as the committee calls it: a working group has a Tổ trưởng, not a Trưởng Ban."""
        if self.committee.kind == Committee.Kind.WORKING_GROUP and self.role in WORKING_GROUP_ROLE_LABELS:
            return str(WORKING_GROUP_ROLE_LABELS[self.role])
        return self.get_role_display()

    def clean(self):
        errors = {}
        if self.end and self.start and self.end < self.start:
            errors["end"] = _("Ngày kết thúc không được trước ngày bắt đầu.")
        if self.end and not self.ended_by_id:
            errors["ended_by"] = _("Kết thúc tư cách thành viên phải có quyết định.")
        if self.ended_by_id and not self.end:
            errors["end"] = _("Có quyết định thôi làm thành viên thì phải có ngày kết thúc.")
        if not self.appointed_by_id:
            errors["appointed_by"] = _("Mỗi thay đổi thành viên phải căn cứ một quyết định.")
        # A decision takes effect on the day it is issued at the earliest, never before.
        if self.appointed_by_id and self.start and self.start < self.appointed_by.date:
            errors["start"] = _(
                "Ngày bắt đầu (%(start)s) không được trước ngày ban hành quyết định (%(decision)s)."
            ) % {"start": f"{self.start:%d/%m/%Y}", "decision": f"{self.appointed_by.date:%d/%m/%Y}"}
        if self.ended_by_id and self.end and self.end < dates.day_before(self.ended_by.date):
            errors["end"] = _(
                "Quyết định ban hành ngày %(decision)s không thể cho thôi làm thành viên từ trước ngày đó "
                "(ngày cuối cùng sớm nhất là %(earliest)s)."
            ) % {
                "decision": f"{self.ended_by.date:%d/%m/%Y}",
                "earliest": f"{dates.day_before(self.ended_by.date):%d/%m/%Y}",
            }
        if self.predecessor_id and self.committee_id and self.predecessor.committee_id != self.committee_id:
            errors["predecessor"] = _("Người được thay thế phải là thành viên của cùng Ban.")
        if errors:
            raise ValidationError(errors)
        if not (self.committee_id and self.person_id and self.start):
            return
        far = date.max
        overlapping = Membership.objects.filter(committee_id=self.committee_id).exclude(pk=self.pk)
        overlapping = overlapping.filter(start__lte=self.end or far).filter(
            Q(end__isnull=True) | Q(end__gte=self.start)
        )
        if overlapping.filter(person_id=self.person_id).exists():
            raise ValidationError(_("Người này đã là thành viên của Ban trong khoảng thời gian này."))
        if self.role in self.SINGLE_SEAT_ROLES and overlapping.filter(role=self.role).exists():
            raise ValidationError(
                {
                    "role": _("Đã có người giữ vai trò %(role)s trong khoảng thời gian này.")
                    % {"role": self.get_role_display()}
                }
            )


WORKING_GROUP_ROLE_LABELS = {
    Membership.Role.HEAD: _("Tổ trưởng"),
    Membership.Role.STANDING_DEPUTY: _("Tổ phó thường trực"),
    Membership.Role.DEPUTY: _("Tổ phó"),
    Membership.Role.MEMBER: _("Thành viên"),
}


class AssignmentQuerySet(models.QuerySet):
    def on(self, day: date):
        return self.filter(start__lte=day).filter(Q(end__isnull=True) | Q(end__gte=day))


class Assignment(VersionedModel):
    """Phân công nhiệm vụ: a member made responsible for reform areas, units/localities and sectors."""

    membership = models.ForeignKey(
        Membership, verbose_name=_("thành viên"), on_delete=models.PROTECT, related_name="assignments"
    )
    areas = models.ManyToManyField(
        ReformArea, verbose_name=_("lĩnh vực phụ trách"), blank=True, related_name="assignments"
    )
    units = models.ManyToManyField(
        Unit, verbose_name=_("đơn vị, địa bàn theo dõi"), blank=True, related_name="assignments"
    )
    sectors = models.ManyToManyField(
        Sector,
        verbose_name=_("ngành dọc theo dõi"),
        blank=True,
        related_name="assignments",
        help_text=_("Theo dõi cả ngành từ tỉnh xuống cơ sở."),
    )
    note = models.TextField(_("ghi chú"), blank=True)
    decision = models.ForeignKey(
        Decision, verbose_name=_("văn bản phân công"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"), null=True, blank=True)
    transferred_from = models.ForeignKey(
        "self",
        verbose_name=_("tiếp nhận từ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="transfers",
    )
    is_demo = models.BooleanField(_("dữ liệu minh họa"), default=False)
    history = HistoricalRecords(m2m_fields=[areas, units, sectors])

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["membership", "start"]
        verbose_name = _("phân công nhiệm vụ")
        verbose_name_plural = _("phân công nhiệm vụ")

    def __str__(self):
        return _("Phân công của %(person)s") % {"person": self.membership.person}

    def is_active_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or self.end >= day)

    def clean(self):
        errors = {}
        if self.end and self.start and self.end < self.start:
            errors["end"] = _("Ngày kết thúc phân công không được trước ngày bắt đầu.")
        if self.membership_id and self.start:
            m = self.membership
            if self.start < m.start:
                errors["start"] = _("Phân công không thể bắt đầu trước ngày người này làm thành viên (%(day)s).") % {
                    "day": f"{m.start:%d/%m/%Y}"
                }
            if m.end and self.start > m.end:
                errors["start"] = _("Phân công không thể bắt đầu sau ngày người này thôi làm thành viên (%(day)s).") % {
                    "day": f"{m.end:%d/%m/%Y}"
                }
            if m.end and (self.end is None or self.end > m.end):
                errors["end"] = _("Phân công phải kết thúc khi người này thôi làm thành viên (%(day)s).") % {
                    "day": f"{m.end:%d/%m/%Y}"
                }
        if errors:
            raise ValidationError(errors)


# Kept apart (this module's size): the record of accounts (their changes, the invitations) and of units that
# end and of the work passed to their successors.
from .account_records import AccountChange as AccountChange  # noqa: E402
from .account_records import Invitation as Invitation  # noqa: E402
from .unit_records import UnitChange as UnitChange  # noqa: E402
from .unit_records import UnitTransfer as UnitTransfer  # noqa: E402
