"""A plan is imported from the Excel table committees already write: a realistic 40-row table with
area headings, merged cells and bad rows is previewed row by row (every unreadable row with its
reason), nothing is saved before the clerk confirms, and confirming twice imports once."""

import io
import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from members.models import Membership, Unit
from tasks.models import Plan, Task
from tests import factories as f
from tests.conftest import client_for
from tests.querycount import assert_page_queries

from . import builders as b

pytestmark = pytest.mark.django_db

HEADER = [
    "TT",
    "Nội dung",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Thời gian hoàn thành",
    "Sản phẩm",
    "Lãnh đạo phụ trách",
    "Ghi chú",
]
UNITS = [
    ("STP", "Sở Tư pháp"),
    ("SKHDT", "Sở Kế hoạch và Đầu tư"),
    ("STTTT", "Sở Thông tin và Truyền thông"),
    ("STC", "Sở Tài chính"),
    ("SLDTBXH", "Sở Lao động - Thương binh và Xã hội"),
    ("VPUBND", "Văn phòng UBND tỉnh"),
    ("CATINH", "Công an tỉnh"),
]
LEADER = "Lê Hồng Vinh"


def _rows() -> list[list]:
    """40 rows: 9 area headings (one matching no area) and 31 tasks, 8 of them bad; 23 readable."""
    return [
        ["I", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH", None, None, None, None, None, None],  # merged B:G
        [
            1,
            "Ban hành Kế hoạch cải cách hành chính năm 2023",
            "Sở Nội vụ",
            "Các sở, ban, ngành; UBND các huyện, thành phố, thị xã",
            "Tháng 1/2023",
            "Kế hoạch",
            f"Đ/c {LEADER}",
            "",
        ],
        [
            2,
            "Kiểm tra công tác cải cách hành chính",
            "SỞ NỘI VỤ",
            "Sở Tư pháp, Sở Tài chính",
            "Quý III/2023",
            "Báo cáo kết quả kiểm tra",
            "",
            "",
        ],
        [
            3,
            "Sơ kết 6 tháng công tác cải cách hành chính",
            "so noi vu",
            "Văn phòng Ủy ban nhân dân tỉnh",
            "6 tháng đầu năm 2023",
            "Báo cáo",
            "",
            "",
        ],
        [4, "Tổng kết công tác cải cách hành chính năm", "Sở Nội vụ", "", "Năm 2023", "Báo cáo", "", ""],
        [
            5,
            "Theo dõi, đôn đốc việc thực hiện nhiệm vụ",
            "Sở Nội vụ",
            "Các cơ quan liên quan",
            "Thường xuyên",
            "Công văn",
            "",
            "",
        ],
        [6, "Nhiệm vụ có đơn vị không tồn tại", "Sở Du hành Vũ trụ", "Sở Du lịch", "Quý II/2023", "Báo cáo", "", ""],
        ["II.", "CẢI CÁCH THỂ CHẾ", None, None, None, None, None, None],
        [
            1,
            "Rà soát, hệ thống hóa văn bản quy phạm pháp luật",
            "Sở Tư pháp",
            "Sở Nội vụ",
            "30/6/2023",
            "Quyết định công bố kết quả",
            "",
            "",
        ],
        [2, "Kiểm tra văn bản quy phạm pháp luật", "Sở Tư pháp", "", "Quý IV/2023", "Báo cáo", "", ""],
        [3, "Theo dõi thi hành pháp luật", "Sở Tư pháp", "", "Trong quý II/2023", "Báo cáo", "", ""],
        [4, "Hoàn thiện thể chế về phân cấp", "Sở Tư pháp", "", "Quý 5/2023", "Báo cáo", "", ""],  # bad deadline
        [5, "", "Sở Tư pháp", "", "Quý I/2023", "Báo cáo", "", ""],  # bad: empty content
        ["III", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH", None, None, None, None, None, None],
        [
            1,
            "Công bố danh mục thủ tục hành chính",
            "Văn phòng UBND tỉnh",
            "Các sở, ngành",
            "Tháng 3/2023",
            "Quyết định",
            "",
            "",
        ],
        [
            2,
            "Rà soát, đơn giản hóa thủ tục hành chính",
            "Văn phòng UBND tỉnh",
            "Sở Tư pháp",
            "Quý II/2023",
            "Kế hoạch rà soát",
            "",
            "",
        ],
        [
            3,
            "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
            "Văn phòng UBND tỉnh",
            "Sở Thông tin và Truyền thông",
            "Năm 2023",
            "Báo cáo",
            "",
            "",
        ],
        [
            4,
            "Thực hiện cơ chế một cửa, một cửa liên thông",
            "Văn phòng UBND tỉnh",
            "",
            "Năm 2022",
            "Báo cáo",
            "",
            "",
        ],  # bad year
        [
            4,
            "Đánh giá chất lượng giải quyết thủ tục hành chính",
            "Văn phòng UBND tỉnh",
            "",
            "Quý IV/2023",
            "Báo cáo",
            "",
            "",
        ],  # bad: duplicate TT
        ["IV", "CẢI CÁCH TỔ CHỨC BỘ MÁY HÀNH CHÍNH NHÀ NƯỚC", None, None, None, None, None, None],
        [1, "Sắp xếp tổ chức bên trong các cơ quan chuyên môn", "Sở Nội vụ", "", "Quý III/2023", "Quyết định", "", ""],
        [2, "Sắp xếp đơn vị sự nghiệp công lập", None, "Sở Tài chính", "Quý IV/2023", "Đề án", "", ""],  # C merged up
        [3, "Thực hiện tinh giản biên chế", "Sở Nội vụ", "", "Tháng 12/2023", "Báo cáo", "", ""],
        ["V", "CẢI CÁCH CHẾ ĐỘ CÔNG VỤ", None, None, None, None, None, None],
        [1, "Đánh giá, xếp loại công chức", "Sở Nội vụ", "", "Tháng 12/2023", "Thông báo", "", ""],
        [2, "Tuyển dụng công chức", "Sở Nội vụ", "", "Quý II/2023", "Thông báo kết quả", "", ""],
        [3, "Bồi dưỡng cán bộ, công chức", "Sở Nội vụ", "", "Sau tháng 6", "Báo cáo", "", ""],  # bad deadline
        [None, "VI. CẢI CÁCH TÀI CHÍNH CÔNG", None, None, None, None, None, None],
        [
            1,
            "Giao quyền tự chủ tài chính cho đơn vị sự nghiệp",
            "Sở Tài chính",
            "Sở Nội vụ",
            "Quý III/2023",
            "Quyết định",
            "",
            "",
        ],
        [2, "Quản lý, sử dụng tài sản công", "Sở Tài chính", "", "Năm 2023", "Báo cáo", "", ""],
        [3, "Giải ngân vốn đầu tư công", "Sở Kế hoạch và Đầu tư", "Sở Tài chính", "Tháng 9/2023", "Báo cáo", "", ""],
        [
            4,
            "Thực hiện cơ chế tài chính đặc thù",
            "Sở Tài chính",
            "",
            "Quý IV/2023",
            "Báo cáo",
            "Nguyễn Văn Không Có",
            "",
        ],  # bad leader
        ["VII", "XÂY DỰNG VÀ PHÁT TRIỂN CHÍNH PHỦ ĐIỆN TỬ, CHÍNH PHỦ SỐ", None, None, None, None, None, None],
        [
            1,
            "Nâng cấp Hệ thống thông tin giải quyết thủ tục hành chính",
            "Sở Thông tin và Truyền thông",
            "Văn phòng UBND tỉnh",
            "Quý III/2023",
            "Hệ thống được nâng cấp",
            "",
            "",
        ],
        [
            2,
            "Triển khai Đề án 06",
            "Công an tỉnh",
            "Sở Thông tin và Truyền thông, Sở Lao động - Thương binh và Xã hội",
            "Năm 2023",
            "Báo cáo",
            "",
            "",
        ],
        [3, "Kết nối, chia sẻ dữ liệu", "Sở Thông tin và Truyền thông", "", "31/12/2023", "Báo cáo", "", ""],
        ["VIII", "CÔNG TÁC KHÁC", None, None, None, None, None, None],  # bad: no such area
        [1, "Một việc không thuộc lĩnh vực nào", "Sở Nội vụ", "", "Năm 2023", "Báo cáo", "", ""],  # bad: no area
        ["IX", "THÔNG TIN, TUYÊN TRUYỀN VỀ CẢI CÁCH HÀNH CHÍNH", None, None, None, None, None, None],
        [
            1,
            "Tuyên truyền về cải cách hành chính",
            "Sở Thông tin và Truyền thông",
            "Các cơ quan báo chí",
            "Thường xuyên",
            "Tin, bài",
            "",
            "",
        ],
    ]


def _workbook(rows=None, *, header=HEADER) -> bytes:
    """The table as a committee writes it: a title, a merged two-row header, a row of column numbers."""
    book = Workbook()
    sheet = book.active
    sheet.append(["KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2023"])
    sheet.merge_cells("A1:H1")
    sheet.append([])
    sheet.append(header)
    sheet.append([None] * len(header))
    for col in "ABCDEFGH":
        sheet.merge_cells(f"{col}3:{col}4")
    sheet.append([f"({i})" for i in range(1, len(header) + 1)])
    for row in rows if rows is not None else _rows():
        sheet.append(row)
        if row[2] is None and row[4] is None and row[1]:
            sheet.merge_cells(f"B{sheet.max_row}:G{sheet.max_row}")
        elif row[2] is None:  # one lead unit for this task and the one above
            sheet.merge_cells(f"C{sheet.max_row - 1}:C{sheet.max_row}")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _upload(content: bytes, name: str = "ke-hoach-2023.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/vnd.ms-excel")


@pytest.fixture
def setup(committee, department, secretariat_user, province):
    for code, name in UNITS:
        f.UnitFactory(code=code, name=name, kind=Unit.Kind.DEPARTMENT, parent=province)
    f.UnitFactory(code="OLD", name="Sở Du lịch", kind=Unit.Kind.DEPARTMENT, valid_to=date(2020, 1, 1))
    person = f.PersonFactory(full_name=LEADER)
    f.MembershipFactory(committee=committee, person=person, role=Membership.Role.HEAD, start=date(2023, 1, 1))
    plan = b.plan(committee, title="Kế hoạch CCHC năm 2023")
    return plan, client_for(secretariat_user)


def _preview(client, plan, content: bytes):
    response = client.post(reverse("tasks:plan_import", args=[plan.pk]), {"table": _upload(content)})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"]


def _errors_by_line(html: str) -> dict[int, str]:
    rows = re.findall(r'<tr class="row-error">\s*<td>(\d+)</td>(.*?)</tr>', html, re.S)
    return {int(line): re.sub(r"\s+", " ", re.sub("<[^>]+>", " ", body)) for line, body in rows}


def test_a_realistic_table_is_previewed_then_imported_once(setup):
    plan, client = setup
    url = _preview(client, plan, _workbook())
    assert Task.objects.count() == 0  # nothing saved before confirming
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    errors = _errors_by_line(html)
    # Data starts on sheet row 6 (title, blank, two header rows, column numbers).
    line = {r[1]: 6 + i for i, r in enumerate(_rows()) if r[1]}
    expected = {
        line["Nhiệm vụ có đơn vị không tồn tại"]: "Không tìm thấy cơ quan chủ trì “Sở Du hành Vũ trụ”",
        line["Hoàn thiện thể chế về phân cấp"]: "Không đọc được thời hạn “Quý 5/2023”",
        18: "Nội dung trống",
        line["Thực hiện cơ chế một cửa, một cửa liên thông"]: "không thuộc năm kế hoạch 2023",
        line["Đánh giá chất lượng giải quyết thủ tục hành chính"]: "TT “III.4” trùng với một dòng phía trên",
        line["Bồi dưỡng cán bộ, công chức"]: "Không đọc được thời hạn “Sau tháng 6”",
        line["Thực hiện cơ chế tài chính đặc thù"]: "Không tìm thấy “Nguyễn Văn Không Có” trong thành viên",
        line["CÔNG TÁC KHÁC"]: "Không nhận ra lĩnh vực cải cách của mục “VIII CÔNG TÁC KHÁC”",
        line["Một việc không thuộc lĩnh vực nào"]: "Chưa có lĩnh vực",
    }
    assert set(errors) == set(expected), errors
    for number, reason in expected.items():
        assert reason in errors[number], (number, errors[number])
    ended = errors[line["Nhiệm vụ có đơn vị không tồn tại"]]
    assert "“Sở Du lịch” không còn hoạt động vào ngày 31/12/2023: hãy ghi đơn vị kế thừa." in ended
    assert "<td>Khác: Hệ thống được nâng cấp</td>" in html and "<td>Báo cáo: Báo cáo kết quả kiểm tra</td>" in html
    assert "Dòng đọc được <strong>23</strong>" in html and "Dòng không đọc được <strong>9</strong>" in html

    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == reverse("tasks:plan_detail", args=[plan.pk])
    assert Task.objects.filter(plan=plan).count() == 23
    task = Task.objects.get(plan=plan, code="I.1")
    assert task.area.code == "chi-dao-dieu-hanh" and task.lead_unit.name == "Sở Nội vụ"
    assert task.due_kind == Task.DueKind.MONTH and task.due_date == date(2023, 1, 31)
    assert task.expected_output == Task.Output.PLAN and task.responsible.full_name == LEADER
    assert task.description == "Phối hợp: Các sở, ban, ngành; UBND các huyện, thành phố, thị xã."
    two = Task.objects.get(plan=plan, code="I.2")
    assert sorted(u.name for u in two.coordinating_units.all()) == ["Sở Tài chính", "Sở Tư pháp"]
    assert two.due_kind == Task.DueKind.QUARTER and two.due_date == date(2023, 9, 30)
    assert two.expected_output == Task.Output.REPORT and two.expected_output_note == "Báo cáo kết quả kiểm tra"
    assert Task.objects.get(plan=plan, code="I.3").coordinating_units.get().code == "VPUBND"  # Ủy ban nhân dân = UBND
    assert Task.objects.get(plan=plan, code="I.5").due_kind == Task.DueKind.ONGOING
    assert Task.objects.get(plan=plan, code="II.1").due_date == date(2023, 6, 30)
    assert Task.objects.get(plan=plan, code="III.3").area.code == "thu-tuc-hanh-chinh"
    assert Task.objects.get(plan=plan, code="IV.2").lead_unit.name == "Sở Nội vụ"  # the merged cell above
    vii2 = Task.objects.get(plan=plan, code="VII.2")
    assert {u.code for u in vii2.coordinating_units.all()} == {"STTTT", "SLDTBXH"}  # a name holding " và "
    assert vii2.area.code == "chinh-phu-so"
    other = Task.objects.get(plan=plan, code="VII.1")
    assert other.expected_output == Task.Output.OTHER and other.expected_output_note == "Hệ thống được nâng cấp"

    again = client.post(url)  # the confirmation posted twice
    assert again.status_code == 409
    assert "đã được nhập" in again.content.decode()
    assert Task.objects.filter(plan=plan).count() == 23


def test_the_corrected_table_imported_again_adds_only_the_missing_rows(setup):
    plan, client = setup
    client.post(_preview(client, plan, _workbook()))
    rows = _rows()
    rows[6][2:4] = ["Sở Nội vụ", "Sở Tư pháp"]  # the unknown and the ended unit corrected
    html = client.get(_preview(client, plan, _workbook(rows))).content.decode()
    assert "Mã “I.1” đã có trong kế hoạch." in html
    assert "Dòng đọc được <strong>1</strong>" in html
    assert client.post(_preview(client, plan, _workbook(rows))).status_code == 302
    assert Task.objects.filter(plan=plan).count() == 24


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"PK\x03\x04 not really a workbook", "bang.xlsx", "Không mở được tệp Excel"),
        (b"%PDF-1.4 a pdf", "bang.xlsx", "không khớp với phần mở rộng"),
        (b"a,b,c", "bang.csv", "không đúng định dạng"),
        (None, "bang.xlsx", "Không tìm thấy dòng tiêu đề"),
    ],
)
def test_a_file_that_is_not_a_readable_table_is_refused_with_a_reason(setup, content, name, message):
    plan, client = setup
    if content is None:
        content = _workbook(header=["Số", "Việc", "Ai", "Khi nào", "", "", "", ""])
    response = client.post(reverse("tasks:plan_import", args=[plan.pk]), {"table": _upload(content, name)})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Task.objects.count() == 0


