"""Reading a .docx back (python-docx and its XML) for the layout tests."""

from __future__ import annotations

import io

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

TWIPS_PER_MM = 1440 / 25.4


def open_docx(data: bytes):
    return Document(io.BytesIO(data))


def mm(twips: str | int) -> float:
    return round(int(twips) / TWIPS_PER_MM, 1)


def grid_and_cell_widths(table) -> tuple[list[float], list[float]]:
    grid = [mm(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    cells = [mm(tc.tcPr.find(qn("w:tcW")).get(qn("w:w"))) for tc in table._tbl.tr_lst[0].tc_lst]
    return grid, cells


def layout_type(table) -> str | None:
    found = table._tbl.tblPr.find(qn("w:tblLayout"))
    return None if found is None else found.get(qn("w:type"))


def cell_lines(cell) -> list[str]:
    return [p.text for p in cell.paragraphs]


def run_with(container, text: str):
    """The first run whose paragraph reads `text`."""
    for p in container.paragraphs:
        if p.text == text:
            return p.runs[0]
    raise AssertionError(f"no paragraph reads {text!r}: {[p.text for p in container.paragraphs]}")


def all_runs(document):
    for p in document.paragraphs:
        yield from p.runs
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                for p in cell.paragraphs:
                    yield from p.runs


def language(r_pr) -> str | None:
    lang = None if r_pr is None else r_pr.find(qn("w:lang"))
    return None if lang is None else lang.get(qn("w:val"))


def default_language(document) -> str | None:
    defaults = document.styles.element.find(qn("w:docDefaults"))
    return language(defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")))


def space_after(paragraph, document) -> Pt:
    own = paragraph.paragraph_format.space_after
    return own if own is not None else document.styles["Normal"].paragraph_format.space_after


def has_page_field(header) -> bool:
    return any("PAGE" in (t.text or "") for t in header._element.iter(qn("w:instrText")))
