"""The secretariat sets up committees and corrects units on the app's pages (members/org_changes.py): the
hierarchy stays a tree, the dates stay sensible, a stale form is refused with the other change shown, and
every change is in the audit history with its author."""

import html
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from members import org_changes
from members.admin import CommitteeAdminForm, UnitAdminForm
from members.models import Committee, Decision, Unit, UnitChange, UnitTransfer
from tests import factories as f
from tests.conftest import client_for
from tests.stale import versions_in


@pytest.fixture
def thuky(secretariat_user):
    return client_for(secretariat_user)


@pytest.fixture
def district(province):
    return f.UnitFactory(code="TH", name="Thị xã Thái Hòa", kind=Unit.Kind.DISTRICT, parent=province)


@pytest.fixture
def district_committee(committee, district):
    return f.CommitteeFactory(
        name="Ban Chỉ đạo CCHC thị xã Thái Hòa", kind=Committee.Kind.DISTRICT, unit=district, parent=committee
    )


def _committee_data(**changes):
    return {"name": "Ban Chỉ đạo CCHC thị xã Thái Hòa", "kind": "district", **changes}


def test_the_secretariat_adds_a_district_committee_with_its_typed_founding_decision(
    thuky, committee, district, secretariat_user
):
    url = reverse("members:committee_create")
    assert thuky.get(url).status_code == 200
    data = _committee_data(
        parent=committee.pk,
        unit=district.pk,
        declared_size="15",
        decision_number="125/QĐ-UBND",
        decision_date="02/05/2023",
        decision_issuer="UBND thị xã Thái Hòa",
    )
    response = thuky.post(url, data)
    assert response.status_code == 302
    created = Committee.objects.get(name="Ban Chỉ đạo CCHC thị xã Thái Hòa")
    assert (created.parent, created.unit, created.declared_size) == (committee, district, 15)
    assert created.established_by == Decision.objects.get(number="125/QĐ-UBND")
    assert created.history.get().history_user == secretariat_user


def test_a_committee_may_be_recorded_before_its_document_is_at_hand(thuky, committee, district):
    response = thuky.post(reverse("members:committee_create"), _committee_data(parent=committee.pk, unit=district.pk))
    assert response.status_code == 302
    assert Committee.objects.get(unit=district).established_by is None


def test_a_district_committee_without_a_parent_is_refused_with_a_message_on_the_field(thuky, committee, district):
    response = thuky.post(reverse("members:committee_create"), _committee_data(unit=district.pk))
    assert response.status_code == 400
    assert "phải có Ban Chỉ đạo cấp trên" in html.unescape(response.content.decode())
    assert not Committee.objects.filter(unit=district).exists()


def test_a_second_provincial_committee_is_refused(committee, province):
    fields = org_changes.CommitteeFields(name="Ban thứ hai", kind=Committee.Kind.PROVINCIAL, unit=province)
    with pytest.raises(ValidationError) as caught:
        org_changes.create_committee(fields=fields)
    assert "kind" in caught.value.message_dict


def test_a_committee_cannot_sit_under_its_own_lower_committee(committee, district_committee, province):
    group = f.CommitteeFactory(kind=Committee.Kind.DISTRICT, unit=province, parent=district_committee)
    fields = org_changes.CommitteeFields(
        name=district_committee.name, kind=Committee.Kind.DISTRICT, unit=district_committee.unit, parent=group
    )
    with pytest.raises(ValidationError) as caught:
        org_changes.update_committee(committee=district_committee, fields=fields)
    assert "đang trực thuộc Ban này" in caught.value.message_dict["parent"][0]


def test_a_working_group_takes_no_lower_committee(committee, department, district):
    group = f.CommitteeFactory(kind=Committee.Kind.WORKING_GROUP, unit=department, parent=committee)
    fields = org_changes.CommitteeFields(name="Ban Thái Hòa", kind=Committee.Kind.DISTRICT, unit=district, parent=group)
    with pytest.raises(ValidationError) as caught:
        org_changes.create_committee(fields=fields)
    assert "parent" in caught.value.message_dict


def test_editing_a_committee_records_the_change_with_its_author(thuky, district_committee, secretariat_user):
    url = reverse("members:committee_edit", args=[district_committee.pk])
    page = thuky.get(url).content.decode()
    assert versions_in(page) == [district_committee.version]
    data = _committee_data(
        name="Ban Chỉ đạo CCHC và CĐS thị xã Thái Hòa",
        parent=district_committee.parent_id,
        unit=district_committee.unit_id,
        decision=district_committee.established_by_id,
        version=district_committee.version,
    )
    assert thuky.post(url, data).status_code == 302
    district_committee.refresh_from_db()
    assert district_committee.name == "Ban Chỉ đạo CCHC và CĐS thị xã Thái Hòa"
    last = district_committee.history.order_by("-history_date").first()
    assert (last.name, last.history_user) == (district_committee.name, secretariat_user)


