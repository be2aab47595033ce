"""A committee's document as a .docx, laid out per Decree 30/2020/NĐ-CP (state layout) or Guidance
36-HD/VPTW (Party layout); docs/domain.md, "Official documents".

Both layouts: A4 portrait, margins top and bottom 20 mm, left 30 mm, right 15 mm; Times New Roman,
the document's language Vietnamese; a borderless two-column header (grid and cells alike, fixed):
state 65 + 100 mm, so the national title (95.7 mm at 13 pt bold, plus the cell's 2 mm margins)
stays on one line; Party 80 + 85 mm, since the right column holds only "ĐẢNG CỘNG
SẢN VIỆT NAM" and the date, and the issuing body stands on at most two balanced lines as in Decree
30's own samples (the clerk sets the break: `Letterhead.issuing_lines`); the type of
document and its subject centred in bold; a justified body with a 10 mm first-line indent and at
least 6 pt between paragraphs; "Nơi nhận:" ending with "- Lưu: VT, <the letterhead's filing code>."
(every document the same rule) beside the signature
(authority, position, room to sign, the signer's full name in bold); page numbers centred at the top
from page 2.

- State: left "UBND TỈNH NGHỆ AN" / issuing body bold / a short rule / "Số: 05/BC-BCĐ"; right
  "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" bold 13 pt / "Độc lập - Tự do - Hạnh phúc" bold 14 pt / a rule
  / the place and date in italics.
- Party: left "TỈNH ỦY NGHỆ AN" / issuing body bold / "*" / "Số 05-BC/BCĐ"; right "ĐẢNG CỘNG SẢN VIỆT
  NAM" bold and underlined / the place and date in italics.
An official letter (công văn) has no type line: its subject ("V/v ...") stands under its number.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable
from datetime import date
from typing import ParamSpec, TypeVar

from django.utils import translation
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm

from . import docx_parts as parts
from .models import IssuedDocument, Letterhead

PAGE_W, PAGE_H = 210, 297
TOP, BOTTOM, LEFT, RIGHT = 20, 20, 30, 15
TEXT_WIDTH = PAGE_W - LEFT - RIGHT  # 165 mm
LANDSCAPE_TEXT_WIDTH = PAGE_H - LEFT - RIGHT  # 252 mm
HEADER_COLUMNS = {Letterhead.Layout.STATE: (65.0, 100.0), Letterhead.Layout.PARTY: (80.0, 85.0)}
CLOSING_COLUMNS = (80.0, 85.0)
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
PARTY_TITLE = "ĐẢNG CỘNG SẢN VIỆT NAM"
CENTER, JUSTIFY, LEFT_ALIGN = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.LEFT

Kind = IssuedDocument.Kind
# The type line of each kind (an official letter has none).
TYPE_LINE = {
    Kind.REPORT: "BÁO CÁO",
    Kind.NOTICE: "THÔNG BÁO",
    Kind.PLAN: "KẾ HOẠCH",
    Kind.DECISION: "QUYẾT ĐỊNH",
    Kind.PROGRAM: "CHƯƠNG TRÌNH",
}


P = ParamSpec("P")
R = TypeVar("R")
OFFICIAL_LANGUAGE = "vi"


def in_official_language(func: Callable[P, R]) -> Callable[P, R]:
    """Run `func` with Vietnamese active, whatever language the clerk's interface shows: a document the
    committee issues, and the draft text it is made from, is written in the national language
    (Constitution of 2013, art. 5: the national language is Vietnamese). Wraps the builders of every
    official document (the month's report, the letter to late units, the notice of conclusions, the
    periodic report and its compiled draft)."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with translation.override(OFFICIAL_LANGUAGE):
            return func(*args, **kwargs)

    return wrapper


def filing_line(letterhead: Letterhead) -> str:
    """The last line of "Nơi nhận": "Lưu: VT, <the letterhead's filing code>." ("Lưu: VT." without one):
    the copy kept by the clerical office and by the drafting unit (Decree 30/2020/NĐ-CP, appendix I).
    Every document and every print view writes it through here."""
    code = " ".join((letterhead.filing_code or "").split())
    return _("Lưu: VT") + (f", {code}" if code else "") + "."


