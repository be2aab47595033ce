"""Writing .xlsx workbooks whose strings are always text, for every export.

A spreadsheet cell written from user text must never be a formula: openpyxl stores a string that
begins with "=" as a formula (and "#N/A" as an error), and Excel or LibreOffice evaluate it when the
file is opened. Every string written through `append_row` is stored as a plain string; one that
begins with =, +, -, @, a tab or a carriage return (what a spreadsheet reads as the start of a
formula) is also marked quote-prefixed, so it stays text when someone edits the cell. Strings are
cleaned with `core.text.clean_text` first: a control character such as Word's manual line break
(U+000B), which old rows may still hold, would otherwise make openpyxl refuse the whole export.

Use `new_workbook()`, `append_row()` for every row and `to_bytes()`; an export never calls
`sheet.append` with user text directly (tests/core/test_exports_text.py checks the modules).
"""

from collections.abc import Iterable
from io import BytesIO

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from .text import clean_text

# What a spreadsheet reads as the start of a formula (a CR is already a newline after safe_text).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def new_workbook() -> Workbook:
    return Workbook()


def safe_text(value: str) -> str:
    """A string as it can be written to a cell: NFC, no control characters but tab and newline."""
    return clean_text(value, multiline=True)


def append_row(sheet: Worksheet, values: Iterable) -> None:
    """Append one row; strings become text cells (never formulas), other values are written as given
    (numbers, dates, None)."""
    values = [safe_text(v) if isinstance(v, str) else v for v in values]
    sheet.append(values)
    row = sheet.max_row
    for column, value in enumerate(values, start=1):
        if isinstance(value, str) and value:
            cell = sheet.cell(row=row, column=column)
            cell.data_type = "s"
            if value.startswith(FORMULA_STARTS):
                cell.quotePrefix = True


def to_bytes(workbook: Workbook) -> bytes:
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()
