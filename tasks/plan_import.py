"""Reading a plan from the Excel table committees already write, before anything is saved.

The table (one sheet, the first) has a header row naming its columns, found by name wherever it is in
the first rows and whatever its accents, case or spacing: TT | Nội dung | Cơ quan chủ trì | Cơ quan phối
hợp | Thời gian hoàn thành | Sản phẩm | Lãnh đạo phụ trách. Extra columns are ignored; a header cell
merged over several columns or rows counts for the column it starts in. A row of column numbers
("(1)", "(2)"…) under the header and empty rows are skipped. A data cell merged down over several rows
(one lead unit for a group of tasks) counts for each of them.

A heading row ("I. CẢI CÁCH THỂ CHẾ": a Roman numeral, or text with no unit and no deadline) names the
reform area of the rows below it, matched to `members.ReformArea` by its folded name (core.text.fold);
the task code is the heading's numeral and the row's TT ("II.3"), unique in the plan.

Each task row is read into what `tasks.tasklist.create_task` takes, or into the reasons it cannot be:
- units by their folded name or short name ("SO NOI VU" is Sở Nội vụ; "UBND" and "Ủy ban nhân dân"
  alike), among the units working on the plan year's day (`members.unit_fields.day_in_year`, as the
  task form offers them); a unit that has ended by then is named as such; one lead unit;
- a coordinating cell is split at ";", new lines and commas (names holding commas are tried whole
  first); a phrase naming a group ("Các sở, ban, ngành", "UBND các huyện, thành phố, thị xã",
  "các cơ quan liên quan") is not expanded into units (the plan names no list; lower committees get
  their part by cascading) and is kept word for word in the task's description;
- the deadline as `tasks.deadlines.parse_deadline` reads it ("Quý III/2023", "30/6/2023", "Thường
  xuyên"…), within the plan's year, as tasks/tasklist.py wants it; a date in a later year only for a row
  marked in the optional column "Nhiều năm" ("x", "có"), which becomes a multi-year task;
- the product by its words (Quyết định, Kế hoạch, Báo cáo, Thông báo, Công văn; otherwise "Khác"),
  the cell's words kept as the product's description;
- the leader by the name of a member of the plan's committee ("Đ/c Lê Hồng Vinh, PCT UBND tỉnh").

Only `read_table` touches the database (a fixed number of queries: areas, units, members, codes).
"""

import re
import zipfile
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from core.text import clean_text, fold
from members.models import Membership, Person, ReformArea, Unit
from members.unit_fields import day_in_year

from . import deadlines
from .models import Plan, Task
from .tasklist import create_task

MAX_ROWS = 1000
MAX_UNPACKED_BYTES = 40 * 1024 * 1024  # what a 1,000-row table with formatting unpacks to, with room
HEADER_SEARCH_ROWS = 15
COLUMNS = {
    "code": ("tt", "stt", "so tt", "so thu tu"),
    "title": ("noi dung", "noi dung nhiem vu", "nhiem vu", "ten nhiem vu"),
    "lead": ("co quan chu tri", "don vi chu tri", "chu tri"),
    "coordinating": ("co quan phoi hop", "don vi phoi hop", "phoi hop"),
    "deadline": ("thoi gian hoan thanh", "thoi han hoan thanh", "thoi han", "thoi gian"),
    "output": ("san pham", "san pham dau ra", "hinh thuc san pham"),
    "leader": ("lanh dao phu trach", "lanh dao chi dao", "nguoi phu trach", "thanh vien phu trach"),
    "multi_year": ("nhieu nam", "thuc hien nhieu nam", "nhiem vu thuc hien nhieu nam", "nhiem vu nhieu nam"),
}
# What a "Nhiều năm" cell says when it does not mark the task (folded): empty, or a no.
NOT_MARKED = ("", "0", "khong", "no", "-")
REQUIRED = ("code", "title", "lead", "deadline")
ROMAN_ONLY = re.compile(r"^([ivxl]+)\s*[.)]?$")  # a TT cell of a heading row: "I", "II."
ROMAN_HEADING = re.compile(r"^([ivxl]+)\s*[.)/:-]\s*")  # a heading in one cell: "I. CẢI CÁCH THỂ CHẾ"
COLUMN_NUMBER = re.compile(r"^\(?\d{1,2}\)?$")
GROUP_WORDS = re.compile(r"(?:^|\s)(?:cac|nhung)\s|lien quan|\bcap (?:tinh|huyen|xa)\b|dia phuong|don vi khac")
OUTPUT_WORDS = (
    ("quyet dinh", Task.Output.DECISION),
    ("ke hoach", Task.Output.PLAN),
    ("bao cao", Task.Output.REPORT),
    ("thong bao", Task.Output.NOTICE),
    ("cong van", Task.Output.LETTER),
)
LEADER_PREFIX = re.compile(r"^(?:dong chi|d/c|đ/c|dc|ong|ba)\s+")


