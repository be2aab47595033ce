"""Unit selects list units by name as a reader looks them up (diacritics folded: "Đài" among the D), and the
public hotline's filter of published answers offers only the units that work today."""

from datetime import date

import pytest

from hotline.forms import InboxFilterForm, PublishedFilterForm, ReportForm, RouteForm
from members.models import Unit
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def units(province):
    made = {
        name: f.UnitFactory(code=code, name=name, kind=kind, parent=province)
        for code, name, kind in (
            ("UBH", "Ủy ban nhân dân huyện Anh Sơn", Unit.Kind.DISTRICT),
            ("DPT", "Đài Phát thanh và Truyền hình tỉnh", Unit.Kind.DEPARTMENT),
            ("BQL", "Ban Quản lý Khu kinh tế Đông Nam", Unit.Kind.DEPARTMENT),
            ("SYT", "Sở Y tế", Unit.Kind.DEPARTMENT),
            ("CAT", "Công an tỉnh", Unit.Kind.DEPARTMENT),
        )
    }
    ended = f.UnitFactory(code="SCU", name="Sở Cũ đã sáp nhập", kind=Unit.Kind.DEPARTMENT, parent=province)
    Unit.objects.filter(pk=ended.pk).update(valid_from=date(2000, 1, 1), valid_to=date(2020, 12, 31))
    return made


def _names(field) -> list[str]:
    return [label for value, label in field.choices if value != ""]


def _is_by_name(names: list[str]) -> bool:
    from core.text import fold

    return names == sorted(names, key=fold)


def test_the_public_filter_lists_working_units_by_name_without_ended_ones(units):
    names = _names(PublishedFilterForm().fields["unit"])
    assert _is_by_name(names)
    assert (
        names.index("Đài Phát thanh và Truyền hình tỉnh")
        < names.index("Sở Y tế")
        < names.index("Ủy ban nhân dân huyện Anh Sơn")
    )
    assert "Sở Cũ đã sáp nhập" not in names


def test_the_public_form_and_the_staff_filters_list_units_by_name(units):
    for field in (ReportForm().fields["unit_concerned"], InboxFilterForm().fields["unit"]):
        names = _names(field)
        assert _is_by_name(names) and "Đài Phát thanh và Truyền hình tỉnh" in names


def test_the_units_offered_for_new_work_are_listed_by_name(units):
    form = RouteForm()
    names = _names(form.fields["unit"])
    assert _is_by_name(names) and "Sở Cũ đã sáp nhập" not in names