def test_a_table_missing_a_required_column_names_it(setup):
    plan, client = setup
    header = ["TT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Ghi chú", "Sản phẩm", "", ""]
    response = client.post(reverse("tasks:plan_import", args=[plan.pk]), {"table": _upload(_workbook(header=header))})
    assert response.status_code == 400
    assert "thiếu cột: thoi gian hoan thanh" in response.content.decode()


def test_only_a_draft_plan_takes_a_table_and_only_the_secretariat(setup, cast, committee):
    plan, client = setup
    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.APPROVED)
    response = client.get(reverse("tasks:plan_import", args=[plan.pk]))
    assert response.status_code == 409 and "đang dự thảo" in response.content.decode()
    member = client_for(cast["member"])
    assert member.get(reverse("tasks:plan_import", args=[plan.pk])).status_code == 403


def test_an_unknown_token_is_refused(setup):
    plan, client = setup
    response = client.post(reverse("tasks:plan_import_preview", args=[plan.pk, "nope"]))
    assert response.status_code == 409


def test_import_pages_run_a_fixed_number_of_queries(setup):
    plan, client = setup
    assert_page_queries(client, reverse("tasks:plan_import", args=[plan.pk]), 8, label="import form")
    url = _preview(client, plan, _workbook())
    assert_page_queries(client, url, 8, label="import preview")


