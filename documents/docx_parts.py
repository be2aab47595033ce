"""Low-level pieces of a .docx (python-docx and its XML) used by `documents.layout`: runs with the
font and the language set, fixed-width tables whose grid matches their cells, paragraph borders
used as the short rules of the header, the page-number field."""

from __future__ import annotations

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from core.text import clean_text

FONT = "Times New Roman"
LANGUAGE = "vi-VN"
TWIPS_PER_MM = 1440 / 25.4


def twips(mm: float) -> int:
    return round(mm * TWIPS_PER_MM)


def set_language(r_pr) -> None:
    """Mark a run's (or the defaults') text Vietnamese, so Word checks the spelling in Vietnamese."""
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        r_pr.append(lang)
    for key in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(key), LANGUAGE)


def style_defaults(document, *, size: int = 14) -> None:
    """Times New Roman, `size` pt and the Vietnamese language as the document's defaults (docDefaults
    and the Normal style), paragraphs 6 pt apart with single line spacing."""
    styles = document.styles.element
    doc_defaults = styles.find(qn("w:docDefaults"))
    r_pr_default = doc_defaults.find(qn("w:rPrDefault"))
    if r_pr_default is None:
        r_pr_default = OxmlElement("w:rPrDefault")
        doc_defaults.insert(0, r_pr_default)
    r_pr = r_pr_default.find(qn("w:rPr"))
    if r_pr is None:
        r_pr = OxmlElement("w:rPr")
        r_pr_default.append(r_pr)
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for key in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(key), FONT)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    set_language(r_pr)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(size)
    normal.element.get_or_add_rPr()
    set_language(normal.element.rPr)
    fmt = normal.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(6)
    fmt.line_spacing = 1.0


def run(paragraph, text: str, *, size: float = 14, bold=False, italic=False, underline=False):
    """A run of `text` (cleaned of characters a .docx cannot hold, e.g. a Word line break typed into a
    name) in Times New Roman `size` pt, marked Vietnamese."""
    r = paragraph.add_run(clean_text(text, multiline=True))
    r.font.name = FONT
    r.font.size = Pt(size)
    r.bold = bold
    r.italic = italic
    r.underline = underline
    r_pr = r._element.get_or_add_rPr()
    r_pr.rFonts.set(qn("w:eastAsia"), FONT)
    r_pr.rFonts.set(qn("w:cs"), FONT)
    set_language(r_pr)
    return r


def spacing(paragraph, *, before: float = 0, after: float = 6, align=None) -> None:
    fmt = paragraph.paragraph_format
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    if align is not None:
        paragraph.alignment = align


def tiny(paragraph, size: float = 5) -> None:
    """Make an empty paragraph (a rule's holder) `size` pt high: exact line spacing."""
    paragraph.paragraph_format.line_spacing = Pt(size)


def rule_under(paragraph, width_mm: float, cell_mm: float) -> None:
    """A short centred line under `paragraph` (the rule under the issuing body, the motto or the
    subject): a bottom border with indents leaving `width_mm` of the `cell_mm` wide column."""
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "auto")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    p_pr.insert_element_before(
        borders, "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:spacing", "w:ind", "w:jc", "w:rPr"
    )
    side = max(0.0, (cell_mm - width_mm) / 2)
    paragraph.paragraph_format.left_indent = Mm(side)
    paragraph.paragraph_format.right_indent = Mm(side)


def fixed_table(container, widths_mm: list[float], *, borders: bool, rows: int = 1):
    """A table of fixed layout whose grid (w:tblGrid) and cells (w:tcW) have the same widths, so Word
    and LibreOffice draw the columns as asked; centred, with or without borders."""
    table = container.add_table(rows=rows, cols=len(widths_mm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    width = OxmlElement("w:tblW")
    width.set(qn("w:w"), str(sum(twips(w) for w in widths_mm)))
    width.set(qn("w:type"), "dxa")
    for old in tbl_pr.findall(qn("w:tblW")):
        tbl_pr.remove(old)
    tbl_pr.append(width)
    layout = tbl_pr.find(qn("w:tblLayout"))
    if layout is None:
        layout = OxmlElement("w:tblLayout")
        tbl_pr.append(layout)
    layout.set(qn("w:type"), "fixed")
    edges = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        if borders:
            for key, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "0"), ("w:color", "auto")):
                element.set(qn(key), value)
        else:
            element.set(qn("w:val"), "nil")
        edges.append(element)
    tbl_pr.append(edges)
    for grid_col, w in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths_mm, strict=True):
        grid_col.set(qn("w:w"), str(twips(w)))
    for row in table.rows:
        set_cell_widths(row, widths_mm)
    return table


def set_cell_widths(row, widths_mm: list[float]) -> None:
    for cell, w in zip(row.cells, widths_mm, strict=True):
        cell.width = Mm(w)
        tc_w = cell._tc.get_or_add_tcPr().find(qn("w:tcW"))
        tc_w.set(qn("w:w"), str(twips(w)))
        tc_w.set(qn("w:type"), "dxa")


def repeat_header(row) -> None:
    """Repeat the table's header row at the top of each page."""
    tr_pr = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    tr_pr.append(element)


def page_number_header(section, *, size: int = 13) -> None:
    """The page number centred at the top of every page but the first (different first page)."""
    section.different_first_page_header_footer = True
    section.header.is_linked_to_previous = False
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for tag, attrs, text in (
        ("w:fldChar", {"w:fldCharType": "begin"}, None),
        ("w:instrText", {"xml:space": "preserve"}, " PAGE "),
        ("w:fldChar", {"w:fldCharType": "separate"}, None),
        ("w:t", {}, "2"),
        ("w:fldChar", {"w:fldCharType": "end"}, None),
    ):
        element = OxmlElement(tag)
        for key, value in attrs.items():
            element.set(qn(key), value)
        if text:
            element.text = text
        run(paragraph, "", size=size)._element.append(element)
