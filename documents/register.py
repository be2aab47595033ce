"""The register of issued documents (sổ văn bản đi): the only writer of `IssuedDocument`.

The rule (Decree 30/2020/NĐ-CP, art. 15 and appendix III; docs/domain.md, "Official documents"): an
issuer numbers its documents in one series a year, from 01 on 1 January to 31 December, in the order
they are issued; a steering committee or working group that issues in its own name keeps its own
series. A number is given once: rows are never deleted, so a number is never given again.

Numbers: Party layout "05-BC/BCĐ" (number-kind/issuer, Guidance 36-HD/VPTW); state layout "05/BC-BCĐ"
(number/kind-issuer) and, for an official letter (công văn), "05/BCĐ" or "05/BCĐ-TCT" with the
drafting unit (Decree 30, appendix I).

Two clerks issuing at once get two numbers: the committee's row is locked (SELECT ... FOR UPDATE)
while the next number is taken and the row written.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core import history
from core.uploads import safe_filename, storage_name
from members.decisions import canonical_number, record_decision
from members.models import Committee, Decision

from .letterheads import letterhead_for
from .models import IssuedDocument, Letterhead

Kind = IssuedDocument.Kind
EARLIEST = date(2000, 1, 1)

# The register's kinds as the rest of the app cites them (members.Decision.Kind).
DECISION_KIND = {
    Kind.REPORT: Decision.Kind.REPORT,
    Kind.NOTICE: Decision.Kind.NOTICE,
    Kind.LETTER: Decision.Kind.OFFICIAL_LETTER,
    Kind.PLAN: Decision.Kind.PLAN,
    Kind.DECISION: Decision.Kind.DECISION,
    Kind.PROGRAM: Decision.Kind.OTHER,
    Kind.OTHER: Decision.Kind.OTHER,
}


def format_number(letterhead: Letterhead, kind: str, sequence: int | None) -> str:
    """The number and symbol of a document: (Party, BC, 5) -> "05-BC/BCĐ"; (state, BC, 5) -> "05/BC-BCĐ";
    (state, CV, 5) -> "05/BCĐ" or "05/BCĐ-TCT". Numbers below 10 take a leading zero (Decree 30).
    `sequence` None gives the draft's blank: "     -BC/BCĐ"."""
    seq = f"{sequence:02d}" if sequence is not None else "\u00a0" * 6
    symbol = letterhead.symbol
    if letterhead.layout == Letterhead.Layout.PARTY:
        return f"{seq}-{kind}/{symbol}"
    if kind == Kind.LETTER:
        return f"{seq}/{symbol}" + (f"-{letterhead.letter_unit}" if letterhead.letter_unit else "")
    return f"{seq}/{kind}-{symbol}"


def next_sequence(committee: Committee, year: int) -> int:
    """The next number of the committee's series of `year` (1 when none was given)."""
    last = IssuedDocument.objects.filter(committee=committee, year=year).aggregate(m=Max("sequence"))["m"]
    return (last or 0) + 1


def next_number(committee: Committee, kind: str, year: int, letterhead: Letterhead | None = None) -> str:
    """What the next number would be ("06-BC/BCĐ"), for previews: not reserved, another clerk may take it.
    `letterhead`: the committee's, when the caller has it already (saves its queries)."""
    return format_number(letterhead or letterhead_for(committee), kind, next_sequence(committee, year))


def _check(*, committee, kind, issued_on, title, signer_name) -> dict[str, str]:
    errors: dict[str, str] = {}
    if kind not in Kind.values:
        errors["kind"] = _("Hãy chọn loại văn bản.")
    if issued_on is None:
        errors["issued_on"] = _("Hãy nhập ngày ban hành (dd/mm/yyyy).")
    elif issued_on < EARLIEST or issued_on > timezone.localdate():
        errors["issued_on"] = _("Ngày ban hành phải từ %(start)s đến hôm nay (%(today)s).") % {
            "start": f"{EARLIEST:%d/%m/%Y}",
            "today": f"{timezone.localdate():%d/%m/%Y}",
        }
    elif committee.established_by_id and issued_on < committee.established_by.date:
        errors["issued_on"] = _("Ngày ban hành không được trước ngày thành lập Ban (%(day)s).") % {
            "day": f"{committee.established_by.date:%d/%m/%Y}"
        }
    if not (title or "").strip():
        errors["title"] = _("Hãy nhập trích yếu nội dung văn bản.")
    if not (signer_name or "").strip():
        errors["signer_name"] = _("Hãy nhập họ và tên người ký.")
    return errors


