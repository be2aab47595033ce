"""Fixtures of the members tests: a head, a member with an assignment, and a replacement decision."""

from datetime import date

import pytest

from members.models import Membership, Sector
from tests import factories as f


@pytest.fixture
def head(committee, province):
    person = f.PersonFactory(full_name="Thái Thanh Quý", title="Bí thư Tỉnh ủy", unit=province)
    return f.MembershipFactory(committee=committee, person=person, role=Membership.Role.HEAD, position="Bí thư Tỉnh ủy")


@pytest.fixture
def sector(db):
    return Sector.objects.create(code="noi-vu", name="Ngành Nội vụ")


@pytest.fixture
def director(committee, department):
    person = f.PersonFactory(full_name="Đỗ Văn L", title="Giám đốc Sở Nội vụ", unit=department)
    return f.MembershipFactory(
        committee=committee, person=person, role=Membership.Role.MEMBER, position="Giám đốc Sở Nội vụ", unit=department
    )


@pytest.fixture
def director_assignment(director, department, other_department, sector):
    a = f.AssignmentFactory(membership=director, start=date(2023, 4, 11), note="Phân công tại phiên họp thứ nhất")
    a.areas.set([f.area("to-chuc-bo-may"), f.area("cong-vu")])
    a.units.set([department, other_department])
    a.sectors.set([sector])
    return a


@pytest.fixture
def new_decision(db):
    return f.DecisionFactory(number="2100-QĐ/TU", date=date(2024, 5, 15), issuer="Ban Thường vụ Tỉnh ủy")


@pytest.fixture
def successor(department):
    return f.PersonFactory(full_name="Trần Văn Kế Nhiệm", title="Giám đốc Sở Nội vụ", unit=department)