def test_import_pages_are_valid_html(setup, tmp_path):
    from tests.htmlcheck import html_errors, report

    plan, client = setup
    form = client.get(reverse("tasks:plan_import", args=[plan.pk])).content
    refused = client.post(reverse("tasks:plan_import", args=[plan.pk]), {"table": _upload(b"x", "a.csv")}).content
    preview = client.get(_preview(client, plan, _workbook())).content
    errors = html_errors({"form": form, "refused": refused, "preview": preview}, tmp_path)
    assert errors == {}, report(errors)


def test_a_workbook_that_unpacks_too_big_or_too_long_is_refused(setup, monkeypatch):
    from tasks import plan_import

    plan, client = setup
    url = reverse("tasks:plan_import", args=[plan.pk])
    monkeypatch.setattr(plan_import, "MAX_UNPACKED_BYTES", 1000)
    response = client.post(url, {"table": _upload(_workbook())})
    assert response.status_code == 400 and "Bảng quá lớn để đọc" in response.content.decode()
    monkeypatch.setattr(plan_import, "MAX_UNPACKED_BYTES", 40 * 1024 * 1024)
    monkeypatch.setattr(plan_import, "MAX_ROWS", 20)
    response = client.post(url, {"table": _upload(_workbook())})
    assert response.status_code == 400 and "Bảng quá dài: tối đa 20 dòng." in response.content.decode()
    assert Task.objects.count() == 0


