"""Server-rendered SVG charts (stacked horizontal bars by status) that print well: no JavaScript,
colours set by attributes, every number also written as text, and a line under each chart saying what
its numbers are. A label longer than a line wraps at a space onto a second line; only what is left after
two lines is cut, at a space, with "…" (the whole label is in the bar's tooltip and the hidden table)."""

from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext
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
BAR_WIDTH = 264  # leaves 130 px after the longest bar for "123 · chưa báo cáo"
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


INK = "#1f2328"


def render(chart: dict, chart_id: str) -> SafeString:
    """The figure of a chart of `stacked_bars` as HTML: its caption, the SVG (one `<g>` per row with its tooltip,
    label lines, coloured segments and total), the note, and a visually hidden table of the same numbers for
    screen readers; or the sentence saying why it is empty. Drawn here rather than by a template: the same markup,
    built in a few hundred string joins instead of a few thousand template nodes (the dashboard draws three).
    Every text is escaped; `chart_id` names the SVG's title for `aria-labelledby`."""
    title = conditional_escape(chart["title"])
    if not chart["bars"]:
        return format_html(
            '<figure class="chart">\n  <figcaption>{}</figcaption>\n  <p class="chart-empty">{}</p>\n</figure>',
            title,
            chart["empty"],
        )
    not_reported = conditional_escape(gettext("chưa báo cáo"))
    width, full_height = chart["width"], chart["full_height"]
    out = [
        f'<figure class="chart">\n  <figcaption>{title}</figcaption>\n  <svg xmlns="http://www.w3.org/2000/svg" '
        f'role="img" aria-labelledby="{escape(chart_id)}-t" width="{width}" height="{full_height}" '
        f'viewBox="0 0 {width} {full_height}">\n    <title id="{escape(chart_id)}-t">{title}</title>\n'
    ]
    rows = []
    for bar in chart["bars"]:
        label, total, percent = conditional_escape(bar["full_label"]), bar["total"], bar["percent"]
        tooltip = ngettext("%(n)s nhiệm vụ", "%(n)s nhiệm vụ", total) % {"n": total}
        if percent is not None:
            tooltip += ", " + gettext("tiến độ bình quân %(p)s%%") % {"p": percent}
        out.append(f"    <g>\n      <title>{label}: {escape(tooltip)}</title>\n      ")
        out.extend(
            f'<text x="0" y="{line["y"]}" font-size="14" fill="{INK}">{escape(line["text"])}</text>'
            for line in bar["lines"]
        )
        out.append("\n      ")
        out.extend(
            f'<rect x="{s["x"]}" y="{bar["y"]}" width="{s["width"]}" height="{chart["bar_height"]}" fill="{s["fill"]}" '
            f'stroke="#ffffff" stroke-width="1"><title>{escape(s["label"])}: {s["count"]}</title></rect>'
            for s in bar["segments"]
        )
        end = f" · {percent}%" if percent is not None else f" · {not_reported}"
        out.append(
            f'\n      <text x="{bar["end_x"]}" y="{bar["text_y"]}" font-size="14" fill="{INK}">{total}{end}</text>\n'
            "    </g>\n"
        )
        shown = f"{percent}%" if percent is not None else not_reported
        rows.append(f'<tr><th scope="row">{label}</th><td>{total}</td><td>{shown}</td></tr>')
    out.append("    ")
    out.extend(
        f'<rect x="{item["x"]}" y="{item["y"]}" width="12" height="12" fill="{item["fill"]}"></rect>'
        f'<text x="{item["x"] + 16}" y="{item["text_y"]}" font-size="12" fill="{INK}">{escape(item["label"])}</text>'
        for item in chart["legend"]
    )
    out.append(
        f'\n  </svg>\n  <p class="chart-note">{conditional_escape(chart["note"])}</p>\n'
        '  <div class="visually-hidden"><table>\n'
        f"    <caption>{title}</caption>\n"
        f'    <thead><tr><th scope="col">{escape(gettext("Nhóm"))}</th><th scope="col">{escape(gettext("Số nhiệm vụ"))}'
        f'</th><th scope="col">{escape(gettext("Tiến độ bình quân"))}</th></tr></thead>\n'
        f"    <tbody>{''.join(rows)}</tbody>\n  </table></div>\n</figure>"
    )
    return mark_safe("".join(out))  # noqa: S308  every part above is escaped or a number
