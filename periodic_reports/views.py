"""Pages of the periodic reports: the list and the drafting form, a report (any version), the edit page, the
issue page, "Sửa đổi", the print view and the exports. Who may do what: periodic_reports/selectors.py."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import apply_errors
from core.roles import role_required
from core.text import paragraphs
from documents import layout
from documents.letterheads import letterhead_for
from documents.models import IssuedDocument, Letterhead
from documents.register import format_number, next_number
from members.selectors import provincial_committee

from . import drafting, exports, issuing, periods
from .forms import IssueForm, NewReportForm, SectionsForm
from .models import PeriodicReport, ReportVersion
from .selectors import READERS, WRITERS, can_write, get_report_for_reader, get_report_for_writer, get_version_for_reader

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Block:
    """One block of a section as the page shows it: a paragraph (`text`) or a list (`lines`, without "- ")."""

    text: str = ""
    lines: tuple[str, ...] = ()

    @property
    def is_list(self) -> bool:
        """True for a run of "- " lines."""
        return bool(self.lines)


def blocks(text: str) -> list[Block]:
    """A section's text as the page shows it: paragraphs, and runs of "- " lines as lists."""
    out: list[Block] = []
    for line in paragraphs(text):
        if not line:
            continue
        if line.startswith("- "):
            if out and out[-1].is_list:
                out[-1] = Block(lines=(*out[-1].lines, line[2:]))
            else:
                out.append(Block(lines=(line[2:],)))
        else:
            out.append(Block(text=line))
    return out


def _version_number(request) -> int | None:
    value = request.GET.get("version")
    if value is None:
        return None
    if not value.isdigit() or len(value) > 5 or not 1 <= int(value) <= 10_000:
        raise Http404(_("Phiên bản không hợp lệ."))
    return int(value)


def _document_context(version: ReportVersion) -> dict:
    return {
        "version": version,
        "sections": [{"section": s, "blocks": blocks(s.text)} for s in version.sections.all()],
        "figures": exports.figure_rows(version.data),
        "figure_headers": exports.figure_headers(),
        "task_groups": exports.task_groups(version.data),
        "task_headers": exports.task_headers(),
        "subject": exports.subject_of(version),
        "data_line": exports.data_line(version),
    }


@role_required(*READERS)
def report_list(request):
    """Every periodic report, latest period first; the secretariat drafts a new one here."""
    form = None
    if can_write(request.user):
        today = timezone.localdate()
        proposed = periods.default_period(today)
        form = NewReportForm(initial={"committee": provincial_committee(), "year": today.year, "period": proposed.code})
    return _list(request, form)


def _list(request, form: NewReportForm | None, status: int = 200):
    reports = PeriodicReport.objects.select_related("committee").order_by("-ends_on", "committee__name", "pk")
    context = {"reports": reports, "form": form if can_write(request.user) else None}
    return render(request, "periodic_reports/report_list.html", context, status=status)


@require_POST
@role_required(*WRITERS)
def report_create(request):
    """Draft the report of the chosen committee and period (compiled from the data); an existing report of that
    period is opened instead."""
    form = NewReportForm(request.POST)
    if not form.is_valid():
        return _list(request, form, status=400)
    committee, year = form.cleaned_data["committee"], form.cleaned_data["year"]
    kind, index = form.cleaned_data["period"]
    try:
        report = drafting.create_report(
            committee=committee, kind=kind, year=year, index=index, by=request.user, now=timezone.now()
        )
    except ValidationError as error:
        existing = PeriodicReport.objects.filter(committee=committee, kind=kind, year=year, index=index).first()
        if existing is not None:
            messages.info(request, error.messages[0])
            return redirect("periodic_reports:detail", pk=existing.pk)
        apply_errors(form, error)
        return _list(request, form, status=400)
    messages.success(request, _("Đã lập dự thảo %(report)s từ các báo cáo tiến độ.") % {"report": report})
    return redirect("periodic_reports:detail", pk=report.pk)


