"""The register of issued documents (sổ văn bản đi) and the committee's letterhead.

Members of the committee and leadership read the register and download its files; the secretariat
also enters documents issued outside the app and edits the letterhead.
"""

from __future__ import annotations

import mimetypes

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from core.forms import apply_errors, form_data, form_files
from core.roles import role_required
from core.uploads import attachment_response
from members.models import Committee
from members.selectors import provincial_committee

from . import register
from .access import KEEPERS, READERS, can_keep
from .forms import LetterheadForm, RegisterFilterForm, TypedDocumentForm
from .letterheads import default_letterhead, letterhead_for
from .models import IssuedDocument, Letterhead

Kind = IssuedDocument.Kind


def register_url(committee: Committee, year: int | None = None) -> str:
    query = {"committee": committee.pk} | ({"year": year} if year else {})
    return reverse("documents:register") + "?" + urlencode(query)


@role_required(*READERS)
def register_list(request):
    """One committee's register of a year (`?committee=&year=&kind=`), newest number first."""
    form = RegisterFilterForm(request.GET or None)
    status = 200
    committee, year, kind = None, timezone.localdate().year, ""
    if form.is_bound and form.is_valid():
        committee = form.cleaned_data["committee"]
        year = form.cleaned_data["year"] or year
        kind = form.cleaned_data["kind"]
    elif form.is_bound:
        status = 400
    committee = committee or provincial_committee()
    if committee is None:
        raise Http404(_("Chưa có Ban Chỉ đạo."))
    if not form.is_bound:
        form = RegisterFilterForm(initial={"committee": committee.pk, "year": year})
    rows = IssuedDocument.objects.filter(committee=committee, year=year).select_related("created_by")
    if kind:
        rows = rows.filter(kind=kind)
    years = set(IssuedDocument.objects.filter(committee=committee).order_by().values_list("year", flat=True).distinct())
    context = {
        "form": form,
        "committee": committee,
        "year": year,
        "kind": kind,
        "documents": list(rows.order_by("-sequence")),
        "years": sorted(years | {year, timezone.localdate().year}, reverse=True),
        "can_keep": can_keep(request.user),
        "next_number": (register.next_number(committee, kind or Kind.REPORT, year) if can_keep(request.user) else ""),
    }
    return render(request, "documents/register.html", context, status=status)


@role_required(*KEEPERS)
def register_add(request, committee: int):
    """Enter a document issued outside the app, with the number it bears (and its file, if any)."""
    committee_obj = get_object_or_404(Committee, pk=committee)
    data, files = form_files(request)
    letterhead = letterhead_for(committee_obj)
    form = TypedDocumentForm(
        data,
        files,
        initial={"signer_name": letterhead.signer_name, "signer_position": letterhead.signer_position.capitalize()},
    )
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        upload = c.get("file")
        try:
            document = register.register_typed(
                committee=committee_obj,
                kind=c["kind"],
                number=c["number"],
                issued_on=c["issued_on"],
                title=c["title"],
                signer_name=c["signer_name"],
                signer_position=c["signer_position"],
                by=request.user,
                content=upload.read() if upload else None,
                filename=upload.name if upload else "",
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Đã vào sổ văn bản %(number)s.") % {"number": document.number})
            return redirect(register_url(committee_obj, document.year))
    status = 400 if form.errors else 200
    context = {"form": form, "committee": committee_obj}
    return render(request, "documents/register_add.html", context, status=status)


@role_required(*READERS)
def document_file(request, pk: int):
    """The stored file of a register row, as a download."""
    document = get_object_or_404(IssuedDocument, pk=pk)
    if not document.file:
        raise Http404(_("Văn bản này chưa có tệp."))
    name = document.file_name or f"{document.number}.docx"
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return attachment_response(document.file, name, content_type)


@role_required(*KEEPERS)
def letterhead_edit(request, committee: int):
    """The committee's letterhead: layout, the names in full, the symbol, the place, the signer. Until it
    is saved the app uses the default derived from the committee (documents.letterheads)."""
    committee_obj = get_object_or_404(Committee.objects.select_related("unit", "established_by"), pk=committee)
    saved = Letterhead.objects.filter(committee=committee_obj).first()
    instance = saved or default_letterhead(committee_obj)
    form = LetterheadForm(form_data(request), instance=instance)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Đã lưu thể thức văn bản của %(committee)s.") % {"committee": committee_obj.name})
        return redirect("documents:letterhead", committee=committee_obj.pk)
    preview = form.instance if form.is_valid() or not form.is_bound else instance
    year = timezone.localdate().year
    context = {
        "form": form,
        "committee": committee_obj,
        "saved": saved is not None,
        "examples": [
            (label, register.format_number(preview, kind, 5)) for kind, label in Kind.choices if kind != Kind.OTHER
        ],
        "year": year,
    }
    return render(request, "documents/letterhead_form.html", context, status=400 if form.errors else 200)
