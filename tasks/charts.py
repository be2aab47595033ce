"""Server-rendered SVG charts (stacked horizontal bars by status) that print well: no JavaScript,
colours set by attributes, every number also written as text, and a line under each chart saying what
its numbers are. A label longer than a line wraps at a space onto a second line; only what is left after
two lines is cut, at a space, with "…" (the whole label is in the bar's tooltip and the hidden table)."""

from django.utils.translation import gettext_lazy as _

from . import status as st

COLOURS = {
    st.NOT_STARTED: "#8a9099",
    st.IN_PROGRESS: "#0b5394",
    st.NOT_REPORTED: "#6b4e00",
    st.DONE_ON_TIME: "#1a6b35",
    st.DONE_LATE: "#b36b00",
    st.OVERDUE: "#a4161a",
}
# Each row: its label (one or two lines) above its bar, so the chart is narrow enough to stay legible
# when a phone scales it to its width (the SVG scales with its viewBox; see tasks.css).
WIDTH = 400
BAR_WIDTH = 290
BAR_HEIGHT = 18
LINE_HEIGHT = 17
GAP = 10
LABEL_CHARS = 50  # characters of a label line at 14 px across WIDTH
LABEL_LINES = 2
LEGEND_PER_ROW = 2
LEGEND_STEP = 200
LEGEND_ROW = 20


NOTE = _(
    "Mỗi thanh là số nhiệm vụ, chia màu theo trạng thái. Số bên phải thanh: tổng số nhiệm vụ · tiến độ "
    "bình quân (%) theo báo cáo gần nhất của các nhiệm vụ đó."
)


def label_lines(label: str, *, width: int = LABEL_CHARS, lines: int = LABEL_LINES) -> list[str]:
    """`label` in at most `lines` lines of at most `width` characters, broken at spaces; a word longer
    than a line is cut. What does not fit ends the last line with "…", at a word's end."""
    words, out, line = str(label).split(), [], ""
    for word in words:
        candidate = f"{line} {word}" if line else word
        if len(candidate) <= width:
            line = candidate
            continue
        if line:
            out.append(line)
        line = word if len(word) <= width else word[: width - 1] + "…"
        if len(out) == lines:
            break
    else:
        if line:
            out.append(line)
        return out or [""]
    # Did not fit: the last line ends at a word with an ellipsis.
    last = out[lines - 1]
    while len(last) + 1 > width and " " in last:
        last = last.rsplit(" ", 1)[0]
    out[lines - 1] = last[: width - 1] + "…"
    return out[:lines]


def stacked_bars(rows: list[dict], *, title: str, empty: str = "") -> dict:
    """rows: [{"label": str, "counts": {status: n}, "percent": float | None}] -> drawing data (SVG units =
    px at full size); `empty` is what the chart says instead when there are no rows (why it is empty)."""
    biggest = max((sum(r["counts"].values()) for r in rows), default=0) or 1
    bars = []
    y = 0
    for row in rows:
        lines = label_lines(row["label"])
        label_rows = [{"text": text, "y": y + LINE_HEIGHT * (n + 1) - 3} for n, text in enumerate(lines)]
        bar_y = y + LINE_HEIGHT * len(lines) + 2
        x = 0
        segments = []
        total = sum(row["counts"].values())
        for code in st.ORDER:
            n = row["counts"].get(code, 0)
            if not n:
                continue
            width = max(1, round(BAR_WIDTH * n / biggest))
            segments.append({"x": x, "width": width, "fill": COLOURS[code], "count": n, "label": st.LABELS[code]})
            x += width
        percent = row.get("percent")
        bars.append(
            {
                "lines": label_rows,
                "full_label": row["label"],
                "y": bar_y,
                "text_y": bar_y + BAR_HEIGHT - 4,
                "segments": segments,
                "total": total,
                "end_x": x + 6,
                "percent": None if percent is None else round(percent),
            }
        )
        y = bar_y + BAR_HEIGHT + GAP
    height = max(y, 1)
    # The legend in rows of LEGEND_PER_ROW, so that long labels never overlap.
    legend = [
        {
            "label": st.LABELS[c],
            "fill": COLOURS[c],
            "x": (i % LEGEND_PER_ROW) * LEGEND_STEP,
            "y": height + 6 + (i // LEGEND_PER_ROW) * LEGEND_ROW,
            "text_y": height + 17 + (i // LEGEND_PER_ROW) * LEGEND_ROW,
        }
        for i, c in enumerate(st.ORDER)
    ]
    legend_rows = -(-len(st.ORDER) // LEGEND_PER_ROW)
    return {
        "title": title,
        "note": NOTE,
        "empty": empty,
        "bars": bars,
        "width": WIDTH,
        "height": height,
        "bar_height": BAR_HEIGHT,
        "legend": legend,
        "full_height": height + 8 + legend_rows * LEGEND_ROW,
    }
