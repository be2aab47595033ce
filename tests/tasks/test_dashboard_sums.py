"""The dashboard's breakdowns (tasks/leadership.py `_sum_groups`): the one pass's cells (counts per area × lead
unit × member) summed per area, per unit and per member must be what counting by that key alone gives. Checked
against a plain reference over generated cells, with cells whose percent sum is None (no reported task)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from tasks import status
from tasks.leadership import AREA, COUNTED, MEMBER, UNIT, _sum_groups

CELL = st.fixed_dictionaries(
    {
        "area_id": st.sampled_from([1, 2, 3]),
        "lead_unit_id": st.sampled_from([10, 11, 12, 13]),
        "responsible_id": st.sampled_from([None, 100, 101]),
        **{name: st.integers(0, 50) for name in COUNTED},
        "percent_sum": st.none() | st.integers(0, 5000),
    }
).map(
    lambda c: {
        **c,
        "area__name": f"Lĩnh vực {c['area_id']}",
        "area__order": c["area_id"],
        "lead_unit__name": f"Đơn vị {c['lead_unit_id']}",
        "responsible__full_name": None if c["responsible_id"] is None else f"Người {c['responsible_id']}",
    }
)


def reference(cells: list[dict], keys: tuple[str, ...]) -> dict[tuple, dict]:
    out: dict[tuple, dict] = {}
    for cell in cells:
        key = tuple(cell[k] for k in keys)
        row = out.setdefault(key, {**{k: cell[k] for k in keys}, **dict.fromkeys(COUNTED, 0), "percent_sum": None})
        for name in COUNTED:
            row[name] += cell[name]
        if cell["percent_sum"] is not None:
            row["percent_sum"] = (row["percent_sum"] or 0) + cell["percent_sum"]
    return out


@settings(max_examples=200, deadline=None)
@given(st.lists(CELL, max_size=40))
def test_the_sums_by_area_unit_and_member_are_the_counts_by_that_key_alone(cells):
    for keys in (AREA, UNIT, MEMBER, ("area_id",)):
        rows = _sum_groups(cells, keys)
        assert {tuple(r[k] for k in keys): r for r in rows} == reference(cells, keys)
        assert len(rows) == len({tuple(c[k] for k in keys) for c in cells})


def test_every_status_is_summed():
    assert {f"n_{code}" for code in status.ORDER} | {"n", "n_reported"} == set(COUNTED)
