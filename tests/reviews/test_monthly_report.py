"""The month's report: the .docx reads back with the Decree 30 header parts; the .xlsx holds the rows."""

import io
from datetime import date, datetime

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from reviews.monthly_report import date_line
from reviews.reminders import run_cycle
from tasks.models import ProgressReport
from tests.reviews.review_world import MAY, at, build, report

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(cast, committee, department, other_department):
    w = build(cast, committee, department, other_department)
    report(w.tasks[0], at_moment=at(date(2023, 5, 24)), by=cast["focal_point"])
    run_cycle(committee=committee, month=MAY, now=at(date(2023, 5, 26)))
    return w


def _url(world, name):
    return reverse(name, kwargs={"committee": world.committee.pk, "year": 2023, "month": 5})


def test_the_place_and_date_line_follows_decree_30():
    assert date_line(date(2023, 3, 6)) == "Nghệ An, ngày 06 tháng 3 năm 2023"
    assert date_line(date(2023, 1, 15)) == "Nghệ An, ngày 15 tháng 01 năm 2023"


def test_the_docx_opens_and_has_the_decree_30_header(world, clients):
    response = clients["secretariat"].get(_url(world, "reviews:review_docx"))
    assert response.status_code == 200 and response["Content-Disposition"].endswith('.docx"')
    doc = Document(io.BytesIO(response.content))
    section = doc.sections[0]
    # Word stores lengths in twentieths of a point: compare to the millimetre.
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(m.mm) for m in margins] == [20, 20, 30, 15]
    header = doc.tables[0]
    left, right = (cell.text for cell in header.rows[0].cells)
    # The committee was set up by the Tỉnh ủy's standing board: the Party layout, the names in full.
    assert left.split("\n") == [
        "TỈNH ỦY NGHỆ AN",
        "BAN CHỈ ĐẠO CẢI CÁCH",  # two balanced lines (Decree 30's samples)
        "HÀNH CHÍNH TỈNH",
        "*",
        "Số " + "\u00a0" * 6 + "-BC/BCĐ",
    ]
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in right and "CỘNG HÒA" not in right
    # No date chosen: a draft with the day and month left blank, in the year of the month's deadline.
    assert "Nghệ An, ngày \u00a0" in right and right.rstrip().endswith("năm 2023")
    assert "w:tblBorders" in header._tbl.xml and 'w:val="nil"' in header._tbl.xml
    texts = [p.text for p in doc.paragraphs]
    assert "BÁO CÁO" in texts
    assert any("tháng 05/2023" in t for t in texts)
    assert any("Sở Xây dựng: 1 nhiệm vụ" in t for t in texts)
    footer = doc.tables[-1].rows[0].cells[0].text
    assert footer.startswith("Nơi nhận:") and footer.rstrip().endswith("- Lưu: VT, BPTT.")
    fonts = {r.font.name for p in doc.paragraphs for r in p.runs}
    assert fonts == {"Times New Roman"}


def test_the_xlsx_holds_the_rows(world, clients):
    response = clients["leadership"].get(_url(world, "reviews:review_xlsx"))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["Nhiệm vụ"]
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    assert [(r[1], r[4], r[7]) for r in rows] == [
        ("1", "Sở Nội vụ", "Đúng hạn"),
        ("3", "Sở Nội vụ", "Chưa báo cáo"),
        ("2", "Sở Xây dựng", "Chưa báo cáo"),
    ]
    assert sheet.cell(row=3, column=3).value == "Nội dung nhiệm vụ"
    log = list(book["Nhật ký nhắc việc"].iter_rows(min_row=2, values_only=True))
    assert len(log) == 5 and all(row[3] is not None for row in log)  # sent; the member reported on time
    units = {r[0]: r[2:] for r in book["Theo đơn vị"].iter_rows(min_row=2, values_only=True)}
    assert units["Sở Nội vụ"] == (2, 1, 0, 1, 50)


def test_the_xlsx_says_a_returned_report_was_returned_and_when_it_was_sent(world, clients):
    sent = at(date(2023, 5, 15), 10)
    report(world.tasks[1], at_moment=sent, by=world.focal.user, status=ProgressReport.Status.RETURNED)
    board = clients["leadership"].get(_url(world, "reviews:review_board")).content.decode()
    assert "bị trả lại, chưa gửi lại" in board
    response = clients["leadership"].get(_url(world, "reviews:review_xlsx"))
    rows = list(load_workbook(io.BytesIO(response.content))["Nhiệm vụ"].iter_rows(min_row=4, values_only=True))
    returned = next(r for r in rows if r[1] == world.tasks[1].code)
    assert returned[7] == "Bị trả lại, chưa gửi lại"
    assert returned[8] == datetime(2023, 5, 15, 10, 0)  # the moment, in Vietnam's time
    assert [r[7] for r in rows if r[1] != world.tasks[1].code] == ["Đúng hạn", "Chưa báo cáo"]


