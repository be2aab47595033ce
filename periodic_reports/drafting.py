"""Writing periodic reports: drafting one, saving versions, issuing a version, amending an issued one.

The rules (docs/architecture.md, "Where business rules live"):
- one report per committee and period; a period that has not begun cannot be reported on;
- every save of the draft is a new version, made only from the version the clerk opened: when someone else
  saved meanwhile (`PeriodicReport.version` moved), the save is refused with `StaleVersion` and nothing is
  written (the view keeps the clerk's text on the page);
- an issued version is read-only; "Sửa đổi" makes a new draft version, a copy of the issued one;
- issuing takes the next number of the register of issued documents (documents/register.py) and stores the
  .docx laid out with that number.
Every function is keyword-only, takes the moment (`now`) and the user, raises `ValidationError` with a
Vietnamese message and saves nothing when the input is wrong.
"""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Committee

from . import texts
from .compile import compile_period
from .models import PeriodicReport, ReportSection, ReportVersion
from .periods import period as make_period


class StaleVersion(ValidationError):
    """Someone saved the report after the clerk opened it: `latest` is the version now current."""

    def __init__(self, message: str, latest: ReportVersion):
        super().__init__(message, code="stale")
        self.latest = latest


def current_version(report: PeriodicReport) -> ReportVersion:
    """The report's latest version with its sections (2 queries)."""
    return report.versions.prefetch_related("sections").get(number=report.version)


@transaction.atomic
def create_report(
    *, committee: Committee, kind: str, year: int, index: int, by, now: datetime, is_demo: bool = False
) -> PeriodicReport:
    """Draft the report of `committee` for the period (`kind`, `year`, `index`; periodic_reports/periods.py):
    the report, its version 1 compiled from the data (periodic_reports/compile.py, texts.py).

    Raises ValidationError when the period is unknown, has not begun on `now`'s day, or already has a report."""
    try:
        period = make_period(kind, year, index)
    except ValueError as error:
        raise ValidationError(_("Kỳ báo cáo không hợp lệ.")) from error
    today = timezone.localdate(now)
    if period.starts_on > today:
        raise ValidationError(
            _("Kỳ báo cáo %(period)s chưa bắt đầu (số liệu tính từ ngày %(start)s).")
            % {"period": period.label, "start": period.starts_on.strftime("%d/%m/%Y")}
        )
    existing = PeriodicReport.objects.filter(committee=committee, kind=kind, year=year, index=index)
    if existing.exists():
        raise ValidationError(_("Ban Chỉ đạo đã có báo cáo %(period)s.") % {"period": period.label}, code="exists")
    report = PeriodicReport(
        committee=committee,
        kind=kind,
        year=year,
        index=index,
        starts_on=period.starts_on,
        ends_on=period.ends_on,
        created_by=by,
        created_at=now,
        is_demo=is_demo,
    )
    report.full_clean()
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError as error:  # drafted by someone else at the same moment
        raise ValidationError(_("Ban Chỉ đạo đã có báo cáo %(period)s.") % {"period": period.label}) from error
    compiled = compile_period(committee=committee, period=period, today=today)
    version = ReportVersion.objects.create(
        report=report, number=1, data=texts.snapshot(compiled), saved_by=by, saved_at=now, note=_("Bản tổng hợp")
    )
    ReportSection.objects.bulk_create(
        ReportSection(version=version, order=i, key=s.key, title=s.title, level=s.level, text=s.text)
        for i, s in enumerate(texts.sections(compiled), 1)
    )
    return report


def _locked(report: PeriodicReport) -> PeriodicReport:
    return PeriodicReport.objects.select_for_update().get(pk=report.pk)


def _check_base(report: PeriodicReport, base_version: int) -> None:
    if report.version != base_version:
        latest = ReportVersion.objects.select_related("saved_by").get(report=report, number=report.version)
        raise StaleVersion(
            _(
                "Báo cáo đã được %(user)s lưu thành phiên bản %(number)s lúc %(at)s, sau khi đồng chí mở trang. "
                "Nội dung đồng chí nhập chưa được lưu và vẫn còn dưới đây: hãy đối chiếu với phiên bản mới rồi lưu lại."
            )
            % {
                "user": latest.saved_by.get_full_name() or latest.saved_by.get_username(),
                "number": latest.number,
                "at": timezone.localtime(latest.saved_at).strftime("%H:%M %d/%m/%Y"),
            },
            latest,
        )


def _copy(source: ReportVersion, *, by, now: datetime, note: str, texts_by_key: dict[str, str] | None = None):
    version = ReportVersion.objects.create(
        report=source.report,
        number=source.number + 1,
        data=source.data,
        saved_by=by,
        saved_at=now,
        note=note,
    )
    ReportSection.objects.bulk_create(
        ReportSection(
            version=version,
            order=s.order,
            key=s.key,
            title=s.title,
            level=s.level,
            text=(texts_by_key or {}).get(s.key, s.text),
        )
        for s in source.sections.all()
    )
    PeriodicReport.objects.filter(pk=source.report_id).update(version=version.number, status=version.status)
    return version


@transaction.atomic
def save_version(
    *, report: PeriodicReport, base_version: int, sections: dict[str, str], by, now: datetime
) -> ReportVersion | None:
    """Save the clerk's text of the sections (key -> text) as a new version, made from `base_version`, the
    version the clerk opened. Returns the new version, or None when no text changed (nothing is written).

    Raises `StaleVersion` when another version was saved since `base_version`, ValidationError when the
    report's current version is issued, a key is unknown or a text is too long."""
    report = _locked(report)
    if report.status == PeriodicReport.Status.ISSUED:
        raise ValidationError(
            _("Báo cáo đã ban hành, không sửa được. Muốn đính chính, bấm “Sửa đổi” để tạo phiên bản mới.")
        )
    _check_base(report, base_version)
    source = current_version(report)
    known = {s.key: s for s in source.sections.all()}
    unknown = set(sections) - set(known)
    if unknown:
        raise ValidationError(_("Phần báo cáo không tồn tại: %(keys)s.") % {"keys": ", ".join(sorted(unknown))})
    for key, text in sections.items():
        if len(text) > texts.SECTION_MAX:
            raise ValidationError(
                _("Phần “%(title)s” dài quá %(max)s ký tự.") % {"title": known[key].title, "max": texts.SECTION_MAX}
            )
    if all(known[key].text == text for key, text in sections.items()):
        return None
    return _copy(source, by=by, now=now, note=_("Chỉnh sửa"), texts_by_key=sections)


@transaction.atomic
def amend(*, report: PeriodicReport, by, now: datetime) -> ReportVersion:
    """ "Sửa đổi": a new draft version copying the issued current version (the issued one stays as it was).
    Raises ValidationError when the current version is not issued."""
    report = _locked(report)
    if report.status != PeriodicReport.Status.ISSUED:
        raise ValidationError(_("Báo cáo đang là dự thảo: sửa trực tiếp, không cần tạo phiên bản sửa đổi."))
    source = current_version(report)
    version = _copy(source, by=by, now=now, note=_("Sửa đổi phiên bản %(n)s") % {"n": source.number})
    return version


def check_issue_input(*, issued_on: date, report: PeriodicReport, today: date) -> None:
    """The issue date: not before the end of the report's window, not after today."""
    if issued_on < report.ends_on:
        raise ValidationError(
            _("Ngày ban hành không được trước ngày chốt số liệu %(end)s.")
            % {"end": report.ends_on.strftime("%d/%m/%Y")}
        )
    if issued_on > today:
        raise ValidationError(_("Ngày ban hành không được sau hôm nay."))
