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


def test_a_drawn_chart_escapes_its_labels_and_says_every_number_in_text_and_table():
    from xml.etree import ElementTree

    from django.utils import translation

    from tasks.charts import render

    rows = [
        {"label": 'Sở <script>alert("x")</script> & Co', "counts": {"overdue": 2, "in_progress": 1}, "percent": 41.6},
        {"label": "Ông A", "counts": {"not_started": 1}, "percent": None},
    ]
    html = str(render(stacked_bars(rows, title="Theo <đơn vị>"), "chart-unit"))
    assert "<script>" not in html and "&lt;script&gt;" in html and "Theo &lt;đơn vị&gt;" in html
    svg = html[html.index("<svg") : html.index("</svg>") + 6]
    drawn = ElementTree.fromstring(svg)  # noqa: S314  our own markup: it must be well-formed SVG
    ns = {"s": "http://www.w3.org/2000/svg"}
    assert drawn.get("aria-labelledby") == "chart-unit-t" and drawn.find("s:title", ns).get("id") == "chart-unit-t"
    groups = drawn.findall("s:g", ns)
    assert [g.find("s:title", ns).text for g in groups] == [
        'Sở <script>alert("x")</script> & Co: 3 nhiệm vụ, tiến độ bình quân 42%',
        "Ông A: 1 nhiệm vụ",
    ]
    assert [len(g.findall("s:rect", ns)) for g in groups] == [2, 1]
    assert groups[0].findall("s:text", ns)[-1].text == "3 · 42%"
    assert groups[1].findall("s:text", ns)[-1].text == "1 · chưa báo cáo"
    assert '<th scope="row">Ông A</th><td>1</td><td>chưa báo cáo</td>' in html
    with translation.override("en"):
        english = str(render(stacked_bars(rows, title="By unit"), "c"))
    assert "3 tasks, average progress 42%" in english and "not reported" in english
    empty = str(render(stacked_bars([], title="T", empty="Chưa có <gì>"), "c"))
    assert "<svg" not in empty and '<p class="chart-empty">Chưa có &lt;gì&gt;</p>' in empty
