"""An issued .docx converted to PDF by LibreOffice (as a reader without Word would see it): the
expected number of pages, the national title on one line, page numbers from page 2, a landscape annex.

How: `soffice --headless --convert-to pdf` (Debian's libreoffice-writer-nogui), then poppler-utils'
`pdfinfo` (pages, page sizes) and `pdftotext -layout` (the text as laid out, line by line). LibreOffice
draws Times New Roman with the metric-compatible Liberation Serif, so line breaks are Word's.
Both programs are installed by .ci/run; outside CI the test is skipped when they are missing."""

import io
import os
import re
import shutil
import subprocess
from datetime import date

import pytest

from documents.layout import NATIONAL_TITLE
from documents.letterheads import letterhead_for
from documents.register import issue

from .test_layout import PARTY, Kind

TOOLS = ("soffice", "pdftotext", "pdfinfo")
needs_tools = pytest.mark.skipif(
    not all(shutil.which(t) for t in TOOLS) and not os.environ.get("CI"),
    reason="LibreOffice and poppler-utils are installed by .ci/run",
)


def to_pdf(docx: bytes, tmp_path) -> str:
    source = tmp_path / "van-ban.docx"
    source.write_bytes(docx)
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/lo-profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return str(tmp_path / "van-ban.pdf")


def pages(pdf: str) -> list[str]:
    """The text of each page, laid out."""
    text = subprocess.run(["pdftotext", "-layout", pdf, "-"], check=True, capture_output=True, text=True).stdout
    return text.split("\f")[:-1]


def page_sizes(pdf: str) -> list[tuple[int, int]]:
    out = subprocess.run(["pdfinfo", "-f", "1", "-l", "99", pdf], check=True, capture_output=True, text=True).stdout
    return [(round(float(w)), round(float(h))) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", out)]


def docx_bytes(letterhead, signer_name=None, **kw) -> bytes:
    from documents.layout import OfficialDocument

    doc = OfficialDocument(letterhead, kind=Kind.REPORT, subject="Kết quả quý III năm 2023", **kw)
    doc.heading("I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH")
    for i in range(12):  # enough text for a second portrait page
        doc.paragraph(
            f"Đoạn {i + 1}. " + "Các cơ quan, đơn vị triển khai nhiệm vụ cải cách hành chính đúng kế hoạch. " * 3
        )
    doc.closing(["Thường trực Tỉnh ủy (để b/c)"], signer_name=signer_name)
    doc.annex("PHỤ LỤC I")
    doc.table(["TT", "Nhiệm vụ"], [[1, "Rà soát thủ tục hành chính"]], widths_mm=[15, 200])
    return doc.to_bytes()


@needs_tools
@pytest.mark.django_db
def test_an_issued_report_as_pdf_keeps_its_layout(working_group, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    document = issue(
        committee=working_group,
        kind=Kind.REPORT,
        issued_on=date(2023, 10, 5),
        title="Kết quả quý III năm 2023",
        signer_name="Đỗ Văn L",
        signer_position="TỔ TRƯỞNG",
        by=None,
        render=lambda doc: docx_bytes(
            letterhead_for(working_group), number=doc.number, issued_on=doc.issued_on, signer_name=doc.signer_name
        ),
        filename="bao-cao.docx",
    )
    assert document.number == "01/BC-TCT"
    with document.file.open("rb") as fh:
        pdf = to_pdf(fh.read(), tmp_path)
    texts = pages(pdf)
    # Two portrait pages of report and one landscape annex page (A4: 595 x 842 pt).
    assert page_sizes(pdf) == [(595, 842), (595, 842), (842, 595)]
    assert len(texts) == 3
    first = texts[0].splitlines()
    title_lines = [line for line in first if "CỘNG HÒA" in line or "VIỆT NAM" in line]
    assert len(title_lines) == 1 and NATIONAL_TITLE in title_lines[0]  # one line, whole
    assert any("Độc lập - Tự do - Hạnh phúc" in line for line in first)
    assert any("Nghệ An, ngày 05 tháng 10 năm 2023" in line for line in first)
    # The page number: none on page 1, "2" and "3" alone on the first line of the next pages.
    assert texts[1].strip().splitlines()[0].strip() == "2"
    assert texts[2].strip().splitlines()[0].strip() == "3"
    assert not first[0].strip().isdigit()
    assert any("Số: 01/BC-TCT" in line for line in first)
    assert any("Đỗ Văn L" in line for page in texts for line in page.splitlines())


@needs_tools
def test_the_party_header_as_pdf(tmp_path):
    pdf = to_pdf(_party_bytes(), tmp_path)
    first = pages(pdf)[0].splitlines()
    assert len(pages(pdf)) == 1
    assert any("ĐẢNG CỘNG SẢN VIỆT NAM" in line and "TỈNH ỦY NGHỆ AN" in line for line in first)
    assert any("Số 05-BC/BCĐ" in line for line in first)


def _party_bytes() -> bytes:
    from documents.layout import OfficialDocument

    doc = OfficialDocument(
        PARTY, kind=Kind.REPORT, subject="Kết quả quý III", number="05-BC/BCĐ", issued_on=date(2023, 10, 5)
    )
    doc.paragraph("Nội dung.")
    doc.closing(["Thường trực Tỉnh ủy"])
    return doc.to_bytes()


def _left_column(first: list[str], width: int) -> list[str]:
    """The header's left column as pdftotext -layout lays it out: the text before the right column."""
    return [line[:width].strip() for line in first[:8] if line[:width].strip()]


@needs_tools
@pytest.mark.django_db
def test_the_seeded_headers_stand_on_balanced_lines(reference_data, tmp_path):
    """The provincial letterhead as seeded (Party) and the default of a state committee: the issuing
    body on two lines, no line of a single word; the national title on one line."""
    from documents.layout import OfficialDocument
    from documents.letterheads import default_letterhead
    from documents.seed import load
    from members import seed as members_seed
    from members.selectors import provincial_committee

    members_seed.load(demo=False, stdout=io.StringIO())
    load(demo=False, stdout=io.StringIO())
    party = letterhead_for(provincial_committee())
    state = default_letterhead(provincial_committee())
    state.layout, state.governing_body = state.Layout.STATE, "UBND TỈNH NGHỆ AN"
    for name, letterhead in (("party", party), ("state", state)):
        doc = OfficialDocument(letterhead, kind=Kind.REPORT, subject="Kết quả quý III", issued_on=date(2023, 10, 5))
        doc.paragraph("Nội dung.")
        doc.closing(["Thường trực Tỉnh ủy"])
        folder = tmp_path / name
        folder.mkdir()
        first = pages(to_pdf(doc.to_bytes(), folder))[0].splitlines()
        # The right column starts where "ĐẢNG CỘNG SẢN" or "CỘNG HÒA" starts on the first line.
        start = first[0].find("ĐẢNG" if name == "party" else "CỘNG HÒA")
        left = _left_column(first, start)
        body = [line for line in left if "BAN CHỈ ĐẠO" in line or "HÀNH CHÍNH" in line]
        assert len(body) == 2, (name, left)
        assert all(len(line.split()) > 1 for line in left if line not in ("*",) and not line.startswith("Số")), left
        if name == "state":
            assert sum("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in line for line in first) == 1