class TableError(ValueError):
    """The workbook as a whole cannot be read (no header, too many rows…): a Vietnamese message."""


@dataclass
class ImportRow:
    """One row of the table as read: `line` is its row number in the sheet; `fields` what create_task
    takes (ids for foreign keys, ISO dates), empty when `errors` says why the row cannot be read."""

    line: int
    code: str = ""
    title: str = ""
    area: str = ""
    lead: str = ""
    coordinating: list[str] = field(default_factory=list)
    deadline: str = ""
    multi_year: bool = False
    output: str = ""
    leader: str = ""
    notes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    fields: dict = field(default_factory=dict)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean_text(str(value)).strip()


def _unit_key(text: str) -> str:
    folded = fold(text)
    folded = re.sub(r"\buy ban nhan dan\b", "ubnd", folded)
    return re.sub(r"[.,;:]+$", "", folded).strip()


class Names:
    """Units, areas and committee members by folded name (loaded once per table)."""

    def __init__(self, plan: Plan, today: date):
        self.day = day_in_year(plan.year, today)
        self.units: dict[str, list[Unit]] = {}
        self.ended: dict[str, Unit] = {}
        for unit in Unit.objects.only("pk", "name", "short_name", "valid_from", "valid_to"):
            for name in {unit.name, unit.short_name} - {""}:
                if not unit.is_valid_on(self.day):
                    self.ended.setdefault(_unit_key(name), unit)
                    continue
                bucket = self.units.setdefault(_unit_key(name), [])
                if unit not in bucket:
                    bucket.append(unit)
        self.areas = list(ReformArea.objects.all())
        self.members = {
            fold(m.person.full_name): m.person
            for m in Membership.objects.filter(committee_id=plan.committee_id).select_related("person")
        }
        self.codes = set(Task.objects.filter(plan=plan).values_list("code", flat=True))

    def unit(self, text: str) -> Unit | None | list[Unit]:
        """The unit named, None when no unit has that name, the candidates when several do."""
        found = self.units.get(_unit_key(text), [])
        return found[0] if len(found) == 1 else (found or None)

    def unknown_unit(self, text: str, *, lead: bool) -> str:
        """Why no unit answers to `text`: none has that name, or the one that had it does not work on the
        plan year's day (ended, merged: members/unit_changes.py)."""
        unit = self.ended.get(_unit_key(text))
        if unit is not None:
            return _("“%(name)s” không còn hoạt động vào ngày %(day)s: hãy ghi đơn vị kế thừa.") % {
                "name": text,
                "day": self.day.strftime("%d/%m/%Y"),
            }
        if lead:
            return _("Không tìm thấy cơ quan chủ trì “%(name)s”.") % {"name": text}
        return _("Không tìm thấy cơ quan phối hợp “%(name)s”.") % {"name": text}

    def area(self, text: str) -> ReformArea | None:
        """The reform area a heading names: same folded name, else the one sharing most words (at least
        three quarters of the heading's)."""
        words = set(re.findall(r"\w+", fold(text)))
        best, best_score = None, 0.0
        for area in self.areas:
            area_words = set(re.findall(r"\w+", fold(area.name)))
            if area_words == words:
                return area
            score = len(words & area_words) / max(len(words), 1)
            if score > best_score:
                best, best_score = area, score
        return best if best_score >= 0.75 else None

    def leader(self, text: str):
        folded = LEADER_PREFIX.sub("", fold(text))
        name = re.split(r"\s+[-–,(]\s*|\s*[,(]", folded)[0].strip()
        if name in self.members:
            return self.members[name]
        found = [p for key, p in self.members.items() if re.search(rf"\b{re.escape(key)}\b", folded)]
        return found[0] if len(found) == 1 else None