def _versions(report: PeriodicReport) -> list[ReportVersion]:
    """The report's versions, latest first; an issued one replaced by a later issued one names it
    (`replaced_by`)."""
    versions = list(report.versions.select_related("saved_by__person", "issued_document").order_by("-number"))
    later = None
    for version in versions:
        version.replaced_by = later if version.issued_document is not None else None  # type: ignore[attr-defined]
        if version.issued_document is not None:
            later = version
    return versions


@role_required(*READERS)
def report_detail(request, pk: int):
    """A report: the current version (or `?version=n`), its figures and annex, its versions, what may be done."""
    report = get_report_for_reader(request.user, pk)
    version = get_version_for_reader(request.user, report, _version_number(request))
    context = {
        "report": report,
        "versions": _versions(report),
        "can_write": can_write(request.user),
        "is_current": version.number == report.version,
        **_document_context(version),
    }
    return render(request, "periodic_reports/report_detail.html", context)


@role_required(*WRITERS)
def report_edit(request, pk: int):
    """Edit the current draft's sections; a save is a new version, refused when someone saved meanwhile (their
    text stays on the page)."""
    report = get_report_for_writer(request.user, pk)
    version = get_version_for_reader(request.user, report, None)
    if version.is_issued:
        messages.error(request, _("Báo cáo đã ban hành, không sửa được. Muốn đính chính, bấm “Sửa đổi”."))
        return redirect("periodic_reports:detail", pk=report.pk)
    latest, changed = None, []
    if request.method == "POST":
        form = SectionsForm(request.POST, version=version)
        if form.is_valid():
            try:
                saved = drafting.save_version(
                    report=report,
                    base_version=form.cleaned_data["base_version"],
                    sections=form.section_texts(),
                    by=request.user,
                    now=timezone.now(),
                )
            except drafting.StaleVersion as error:
                latest = error.latest
                typed = form.section_texts()
                changed = [s for s in latest.sections.all() if s.text != typed.get(s.key, s.text)]
                # The clerk's text stays; a second, deliberate save is made from the version now current.
                data = request.POST.copy()
                data["base_version"] = str(latest.number)
                form = SectionsForm(data, version=version)
                form.is_valid()
                form.add_error(None, error.messages[0])
            except ValidationError as error:
                apply_errors(form, error)
            else:
                if saved is None:
                    messages.info(request, _("Không có thay đổi nào, chưa tạo phiên bản mới."))
                else:
                    messages.success(request, _("Đã lưu phiên bản %(n)s.") % {"n": saved.number})
                return redirect("periodic_reports:detail", pk=report.pk)
        status = 409 if latest is not None else 400
    else:
        form = SectionsForm(initial={"base_version": version.number}, version=version)
        status = 200
    context = {"report": report, "version": version, "form": form, "latest": latest, "changed": changed}
    return render(request, "periodic_reports/report_edit.html", context, status=status)


