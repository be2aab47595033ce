"""The cast: one user per role, an outsider and the anonymous public, on a small committee.

secretariat (thuky), member (thanhvien, sits on the committee), focal point (daumoi, of the
unit that leads tasks), hotline operator (tongdai), leadership (lanhdao), outsider (no role).
"""

from datetime import date

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from core import shared_cache
from core.roles import Role
from members.models import Membership, Unit
from members.reference import ensure_reference_data

from . import factories as f


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request through the test client activates the
    chosen one in the thread and leaves it active, which would leak into the next test's direct calls."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_shared_cache():
    """Each test starts with new data versions (the database is rolled back between tests, the cache is
    not) and with the cache in use, whatever outage an earlier test simulated: the Redis cache's circuit
    breakers closed (core/cache.py), the hotline's broker back-off over and no drain job marked as queued
    (hotline/outbox.py: a mark left by an earlier test, or by another run on the same Redis db, would keep
    this test's submissions from enqueueing one)."""
    from core import cache as resilient_cache
    from hotline import outbox

    for breaker in resilient_cache._breakers.values():
        breaker._open_until = None
    outbox._broker_down_until = 0.0
    outbox.drain_started()
    shared_cache._down_until = 0.0
    shared_cache.invalidate_all()


@pytest.fixture
def reference_data(db):
    """Groups and reform areas; recreated because transactional tests flush the database."""
    ensure_reference_data()


@pytest.fixture
def province(reference_data):
    return f.UnitFactory(code="40", name="Tỉnh Nghệ An", kind=Unit.Kind.PROVINCE)


@pytest.fixture
def department(province):
    return f.UnitFactory(code="SNV", name="Sở Nội vụ", kind=Unit.Kind.DEPARTMENT, parent=province)


@pytest.fixture
def other_department(province):
    return f.UnitFactory(code="SXD", name="Sở Xây dựng", kind=Unit.Kind.DEPARTMENT, parent=province)


@pytest.fixture
def founding_decision(db):
    return f.DecisionFactory(number="1830-QĐ/TU", date=date(2023, 3, 6), issuer="Ban Thường vụ Tỉnh ủy")


@pytest.fixture
def committee(province, founding_decision):
    return f.CommitteeFactory(
        name="Ban Chỉ đạo cải cách hành chính tỉnh Nghệ An",
        unit=province,
        established_by=founding_decision,
        declared_size=25,
    )


def _user(username, roles, person_kwargs=None):
    user = f.UserFactory(username=username, roles=roles)
    if person_kwargs is not None:
        f.PersonFactory(user=user, **person_kwargs)
    return user


@pytest.fixture
def secretariat_user(department):
    return _user("thuky", [Role.SECRETARIAT], {"full_name": "Thư ký Bộ phận Thường trực", "unit": department})


@pytest.fixture
def member_user(committee, department):
    user = _user("thanhvien", [Role.MEMBER], {"full_name": "Trần Thị Thành Viên", "unit": department})
    f.MembershipFactory(committee=committee, person=user.person, role=Membership.Role.MEMBER, unit=department)
    return user


@pytest.fixture
def focal_user(department):
    return _user("daumoi", [Role.FOCAL_POINT], {"full_name": "Lê Văn Đầu Mối", "unit": department})


@pytest.fixture
def operator_user(reference_data):
    return _user("tongdai", [Role.HOTLINE_OPERATOR], {"full_name": "Phạm Thị Tổng Đài"})


@pytest.fixture
def leader_user(reference_data):
    return _user("lanhdao", [Role.LEADERSHIP], {"full_name": "Nguyễn Văn Lãnh Đạo"})


@pytest.fixture
def outsider_user(reference_data):
    return _user("nguoingoai", [], None)


@pytest.fixture
def cast(secretariat_user, member_user, focal_user, operator_user, leader_user, outsider_user):
    return {
        "secretariat": secretariat_user,
        "member": member_user,
        "focal_point": focal_user,
        "hotline_operator": operator_user,
        "leadership": leader_user,
        "outsider": outsider_user,
        "anonymous": None,
    }


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def clients(cast):
    return {name: client_for(user) for name, user in cast.items()}


@pytest.fixture
def world(cast, committee, department, other_department, province):
    """The cast plus the objects every app's access rows need (see tests/access.py)."""
    from types import SimpleNamespace

    from .access import all_setups

    w = SimpleNamespace(
        cast=cast, committee=committee, department=department, other_department=other_department, province=province
    )
    for setup in all_setups():
        setup(w)
    return w