def _header(sheet) -> tuple[int, dict[str, int]]:
    """The header row's number and the column of each known name (merged cells read from their start)."""
    merged_start = {}
    for cells in sheet.merged_cells.ranges:
        for row in range(cells.min_row, cells.max_row + 1):
            for col in range(cells.min_col, cells.max_col + 1):
                if (row, col) != (cells.min_row, cells.min_col):
                    merged_start[(row, col)] = (cells.min_row, cells.min_col)
    for row in range(1, min(sheet.max_row, HEADER_SEARCH_ROWS) + 1):
        columns: dict[str, int] = {}
        for col in range(1, sheet.max_column + 1):
            if (row, col) in merged_start:
                continue  # a merged header counts once, for the column it starts in
            name = fold(_text(sheet.cell(row=row, column=col).value))
            for key, names in COLUMNS.items():
                if name in names and key not in columns:
                    columns[key] = col
        if "title" in columns and len(columns) >= 3:
            missing = [COLUMNS[k][0] for k in REQUIRED if k not in columns]
            if missing:
                raise TableError(
                    _("Dòng tiêu đề (dòng %(row)s) thiếu cột: %(names)s.") % {"row": row, "names": ", ".join(missing)}
                )
            return row, columns
    raise TableError(
        _(
            "Không tìm thấy dòng tiêu đề của bảng. Bảng cần các cột: TT, Nội dung, Cơ quan chủ trì, "
            "Cơ quan phối hợp, Thời gian hoàn thành, Sản phẩm, Lãnh đạo phụ trách."
        )
    )


def _heading(code: str, title: str) -> tuple[str, str]:
    """(Roman numeral in capitals or "", the folded rest) of a possible heading row: the numeral from the TT
    cell ("II"), or from the start of the text when the TT cell is empty ("II. CẢI CÁCH THỂ CHẾ"; the
    punctuation is required there, so "Vi phạm…" is no heading)."""
    match = ROMAN_ONLY.match(fold(code))
    if match:
        return match.group(1).upper(), fold(title)
    folded = fold(title if not code else f"{code} {title}")
    match = ROMAN_HEADING.match(folded) if not code else None
    return (match.group(1).upper(), folded[match.end() :]) if match else ("", folded)


def _coordinating(text: str, names: Names, row: ImportRow) -> list[int]:
    """Coordinating unit ids; group phrases go to `row.notes`, unknown names to `row.errors`."""
    ids: list[int] = []
    for chunk in re.split(r"[;\n]+", text):
        pieces = [p.strip(" .-+") for p in chunk.split(",") if p.strip(" .-+")]
        i = 0
        while i < len(pieces):
            for j in range(len(pieces), i, -1):  # the longest run of pieces naming one unit
                found = names.unit(", ".join(pieces[i:j]))
                if isinstance(found, Unit):
                    ids.append(found.pk)
                    row.coordinating.append(found.name)
                    i = j
                    break
            else:
                piece = pieces[i]
                folded = fold(piece)
                if GROUP_WORDS.search(folded):
                    row.notes.append(", ".join(pieces[i:]))
                    break
                parts = [names.unit(p) for p in re.split(r"\s+và\s+", piece, flags=re.I)]
                if len(parts) > 1 and all(isinstance(p, Unit) for p in parts):
                    ids.extend(p.pk for p in parts)  # type: ignore[union-attr]
                    row.coordinating.extend(p.name for p in parts)  # type: ignore[union-attr]
                else:
                    row.errors.append(names.unknown_unit(piece, lead=False))
                i += 1
    return list(dict.fromkeys(ids))


def _output(text: str) -> tuple[str, str]:
    """(Task.Output, note): the first product word the cell holds; the cell kept as the note unless it is
    only that word."""
    folded = fold(text)
    found = [(folded.find(words), output) for words, output in OUTPUT_WORDS if words in folded]
    if not text:
        return Task.Output.OTHER, ""
    if not found:
        return Task.Output.OTHER, text[:300]
    output = min(found)[1]
    return output, "" if folded == fold(str(Task.Output(output).label)) else text[:300]


def _deadline(text: str, plan: Plan, row: ImportRow) -> dict:
    if not text:
        row.errors.append(_("Thiếu thời gian hoàn thành."))
        return {}
    try:
        parsed = deadlines.parse_deadline(text, year=plan.year)
    except ValueError as e:
        row.errors.append(str(e.args[0]))
        return {}
    due = parsed.due_date
    later = due is not None and due.year > plan.year and row.multi_year and parsed.kind == deadlines.DATE
    if due is not None and due.year != plan.year and not later:
        message = _("Thời hạn “%(deadline)s” không thuộc năm kế hoạch %(year)s.") % {
            "deadline": text,
            "year": plan.year,
        }
        if due.year > plan.year and not row.multi_year:
            message += " " + _("Nếu nhiệm vụ thực hiện qua nhiều năm, hãy đánh dấu ở cột “Nhiều năm”.")
        elif due.year > plan.year:
            message += " " + _("Nhiệm vụ nhiều năm ghi thời hạn là một ngày cụ thể (dd/mm/yyyy).")
        row.errors.append(message)
        return {}
    row.deadline = deadlines.written_deadline(parsed.kind, parsed.due_date)
    if row.multi_year:
        row.deadline += " " + _("(nhiều năm)")
    ongoing = parsed.kind == deadlines.ONGOING
    return {
        "due_kind": parsed.kind,
        "due_date": parsed.due_date.isoformat() if parsed.due_date else None,
        "recurrence": Task.Recurrence.ONGOING if ongoing else Task.Recurrence.ONCE,
    }