def test_a_stale_committee_form_is_refused_with_the_other_change_shown(district_committee, secretariat_user, province):
    other = f.UserFactory(username="thuky2", roles=[secretariat_user.groups.first().name])
    first, second = client_for(secretariat_user), client_for(other)
    url = reverse("members:committee_edit", args=[district_committee.pk])
    base = _committee_data(
        parent=district_committee.parent_id,
        unit=district_committee.unit_id,
        decision=district_committee.established_by_id,
        version=district_committee.version,
    )
    assert first.post(url, {**base, "declared_size": "17"}).status_code == 302
    response = second.post(url, {**base, "name": "Ban Chỉ đạo Thái Hòa (sửa)", "declared_size": "25"})
    assert response.status_code == 409
    page = html.unescape(response.content.decode())
    assert "25 → 17" in page and 'value="Ban Chỉ đạo Thái Hòa (sửa)"' in page
    district_committee.refresh_from_db()
    assert (district_committee.name, district_committee.declared_size) == ("Ban Chỉ đạo CCHC thị xã Thái Hòa", 17)


def test_the_committee_page_offers_the_edit_link_to_the_secretariat_only(district_committee, thuky, member_user):
    url = reverse("members:committee_detail", args=[district_committee.pk])
    edit = reverse("members:committee_edit", args=[district_committee.pk])
    assert edit in thuky.get(url).content.decode()
    assert edit not in client_for(member_user).get(url).content.decode()


def _unit_data(unit, **changes):
    data = {"code": unit.code, "name": unit.name, "kind": unit.kind, "version": unit.version}
    if unit.parent_id:
        data["parent"] = unit.parent_id
    return {**data, **changes}


def test_the_secretariat_corrects_a_units_name_and_first_day(thuky, department, secretariat_user):
    url = reverse("members:unit_edit", args=[department.pk])
    assert versions_in(thuky.get(url).content.decode()) == [department.version]
    response = thuky.post(url, _unit_data(department, name="Sở Nội vụ tỉnh Nghệ An", valid_from="01/01/2008"))
    assert response.status_code == 302
    department.refresh_from_db()
    assert (department.name, department.valid_from) == ("Sở Nội vụ tỉnh Nghệ An", date(2008, 1, 1))
    assert department.history.order_by("-history_date").first().history_user == secretariat_user


def test_a_unit_cannot_sit_under_one_of_its_own_lower_units(department, province):
    with pytest.raises(ValidationError) as caught:
        org_changes.update_unit(
            unit=province, code=province.code, name=province.name, kind=province.kind, parent=department
        )
    assert "đang trực thuộc đơn vị này" in caught.value.message_dict["parent"][0]


def test_a_unit_cannot_sit_under_itself(thuky, department):
    response = thuky.post(
        reverse("members:unit_edit", args=[department.pk]), _unit_data(department, parent=department.pk)
    )
    assert response.status_code == 400
    department.refresh_from_db()
    assert department.parent_id != department.pk


def test_a_first_day_after_the_units_end_is_refused(thuky, department):
    Unit.objects.filter(pk=department.pk).update(valid_to=date(2025, 2, 28))
    department.refresh_from_db()
    response = thuky.post(
        reverse("members:unit_edit", args=[department.pk]), _unit_data(department, valid_from="01/03/2025")
    )
    assert response.status_code == 400
    assert "đã kết thúc hoạt động từ 01/03/2025" in html.unescape(response.content.decode())


def test_a_first_day_outside_the_sensible_range_is_refused(thuky, department):
    response = thuky.post(
        reverse("members:unit_edit", args=[department.pk]), _unit_data(department, valid_from="01/01/0202")
    )
    assert response.status_code == 400
    department.refresh_from_db()
    assert department.valid_from is None


def test_a_unit_code_already_used_is_refused(thuky, department, other_department):
    response = thuky.post(reverse("members:unit_edit", args=[department.pk]), _unit_data(department, code="SXD"))
    assert response.status_code == 400
    department.refresh_from_db()
    assert department.code == "SNV"


def test_a_stale_unit_form_is_refused_with_the_other_change_shown(department, secretariat_user):
    other = f.UserFactory(username="thuky2", roles=[secretariat_user.groups.first().name])
    first, second = client_for(secretariat_user), client_for(other)
    url = reverse("members:unit_edit", args=[department.pk])
    assert first.post(url, _unit_data(department, short_name="SNV")).status_code == 302
    response = second.post(url, _unit_data(department, short_name="Nội vụ", name="Sở Nội vụ Nghệ An"))
    assert response.status_code == 409
    page = html.unescape(response.content.decode())
    assert "(trống) → SNV" in page and 'value="Sở Nội vụ Nghệ An"' in page
    department.refresh_from_db()
    assert (department.name, department.short_name) == ("Sở Nội vụ", "SNV")