def date_line(day: date, place: str) -> str:
    """'Nghệ An, ngày 06 tháng 3 năm 2023': days below 10 and months 1-2 take a leading zero (Decree 30,
    appendix I; the Party writes dates the same way)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return _("%(place)s, ngày %(day)s tháng %(month)s năm %(year)s") % {
        "place": place,
        "day": f"{day.day:02d}",
        "month": month,
        "year": day.year,
    }


def _kind_name(kind: str) -> str:
    label = str(IssuedDocument.Kind(kind).label)
    return label[:1].upper() + label[1:].lower()


def annex_caption(letterhead: Letterhead, kind: str, number: str, issued_on: date | None, year: int | None) -> str:
    """ "(Kèm theo Báo cáo số 02-BC/BCĐ ngày 14/9/2023 của Ban Chỉ đạo …)": the document's kind, number, date
    (days below 10 and months 1-2 with a leading zero, as the date line; blank for a draft) and issuing committee
    (Decree 30/2020/NĐ-CP, appendix I)."""
    if issued_on is not None:
        month = f"{issued_on.month:02d}" if issued_on.month < 3 else str(issued_on.month)
        when = f"{issued_on.day:02d}/{month}/{issued_on.year}"
    else:
        gap = "\u00a0" * 4
        when = f"{gap}/{gap}/{year or gap}"
    if letterhead.committee_id is not None:
        body = letterhead.committee.name
    else:
        body = letterhead.issuing_body[:1] + letterhead.issuing_body[1:].lower()
    return _("(Kèm theo %(kind)s số %(number)s ngày %(date)s của %(body)s)") % {
        "kind": _kind_name(kind),
        "number": number,
        "date": when,
        "body": body,
    }


def blank_date_line(place: str, year: int | None = None) -> str:
    """The place and date of a draft not yet dated: 'Nghệ An, ngày     tháng     năm 2023'."""
    gap = "\u00a0" * 5
    return _("%(place)s, ngày %(day)s tháng %(month)s năm %(year)s") % {
        "place": place,
        "day": gap,
        "month": gap,
        "year": year if year else gap,
    }


class OfficialDocument:
    """A document of the committee whose letterhead is given, built in reading order:
    `heading`/`paragraph`/`bullet`/`table`, then `annex` for landscape annex tables, `closing` once,
    and `to_bytes`. `number` None prints the draft's blank ("Số:      /BC-BCĐ"); `issued_on` None
    leaves the day and month blank; `place` None takes the letterhead's."""

    def __init__(
        self,
        letterhead: Letterhead,
        *,
        kind: str,
        subject: str,
        number: str | None = None,
        issued_on: date | None = None,
        place: str | None = None,
        year: int | None = None,
    ):
        from .register import format_number

        self.letterhead = letterhead
        self.kind = kind
        self.party = letterhead.layout == Letterhead.Layout.PARTY
        self.number = number or format_number(letterhead, kind, None)
        self.issued_on = issued_on
        self.year = year
        self.place = place or letterhead.place
        self.document = Document()
        self.width = TEXT_WIDTH
        self._closed = False
        section = self.document.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(PAGE_W), Mm(PAGE_H)
        self._margins(section)
        parts.style_defaults(self.document)
        parts.page_number_header(section)
        self._header(subject, year or (issued_on.year if issued_on else None))

    @staticmethod
    def _margins(section) -> None:
        section.top_margin, section.bottom_margin = Mm(TOP), Mm(BOTTOM)
        section.left_margin, section.right_margin = Mm(LEFT), Mm(RIGHT)
        section.header_distance = Mm(10)
        section.footer_distance = Mm(10)

    # -- header ---------------------------------------------------------------------------------
    def _lines(self, cell, lines: list[tuple[str, dict]], width: float) -> None:
        first = True
        for text, fmt in lines:
            paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
            first = False
            parts.spacing(paragraph, after=0, align=CENTER)
            rule = fmt.pop("rule", None)
            parts.run(paragraph, text, **fmt)
            if rule:
                line = cell.add_paragraph()
                parts.spacing(line, after=0, align=CENTER)
                parts.tiny(line)
                parts.rule_under(line, rule, width)

    def _header(self, subject: str, year: int | None) -> None:
        lh = self.letterhead
        columns = HEADER_COLUMNS[Letterhead.Layout.PARTY if self.party else Letterhead.Layout.STATE]
        left_w, right_w = columns
        table = parts.fixed_table(self.document, list(columns), borders=False)
        names = lh.issuing_lines()
        left, right = table.rows[0].cells
        when = date_line(self.issued_on, self.place) if self.issued_on else blank_date_line(self.place, year)
        letter = self.kind == Kind.LETTER
        if self.party:
            left_lines = [
                (lh.governing_body, {"size": 14}),
                *((name, {"size": 14, "bold": True}) for name in names),
                ("*", {"size": 14}),
                (_("Số %(number)s") % {"number": self.number}, {"size": 14}),
            ]
            right_lines = [
                (PARTY_TITLE, {"size": 15, "bold": True, "underline": True}),
                ("", {"size": 8}),
                (when, {"size": 14, "italic": True}),
            ]
        else:
            left_lines = [
                (lh.governing_body, {"size": 13}),
                *((name, {"size": 13, "bold": True}) for name in names[:-1]),
                (names[-1] if names else "", {"size": 13, "bold": True, "rule": 25}),
                ("", {"size": 8}),
                (_("Số: %(number)s") % {"number": self.number}, {"size": 13}),
            ]
            right_lines = [
                (NATIONAL_TITLE, {"size": 13, "bold": True}),
                (MOTTO, {"size": 14, "bold": True, "rule": 61}),
                ("", {"size": 8}),
                (when, {"size": 14, "italic": True}),
            ]
        if not lh.governing_body:
            left_lines = left_lines[1:]
        if letter:
            left_lines.append((_("V/v %(subject)s") % {"subject": subject}, {"size": 12}))
        self._lines(left, left_lines, left_w)
        self._lines(right, right_lines, right_w)
        if not letter:
            type_line = TYPE_LINE.get(Kind(self.kind), "")
            p = self.document.add_paragraph()
            parts.spacing(p, before=18, after=0, align=CENTER)
            parts.run(p, type_line, size=16 if self.party else 14, bold=True)
            p = self.document.add_paragraph()
            parts.spacing(p, before=0, after=0, align=CENTER)
            parts.run(p, subject, size=14, bold=True)
            p = self.document.add_paragraph()
            parts.spacing(p, after=12, align=CENTER)
            if self.party:
                parts.run(p, "-----", size=14)
            else:
                parts.tiny(p)
                parts.rule_under(p, 40, self.width)
        else:
            p = self.document.add_paragraph()
            parts.spacing(p, after=6)

    # -- body -----------------------------------------------------------------------------------
    def addressees(self, names: list[str]) -> None:
        """ "Kính gửi:" and the addressees (one line, or a "- name;" line each), as an official letter
        opens (Decree 30, appendix I)."""
        p = self.document.add_paragraph()
        parts.spacing(p, before=6, after=6, align=CENTER if len(names) == 1 else LEFT_ALIGN)
        if len(names) == 1:
            parts.run(p, _("Kính gửi: %(name)s.") % {"name": names[0]}, size=14)
            return
        p.paragraph_format.left_indent = Mm(40)
        parts.run(p, _("Kính gửi:"), size=14)
        for i, name in enumerate(names):
            q = self.document.add_paragraph()
            parts.spacing(q, after=0 if i < len(names) - 1 else 6, align=LEFT_ALIGN)
            q.paragraph_format.left_indent = Mm(50)
            parts.run(q, f"- {name}" + ("." if i == len(names) - 1 else ";"), size=14)

    def heading(self, text: str, level: int = 1) -> None:
        """A section heading in bold ("I. ...", level 1) or bold italic ("1. ...", level 2), indented
        like the body."""
        p = self.document.add_paragraph()
        parts.spacing(p, before=6, after=6, align=JUSTIFY)
        p.paragraph_format.first_line_indent = Mm(10)
        p.paragraph_format.keep_with_next = True
        parts.run(p, text, size=14, bold=True, italic=level > 1)

    def paragraph(self, text: str, *, indent: bool = True, bold: bool = False, italic: bool = False) -> None:
        """A justified paragraph with a 10 mm first-line indent and 6 pt after."""
        p = self.document.add_paragraph()
        parts.spacing(p, after=6, align=JUSTIFY)
        if indent:
            p.paragraph_format.first_line_indent = Mm(10)
        parts.run(p, text, size=14, bold=bold, italic=italic)

    def bullet(self, text: str) -> None:
        """A listed item: "- text", indented like a paragraph."""
        self.paragraph(f"- {text}")

    def table(self, headers: list[str], rows: list[list], widths_mm: list[float] | None = None) -> None:
        """A bordered table across the text width (columns `widths_mm`, scaled to fit; equal when
        None), the header row bold and repeated on each page, 12 pt (13 pt headers)."""
        count = len(headers)
        widths = list(widths_mm) if widths_mm else [1.0] * count
        scale = self.width / sum(widths)
        widths = [round(w * scale, 1) for w in widths]
        table = parts.fixed_table(self.document, widths, borders=True, rows=1 + len(rows))
        parts.repeat_header(table.rows[0])
        for cell, header in zip(table.rows[0].cells, headers, strict=True):
            parts.spacing(cell.paragraphs[0], before=3, after=3, align=CENTER)
            parts.run(cell.paragraphs[0], str(header), size=13, bold=True)
        for row, values in zip(table.rows[1:], rows, strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                numeric = isinstance(value, int | float)
                parts.spacing(cell.paragraphs[0], before=3, after=3, align=CENTER if numeric else LEFT_ALIGN)
                parts.run(cell.paragraphs[0], "" if value is None else str(value), size=12)
        p = self.document.add_paragraph()
        parts.spacing(p, after=6)

    def annex(self, title: str, subtitle: str = "") -> None:
        """A new landscape section for an annex ("PHỤ LỤC ..."), its title centred in bold; page
        numbers go on. Put `closing` before the first annex."""
        section = self.document.add_section(WD_SECTION.NEW_PAGE)
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(PAGE_H), Mm(PAGE_W)
        self._margins(section)
        section.different_first_page_header_footer = False
        self.width = LANDSCAPE_TEXT_WIDTH
        p = self.document.add_paragraph()
        parts.spacing(p, after=0, align=CENTER)
        parts.run(p, title, size=14, bold=True)
        if subtitle:
            p = self.document.add_paragraph()
            parts.spacing(p, after=0, align=CENTER)
            parts.run(p, subtitle, size=14, italic=True)
        p = self.document.add_paragraph()
        parts.spacing(p, after=6, align=CENTER)
        parts.run(p, self.annex_caption(), size=13, italic=True)

    def annex_caption(self) -> str:
        """The caption under an annex's title (module function `annex_caption`)."""
        return annex_caption(self.letterhead, self.kind, self.number, self.issued_on, self.year)

    def _kind_name(self) -> str:
        return _kind_name(self.kind)

    # -- closing --------------------------------------------------------------------------------
    def closing(
        self,
        recipients: list[str],
        authority: str | None = None,
        position: str | None = None,
        signer_name: str | None = None,
    ) -> None:
        """ "Nơi nhận:" (each recipient a line "- ...;", the last "- Lưu: VT, <filing code>." with the
        letterhead's `filing_code`, the drafting unit's; "- Lưu: VT." when it has none: Decree 30,
        appendix I, the file copy at the clerical office and at the drafting unit) beside the signature:
        the authority ("TM. BAN CHỈ ĐẠO"), the position ("TRƯỞNG BAN"), room to sign and the signer's
        full name in bold. None takes the letterhead's."""
        lh = self.letterhead
        authority = lh.signing_authority if authority is None else authority
        position = lh.signer_position if position is None else position
        signer_name = lh.signer_name if signer_name is None else signer_name
        lines = [r.strip().rstrip(";.").lstrip("- ").strip() for r in recipients if r and r.strip()]
        lines = [r for r in lines if not r.lower().startswith(("lưu:", "lưu "))]
        filing = filing_line(lh)
        table = parts.fixed_table(self.document, list(CLOSING_COLUMNS), borders=False)
        parts.keep_together(table.rows[0])
        left, right = table.rows[0].cells
        p = left.paragraphs[0]
        parts.spacing(p, after=0, align=LEFT_ALIGN)
        if self.party:
            parts.run(p, _("Nơi nhận:"), size=14, underline=True)
        else:
            parts.run(p, _("Nơi nhận:"), size=12, bold=True, italic=True)
        for line in [*(f"- {r};" for r in lines), f"- {filing}"]:
            q = left.add_paragraph()
            parts.spacing(q, after=0, align=LEFT_ALIGN)
            parts.run(q, line, size=12 if self.party else 11)
        signature = []
        if authority:
            signature.append((authority, {"size": 14, "bold": True}))
        signature.append((position, {"size": 14, "bold": True}))
        signature += [("", {"size": 14})] * 4
        signature.append((signer_name, {"size": 14, "bold": True}))
        self._lines(right, signature, CLOSING_COLUMNS[1])
        self._closed = True

    def to_bytes(self) -> bytes:
        """The .docx file."""
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()