def _task_row(
    line: int, cells: dict[str, str], *, section: str, area, names: Names, plan: Plan, seen: set
) -> ImportRow:
    row = ImportRow(line=line, title=cells["title"], output=cells["output"], leader=cells["leader"])
    tt = cells["code"].rstrip(".")
    row.code = f"{section}.{tt}" if section and tt else tt
    row.area = area.name if area else ""
    if not tt:
        row.errors.append(_("Thiếu số thứ tự (TT)."))
    elif row.code in seen:
        row.errors.append(_("TT “%(code)s” trùng với một dòng phía trên.") % {"code": row.code})
    elif row.code in names.codes:
        row.errors.append(_("Mã “%(code)s” đã có trong kế hoạch.") % {"code": row.code})
    if len(row.code) > 40:
        row.errors.append(_("TT quá dài (tối đa 40 ký tự)."))
    seen.add(row.code)
    if not row.title:
        row.errors.append(_("Nội dung trống."))
    elif len(row.title) > 500:
        row.errors.append(_("Nội dung dài quá 500 ký tự."))
    if area is None:
        row.errors.append(_("Chưa có lĩnh vực: dòng nằm dưới một mục không nhận ra (như “I. CẢI CÁCH THỂ CHẾ”)."))
    lead = names.unit(cells["lead"]) if cells["lead"] else None
    if not cells["lead"]:
        row.errors.append(_("Thiếu cơ quan chủ trì."))
    elif isinstance(lead, list):
        row.errors.append(_("Có nhiều đơn vị tên “%(name)s”.") % {"name": cells["lead"]})
    elif lead is None:
        row.errors.append(names.unknown_unit(cells["lead"], lead=True))
    else:
        row.lead = lead.name
    coordinating = _coordinating(cells["coordinating"], names, row)
    if isinstance(lead, Unit) and lead.pk in coordinating:
        coordinating.remove(lead.pk)
        row.coordinating.remove(lead.name)
    row.multi_year = fold(cells["multi_year"]) not in NOT_MARKED
    deadline = _deadline(cells["deadline"], plan, row)
    output, note = _output(cells["output"])
    person = names.leader(cells["leader"]) if cells["leader"] else None
    if cells["leader"] and person is None:
        row.errors.append(_("Không tìm thấy “%(name)s” trong thành viên Ban Chỉ đạo.") % {"name": cells["leader"]})
    if row.errors:
        return row
    row.leader = person.full_name if person else ""
    label = str(Task.Output(output).label)
    row.output = f"{label}: {note}" if note else label
    description = _("Phối hợp: %(units)s.") % {"units": "; ".join(row.notes)} if row.notes else ""
    row.fields = {
        "code": row.code,
        "title": row.title,
        "description": description,
        "area": area.pk,
        "lead_unit": lead.pk,  # type: ignore[union-attr]
        "coordinating_units": coordinating,
        "responsible": person.pk if person else None,
        "expected_output": output,
        "expected_output_note": note,
        "is_multi_year": row.multi_year,
        **deadline,
    }
    return row


