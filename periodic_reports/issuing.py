"""Issuing a periodic report: the version gets the next number of the register of issued documents
(documents/register.py) and its .docx, laid out with that number, is stored with the register's row."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from documents import register
from documents.models import IssuedDocument

from . import exports
from .drafting import _check_base, _locked, check_issue_input, current_version
from .models import PeriodicReport, ReportVersion


def check_sections_filled(version: ReportVersion) -> None:
    """Every section of an issued report says something: ValidationError naming the first empty section."""
    for section in version.sections.all():
        if not section.text.strip():
            raise ValidationError(
                _("Mục “%(title)s” chưa có nội dung. Nhập nội dung cho mục này trước khi ban hành.")
                % {"title": section.title}
            )


@transaction.atomic
def issue_version(
    *,
    report: PeriodicReport,
    base_version: int,
    issued_on: date,
    place: str,
    authority: str,
    signer_name: str,
    signer_position: str,
    by,
    now: datetime,
    is_demo: bool = False,
) -> ReportVersion:
    """Issue the report's current draft version (the one the clerk saw, `base_version`): a number of the
    register, the date, place and signer the clerk chose; the .docx stored with the register's row. The version
    is read-only afterwards.

    Raises `StaleVersion` when another version was saved meanwhile, ValidationError when the current version is
    already issued, a section is empty, the date is before the cut-off day or after today, or the register refuses (its messages)."""
    report = _locked(report)
    if report.status == PeriodicReport.Status.ISSUED:
        raise ValidationError(_("Phiên bản này đã ban hành."))
    _check_base(report, base_version)
    check_issue_input(issued_on=issued_on, report=report, today=timezone.localdate(now))
    for value, label in (
        (place, _("địa danh")),
        (signer_name, _("người ký")),
        (signer_position, _("chức vụ người ký")),
    ):
        if not value.strip():
            raise ValidationError(_("Chưa nhập %(field)s.") % {"field": label})
    version = current_version(report)
    check_sections_filled(version)
    version.status = PeriodicReport.Status.ISSUED
    version.place = place.strip()
    version.authority = authority.strip()

    def render(document: IssuedDocument) -> bytes:
        # The numbered row, not yet saved: the .docx carries the number it was given.
        version.issued_document = document
        return exports.build_docx(version)

    document = register.issue(
        committee=report.committee,
        kind=IssuedDocument.Kind.REPORT,
        issued_on=issued_on,
        title=exports.subject_of(version),
        signer_name=signer_name.strip(),
        signer_position=signer_position.strip(),
        by=by,
        render=render,
        filename=exports.filename(version, "docx"),
        is_demo=is_demo,
    )
    version.issued_document = document
    version.save(update_fields=["status", "issued_document", "place", "authority"])
    PeriodicReport.objects.filter(pk=report.pk).update(status=PeriodicReport.Status.ISSUED)
    report.status = PeriodicReport.Status.ISSUED
    return version
