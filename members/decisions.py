"""Recording a cited document (quyết định, kế hoạch, thông báo...): one service for every writer.

Member changes, plan approval, documented task changes, a meeting's notice of conclusions and the
admin all record the documents they cite through `record_decision`, so the same document typed
slightly differently ("1830-QĐ/TU", " 1830 - qđ/tu ", "Số 1830-QĐ/TU") is one row.

The rule (Decree 30/2020/NĐ-CP, appendix I; Party practice, Guidance 36-HD/VPTW): a document is
identified by its number and symbol (số, ký hiệu) and its date. Symbols are written in capitals,
so the number is kept trimmed, without a leading "Số", without spaces around its separators, in
NFC and in capitals. Recording a number and date already known returns that document (whatever
the issuer was typed as); the same number from the same issuer with another date of the same year
is refused, as an issuer gives a number once a year (numbers restart at 01 each 1 January, Decree
30/2020/NĐ-CP appendix III; `decision_number_unique_per_issuer_year`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date as Date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core import history

from .models import Decision
from .validators import normalize_decision_number

# The type part of a symbol ("1830-QĐ/TU" -> "QĐ") gives the kind of document when the caller does not.
_KIND_BY_SYMBOL = {
    "QĐ": Decision.Kind.DECISION,
    "KH": Decision.Kind.PLAN,
    "TB": Decision.Kind.NOTICE,
    "BC": Decision.Kind.REPORT,
}
# Errors of the model's fields, shown on the form fields that typed them.
_FORM_FIELDS = {"number": "decision_number", "date": "decision_date", "issuer": "decision_issuer"}


@dataclass(frozen=True)
class NewDecision:
    """A document typed into a form (number, date, issuer), recorded in the same transaction as the
    change that cites it, so a refused change leaves no stray document behind."""

    number: str
    date: Date | None
    issuer: str
    subject: str = ""


def canonical_number(value: str) -> str:
    """The number and symbol as the register keeps it: " số 1830 - qđ/tu " -> "1830-QĐ/TU"."""
    return normalize_decision_number(unicodedata.normalize("NFC", value or "")).upper()


def canonical_issuer(value: str) -> str:
    """The issuer in NFC with single spaces."""
    return " ".join(unicodedata.normalize("NFC", value or "").split())


def kind_of(number: str) -> str:
    """The kind of document its symbol names ("…-KH/BCĐ" is a plan), a decision when it names none."""
    parts = re.split(r"[-/.]", canonical_number(number))[1:]
    return next((_KIND_BY_SYMBOL[p] for p in parts if p in _KIND_BY_SYMBOL), Decision.Kind.DECISION)


def _same_number(number: str) -> list[Decision]:
    if not number:
        return []
    # Narrowed in SQL by the leading digits, compared in Python: SQLite folds only ASCII case ("QĐ" vs "qđ").
    digits = re.match(r"\d+", number)
    candidates = Decision.objects.filter(number__startswith=digits.group(0) if digits else number)
    return [d for d in candidates.order_by("pk") if canonical_number(d.number) == number]


def find_decision(*, number: str, date: Date, issuer: str = "") -> Decision | None:
    """The recorded document with this number (canonical form) and date, or None.

    When two were recorded before this rule (two issuers), the one with the same issuer is preferred."""
    number, issuer = canonical_number(number), canonical_issuer(issuer)
    same = [d for d in _same_number(number) if d.date == date]
    return next((d for d in same if d.issuer.casefold() == issuer.casefold()), same[0] if same else None)


def check_decision(*, number: str, date: Date | None, issuer: str, exclude_pk: int | None = None) -> None:
    """Refuse what cannot be recorded: a missing part, or this issuer's number already kept with another
    date of the same year. Raises ValidationError keyed by the form fields (decision_number, decision_date, decision_issuer)."""
    number, issuer = canonical_number(number), canonical_issuer(issuer)
    errors = {}
    if not number:
        errors["decision_number"] = _("Hãy nhập số, ký hiệu của văn bản.")
    if date is None:
        errors["decision_date"] = _("Hãy nhập ngày ban hành văn bản (dd/mm/yyyy).")
    if not issuer:
        errors["decision_issuer"] = _("Hãy nhập cơ quan ban hành văn bản.")
    if errors:
        raise ValidationError(errors)
    for d in _same_number(number):
        same_year = date is not None and d.date.year == date.year
        if d.pk != exclude_pk and d.date != date and same_year and d.issuer.casefold() == issuer.casefold():
            raise ValidationError(
                {
                    "decision_date": _("Văn bản %(number)s của %(issuer)s đã được ghi với ngày %(day)s.")
                    % {"number": d.number, "issuer": d.issuer, "day": f"{d.date:%d/%m/%Y}"}
                }
            )


def record_decision(
    *,
    number: str,
    date: Date | None,
    issuer: str,
    subject: str = "",
    kind: str | None = None,
    is_demo: bool = False,
    by=None,
) -> Decision:
    """The document with this number and date: the one already recorded, or a new row.

    `kind` defaults to what the symbol names (`kind_of`). `by` (a user) is written to the audit history.
    Raises ValidationError keyed decision_number / decision_date / decision_issuer (a missing part, a
    malformed number, or this issuer's number already recorded with another date of that year)."""
    found = find_decision(number=number, date=date, issuer=issuer) if date else None
    if found is not None:
        return found
    check_decision(number=number, date=date, issuer=issuer)
    assert date is not None  # check_decision refuses a document without its date
    decision = Decision(
        number=canonical_number(number),
        date=date,
        issuer=canonical_issuer(issuer),
        subject=(subject or "").strip(),
        kind=kind or kind_of(number),
        is_demo=is_demo,
    )
    try:
        # check_decision above applies the one-number-per-issuer-and-year rule with its message; the unique
        # constraint is left to the database, so a writer recording the same document a moment earlier
        # makes this one read that row below instead of refusing it.
        decision.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        raise ValidationError({_FORM_FIELDS.get(k, k): v for k, v in exc.message_dict.items()}) from exc
    history.stamp(decision, by)
    try:
        with transaction.atomic():
            decision.save()
    except IntegrityError:
        # Recorded by someone else a moment ago (same number and issuer): that row is the document.
        found = find_decision(number=number, date=date, issuer=issuer)
        if found is None:
            # The same number of that year recorded a moment ago with another date: refused as check_decision
            # refuses it when the other row was there first.
            check_decision(number=number, date=date, issuer=issuer)
            raise
        return found
    return decision


def cite(decision: Decision | NewDecision | None, *, kind: str | None = None, by=None) -> Decision | None:
    """The document a change cites: a chosen one as it is, a typed one recorded (`record_decision`),
    None when there is none (the caller decides whether one is required)."""
    if isinstance(decision, NewDecision):
        return record_decision(
            number=decision.number,
            date=decision.date,
            issuer=decision.issuer,
            subject=decision.subject,
            kind=kind,
            by=by,
        )
    if decision is not None and decision.pk is None:
        raise ValidationError({"decision": _("Văn bản được chọn chưa được ghi nhận.")})
    return decision
