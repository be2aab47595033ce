"""Committees of both kinds of issuer: the provincial committee (set up by the Tỉnh ủy: Party layout),
a city committee (set up by the Thành ủy Vinh: Party layout) and a department's working group (set
up by the department: state layout)."""

from datetime import date

import pytest

from members.models import Committee, Membership, Unit
from tests import factories as f


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def head(committee):
    person = f.PersonFactory(full_name="Thái Thanh Quý", title="Bí thư Tỉnh ủy")
    return f.MembershipFactory(committee=committee, person=person, role=Membership.Role.HEAD)


@pytest.fixture
def vinh(province):
    return f.UnitFactory(code="412", name="Thành phố Vinh", kind=Unit.Kind.DISTRICT, parent=province)


@pytest.fixture
def city_committee(committee, vinh):
    decision = f.DecisionFactory(number="15-QĐ/ThU", date=date(2023, 4, 20), issuer="Ban Thường vụ Thành ủy Vinh")
    return f.CommitteeFactory(
        name="Ban Chỉ đạo cải cách hành chính thành phố Vinh",
        kind=Committee.Kind.DISTRICT,
        unit=vinh,
        parent=committee,
        established_by=decision,
    )


@pytest.fixture
def working_group(committee, department):
    decision = f.DecisionFactory(number="120/QĐ-SNV", date=date(2023, 4, 25), issuer="Sở Nội vụ")
    return f.CommitteeFactory(
        name="Tổ công tác cải cách hành chính Sở Nội vụ",
        kind=Committee.Kind.WORKING_GROUP,
        unit=department,
        parent=committee,
        established_by=decision,
    )