def read_table(upload, *, plan: Plan, today: date) -> list[ImportRow]:
    """Every row of the uploaded workbook's first sheet, read for `plan` (see the module docstring).
    Heading rows that name an area are not returned; one that names none is, with its error. Raises
    TableError when the workbook cannot be opened, unpacks to more than MAX_UNPACKED_BYTES, has no header or
    more than MAX_ROWS rows."""
    try:
        with zipfile.ZipFile(upload) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError) as e:
        raise TableError(_("Không mở được tệp Excel: tệp hỏng hoặc không phải bảng .xlsx.")) from e
    if unpacked > MAX_UNPACKED_BYTES:  # a small file that unpacks into a huge one
        raise TableError(_("Bảng quá lớn để đọc: hãy chỉ giữ trang kế hoạch trong tệp."))
    upload.seek(0)
    try:
        sheet = load_workbook(upload, data_only=True).worksheets[0]
    except Exception as e:  # openpyxl raises many kinds on a damaged file
        raise TableError(_("Không mở được tệp Excel: tệp hỏng hoặc không phải bảng .xlsx.")) from e
    if sheet.max_row > MAX_ROWS + HEADER_SEARCH_ROWS:
        raise TableError(_("Bảng quá dài: tối đa %(n)s dòng.") % {"n": MAX_ROWS})
    header, columns = _header(sheet)
    names = Names(plan, today)
    rows: list[ImportRow] = []
    area: ReformArea | None = None
    section, seen = "", set[str]()
    shared = _shared_down(sheet, below=header)
    for line, row_values in enumerate(sheet.iter_rows(min_row=header + 1, values_only=True), start=header + 1):
        values = [shared.get((line, col), value) for col, value in enumerate(row_values, start=1)]
        cells = {key: _text(values[col - 1]) if col <= len(values) else "" for key, col in _columns_of(columns)}
        filled = [v for v in cells.values() if v]
        if not filled or all(COLUMN_NUMBER.match(v) for v in filled):
            continue
        heading = " ".join(v for v in (cells["code"], cells["title"]) if v)
        numeral, text = _heading(cells["code"], cells["title"])
        if not cells["lead"] and not cells["deadline"] and (numeral or heading.isupper()):
            section = numeral
            area = names.area(text)
            if area is None:
                rows.append(
                    ImportRow(
                        line=line,
                        title=heading,
                        errors=[_("Không nhận ra lĩnh vực cải cách của mục “%(text)s”.") % {"text": heading}],
                    )
                )
            continue
        rows.append(_task_row(line, cells, section=section, area=area, names=names, plan=plan, seen=seen))
    if not rows:
        raise TableError(_("Bảng không có dòng nhiệm vụ nào dưới dòng tiêu đề."))
    return rows


def _shared_down(sheet, *, below: int) -> dict[tuple[int, int], object]:
    """A cell merged down over several task rows (one lead unit or deadline for a group of tasks) holds its
    value for each of those rows: {(row, column): value}. A merge across columns (a heading row) shares
    nothing: its text stays in the column it starts in."""
    shared: dict[tuple[int, int], object] = {}
    for cells in sheet.merged_cells.ranges:
        if cells.max_row > cells.min_row and cells.min_row > below:
            value = sheet.cell(row=cells.min_row, column=cells.min_col).value
            for row in range(cells.min_row + 1, cells.max_row + 1):
                shared[(row, cells.min_col)] = value
    return shared


def _columns_of(columns: dict[str, int]) -> list[tuple[str, int]]:
    """Every known column with its number (past the row's end when the table lacks it: read as empty)."""
    return [(key, columns.get(key, 10_000)) for key in COLUMNS]


@transaction.atomic
def save_rows(*, plan: Plan, rows: list[dict], by) -> list[Task]:
    """Create the tasks of the readable rows (`ImportRow.fields`, as kept between preview and confirm)
    through `tasks.tasklist.create_task`, all or none: the plan row is locked first, so a second confirm
    of the same table waits, then finds the codes taken and is refused (ValidationError)."""
    Plan.objects.select_for_update().get(pk=plan.pk)
    areas = ReformArea.objects.in_bulk([r["area"] for r in rows])
    unit_ids = {r["lead_unit"] for r in rows} | {u for r in rows for u in r["coordinating_units"]}
    units = Unit.objects.in_bulk(unit_ids)
    people = Person.objects.in_bulk([r["responsible"] for r in rows if r["responsible"]])
    created = []
    for r in rows:
        fields = {
            **{k: r[k] for k in ("code", "title", "description", "due_kind", "recurrence", "expected_output")},
            "expected_output_note": r["expected_output_note"],
            "area": areas[r["area"]],
            "lead_unit": units[r["lead_unit"]],
            "responsible": people.get(r["responsible"]),
            "due_date": date.fromisoformat(r["due_date"]) if r["due_date"] else None,
            "is_multi_year": bool(r.get("is_multi_year")),
        }
        try:
            created.append(
                create_task(
                    plan=plan,
                    fields=fields,  # type: ignore[arg-type]
                    coordinating_units=[units[u] for u in r["coordinating_units"]],
                    by=by,
                )
            )
        except ValidationError as e:
            raise ValidationError(
                _("Dòng mã “%(code)s” không lưu được: %(reason)s")
                % {"code": r["code"], "reason": " ".join(m for m in e.messages)}
            ) from e
    return created