def test_the_unit_page_offers_the_edit_link_to_the_secretariat_only(department, thuky, member_user):
    url = reverse("members:unit_detail", args=[department.pk])
    edit = reverse("members:unit_edit", args=[department.pk])
    assert edit in thuky.get(url).content.decode()
    assert edit not in client_for(member_user).get(url).content.decode()


def test_the_admin_keeps_the_same_hierarchy_rules(province, department, district_committee, committee):
    data = {"code": province.code, "name": province.name, "kind": province.kind, "parent": department.pk}
    form = UnitAdminForm(data, instance=province)
    assert not form.is_valid() and "đang trực thuộc đơn vị này" in form.errors["parent"][0]
    data = {
        "name": committee.name,
        "kind": "provincial",
        "unit": committee.unit_id,
        "parent": district_committee.pk,
        "drawn_version": committee.version,
    }
    form = CommitteeAdminForm(data, instance=committee)
    assert not form.is_valid() and "parent" in form.errors


def test_the_admin_refuses_a_stale_committee_form(committee):
    seen = committee.version
    org_changes.update_committee(
        committee=committee,
        fields=org_changes.CommitteeFields(
            name="Ban Chỉ đạo CCHC tỉnh",
            kind="provincial",
            unit=committee.unit,
            established_by=committee.established_by,
        ),
        version=seen,
    )
    data = {"name": "Tên khác", "kind": "provincial", "unit": committee.unit_id, "drawn_version": seen}
    form = CommitteeAdminForm(data, instance=type(committee).objects.get(pk=committee.pk))
    assert not form.is_valid()
    assert form.conflict.changes[0].field == "name"


@pytest.fixture
def ended(department, other_department, founding_decision):
    """Sở Nội vụ ended from 01/03/2025 (recorded with its document), Sở Xây dựng its successor."""
    Unit.objects.filter(pk=department.pk).update(valid_to=date(2025, 2, 28))
    change = UnitChange.objects.create(
        unit=department, on=date(2025, 3, 1), decision=founding_decision, recorded_at=timezone.now()
    )
    change.successors.set([other_department])
    return Unit.objects.get(pk=department.pk)


def test_an_end_day_typed_wrong_is_corrected_with_the_change_in_the_history(thuky, ended, secretariat_user):
    url = reverse("members:unit_edit", args=[ended.pk])
    assert 'value="01/03/2025"' in thuky.get(url).content.decode()
    assert thuky.post(url, _unit_data(ended, ended_on="01/04/2025")).status_code == 302
    ended.refresh_from_db()
    assert (ended.valid_to, ended.ending.on) == (date(2025, 3, 31), date(2025, 4, 1))
    last = ended.ending.history.order_by("-history_date").first()
    assert last.history_user == secretariat_user and "01/04/2025" in last.history_change_reason


def test_the_end_day_stays_once_work_was_passed_on(thuky, ended, other_department, founding_decision):
    UnitTransfer.objects.create(
        change=ended.ending,
        kind="task",
        object_id=1,
        label="Nhiệm vụ 1",
        to_unit=other_department,
        decision=founding_decision,
        at=timezone.now(),
    )
    response = thuky.post(reverse("members:unit_edit", args=[ended.pk]), _unit_data(ended, ended_on="01/04/2025"))
    assert response.status_code == 400
    assert "không đổi ngày kết thúc được nữa" in html.unescape(response.content.decode())
    ended.refresh_from_db()
    assert ended.valid_to == date(2025, 2, 28)


def test_an_end_day_before_its_document_is_refused(ended):
    with pytest.raises(ValidationError) as caught:
        org_changes.update_unit(
            unit=ended, code=ended.code, name=ended.name, kind=ended.kind, ended_on=date(2023, 1, 1)
        )
    assert "trước ngày ban hành văn bản" in caught.value.message_dict["ended_on"][0]
    ended.refresh_from_db()
    assert ended.ending.on == date(2025, 3, 1)


def test_a_unit_that_has_not_ended_is_not_ended_from_the_edit_page(thuky, department):
    response = thuky.post(
        reverse("members:unit_edit", args=[department.pk]), _unit_data(department, ended_on="01/04/2025")
    )
    assert response.status_code == 302
    department.refresh_from_db()
    assert department.valid_to is None
    with pytest.raises(ValidationError):
        org_changes.update_unit(
            unit=department, code="SNV", name="Sở Nội vụ", kind=department.kind, ended_on=date(2025, 4, 1)
        )