def test_the_clerk_chooses_the_place_the_date_and_the_signer_of_the_draft(world, clients):
    response = clients["secretariat"].get(
        _url(world, "reviews:review_docx"),
        {
            "place": "Vinh",
            "issued_on": "05/06/2023",
            "signer_name": "Nguyễn Văn Thông",
            "signer_position": "PHÓ TRƯỞNG BAN",
        },
    )
    assert response.status_code == 200
    doc = Document(io.BytesIO(response.content))
    assert "Vinh, ngày 05 tháng 6 năm 2023" in doc.tables[0].rows[0].cells[1].text
    signature = doc.tables[-1].rows[0].cells[1].text.split("\n")
    assert signature[1] == "PHÓ TRƯỞNG BAN" and signature[-1] == "Nguyễn Văn Thông"


def test_a_bad_date_of_the_draft_is_shown_on_the_board(world, clients):
    response = clients["secretariat"].get(_url(world, "reviews:review_docx"), {"issued_on": "31/02/2023"})
    assert response.status_code == 400
    assert "Ngày không hợp lệ" in response.content.decode()


def test_issuing_the_report_numbers_it_keeps_it_in_the_register_and_links_it_to_the_month(world, clients):
    from documents.models import IssuedDocument
    from reviews.models import MonthlyReview

    url = _url(world, "reviews:review_issue")
    refused = clients["secretariat"].post(url, {"issue-place": "Nghệ An", "issue-issued_on": ""})
    assert refused.status_code == 400 and "Hãy nhập ngày ban hành báo cáo" in refused.content.decode()
    assert not IssuedDocument.objects.exists()
    data = {"issue-place": "Nghệ An", "issue-issued_on": "06/06/2023", "issue-signer_name": "Thái Thanh Quý"}
    # Section IV is the secretariat's assessment: no report is issued without it.
    unassessed = clients["secretariat"].post(url, data)
    assert unassessed.status_code == 400 and "Chưa có đánh giá của Bộ phận Thường trực" in unassessed.content.decode()
    assert not IssuedDocument.objects.exists()
    assess = reverse("reviews:review_assess", kwargs={"committee": world.committee.pk, "year": 2023, "month": 5})
    clients["secretariat"].post(assess, {"assessment": "Các đơn vị báo cáo cơ bản đúng hạn."})
    response = clients["secretariat"].post(url, data)
    assert response.status_code == 302
    document = IssuedDocument.objects.get()
    assert (document.number, document.issued_on, document.kind) == ("01-BC/BCĐ", date(2023, 6, 6), "BC")
    assert MonthlyReview.objects.get(committee=world.committee, month=MAY).report == document
    with document.file.open("rb") as fh:
        doc = Document(io.BytesIO(fh.read()))
    left, right = (cell.text for cell in doc.tables[0].rows[0].cells)
    assert left.endswith("Số 01-BC/BCĐ") and "Nghệ An, ngày 06 tháng 6 năm 2023" in right
    assert document.decision.number == "01-BC/BCĐ"
    board = clients["secretariat"].get(_url(world, "reviews:review_board")).content.decode()
    assert "Đã ban hành: số 01-BC/BCĐ ngày 06/06/2023." in board
    again = clients["secretariat"].post(url, {"issue-issued_on": "07/06/2023"})
    assert again.status_code == 400 and IssuedDocument.objects.count() == 1