def _lock(committee: Committee) -> None:
    # The committee's row is the lock of its series: held until the transaction ends.
    Committee.objects.select_for_update().filter(pk=committee.pk).values_list("pk", flat=True).first()


def _store(document: IssuedDocument, content: bytes | None, filename: str) -> None:
    if content:
        name = safe_filename(filename or f"{document.number}.docx")
        document.file_name = name
        document.file.save(storage_name(name), ContentFile(content), save=False)


def _record(document: IssuedDocument, *, by) -> IssuedDocument:
    document.decision = record_decision(
        number=document.number,
        date=document.issued_on,
        issuer=document.committee.name,
        subject=document.title,
        kind=DECISION_KIND[Kind(document.kind)],
        is_demo=document.is_demo,
        by=by,
    )
    if IssuedDocument.objects.filter(decision=document.decision).exists():
        raise ValidationError({"number": _("Văn bản %(number)s đã có trong sổ.") % {"number": document.number}})
    history.stamp(document, by)
    document.save()
    return document


def issue(
    *,
    committee: Committee,
    kind: str,
    issued_on: date | None,
    title: str,
    signer_name: str,
    signer_position: str,
    by,
    content: bytes | None = None,
    filename: str = "",
    render: Callable[[IssuedDocument], bytes] | None = None,
    is_demo: bool = False,
) -> IssuedDocument:
    """Give the next number of the committee's series of `issued_on`'s year to a document, record it
    as a `members.Decision` (so the rest of the app can cite it) and store its file (`content`, saved
    under a random name; `filename` is the name it is downloaded as). `render`, when given, makes the
    file from the numbered (unsaved) row instead, so the .docx carries the number it was given.

    Raises ValidationError keyed by field (kind, issued_on, title, signer_name) with Vietnamese
    messages: a missing part, a date before 01/01/2000, after today or before the committee was set up,
    or a date before the last document of the series (numbers follow the order of issue)."""
    errors = _check(committee=committee, kind=kind, issued_on=issued_on, title=title, signer_name=signer_name)
    if errors:
        raise ValidationError(errors)
    assert issued_on is not None
    with transaction.atomic():
        _lock(committee)
        last = IssuedDocument.objects.filter(committee=committee, year=issued_on.year).order_by("-sequence").first()
        if last is not None and last.issued_on > issued_on:
            raise ValidationError(
                {
                    "issued_on": _(
                        "Số %(number)s đã được cấp cho văn bản ngày %(day)s: văn bản mới không được ghi ngày trước đó."
                    )
                    % {"number": last.number, "day": f"{last.issued_on:%d/%m/%Y}"}
                }
            )
        sequence = (last.sequence if last else 0) + 1
        letterhead = letterhead_for(committee, issued_on)
        document = IssuedDocument(
            committee=committee,
            kind=kind,
            year=issued_on.year,
            sequence=sequence,
            number=format_number(letterhead, kind, sequence),
            issued_on=issued_on,
            title=" ".join(title.split()),
            signer_name=" ".join(signer_name.split()),
            signer_position=" ".join((signer_position or "").split()),
            created_by=by,
            is_demo=is_demo,
        )
        if render is not None:
            content = render(document)
        _store(document, content, filename)
        return _record(document, by=by)


@dataclass(frozen=True)
class Choices:
    """What the clerk chose for a document the app builds: the date of issue, the place, the signer
    ("" for the letterhead's)."""

    issued_on: date | None
    place: str = ""
    signer_name: str = ""
    signer_position: str = ""

    @classmethod
    def from_form(cls, cleaned: dict) -> Choices:
        """From a form of documents.forms.IssueFieldsMixin."""
        return cls(
            issued_on=cleaned.get("issued_on"),
            place=cleaned.get("place") or "",
            signer_name=cleaned.get("signer_name") or "",
            signer_position=cleaned.get("signer_position") or "",
        )


def issue_built(
    *,
    committee: Committee,
    kind: str,
    title: str,
    chosen: Choices,
    build: Callable[..., bytes],
    filename: str,
    by,
    is_demo: bool = False,
) -> IssuedDocument:
    """`issue` a document the app builds: `build(letterhead=, number=, issued_on=, place=, signer_name=,
    signer_position=) -> bytes` makes its .docx with the number it is given; the signer is the one
    chosen, else the letterhead's (the head in office on the day). Raises as `issue`."""
    letterhead = letterhead_for(committee, chosen.issued_on)
    signer_name = chosen.signer_name or letterhead.signer_name
    signer_position = chosen.signer_position or letterhead.signer_position
    return issue(
        committee=committee,
        kind=kind,
        issued_on=chosen.issued_on,
        title=title,
        signer_name=signer_name,
        signer_position=signer_position,
        by=by,
        render=lambda document: build(
            letterhead=letterhead,
            number=document.number,
            issued_on=document.issued_on,
            place=chosen.place or None,
            signer_name=signer_name,
            signer_position=signer_position,
        ),
        filename=filename,
        is_demo=is_demo,
    )


