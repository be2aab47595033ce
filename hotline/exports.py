"""The hot-spot statistics as an .xlsx workbook (core/xlsx.py): the same aggregates as the hot-spot page
(hotline/stats.py), one sheet each; counts and rates only, never a report's text or contact details."""

from datetime import date

from django.utils.translation import gettext as _

from core import xlsx


def _rate(value: int | None) -> int | str:
    """A rate in percent as a number a spreadsheet can sum and chart, "—" when there is nothing to rate."""
    return value if value is not None else "—"


def hotspots_xlsx(stats: dict, *, year: int | None, today: date) -> bytes:
    """`stats`: what `hotline.stats.hotspots` returns. Sheets: the totals, by unit, by field, by channel, by
    month. Unit names, field and channel labels, months, counts and rates only."""
    book = xlsx.new_workbook()
    sheet = book.active
    sheet.title = _("Tổng hợp")
    totals = stats["totals"]
    xlsx.append_row(sheet, [_("Điểm nóng phản ánh, kiến nghị — Đường dây nóng CCHC")])
    xlsx.append_row(sheet, [_("Năm"), str(year) if year else _("Tất cả các năm")])
    xlsx.append_row(sheet, [_("Ngày lập"), today])
    xlsx.append_row(sheet, [])
    for label, value in (
        (_("Số phản ánh"), totals["total"]),
        (_("Đang xử lý"), totals["open"]),
        (_("Quá hạn"), totals["overdue"]),
        (_("Đã trả lời"), totals["answered"]),
        (_("Trả lời đúng hạn"), totals["on_time"]),
        (_("Tỷ lệ trả lời đúng hạn (%)"), _rate(totals["on_time_rate"])),
        (_("Số đánh giá"), totals["rated"]),
        (_("Hài lòng"), totals["satisfied"]),
        (_("Tỷ lệ hài lòng (%)"), _rate(totals["satisfaction_rate"])),
    ):
        xlsx.append_row(sheet, [label, value])

    units = book.create_sheet(_("Theo đơn vị"))
    xlsx.append_row(
        units, [_("Đơn vị"), _("Số phản ánh"), _("Quá hạn"), _("Không hài lòng"), _("Đã trả lời"), _("Đúng hạn")]
    )
    for r in stats["by_unit"]:
        name = r["unit"].name if r.get("unit") else "—"
        xlsx.append_row(units, [name, r["n"], r["overdue"], r["unsatisfied"], r["answered"], r["on_time"]])

    for title, header, rows in (
        (_("Theo lĩnh vực"), _("Lĩnh vực"), stats["by_category"]),
        (_("Theo kênh"), _("Kênh tiếp nhận"), stats["by_channel"]),
    ):
        part = book.create_sheet(title)
        xlsx.append_row(part, [header, _("Số phản ánh")])
        for r in rows:
            xlsx.append_row(part, [str(r["label"]), r["n"]])

    months = book.create_sheet(_("Theo tháng"))
    xlsx.append_row(
        months, [_("Tháng"), _("Số phản ánh"), _("Đã trả lời"), _("Trả lời đúng hạn"), _("Tỷ lệ đúng hạn (%)")]
    )
    for r in stats["by_month"]:
        month = r["month"]
        label = f"{month:%m/%Y}" if month else "—"
        xlsx.append_row(months, [label, r["n"], r["answered"], r["on_time"], _rate(r["on_time_rate"])])
    return xlsx.to_bytes(book)
