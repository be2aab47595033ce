"""How the review board's page lays out its figures (reviews/views.py): the long tables, the trend's bars."""

from django.utils.translation import gettext as _

from .board import Board
from .board_rows import page_rows

TASK_TABLES = ("missing", "late", "on_time")
BOARD_TABLE_ROWS = 50  # rows a board's table shows before "show all": hundreds of units report in a month


def board_tables(board: Board, *, full: str) -> tuple[dict[str, dict], str]:
    """For a board read with `review_board(page=True)`: the board's long tables as the page shows them, and an error message for a `full` that names no table
    ("" when none): `{name: {"rows": [...], "total": int, "more": int, "name": str}}` for the tasks not
    reported, reported late and on time (in the board's order: lead unit, code) and the rates by unit and by
    member (worst first). Each shows its first BOARD_TABLE_ROWS rows; `full` (the `?full=` parameter) names
    the one table the reader asked to see whole; an unknown name leaves every table shortened (the page then
    answers 400 with the message). The .xlsx and the .docx always have every row."""
    out: dict[str, dict] = {}
    for name, rows in (
        ("missing", board.missing_rows),
        ("late", board.late_rows),
        ("on_time", board.on_time_rows),
        ("by_unit", board.by_unit),
        ("by_member", board.by_member),
    ):
        shown = rows if name == full else rows[:BOARD_TABLE_ROWS]
        out[name] = {"rows": shown, "total": len(rows), "more": len(rows) - len(shown), "name": name}
    # The task tables' rows as tasks (the board's rows are light rows): one query for the three tables.
    tasks = iter(page_rows([row for name in TASK_TABLES for row in out[name]["rows"]]))
    for name in TASK_TABLES:
        out[name]["rows"] = [next(tasks) for _row in out[name]["rows"]]
    if full and full not in out:
        return out, _("Trang này không có bảng nào tên “%(name)s”: các bảng dài đang hiện những dòng đầu.") % {
            "name": full[:40]
        }
    return out, ""


def place_trend(trend: list[dict]) -> None:
    """Add each trend point's bar geometry for the page's SVG (viewBox units): `x`, and the heights and tops of
    the owed and on-time bars (`owed_h`, `owed_y`, `on_time_h`, `on_time_y`), scaled to the largest month."""
    trend_max = max((p["owed"] for p in trend), default=0) or 1
    for i, point in enumerate(trend):
        point["x"] = 40 + i * 70
        point["owed_h"] = round(160 * point["owed"] / trend_max)
        point["on_time_h"] = round(160 * point["on_time"] / trend_max)
        point["owed_y"] = 180 - point["owed_h"]
        point["on_time_y"] = 180 - point["on_time_h"]
