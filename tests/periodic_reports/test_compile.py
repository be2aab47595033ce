"""The report of a period compiled from known progress reports: the right tasks, units and figures; returned
and unreviewed reports, reports outside the window and cancelled tasks left out."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from periodic_reports import periods, texts
from periodic_reports.compile import compile_period
from tasks import status as st

from .report_world import build

pytestmark = pytest.mark.django_db


@pytest.fixture
def q3(committee, department, other_department, secretariat_user):
    return build(committee=committee, snv=department, sxd=other_department, user=secretariat_user)


def test_the_windows_follow_the_cut_off_day(settings):
    assert periods.period("quarter", 2023, 3).starts_on == date(2023, 6, 15)
    assert periods.period("quarter", 2023, 3).ends_on == date(2023, 9, 14)
    assert periods.period("quarter", 2023, 1).starts_on == date(2022, 12, 15)
    assert periods.period("month", 2023, 1).starts_on == date(2022, 12, 15)
    assert periods.period("month", 2023, 7).ends_on == date(2023, 7, 14)
    assert (periods.period("half", 2023).starts_on, periods.period("half", 2023).ends_on) == (
        date(2022, 12, 15),
        date(2023, 6, 14),
    )
    assert periods.period("nine_months", 2023).ends_on == date(2023, 9, 14)
    assert periods.period("year", 2023).ends_on == date(2023, 12, 14)
    assert periods.next_window(periods.period("quarter", 2023, 4)) == (date(2023, 12, 15), date(2024, 3, 14))
    assert periods.next_window(periods.period("half", 2023)) == (date(2023, 6, 15), date(2023, 12, 14))
    assert periods.period("quarter", 2023, 3).label == "quý III năm 2023"
    settings.PERIODIC_REPORT_CUTOFF_DAY = 20
    assert periods.period("quarter", 2023, 3).starts_on == date(2023, 6, 21)
    assert periods.period("quarter", 2023, 3).ends_on == date(2023, 9, 20)


def test_the_figures_count_the_tasks_due_in_the_window_as_of_its_end(q3):
    compiled = compile_period(committee=q3.committee, period=periods.period("quarter", 2023, 3))
    assert compiled.as_of == date(2023, 9, 15)
    assert [s.task.code for s in compiled.due] == ["T1", "T2", "T3"]
    assert compiled.figures["all"] == {"due": 3, "done_on_time": 1, "done_late": 1, "overdue": 1, "reported": 4}
    assert compiled.figures["pilot"] == {"due": 1, "done_on_time": 1, "done_late": 0, "overdue": 0, "reported": 2}
    assert compiled.figures["others"] == {"due": 2, "done_on_time": 0, "done_late": 1, "overdue": 1, "reported": 2}
    assert [s.task.code for s in compiled.overdue] == ["T3"]
    assert [s.task.code for s in compiled.next_tasks] == ["T7", "T5"]


def test_the_results_take_the_latest_accepted_report_of_the_window_with_its_unit(q3):
    compiled = compile_period(committee=q3.committee, period=periods.period("quarter", 2023, 3))
    entries = {e.code: e for e in compiled.entries}
    assert set(entries) == {"T1", "T2", "T3", "T4"}
    assert (entries["T1"].unit, entries["T1"].done) == ("Sở Nội vụ", "Đã ban hành quy trình nội bộ giải quyết thủ tục")
    assert (entries["T3"].unit, entries["T3"].percent, entries["T3"].done) == (
        "Sở Xây dựng",
        60,
        "Đã rà soát 12 văn bản",
    )
    assert entries["T4"].done == "Đã đăng 5 tin bài tuyên truyền"  # not the one before nor the one after the window
    by_area = {a["code"]: [e.code for e in a["entries"]] for a in compiled.areas}
    assert by_area == {"the-che": ["T4", "T3"], "thu-tuc-hanh-chinh": ["T1", "T2"]}


def test_the_sections_say_what_was_done_by_whom_and_leave_out_what_does_not_count(q3):
    compiled = compile_period(committee=q3.committee, period=periods.period("quarter", 2023, 3))
    sections = {s.key: s for s in texts.sections(compiled)}
    assert list(sections) == [
        "direction",
        "results",
        "area-the-che",
        "area-thu-tuc-hanh-chinh",
        "shortcomings",
        "next",
        "proposals",
    ]
    everything = "\n".join(s.text for s in sections.values())
    for absent in (
        "Báo cáo bị trả lại",
        "Báo cáo chưa được xem xét",
        "Việc trước kỳ",
        "Việc sau kỳ",
        "T6",
        "Phiên họp tháng 6",
    ):
        assert absent not in everything
    assert "Phiên họp ngày 20/07/2023: Phiên họp sơ kết quý." in sections["direction"].text
    assert "Đẩy nhanh số hóa hồ sơ" in sections["direction"].text
    assert "- Thông báo số 01-TB/BCĐ ngày 25/07/2023: Kết luận phiên họp sơ kết quý." in sections["direction"].text
    assert (
        "- Sở Xây dựng (T2. Nhiệm vụ T2): Đã số hóa hồ sơ cấp phép xây dựng Đã hoàn thành."
        in sections["area-thu-tuc-hanh-chinh"].text
    )
    assert (
        "3 nhiệm vụ đến hạn; hoàn thành đúng hạn 1, hoàn thành quá hạn 1, quá hạn chưa hoàn thành 1"
        in sections["results"].text
    )
    assert "- Các đơn vị điểm chỉ đạo: 1 nhiệm vụ đến hạn; hoàn thành đúng hạn 1" in sections["results"].text
    # The same obstacle from two units is one line naming both.
    assert "- Thiếu kinh phí rà soát (Sở Nội vụ, Sở Xây dựng)" in sections["shortcomings"].text
    assert "T3. Nhiệm vụ T3 (Sở Xây dựng; hạn 31/08/2023)" in sections["shortcomings"].text
    assert "T5. Nhiệm vụ T5 (Sở Xây dựng; hạn 30/10/2023)" in sections["next"].text
    assert "Về cải cách thể chế:\n- Bổ sung kinh phí rà soát văn bản (Sở Xây dựng)" in sections["proposals"].text


def test_the_annex_has_every_task_of_the_year_with_its_status_as_of_the_end(q3):
    compiled = compile_period(committee=q3.committee, period=periods.period("quarter", 2023, 3))
    rows = {r["code"]: r for r in compiled.annex}
    assert set(rows) == {"T1", "T2", "T3", "T4", "T5", "T7"}
    assert rows["T1"]["status"] == st.DONE_ON_TIME and rows["T1"]["pilot"] is True
    assert rows["T2"]["status"] == st.DONE_LATE and rows["T2"]["done_on"] == "2023-09-01"
    assert (rows["T3"]["status"], rows["T3"]["percent"]) == (st.OVERDUE, 60)
    assert rows["T4"]["percent"] == 30 and rows["T4"]["deadline"] == "Thường xuyên"
    assert rows["T5"]["percent"] is None  # no report: "chưa báo cáo", never 0 %
    assert rows["T5"]["status"] == st.NOT_STARTED


def test_compiling_runs_a_fixed_number_of_queries(q3):
    with CaptureQueriesContext(connection) as ctx:
        compile_period(committee=q3.committee, period=periods.period("quarter", 2023, 3))
    assert len(ctx.captured_queries) == 6
