"""The dashboard's charts: labels wrap at spaces and are never cut mid-word, every chart says what its
numbers mean, an empty chart says why it is empty, and the chart fits a phone's width."""

import pytest
from django.urls import reverse

from tasks.charts import LABEL_CHARS, label_lines, stacked_bars
from tests.conftest import client_for

from . import builders as b

LONG_AREA = "Cải cách thủ tục hành chính gắn với chuyển đổi số và nâng cao chất lượng phục vụ người dân, doanh nghiệp"


def test_a_long_label_wraps_at_spaces_onto_two_lines_and_ends_with_an_ellipsis_at_a_word():
    lines = label_lines(LONG_AREA + " " + LONG_AREA)
    assert len(lines) == 2 and all(len(line) <= LABEL_CHARS for line in lines)
    assert lines[-1].endswith("…")
    words = set((LONG_AREA).split())
    for line in lines:  # every piece shown is a whole word
        assert all(word in words for word in line.rstrip("…").split()), line
    assert label_lines("Sở Nội vụ") == ["Sở Nội vụ"]
    assert label_lines(LONG_AREA) == [
        "Cải cách thủ tục hành chính gắn với chuyển đổi số",
        "và nâng cao chất lượng phục vụ người dân, doanh…",
    ]
    assert label_lines("x" * 100) == ["x" * (LABEL_CHARS - 1) + "…"]


def test_a_chart_without_rows_says_why():
    chart = stacked_bars([], title="Theo lĩnh vực", empty="Kế hoạch chưa có nhiệm vụ nào.")
    assert chart["bars"] == [] and chart["empty"] == "Kế hoạch chưa có nhiệm vụ nào."


@pytest.mark.django_db
def test_the_dashboard_explains_its_numbers_and_its_empty_charts(committee, department, leader_user):
    from django.utils import timezone

    plan = b.plan(committee, year=timezone.localdate().year)
    page = client_for(leader_user).get(reverse("home")).content.decode()
    assert page.count("chưa có số liệu để vẽ biểu đồ") == 3 and "<svg" not in page
    b.task(plan, department, code="1", title="Nhiệm vụ một")
    page = client_for(leader_user).get(reverse("home")).content.decode()
    assert page.count("Số bên phải thanh: tổng số nhiệm vụ · tiến độ bình quân (%)") == 3
    # Narrow enough for a phone to scale without losing the text: 400 units wide.
    assert 'viewBox="0 0 400 ' in page