def test_the_letter_to_late_units_lists_each_unit_and_its_tasks_and_is_numbered_as_a_cong_van(world, clients):
    from documents.models import IssuedDocument

    draft = clients["leadership"].get(_url(world, "reviews:review_letter_docx"))
    assert draft.status_code == 200
    doc = Document(io.BytesIO(draft.content))
    left = doc.tables[0].rows[0].cells[0].text.split("\n")
    assert left[-1] == "V/v đôn đốc báo cáo tiến độ thực hiện nhiệm vụ cải cách hành chính tháng 05/2023"
    texts = [p.text for p in doc.paragraphs]
    assert "BÁO CÁO" not in texts and "Kính gửi:" in texts
    assert "- Sở Nội vụ;" in texts and "- Sở Xây dựng." in texts
    assert "1. Sở Nội vụ: 1 nhiệm vụ:" in texts and "2. Sở Xây dựng: 1 nhiệm vụ:" in texts
    assert any(t.startswith("- 3 — ") for t in texts) and any(t.startswith("- 2 — ") for t in texts)
    url = _url(world, "reviews:review_letter_issue")
    data = {"letter-issued_on": "29/05/2023", "letter-place": "Nghệ An", "letter-signer_name": "Thái Thanh Quý"}
    assert clients["secretariat"].post(url, data).status_code == 302
    letter = IssuedDocument.objects.get()
    assert (letter.number, letter.kind) == ("01-CV/BCĐ", "CV")
    assert letter.title.startswith("V/v đôn đốc báo cáo")
    assert letter.decision.kind == "letter"
    # The board shows it with its file; a second click issues nothing without the explicit choice.
    board = clients["secretariat"].get(_url(world, "reviews:review_board")).content.decode()
    issued = board.split('id="issued-letters"')[1].split("</ul>")[0]
    assert "Đã ban hành: số 01-CV/BCĐ ngày 29/05/2023." in issued and f"/documents/file/{letter.pk}/" in issued
    assert "Ban hành thêm công văn" in board
    twice = clients["secretariat"].post(url, {**data, "letter-issued_on": "30/05/2023"})
    assert twice.status_code == 400 and "Tháng này đã có công văn đôn đốc số 01-CV/BCĐ" in twice.content.decode()
    assert IssuedDocument.objects.count() == 1
    again = clients["secretariat"].post(url, {**data, "letter-issued_on": "30/05/2023", "letter-again": "on"})
    assert again.status_code == 302
    assert [d.number for d in IssuedDocument.objects.order_by("sequence")] == ["01-CV/BCĐ", "02-CV/BCĐ"]


def test_the_number_preview_is_of_the_issue_dates_year(world, clients):
    from documents.register import issue

    issue(
        committee=world.committee,
        kind="CV",
        issued_on=date(2023, 5, 20),
        title="Công văn khác",
        signer_name="Thái Thanh Quý",
        signer_position="TRƯỞNG BAN",
        by=None,
    )
    url = _url(world, "reviews:review_letter_issue")
    # A date the register refuses (before the last number of 2023): the form comes back, previewing 2023's.
    back = clients["secretariat"].post(url, {"letter-issued_on": "10/05/2023", "letter-place": "Nghệ An"})
    page = back.content.decode()
    assert back.status_code == 400 and "dự kiến 02-CV/BCĐ nếu ban hành trong năm 2023" in page
    # A date of another year (refused: before the committee was set up): that year's series, from 01.
    back = clients["secretariat"].post(url, {"letter-issued_on": "10/05/2022", "letter-place": "Nghệ An"})
    assert back.status_code == 400 and "dự kiến 01-CV/BCĐ nếu ban hành trong năm 2022" in back.content.decode()


def test_a_clerk_reading_english_still_gets_the_report_in_vietnamese(world, clients):
    # An issued document is written in the national language; only the pages follow the chosen language.
    client = clients["secretariat"]
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert client.get(reverse("reviews:review_index"))["Content-Language"] == "en"
    doc = Document(io.BytesIO(client.get(_url(world, "reviews:review_docx")).content))
    right = doc.tables[0].rows[0].cells[1].text
    texts = [p.text for p in doc.paragraphs]
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in right and "COMMUNIST" not in right
    assert "BÁO CÁO" in texts and "REPORT" not in texts


@pytest.mark.parametrize(("role", "sees"), [("secretariat", True), ("leadership", False)])
def test_the_reminder_log_shows_addresses_only_to_who_sees_them_on_the_person_pages(world, clients, role, sees):
    # Leadership reads the person pages without e-mail addresses (members.permissions.can_see_contacts):
    # its download of the month leaves out the address and the mail server's error that may quote it.
    book = load_workbook(io.BytesIO(clients[role].get(_url(world, "reviews:review_xlsx")).content))
    log = book["Nhật ký nhắc việc"]
    headers = [cell.value for cell in log[1]]
    assert ("Thư điện tử" in headers) is sees and ("Lỗi gần nhất" in headers) is sees
    values = [str(v) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for v in row if v]
    assert any("@" in v for v in values) is sees


def test_a_letter_with_no_late_unit_is_refused_with_a_message_on_the_board(world, clients, cast):
    from documents.models import IssuedDocument

    # Every task reported for May: no late unit, so the board draws no letter form; the refusal says why.
    for task in world.tasks[1:]:
        report(task, at_moment=at(date(2023, 5, 24)), by=cast["focal_point"])
    url = _url(world, "reviews:review_letter_issue")
    data = {"letter-issued_on": "29/05/2023", "letter-place": "Nghệ An", "letter-signer_name": "Thái Thanh Quý"}
    for body in (data, {}):
        refused = clients["secretariat"].post(url, body)
        page = refused.content.decode()
        assert refused.status_code == 400
        assert 'class="messages"' in page and "Không có đơn vị nào chưa báo cáo để đôn đốc." in page
        assert "letter-issued_on" not in page
    assert not IssuedDocument.objects.exists()
