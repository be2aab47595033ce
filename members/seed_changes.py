"""The changes of Nghệ An's units that the domain notes state (docs/domain.md, "Units of Nghệ An").

- Thị xã Cửa Lò merged into Thành phố Vinh from 01/12/2024;
- the district level ended from 01/07/2025 (the new communes and wards are not in our sources: the
  secretariat adds them in the app and records them as successors);
- from 01/03/2025 the provincial departments merged: Kế hoạch và Đầu tư into Tài chính; Tài nguyên và
  Môi trường with Nông nghiệp và Phát triển nông thôn into Nông nghiệp và Môi trường (a new unit, valid
  from that day); Giao thông vận tải into Xây dựng; Thông tin và Truyền thông into Khoa học và Công nghệ;
  Lao động - Thương binh và Xã hội into Nội vụ (its social protection to Y tế, vocational training to
  Giáo dục và Đào tạo).

The sources give no document numbers, so each change records its published source as the notes state
it (`UnitChange.source`), never an invented number; the secretariat cites the document when it passes
the ended units' work on (members/unit_changes.py `transfer_work`). The loader does not pass work on:
that is the secretariat's reviewed step.

Idempotent: a unit whose end is recorded already, or that was given another end date in the app, is
left alone; the new unit is looked up by its code. Called by `load_nghean_2023` after members.seed.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from .models import Unit, UnitChange
from .seed import DISTRICTS, PROVINCE_CODE
from .unit_changes import end_unit

CUA_LO, VINH = "413", "412"
MERGED_INTO_VINH = date(2024, 12, 1)
DEPARTMENTS_MERGED = date(2025, 3, 1)
DISTRICT_LEVEL_ENDED = date(2025, 7, 1)

SOURCE_CUA_LO = (
    "Nghị quyết của Ủy ban Thường vụ Quốc hội năm 2024 về sắp xếp đơn vị hành chính của tỉnh Nghệ An: "
    "thị xã Cửa Lò nhập vào thành phố Vinh từ 01/12/2024 (số văn bản chưa có trong nguồn)"
)
SOURCE_DISTRICTS = (
    "Luật Tổ chức chính quyền địa phương năm 2025: chính quyền địa phương hai cấp (tỉnh; xã, phường), "
    "không còn cấp huyện từ 01/07/2025 (số văn bản chưa có trong nguồn)"
)
SOURCE_DEPARTMENTS = (
    "Sắp xếp tổ chức bộ máy của Chính phủ năm 2025: hợp nhất các sở theo mô hình chung toàn quốc từ "
    "01/03/2025 (số văn bản chưa có trong nguồn)"
)

# The new unit the sources name: code, name, valid from.
NEW_UNITS = [("SNNMT", "Sở Nông nghiệp và Môi trường", DEPARTMENTS_MERGED)]

# Ended unit's code -> successors' codes, with the day and the source.
CHANGES: list[tuple[str, tuple[str, ...], date, str]] = [
    ("SKHDT", ("STC",), DEPARTMENTS_MERGED, SOURCE_DEPARTMENTS),
    ("STNMT", ("SNNMT",), DEPARTMENTS_MERGED, SOURCE_DEPARTMENTS),
    ("SNNPTNT", ("SNNMT",), DEPARTMENTS_MERGED, SOURCE_DEPARTMENTS),
    ("SGTVT", ("SXD",), DEPARTMENTS_MERGED, SOURCE_DEPARTMENTS),
    ("STTTT", ("SKHCN",), DEPARTMENTS_MERGED, SOURCE_DEPARTMENTS),
    ("SLDTBXH", ("SNV", "SYT", "SGDDT"), DEPARTMENTS_MERGED, SOURCE_DEPARTMENTS),
    (CUA_LO, (VINH,), MERGED_INTO_VINH, SOURCE_CUA_LO),
    *[(code, (), DISTRICT_LEVEL_ENDED, SOURCE_DISTRICTS) for code, _name in DISTRICTS if code != CUA_LO],
]


def load(*, demo: bool, stdout) -> None:
    """Record the unit changes the sources state (see the module's docstring); twice adds nothing."""
    now = timezone.now()
    units = {u.code: u for u in Unit.objects.all()}
    added_units = 0
    province = units.get(PROVINCE_CODE)
    for code, name, valid_from in NEW_UNITS:
        if code not in units:
            new = Unit(code=code, name=name, kind=Unit.Kind.DEPARTMENT, parent=province, valid_from=valid_from)
            new.full_clean()
            new.save()
            units[code] = new
            added_units += 1
    recorded = set(UnitChange.objects.values_list("unit__code", flat=True))
    ended = 0
    for code, successor_codes, on, source in CHANGES:
        unit = units.get(code)
        successors = [units[c] for c in successor_codes if c in units]
        if unit is None or code in recorded or len(successors) != len(successor_codes):
            continue
        if unit.ended_on is not None and unit.ended_on != on:
            continue  # ended on another day in the app: the secretariat's record stands
        end_unit(unit=unit, on=on, successors=successors, decision=None, source=source, by=None, now=now)
        ended += 1
    if added_units or ended:
        stdout.write(f"  members: đã thêm {added_units} đơn vị mới, ghi nhận {ended} đơn vị kết thúc hoạt động.")
    else:
        stdout.write("  members: không có thay đổi đơn vị mới (đã ghi nhận trước đó).")
