"""Who may read and write periodic reports, and the permission-checked fetches.

The secretariat drafts, edits and issues; committee members and leadership read every report, drafts
included (they are the committee the report speaks for and its signer: a draft is for them to read before it is
issued); unit focal points and hotline operators do not see them.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from core.roles import Role, has_role

from .models import PeriodicReport, ReportVersion

READERS = (Role.SECRETARIAT, Role.MEMBER, Role.LEADERSHIP)
WRITERS = (Role.SECRETARIAT,)


def can_write(user) -> bool:
    return has_role(user, *WRITERS)


def get_report_for_reader(user, pk: int) -> PeriodicReport:
    """The report, for a reader (403 otherwise; 404 when there is none)."""
    if not has_role(user, *READERS):
        raise PermissionDenied
    return get_object_or_404(PeriodicReport.objects.select_related("committee"), pk=pk)


def get_report_for_writer(user, pk: int) -> PeriodicReport:
    """The report, for the secretariat (403 otherwise; 404 when there is none)."""
    if not can_write(user):
        raise PermissionDenied
    return get_object_or_404(PeriodicReport.objects.select_related("committee"), pk=pk)


def get_version_for_reader(user, report: PeriodicReport, number: int | None) -> ReportVersion:
    """A version of a report the user may read (the current one when `number` is None), with what its pages
    and exports show: the saver, the issued document, the sections (2 queries)."""
    if not has_role(user, *READERS):
        raise PermissionDenied
    versions = report.versions.select_related("saved_by__person", "issued_document").prefetch_related("sections")
    return get_object_or_404(versions, number=report.version if number is None else number)
