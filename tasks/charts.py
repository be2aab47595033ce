"""Server-rendered SVG charts (stacked horizontal bars by status) that print well: no JavaScript,
colours set by attributes, every number also written as text."""

from . import status as st

COLOURS = {
    st.NOT_STARTED: "#8a9099",
    st.IN_PROGRESS: "#0b5394",
    st.NOT_REPORTED: "#6b4e00",
    st.DONE_ON_TIME: "#1a6b35",
    st.DONE_LATE: "#b36b00",
    st.OVERDUE: "#a4161a",
}
LABEL_WIDTH = 260
BAR_WIDTH = 420
ROW_HEIGHT = 26
GAP = 8
LEGEND_PER_ROW = 3
LEGEND_STEP = 250
LEGEND_ROW = 20


def stacked_bars(rows: list[dict], *, title: str) -> dict:
    """rows: [{"label": str, "counts": {status: n}, "percent": float | None}] -> drawing data."""
    biggest = max((sum(r["counts"].values()) for r in rows), default=0) or 1
    bars = []
    for i, row in enumerate(rows):
        y = i * (ROW_HEIGHT + GAP)
        x = LABEL_WIDTH
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
                "label": row["label"][:42],
                "full_label": row["label"],
                "y": y,
                "text_y": y + ROW_HEIGHT - 8,
                "segments": segments,
                "total": total,
                "end_x": x + 6,
                "percent": None if percent is None else round(percent),
            }
        )
    height = max(1, len(rows)) * (ROW_HEIGHT + GAP)
    # The legend in rows of LEGEND_PER_ROW, so that long labels never overlap.
    legend = [
        {
            "label": st.LABELS[c],
            "fill": COLOURS[c],
            "x": (i % LEGEND_PER_ROW) * LEGEND_STEP,
            "y": height + 6 + (i // LEGEND_PER_ROW) * LEGEND_ROW,
            "text_y": height + 18 + (i // LEGEND_PER_ROW) * LEGEND_ROW,
        }
        for i, c in enumerate(st.ORDER)
    ]
    legend_rows = -(-len(st.ORDER) // LEGEND_PER_ROW)
    return {
        "title": title,
        "bars": bars,
        "width": LABEL_WIDTH + BAR_WIDTH + 110,
        "height": height,
        "bar_height": ROW_HEIGHT,
        "legend": legend,
        "legend_y": height + 6,
        "legend_text_y": height + 18,
        "full_height": height + 8 + legend_rows * LEGEND_ROW,
    }
