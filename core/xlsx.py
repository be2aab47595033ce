"""Writing .xlsx workbooks a clerk can trust, for every export: strings are always text, dates are
dd/mm/yyyy and moments dd/mm/yyyy hh:mm in Vietnam's time.

A spreadsheet cell written from user text must never be a formula: openpyxl stores a string that
begins with "=" as a formula (and "#N/A" as an error), and Excel or LibreOffice evaluate it when the
file is opened. Every string written through `append_row` is stored as a plain string; one that
begins with =, +, -, @, a tab or a carriage return (what a spreadsheet reads as the start of a
formula), or one that a spreadsheet would read as a number or a date when the cell is edited (a
phone number "0912345678", a code "01", "30/6/2023"), is also marked quote-prefixed, so it stays text
when someone edits the cell. Strings are cleaned with `core.text.clean_text` first: a control
character such as Word's manual line break (U+000B), which old rows may still hold, would otherwise
make openpyxl refuse the whole export.

Dates are written as dates with the number format DD/MM/YYYY; date-times are converted to
Asia/Ho_Chi_Minh (settings.TIME_ZONE) and written naive (Excel has no time zones) with
DD/MM/YYYY HH:MM, so no export shows yyyy-mm-dd.

Use `new_workbook()`, `append_row()` for every row and `to_bytes()`; an export never calls
`sheet.append` with user text directly (tests/core/test_exports_text.py checks the modules).
"""

import re
from collections.abc import Iterable
from datetime import date, datetime
from io import BytesIO

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from .text import clean_text

# What a spreadsheet reads as the start of a formula (a CR is already a newline after safe_text).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
# What a spreadsheet turns into a number, a percent or a date when the cell is edited.
NUMBER_LIKE = re.compile(r"^\s*[(]?[\d.,/:% ]*\d[\d.,/:% ]*[)]?\s*$")
DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"


def new_workbook() -> Workbook:
    """An empty workbook (one sheet, `workbook.active`)."""
    return Workbook()


def safe_text(value: str) -> str:
    """A string as it can be written to a cell: NFC, no control characters but tab and newline."""
    return clean_text(value, multiline=True)


def local_naive(value: datetime) -> datetime:
    """An aware moment as Vietnam's wall-clock time without tzinfo (what a cell can hold); a naive one as is."""
    return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value


def _cell_value(value):
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, datetime):
        return local_naive(value)
    return value


def append_row(sheet: Worksheet, values: Iterable) -> None:
    """Append one row. Strings become text cells (never formulas; quote-prefixed when they look like a
    formula, a number or a date); dates get DD/MM/YYYY, date-times (aware ones converted to
    Asia/Ho_Chi_Minh) DD/MM/YYYY HH:MM; numbers and None are written as given."""
    values = [_cell_value(v) for v in values]
    sheet.append(values)
    row = sheet.max_row
    for column, value in enumerate(values, start=1):
        if isinstance(value, str) and value:
            cell = sheet.cell(row=row, column=column)
            cell.data_type = "s"
            if value.startswith(FORMULA_STARTS) or NUMBER_LIKE.match(value):
                cell.quotePrefix = True
        elif isinstance(value, datetime):
            sheet.cell(row=row, column=column).number_format = DATETIME_FORMAT
        elif isinstance(value, date):
            sheet.cell(row=row, column=column).number_format = DATE_FORMAT


def to_bytes(workbook: Workbook) -> bytes:
    """The workbook as .xlsx bytes."""
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()
