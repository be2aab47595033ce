"""Validators for the official numbering of documents (Decree 30/2020/NĐ-CP and Party practice)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# "1830-QĐ/TU", "3323/QĐ-UBND", "13/2023/NĐ-CP", "08-TB/BCĐ": a number, then symbol parts
# joined by "-" or "/" (or "."); letters may carry Vietnamese diacritics.
DECISION_NUMBER = re.compile(r"^\d{1,6}[-/][^\W_]+(?:[-/.][^\W_]+)*$")


def normalize_decision_number(value: str) -> str:
    """Trim, drop a leading "Số", and remove spaces around separators: " 1830 - QĐ/TU " -> "1830-QĐ/TU"."""
    value = (value or "").strip()
    value = re.sub(r"^(số|so)\s*:?\s*", "", value, flags=re.IGNORECASE)
    return re.sub(r"\s*([-/.])\s*", r"\1", value)


def validate_decision_number(value: str) -> None:
    if not DECISION_NUMBER.match(value or ""):
        raise ValidationError(
            _("Số, ký hiệu “%(value)s” không đúng dạng. Ví dụ đúng: 1830-QĐ/TU, 3323/QĐ-UBND."),
            code="invalid_decision_number",
            params={"value": value},
        )
