"""The draft's sections, written from what was compiled (periodic_reports/compile.py).

The text is a starting point the secretariat edits: plain text, one paragraph a line, lines beginning with
"- " are bullets. Each section names the unit beside what it reported. The compiled figures and annex rows
are kept as JSON with the version (`snapshot`), so an issued report keeps them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from documents.layout import in_official_language
from tasks.deadlines import task_deadline

from .compile import Compiled, Entry, TaskState

SECTION_MAX = 50_000  # characters of one section's text


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    level: int
    text: str


def _d(day) -> str:
    return day.strftime("%d/%m/%Y")


def _lines(lines: list[str]) -> str:
    text = "\n".join(line for line in lines if line is not None)
    return text[:SECTION_MAX]


def _task(state: TaskState) -> str:
    task = state.task
    written, effective = task_deadline(task)
    deadline = (
        written if effective is None else "{} ({})".format(written, _("hạn thực tế: %(day)s") % {"day": _d(effective)})
    )
    return _("%(code)s. %(title)s (%(unit)s; hạn %(deadline)s)") % {
        "code": task.code,
        "title": task.title,
        "unit": task.lead_unit.name,
        "deadline": deadline,
    }


def direction(c: Compiled) -> str:
    """I. Direction and management: the committee's meetings of the window with their conclusions, the plans
    approved in it and the documents it issued (the register of issued documents)."""
    lines = []
    if c.meetings:
        lines.append(
            _("Trong kỳ, Ban Chỉ đạo đã tổ chức %(n)s phiên họp để chỉ đạo, điều hành công tác cải cách hành chính:")
            % {"n": len(c.meetings)}
        )
        for meeting in c.meetings:
            lines.append(
                _("- Phiên họp ngày %(date)s: %(title)s.") % {"date": _d(meeting.date), "title": meeting.title}
            )
            conclusions = list(meeting.conclusions.all())
            if conclusions:
                lines.append(
                    _("Kết luận của phiên họp: %(items)s")
                    % {
                        "items": "; ".join(
                            f"({i}) {c.content.strip().rstrip('.')}" for i, c in enumerate(conclusions, 1)
                        )
                    }
                    + "."
                )
    else:
        lines.append(_("Trong kỳ, Ban Chỉ đạo không tổ chức phiên họp."))
    for plan in c.approvals:
        decision = plan.approved_by
        if decision is not None:
            lines.append(
                _("- Phê duyệt %(plan)s (%(number)s ngày %(date)s).")
                % {"plan": plan.title, "number": decision.number, "date": _d(decision.date)}
            )
        else:
            lines.append(_("- Thông qua %(plan)s.") % {"plan": plan.title})
    if c.documents:
        lines.append(_("Ban Chỉ đạo đã ban hành %(n)s văn bản chỉ đạo, điều hành:") % {"n": len(c.documents)})
        lines += [
            _("- %(kind)s số %(number)s ngày %(date)s: %(title)s.")
            % {
                "kind": document.get_kind_display(),
                "number": document.number,
                "date": _d(document.issued_on),
                "title": document.title.rstrip("."),
            }
            for document in c.documents
        ]
    return _lines(lines)


def _figure_sentence(figures: dict[str, int]) -> str:
    return _(
        "%(due)s nhiệm vụ đến hạn; hoàn thành đúng hạn %(on_time)s, hoàn thành quá hạn %(late)s, "
        "quá hạn chưa hoàn thành %(overdue)s"
    ) % {
        "due": figures["due"],
        "on_time": figures["done_on_time"],
        "late": figures["done_late"],
        "overdue": figures["overdue"],
    }


def results(c: Compiled) -> str:
    """II. The overall figures: tasks due, done on time, late, overdue; pilot units beside the others."""
    f = c.figures
    lines = [
        _("Trong kỳ có %(figures)s.") % {"figures": _figure_sentence(f["all"])},
        _("- Các đơn vị điểm chỉ đạo: %(figures)s.") % {"figures": _figure_sentence(f["pilot"])},
        _("- Các đơn vị khác: %(figures)s.") % {"figures": _figure_sentence(f["others"])},
        _("%(n)s nhiệm vụ có báo cáo tiến độ được Bộ phận Thường trực chấp nhận trong kỳ.")
        % {"n": f["all"]["reported"]},
    ]
    return _lines(lines)


def _entry_line(entry: Entry) -> str:
    done = entry.done or _("(báo cáo không nêu kết quả)")
    line = _("- %(unit)s (%(code)s. %(title)s): %(done)s") % {
        "unit": entry.unit,
        "code": entry.code,
        "title": entry.title,
        "done": done.replace("\n", " "),
    }
    if entry.percent == 100:
        return line + " " + _("Đã hoàn thành.")
    return line + " " + _("Đạt %(percent)s%%.") % {"percent": entry.percent}


def area(area: dict) -> str:
    """II.n. One reform area: what each unit reported it did (the latest accepted report of each task)."""
    if not area["entries"]:
        return _("Trong kỳ chưa có báo cáo được chấp nhận về lĩnh vực này.")
    return _lines([_entry_line(entry) for entry in area["entries"]])


def _grouped(entries: list[Entry], attribute: str) -> list[tuple[str, list[str]]]:
    """The distinct texts of `attribute` (obstacles, proposals), each with the units that reported it."""
    groups: dict[str, list[str]] = {}
    for entry in entries:
        text = getattr(entry, attribute).replace("\n", " ").strip()
        if text:
            units = groups.setdefault(text, [])
            if entry.unit not in units:
                units.append(entry.unit)
    return list(groups.items())


def shortcomings(c: Compiled) -> str:
    """III. Shortcomings and their causes: the overdue tasks, and the obstacles the units reported."""
    lines = []
    if c.overdue:
        lines.append(_("Còn %(n)s nhiệm vụ quá hạn chưa hoàn thành:") % {"n": len(c.overdue)})
        lines += [f"- {_task(state)}" for state in c.overdue]
    obstacles = _grouped(c.entries, "obstacles")
    if obstacles:
        lines.append(_("Khó khăn, vướng mắc các đơn vị báo cáo:"))
        lines += [f"- {text} ({', '.join(units)})" for text, units in obstacles]
    if not lines:
        lines.append(_("Trong kỳ các đơn vị không báo cáo khó khăn, vướng mắc."))
    return _lines(lines)


def next_tasks(c: Compiled) -> str:
    """IV. Tasks for the next period: one-off tasks of the plan due in it and not done, then the overdue ones."""
    window = {"start": _d(c.next_starts_on), "end": _d(c.next_ends_on)}
    lines = []
    if c.next_tasks:
        lines.append(_("Các nhiệm vụ theo kế hoạch đến hạn trong kỳ tới (từ %(start)s đến %(end)s):") % window)
        lines += [f"- {_task(state)}" for state in c.next_tasks]
    else:
        lines.append(_("Kế hoạch không có nhiệm vụ đến hạn trong kỳ tới (từ %(start)s đến %(end)s).") % window)
    if c.overdue:
        lines.append(_("Khẩn trương hoàn thành các nhiệm vụ đã quá hạn:"))
        lines += [f"- {_task(state)}" for state in c.overdue]
    lines.append(_("Tiếp tục thực hiện các nhiệm vụ thường xuyên và báo cáo tiến độ đúng hạn."))
    return _lines(lines)


def proposals(c: Compiled) -> str:
    """V. Proposals: what the units proposed, grouped by reform area, each with its unit."""
    lines = []
    for item in c.areas:
        grouped = _grouped(item["entries"], "proposals")
        if grouped:
            lines.append(_("Về %(area)s:") % {"area": item["name"].lower()})
            lines += [f"- {text} ({', '.join(units)})" for text, units in grouped]
    if not lines:
        lines.append(_("Trong kỳ các đơn vị không có đề xuất, kiến nghị."))
    return _lines(lines)


@in_official_language
def sections(c: Compiled) -> list[Section]:
    """The draft's sections in order (keys: direction, results, area-<code>, shortcomings, next, proposals)."""
    out = [
        Section("direction", _("I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH"), 1, direction(c)),
        Section("results", _("II. KẾT QUẢ THỰC HIỆN NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH"), 1, results(c)),
    ]
    for n, item in enumerate(c.areas, 1):
        out.append(Section(f"area-{item['code']}", f"{n}. {item['name']}", 2, area(item)))
    out += [
        Section("shortcomings", _("III. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN"), 1, shortcomings(c)),
        Section("next", _("IV. NHIỆM VỤ TRỌNG TÂM KỲ TỚI"), 1, next_tasks(c)),
        Section("proposals", _("V. ĐỀ XUẤT, KIẾN NGHỊ"), 1, proposals(c)),
    ]
    return out


def snapshot(c: Compiled) -> dict:
    """What a version keeps of the compiled data (JSON): the window, the figures, the annex rows."""
    return {
        "starts_on": c.period.starts_on.isoformat(),
        "ends_on": c.period.ends_on.isoformat(),
        "as_of": c.as_of.isoformat(),
        "figures": c.figures,
        "annex": c.annex,
    }
