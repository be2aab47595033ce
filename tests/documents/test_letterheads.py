from datetime import date

import pytest

from documents.letterheads import letterhead_for, place_name
from documents.models import Letterhead
from members.models import Committee, Unit
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_the_provincial_committee_set_up_by_the_tinh_uy_issues_in_the_party_layout(committee, head):
    lh = letterhead_for(committee, date(2023, 7, 1))
    assert lh.pk is None
    assert lh.layout == Letterhead.Layout.PARTY
    assert lh.governing_body == "TỈNH ỦY NGHỆ AN"
    assert lh.issuing_name == "BAN CHỈ ĐẠO CẢI CÁCH HÀNH CHÍNH TỈNH"
    assert (lh.symbol, lh.place) == ("BCĐ", "Nghệ An")
    assert (lh.signing_authority, lh.signer_position, lh.signer_name) == (
        "T/M BAN CHỈ ĐẠO",
        "TRƯỞNG BAN",
        "Thái Thanh Quý",
    )


def test_a_city_committee_set_up_by_the_thanh_uy_is_headed_by_it_and_dated_in_vinh(city_committee):
    lh = letterhead_for(city_committee)
    assert lh.layout == Letterhead.Layout.PARTY
    assert lh.governing_body == "THÀNH ỦY VINH"
    assert lh.issuing_name == "BAN CHỈ ĐẠO CẢI CÁCH HÀNH CHÍNH THÀNH PHỐ"
    assert lh.place == "Vinh"
    assert "UBND" not in lh.governing_body


def test_a_departments_working_group_is_headed_by_its_department_in_the_state_layout(working_group):
    lh = letterhead_for(working_group)
    assert lh.layout == Letterhead.Layout.STATE
    assert lh.governing_body == "SỞ NỘI VỤ"
    assert lh.issuing_name == "TỔ CÔNG TÁC CẢI CÁCH HÀNH CHÍNH"
    assert (lh.place, lh.symbol, lh.signing_authority, lh.signer_position) == (
        "Nghệ An",
        "TCT",
        "TM. TỔ CÔNG TÁC",
        "TỔ TRƯỞNG",
    )


def test_a_committee_set_up_by_a_peoples_committee_is_headed_by_it(committee, vinh):
    decision = f.DecisionFactory(number="3323/QĐ-UBND", date=date(2023, 5, 2), issuer="UBND thành phố Vinh")
    sub = f.CommitteeFactory(
        name="Ban Chỉ đạo cải cách hành chính thành phố Vinh",
        kind=Committee.Kind.DISTRICT,
        unit=vinh,
        parent=committee,
        established_by=decision,
    )
    lh = letterhead_for(sub)
    assert (lh.layout, lh.governing_body, lh.place) == (Letterhead.Layout.STATE, "UBND THÀNH PHỐ VINH", "Vinh")


def test_the_saved_letterhead_wins_and_takes_the_head_in_office_when_it_names_no_signer(committee, head):
    Letterhead.objects.create(
        committee=committee,
        layout=Letterhead.Layout.STATE,
        governing_body="UBND TỈNH NGHỆ AN",
        issuing_body="BAN CHỈ ĐẠO CẢI CÁCH HÀNH CHÍNH TỈNH",
        symbol="BCĐ",
        place="Nghệ An",
        signer_position="TRƯỞNG BAN",
    )
    lh = letterhead_for(committee, date(2023, 8, 1))
    assert lh.pk and lh.layout == Letterhead.Layout.STATE and lh.signer_name == "Thái Thanh Quý"
    assert letterhead_for(committee, date(2023, 3, 1)).signer_name == ""  # before the head's seat


@pytest.mark.parametrize(
    ("name", "kind", "place"),
    [
        ("Tỉnh Nghệ An", Unit.Kind.PROVINCE, "Nghệ An"),
        ("Thành phố Vinh", Unit.Kind.DISTRICT, "Vinh"),
        ("Thị xã Cửa Lò", Unit.Kind.DISTRICT, "Cửa Lò"),
        ("Huyện Nam Đàn", Unit.Kind.DISTRICT, "Nam Đàn"),
    ],
)
def test_the_place_of_issue_is_the_administrative_unit_without_its_rank(name, kind, place):
    assert place_name(Unit(name=name, kind=kind)) == place


def test_a_department_issues_from_its_province(department):
    assert place_name(department) == "Nghệ An"