@role_required(*WRITERS)
def report_issue(request, pk: int):
    """Issue the current draft: number (next of the register), date, place and signer."""
    report = get_report_for_writer(request.user, pk)
    version = get_version_for_reader(request.user, report, None)
    if version.is_issued:
        messages.info(request, _("Phiên bản này đã ban hành."))
        return redirect("periodic_reports:detail", pk=report.pk)
    status = 200
    if request.method == "POST":
        form = IssueForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                issued = issuing.issue_version(
                    report=report,
                    base_version=data["base_version"],
                    issued_on=data["issued_on"],
                    place=data["place"],
                    authority=data["authority"],
                    signer_name=data["signer_name"],
                    signer_position=data["signer_position"],
                    by=request.user,
                    now=timezone.now(),
                )
            except drafting.StaleVersion as error:
                # The page now names the version current; issuing it is a second, deliberate click.
                posted = request.POST.copy()
                posted["base_version"] = str(error.latest.number)
                form = IssueForm(posted)
                form.is_valid()
                form.add_error(
                    None,
                    _("Báo cáo vừa được lưu thành phiên bản %(n)s. Hãy xem lại phiên bản này trước khi ban hành.")
                    % {"n": error.latest.number},
                )
                status = 409
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Đã ban hành báo cáo, số %(number)s.") % {"number": issued.issued_document.number},
                )
                return redirect("periodic_reports:detail", pk=report.pk)
        status = status if status == 409 else 400
    else:
        letterhead = letterhead_for(report.committee)
        form = IssueForm(
            initial={
                "base_version": version.number,
                "issued_on": timezone.localdate(),
                "place": letterhead.place,
                "authority": letterhead.signing_authority,
                "signer_position": letterhead.signer_position,
                "signer_name": letterhead.signer_name,
            }
        )
    year = _preview_year(form)
    number = next_number(report.committee, IssuedDocument.Kind.REPORT, year)
    context = {"report": report, "version": version, "form": form, "next_number": number, "preview_year": year}
    return render(request, "periodic_reports/report_issue.html", context, status=status)


def _preview_year(form: IssueForm) -> int:
    """The year whose series the number preview is taken from: the typed issue date's, else the default's."""
    day = form.cleaned_data.get("issued_on") if form.is_bound and hasattr(form, "cleaned_data") else None
    if day is None:
        day = form.initial.get("issued_on") or timezone.localdate()
    return day.year


@require_POST
@role_required(*WRITERS)
def report_amend(request, pk: int):
    """ "Sửa đổi": a new draft version copied from the issued one."""
    report = get_report_for_writer(request.user, pk)
    try:
        version = drafting.amend(report=report, by=request.user, now=timezone.now())
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("periodic_reports:detail", pk=report.pk)
    messages.success(request, _("Đã tạo phiên bản %(n)s (dự thảo sửa đổi).") % {"n": version.number})
    return redirect("periodic_reports:edit", pk=report.pk)


@role_required(*READERS)
def report_print(request, pk: int):
    """The print view (A4): the report with its annexes; a draft says "DỰ THẢO"."""
    report = get_report_for_reader(request.user, pk)
    version = get_version_for_reader(request.user, report, _version_number(request))
    sign = exports.signature(version)
    letterhead = letterhead_for(report.committee, sign.issued_on)
    number = sign.number or format_number(letterhead, IssuedDocument.Kind.REPORT, None)
    party = letterhead.layout == Letterhead.Layout.PARTY
    context = {
        "report": report,
        "signature": sign,
        "letterhead": letterhead,
        "number_line": (_("Số %(number)s") if party else _("Số: %(number)s")) % {"number": number},
        "date_line": layout.date_line(sign.issued_on, sign.place)
        if sign.issued_on
        else layout.blank_date_line(sign.place),
        "recipients": exports.recipient_lines(letterhead),
        "annex_caption": layout.annex_caption(letterhead, IssuedDocument.Kind.REPORT, number, sign.issued_on, None),
        **_document_context(version),
    }
    return render(request, "periodic_reports/report_print.html", context)


def _download(content: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@role_required(*READERS)
def report_docx(request, pk: int):
    """The version as .docx: an issued version's stored file (what was issued), else laid out now."""
    report = get_report_for_reader(request.user, pk)
    version = get_version_for_reader(request.user, report, _version_number(request))
    document = version.issued_document
    if document is not None and document.file:
        with document.file.open("rb") as stored:
            content = stored.read()
    else:
        content = exports.build_docx(version)
    return _download(content, exports.filename(version, "docx"), DOCX)


@role_required(*READERS)
def report_xlsx(request, pk: int):
    """The annexes as .xlsx."""
    report = get_report_for_reader(request.user, pk)
    version = get_version_for_reader(request.user, report, _version_number(request))
    return _download(exports.build_xlsx(version), exports.filename(version, "xlsx"), XLSX)
