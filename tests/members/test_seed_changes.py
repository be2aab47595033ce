"""The loader records the unit changes the domain notes state, with their sources, never inventing a
number or a unit the sources do not name; loading twice adds nothing."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from members import seed_changes
from members.models import Decision, Unit, UnitChange

pytestmark = pytest.mark.django_db


def load(demo=False):
    call_command("load_nghean_2023", demo=demo, stdout=StringIO())


def successors(code):
    return set(Unit.objects.get(code=code).successors.values_list("code", flat=True))


def test_the_departments_merged_on_01_03_2025_into_their_successors(reference_data):
    load()
    new = Unit.objects.get(code="SNNMT")
    assert new.name == "Sở Nông nghiệp và Môi trường" and new.valid_from == date(2025, 3, 1)
    assert successors("SKHDT") == {"STC"}
    assert successors("STNMT") == successors("SNNPTNT") == {"SNNMT"}
    assert successors("SGTVT") == {"SXD"}
    assert successors("STTTT") == {"SKHCN"}
    assert successors("SLDTBXH") == {"SNV", "SYT", "SGDDT"}
    for code in ("SKHDT", "STNMT", "SNNPTNT", "SGTVT", "STTTT", "SLDTBXH"):
        unit = Unit.objects.get(code=code)
        assert unit.valid_to == date(2025, 2, 28), code
        assert unit.ending.on == date(2025, 3, 1)
    departments = Unit.objects.filter(kind=Unit.Kind.DEPARTMENT)
    assert departments.valid_on(date(2023, 6, 1)).count() == 21
    assert departments.valid_on(date(2025, 3, 1)).count() == 16


def test_cua_lo_merged_into_vinh_and_the_district_level_ended(reference_data):
    load()
    cua_lo = UnitChange.objects.get(unit__code="413")
    assert cua_lo.on == date(2024, 12, 1) and successors("413") == {"412"}
    districts = UnitChange.objects.filter(unit__kind=Unit.Kind.DISTRICT).exclude(unit__code="413")
    assert districts.count() == 20 and set(districts.values_list("on", flat=True)) == {date(2025, 7, 1)}
    # The new communes and wards are not in the sources: none is invented, the districts have no successor yet.
    assert not Unit.objects.filter(kind=Unit.Kind.COMMUNE).exists()
    assert not Unit.objects.filter(kind=Unit.Kind.DISTRICT).exclude(code="413").filter(successors__isnull=False)
    assert not Unit.objects.filter(kind=Unit.Kind.DISTRICT).valid_on(date(2025, 7, 1)).exists()


def test_each_change_cites_its_published_source_and_no_invented_document(reference_data):
    load()
    assert list(Decision.objects.values_list("number", flat=True)) == ["1830-QĐ/TU"]
    for change in UnitChange.objects.all():
        assert change.decision is None
        assert "số văn bản chưa có trong nguồn" in change.source
    assert "Ủy ban Thường vụ Quốc hội" in UnitChange.objects.get(unit__code="413").source
    assert "Luật Tổ chức chính quyền địa phương năm 2025" in UnitChange.objects.get(unit__code="429").source


def test_loading_twice_adds_nothing(reference_data):
    load(demo=True)
    first = (Unit.objects.count(), UnitChange.objects.count(), Unit.history.count(), UnitChange.history.count())
    load(demo=True)
    assert (Unit.objects.count(), UnitChange.objects.count(), Unit.history.count(), UnitChange.history.count()) == first
    assert first[1] == len(seed_changes.CHANGES)


def test_a_unit_the_secretariat_ended_on_another_day_is_left_alone(reference_data):
    call_command("load_nghean_2023", stdout=StringIO())
    UnitChange.objects.all().delete()
    transport = Unit.objects.get(code="SGTVT")
    transport.valid_to = date(2025, 3, 31)
    transport.successors.clear()
    transport.save()
    load()
    transport.refresh_from_db()
    assert transport.valid_to == date(2025, 3, 31)
    assert not UnitChange.objects.filter(unit=transport).exists()
    assert UnitChange.objects.filter(unit__code="SKHDT").exists()
