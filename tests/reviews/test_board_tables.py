"""At province scale hundreds of units owe a report each month: the board's tables show their first rows and
say how many there are, with a link to see one table whole; the .xlsx keeps every row."""

import io
import re
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from members.models import Unit
from reviews.board_tables import BOARD_TABLE_ROWS
from tests import factories as f
from tests.reviews.review_world import at, build, make_task, report

pytestmark = pytest.mark.django_db
EXTRA = BOARD_TABLE_ROWS + 13


@pytest.fixture
def crowded(cast, committee, department, other_department):
    world = build(cast, committee, department, other_department)
    for i in range(EXTRA):
        unit = f.UnitFactory(name=f"Xã {i:03}", kind=Unit.Kind.COMMUNE)
        make_task(world.plan, f"X{i:03}", unit, f.PersonFactory(full_name=f"Người {i:03}", unit=unit))
    report(world.tasks[0], at_moment=at(date(2023, 5, 24)), by=cast["focal_point"])
    return world


def _board(client, world, **params):
    url = reverse("reviews:review_board", kwargs={"committee": world.committee.pk, "year": 2023, "month": 5})
    return client.get(url, params)


def _rows(page: str, table_id: str) -> int:
    start = page.index(f'id="{table_id}"')
    return len(re.findall(r"<tr>", page[page.index("<tbody>", start) : page.index("</tbody>", start)]))


def test_a_long_table_shows_its_first_rows_and_says_how_many_there_are(crowded, clients):
    response = _board(clients["secretariat"], crowded)
    page = response.content.decode()
    missing = EXTRA + 2  # the crowd and the world's two tasks without a report
    assert response.status_code == 200
    assert _rows(page, "missing-table") == BOARD_TABLE_ROWS
    more = page[page.index('id="missing-table-more"') : page.index("</p>", page.index('id="missing-table-more"'))]
    assert f"Đang hiện {BOARD_TABLE_ROWS} trong {missing} dòng" in more
    assert 'href="?full=missing#missing-table"' in more
    assert f'<p class="stat stat-bad" id="missing-count">{missing}</p>' in page  # the count is of every row
    assert _rows(page, "by-member-table") == BOARD_TABLE_ROWS and 'id="by-member-table-more"' in page
    assert 'id="late-table-more"' not in page  # a short table says nothing more


def test_the_reader_asks_for_one_table_whole(crowded, clients):
    page = _board(clients["leadership"], crowded, full="missing").content.decode()
    assert _rows(page, "missing-table") == EXTRA + 2 and 'id="missing-table-more"' not in page
    assert _rows(page, "by-unit-table") == BOARD_TABLE_ROWS  # the others stay short
    odd = _board(clients["leadership"], crowded, full="<script>")
    page = odd.content.decode()
    assert odd.status_code == 400 and _rows(page, "missing-table") == BOARD_TABLE_ROWS  # the page, shortened
    assert "Trang này không có bảng nào tên “&lt;script&gt;”" in page and "<script>”" not in page


def test_the_spreadsheet_keeps_every_row(crowded, clients):
    url = reverse("reviews:review_xlsx", kwargs={"committee": crowded.committee.pk, "year": 2023, "month": 5})
    book = load_workbook(io.BytesIO(clients["secretariat"].get(url).content))
    codes = {cell.value for sheet in book.worksheets for row in sheet.iter_rows() for cell in row}
    assert {f"X{i:03}" for i in range(EXTRA)} <= codes


def test_the_pages_light_rows_count_as_the_whole_tasks_do(crowded, cast):
    """The page reads light rows (no task model) and only the shown rows whole: the same figures as the
    exports' board of whole tasks."""
    from reviews.board import review_board
    from reviews.board_rows import page_rows

    report(crowded.tasks[1], at_moment=at(date(2023, 5, 29)), by=cast["secretariat"])  # a late one
    light, whole = (
        review_board(committee=crowded.committee, month=date(2023, 5, 1), today=date(2023, 6, 1), page=p)
        for p in (True, False)
    )

    def figures(board):
        rates = [
            (r.label, r.owed, r.on_time, r.late, r.missing, r.is_pilot)
            for r in (*board.by_unit, *board.by_member, *board.by_area)
        ]
        return [(t.pk, t.outcome, t.is_pilot, t.returned) for t in board.rows], board.total.__dict__, rates

    assert figures(light) == figures(whole)
    shown = page_rows(light.rows[:5])
    assert [(t.pk, t.code, t.lead_unit.name, t.outcome) for t in shown] == [
        (t.pk, t.code, t.lead_unit.name, t.outcome) for t in whole.rows[:5]
    ]
