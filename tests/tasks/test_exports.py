"""The filtered task list exports as .xlsx with Vietnamese headers and dd/mm/yyyy dates; the plan prints."""

from datetime import date
from io import BytesIO

from django.urls import reverse
from django.utils.html import strip_tags
from openpyxl import load_workbook

from tests import factories as f
from tests.conftest import client_for

from . import builders as b


def test_export_holds_the_filtered_tasks_with_vietnamese_headers(
    committee, department, other_department, secretariat_user
):
    plan = b.plan(committee)
    task = b.task(plan, department, code="1", title="Rà soát thủ tục", due_date=date(2023, 6, 30))
    task.coordinating_units.add(other_department)
    b.task(plan, other_department, code="2", title="Kiện toàn bộ máy")
    response = client_for(secretariat_user).get(reverse("tasks:plan_export", args=[plan.pk]), {"unit": department.pk})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    ws = load_workbook(BytesIO(response.content)).active
    assert [c.value for c in ws[3]][:4] == ["Mã", "Nội dung nhiệm vụ", "Lĩnh vực", "Cơ quan chủ trì"]
    rows = list(ws.iter_rows(min_row=4, values_only=True))
    assert len(rows) == 1
    assert rows[0][1] == "Rà soát thủ tục"
    assert rows[0][4] == "Sở Xây dựng"
    assert ws.cell(row=3, column=7).value == "Thời hạn hoàn thành"
    assert rows[0][6] == "30/06/2023"  # as the plan writes it
    assert ws.cell(row=3, column=8).value == "Hạn thực tế"
    assert rows[0][7].date() == date(2023, 6, 30)
    assert ws.cell(row=4, column=8).number_format == "DD/MM/YYYY"


def _header(page: str) -> str:
    table = page.split('<table class="doc-header"')[1].split(">", 1)[1].split("</table>")[0]
    return " ".join(strip_tags(table.replace("<br>", " ")).split())


def test_printed_draft_plan_is_headed_by_the_committees_party_letterhead(committee, department, leader_user):
    plan = b.plan(committee)
    task = b.task(plan, department, code="1", title="Rà soát thủ tục", description="Phối hợp: Các sở, ngành.")
    task.coordinating_units.add(f.UnitFactory(name="Sở Tư pháp", kind="department", parent=department.parent))
    page = client_for(leader_user).get(reverse("tasks:plan_print", args=[plan.pk])).content.decode()
    header = _header(page)
    # Guidance 36-HD/VPTW: the Party committee over the board, "*", the number; no national title.
    assert header.startswith("TỈNH ỦY NGHỆ AN BAN CHỈ ĐẠO CẢI CÁCH HÀNH CHÍNH TỈNH *")
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in header and "CỘNG HÒA" not in page and "TỈNH NGHỆ AN</strong>" not in page
    # A draft: blank number, marked, its day and month blank (not today's).
    assert "* Số -KH/BCĐ DỰ THẢO ĐẢNG CỘNG SẢN VIỆT NAM Nghệ An, ngày tháng năm 2023" in header
    row = page.split("<tbody>")[1].split("</tbody>")[0]
    assert "<td>Sở Tư pháp; Các sở, ngành</td>" in row
    assert "Rà soát thủ tục" in page and "30/06/2023" in page


def test_printed_approved_plan_bears_its_approval_decision_in_the_state_layout(
    committee, department, leader_user, founding_decision
):
    founding_decision.number, founding_decision.issuer = "120/QĐ-UBND", "UBND tỉnh Nghệ An"
    founding_decision.save()
    approval = f.DecisionFactory(number="05/QĐ-BCĐ", date=date(2023, 2, 7), issuer=committee.name)
    plan = b.plan(committee, status="approved", approved_by=approval)
    page = client_for(leader_user).get(reverse("tasks:plan_print", args=[plan.pk])).content.decode()
    header = _header(page)
    assert header.startswith("UBND TỈNH NGHỆ AN BAN CHỈ ĐẠO CẢI CÁCH HÀNH CHÍNH TỈNH Số: 05/QĐ-BCĐ")
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc Nghệ An, ngày 07 tháng 02 năm 2023" in header
    assert "DỰ THẢO" not in header and "ĐẢNG CỘNG SẢN" not in header


def test_printed_plan_names_the_committee_once_and_marks_demo_rows(committee, department, leader_user):
    plan = b.plan(committee, title="Kế hoạch cải cách hành chính năm 2023")
    b.task(plan, department, code="1", title="Rà soát thủ tục")
    b.task(plan, department, code="2", title="Việc minh họa", is_demo=True)
    page = client_for(leader_user).get(reverse("tasks:plan_print", args=[plan.pk])).content.decode()
    doc = page.split('<div class="print-doc">')[1].split("</main>")[0]
    assert doc.upper().count("BAN CHỈ ĐẠO CẢI CÁCH") == 1  # the issuer once, not also a generic line
    assert '<strong class="doc-issuer">BAN CHỈ ĐẠO CẢI CÁCH<br>HÀNH CHÍNH TỈNH</strong>' in page
    # Decree 30: the type in capitals, the subject below it with a capital initial.
    assert '<h1 class="doc-title">KẾ HOẠCH<span class="doc-subject">Cải cách hành chính năm 2023</span></h1>' in page
    rows = page.split("<tbody>")[1].split("</tbody>")[0]
    assert rows.count("(minh họa)") == 1 and 'Việc minh họa <span class="demo-mark">(minh họa)</span>' in rows
    assert "dữ liệu minh họa, không có trong kế hoạch đã ban hành" in page
    assert rows.count("chưa báo cáo") == 2 and "0%" not in rows


def test_print_stylesheet_sets_decree_30_margins_on_a4():
    from pathlib import Path

    css = (Path(__file__).resolve().parents[2] / "static" / "css" / "print.css").read_text(encoding="utf-8")
    assert "@page { size: A4; margin: 20mm 15mm 20mm 30mm; }" in css