@pytest.mark.parametrize(
    ("code", "title", "expected"),
    [
        ("II", "CẢI CÁCH THỂ CHẾ", ("II", "cai cach the che")),
        ("III.", "Cải cách thủ tục hành chính", ("III", "cai cach thu tuc hanh chinh")),
        ("", "IV. CẢI CÁCH TỔ CHỨC BỘ MÁY", ("IV", "cai cach to chuc bo may")),
        ("", "V - Cải cách chế độ công vụ", ("V", "cai cach che do cong vu")),
        ("", "Vi phạm hành chính", ("", "vi pham hanh chinh")),  # a word, not a numeral
        ("1", "Rà soát văn bản", ("", "1 ra soat van ban")),
    ],
)
def test_a_heading_is_read_from_its_numeral(code, title, expected):
    from tasks.plan_import import _heading

    assert _heading(code, title) == expected


def test_the_examples_of_a_bad_deadline_are_written_in_the_plans_year(setup):
    _, client = setup
    plan = b.plan(setup[0].committee, year=2027, title="Kế hoạch CCHC năm 2027")
    rows = [
        [None, "I. CẢI CÁCH THỂ CHẾ", None, None, None, None, None, None],
        [1, "Rà soát văn bản", "Sở Tư pháp", "", "Quý 5/2027", "Báo cáo", "", ""],
    ]
    html = client.get(_preview(client, plan, _workbook(rows))).content.decode()
    error = next(iter(_errors_by_line(html).values()))
    assert "Không đọc được thời hạn “Quý 5/2027”" in error
    assert "30/06/2027, Tháng 6/2027, Quý III/2027, 6 tháng đầu năm 2027, Năm 2027" in error
    assert "2023" not in error