def sequence_of(number: str) -> int | None:
    """The leading number of a number and symbol: "05-BC/BCĐ" -> 5; None when it has none."""
    found = re.match(r"\d+", canonical_number(number))
    return int(found.group(0)) if found else None


def _check_order(series, sequence: int, issued_on: date) -> None:
    """A number's date between its neighbours' in the year's series: not before the one below it, not
    after the one above it."""
    below = series.filter(sequence__lt=sequence).order_by("-sequence").first()
    above = series.filter(sequence__gt=sequence).order_by("sequence").first()
    if below is not None and below.issued_on > issued_on:
        raise ValidationError(
            {
                "issued_on": _("Số %(number)s trước nó mang ngày %(day)s: văn bản số sau không được ghi ngày trước đó.")
                % {"number": below.number, "day": f"{below.issued_on:%d/%m/%Y}"}
            }
        )
    if above is not None and above.issued_on < issued_on:
        raise ValidationError(
            {
                "issued_on": _("Số %(number)s sau nó mang ngày %(day)s: văn bản số trước không được ghi ngày sau đó.")
                % {"number": above.number, "day": f"{above.issued_on:%d/%m/%Y}"}
            }
        )


def register_typed(
    *,
    committee: Committee,
    kind: str,
    number: str,
    issued_on: date | None,
    title: str,
    signer_name: str,
    signer_position: str,
    by,
    content: bytes | None = None,
    filename: str = "",
    is_demo: bool = False,
) -> IssuedDocument:
    """Enter in the register a document the committee issued outside the app, with the number it bears
    (its leading number is its place in that year's series, so the app's next number follows it).

    Checked as `issue` numbers: the number is in the committee's form (its symbol, its layout:
    `format_number`), its place in the series of the date's year is free, and its date lies between
    those of its neighbours in that series (numbers follow the order of issue, Decree 30, art. 15).

    Raises ValidationError (fields as `issue`, and number: malformed, not the committee's form, its
    place taken; issued_on: out of order with its neighbours)."""
    errors = _check(committee=committee, kind=kind, issued_on=issued_on, title=title, signer_name=signer_name)
    number = canonical_number(number)
    sequence = sequence_of(number)
    if not number or sequence is None or sequence < 1:
        errors["number"] = _("Hãy nhập số, ký hiệu của văn bản, ví dụ 05-BC/BCĐ.")
    if errors:
        raise ValidationError(errors)
    assert issued_on is not None and sequence is not None
    letterhead = letterhead_for(committee, issued_on, signer=False)
    expected = format_number(letterhead, kind, sequence)
    if canonical_number(expected) != number:
        # The committee's own symbol, in its layout's form: another body's number would take a place
        # in the committee's series that is not its own.
        raise ValidationError(
            {
                "number": _("Số, ký hiệu không theo thể thức của Ban: với số %(sequence)02d phải là %(expected)s.")
                % {"sequence": sequence, "expected": expected}
            }
        )
    with transaction.atomic():
        _lock(committee)
        series = IssuedDocument.objects.filter(committee=committee, year=issued_on.year)
        taken = series.filter(sequence=sequence).first()
        if taken is not None:
            raise ValidationError(
                {
                    "number": _("Số %(sequence)02d năm %(year)s đã được cấp cho văn bản %(number)s.")
                    % {"sequence": sequence, "year": issued_on.year, "number": taken.number}
                }
            )
        _check_order(series, sequence, issued_on)
        document = IssuedDocument(
            committee=committee,
            kind=kind,
            year=issued_on.year,
            sequence=sequence,
            number=number,
            issued_on=issued_on,
            title=" ".join(title.split()),
            signer_name=" ".join(signer_name.split()),
            signer_position=" ".join((signer_position or "").split()),
            created_by=by,
            typed=True,
            is_demo=is_demo,
        )
        _store(document, content, filename)
        try:
            with transaction.atomic():
                return _record(document, by=by)
        except IntegrityError as exc:
            raise ValidationError({"number": _("Số, ký hiệu này đã có trong sổ.")}) from exc
