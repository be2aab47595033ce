"""A meeting's conclusions issued as a notice (Thông báo kết luận): a draft from the meeting page, and
the issued one numbered in the committee's register, kept, and made the meeting's notice."""

import io
from datetime import date

import pytest
from django.urls import reverse
from docx import Document

from documents.models import IssuedDocument
from tasks.models import Conclusion, Meeting
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(committee, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    m = Meeting.objects.create(committee=committee, date=date(2023, 4, 11), title="Phiên họp thứ nhất")
    Conclusion.objects.create(meeting=m, order=1, content="Giao Sở Nội vụ rà soát thủ tục hành chính.")
    Conclusion.objects.create(meeting=m, order=2, content="Các thành viên báo cáo trước ngày 25 hằng tháng.")
    return m


def _texts(content: bytes) -> tuple[str, str, list[str]]:
    doc = Document(io.BytesIO(content))
    left, right = (cell.text for cell in doc.tables[0].rows[0].cells)
    return left, right, [p.text for p in doc.paragraphs]


def test_the_draft_notice_lists_the_conclusions_in_the_party_layout(meeting, member_user):
    url = reverse("tasks:meeting_notice_docx", args=[meeting.pk])
    response = client_for(member_user).get(url, {"place": "Nghệ An", "issued_on": "12/04/2023"})
    assert response.status_code == 200
    left, right, texts = _texts(response.content)
    assert left.startswith("TỈNH ỦY NGHỆ AN\nBAN CHỈ ĐẠO CẢI CÁCH\nHÀNH CHÍNH TỈNH") and "-TB/BCĐ" in left
    assert "Nghệ An, ngày 12 tháng 4 năm 2023" in right
    assert texts[0] == "THÔNG BÁO"
    assert texts[1] == "Kết luận của Trưởng Ban Chỉ đạo tại phiên họp thứ nhất ngày 11/04/2023"
    assert "1. Giao Sở Nội vụ rà soát thủ tục hành chính." in texts
    assert "2. Các thành viên báo cáo trước ngày 25 hằng tháng." in texts
    # The filing line of every document: the letterhead's drafting unit after VT.
    recipients = Document(io.BytesIO(response.content)).tables[-1].rows[0].cells[0].text
    assert recipients.rstrip().endswith("- Lưu: VT, BPTT.")


def test_issuing_the_notice_numbers_it_and_makes_it_the_meetings_notice(meeting, secretariat_user, member_user):
    thuky = client_for(secretariat_user)
    url = reverse("tasks:meeting_notice_issue", args=[meeting.pk])
    early = thuky.post(url, {"issue-issued_on": "10/04/2023"})
    assert early.status_code == 400 and "trước ngày họp" in early.content.decode()
    data = {"issue-issued_on": "13/04/2023", "issue-place": "Nghệ An", "issue-signer_name": "Thái Thanh Quý"}
    assert thuky.post(url, data).status_code == 302
    document = IssuedDocument.objects.get()
    meeting.refresh_from_db()
    assert (document.number, document.kind) == ("01-TB/BCĐ", "TB") and meeting.notice == document.decision
    with document.file.open("rb") as fh:
        left, right, _ = _texts(fh.read())
    assert left.endswith("Số 01-TB/BCĐ") and "ngày 13 tháng 4 năm 2023" in right
    page = client_for(member_user).get(reverse("tasks:meeting_detail", args=[meeting.pk])).content.decode()
    assert "01-TB/BCĐ (13/04/2023)" in page and reverse("documents:file", args=[document.pk]) in page
    again = thuky.post(url, {**data, "issue-issued_on": "14/04/2023"})
    assert again.status_code == 400 and IssuedDocument.objects.count() == 1
    assert "Ban hành thông báo thay thế thông báo đã có" in again.content.decode()  # the explicit choice
    replacing = thuky.post(url, {**data, "issue-issued_on": "14/04/2023", "issue-replace": "on"})
    assert replacing.status_code == 302
    meeting.refresh_from_db()
    assert meeting.notice.number == "02-TB/BCĐ"  # the replacement is the meeting's notice
    assert [d.number for d in IssuedDocument.objects.order_by("sequence")] == ["01-TB/BCĐ", "02-TB/BCĐ"]


def test_a_meeting_without_conclusions_has_nothing_to_notify(committee, secretariat_user):
    empty = Meeting.objects.create(committee=committee, date=date(2023, 5, 2), title="Phiên họp thứ hai")
    response = client_for(secretariat_user).post(
        reverse("tasks:meeting_notice_issue", args=[empty.pk]), {"issue-issued_on": "03/05/2023"}
    )
    assert response.status_code == 400 and "chưa có kết luận" in response.content.decode()
    assert not IssuedDocument.objects.exists()


def test_an_issued_decision_can_be_picked_where_decisions_are_cited(committee, secretariat_user):
    from documents.register import issue
    from members.forms import DecisionFieldsMixin

    doc = issue(
        committee=committee,
        kind=IssuedDocument.Kind.DECISION,
        issued_on=date(2023, 5, 4),
        title="Kiện toàn Tổ giúp việc",
        signer_name="Thái Thanh Quý",
        signer_position="TRƯỞNG BAN",
        by=secretariat_user,
    )
    form = DecisionFieldsMixin()
    labels = [label for _value, label in form.fields["decision"].choices]
    assert f"01-QĐ/BCĐ (04/05/2023) — {committee.name}" in labels
    # Typing a decision inline still records a new one.
    typed = DecisionFieldsMixin(
        {"decision_number": "2100-QĐ/TU", "decision_date": "05/05/2023", "decision_issuer": "Ban Thường vụ Tỉnh ủy"}
    )
    assert typed.is_valid(), typed.errors
    assert typed.the_decision().number == "2100-QĐ/TU"
    assert doc.decision.kind == "decision"
