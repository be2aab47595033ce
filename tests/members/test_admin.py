"""The Django admin for members: audit history, no deletion, no membership without a decision."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from members.models import Assignment, Decision, Membership
from tests import factories as f
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_(reference_data):
    return client_for(f.UserFactory(username="quantri", is_staff=True, is_superuser=True))


@pytest.mark.parametrize("model", [Membership, Decision, Assignment])
def test_nothing_is_deleted_from_the_admin(model, reference_data):
    request = RequestFactory().get("/")
    request.user = f.UserFactory(username="quantri", is_staff=True, is_superuser=True)
    assert admin.site._registry[model].has_delete_permission(request) is False


def _membership_post(committee, person, **extra) -> dict:
    return {
        "committee": committee.pk,
        "person": person.pk,
        "role": "member",
        "position": "",
        "unit": "",
        "start": "01/06/2024",
        "end": "",
        "appointed_by": "",
        "ended_by": "",
        "predecessor": "",
        "assignments-TOTAL_FORMS": "0",
        "assignments-INITIAL_FORMS": "0",
        "assignments-MIN_NUM_FORMS": "0",
        "assignments-MAX_NUM_FORMS": "1000",
        **extra,
    }


def test_membership_without_a_decision_is_refused_in_the_admin(admin_client_, committee, department):
    """Was: the add page re-rendered with the model's error. Now no membership is added in the admin at all:
    appointing is a decision, on the committee's page (members/changes.py)."""
    person = f.PersonFactory(full_name="Người Không Quyết Định")
    response = admin_client_.post(reverse("admin:members_membership_add"), _membership_post(committee, person))
    assert response.status_code == 403
    assert not Membership.objects.filter(person=person).exists()


def test_second_head_is_refused_in_the_admin(admin_client_, committee, head, founding_decision):
    person = f.PersonFactory(full_name="Trưởng Ban Thứ Hai")
    data = _membership_post(committee, person, role="head", appointed_by=founding_decision.pk)
    response = admin_client_.post(reverse("admin:members_membership_add"), data)
    assert response.status_code == 403
    assert not Membership.objects.filter(person=person).exists()


def test_a_membership_cannot_be_changed_in_the_admin_without_a_decision(admin_client_, director, department):
    """The fault: the admin saved a seat's new role, unit or end with no decision behind the change (the seat
    kept its appointing decision, so the model's check passed). The change page is read only, links to the
    app page where a change cites its decision, and a posted change is refused with nothing saved."""
    url = reverse("admin:members_membership_change", args=[director.pk])
    page = admin_client_.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert reverse("members:membership_detail", args=[director.pk]) in html
    assert 'name="position"' not in html  # nothing to type into
    data = _membership_post(
        director.committee,
        director.person,
        role="deputy",
        position="Phó Trưởng Ban",
        start=director.start.strftime("%d/%m/%Y"),
        end="31/12/2024",
        appointed_by=director.appointed_by_id,
        drawn_version=director.version,
    )
    response = admin_client_.post(url, data)
    assert response.status_code == 403
    director.refresh_from_db()
    assert (director.role, director.position, director.end) == ("member", "Giám đốc Sở Nội vụ", None)


def test_an_assignment_cannot_be_changed_or_added_in_the_admin(admin_client_, director_assignment):
    url = reverse("admin:members_assignment_change", args=[director_assignment.pk])
    html = admin_client_.get(url).content.decode()
    assert reverse("members:assignment_edit", args=[director_assignment.pk]) in html
    response = admin_client_.post(url, {"membership": director_assignment.membership_id, "start": "01/01/2025"})
    assert response.status_code == 403
    director_assignment.refresh_from_db()
    assert director_assignment.start.year == 2023
    assert admin_client_.post(reverse("admin:members_assignment_add"), {}).status_code == 403


def test_admin_pages_and_audit_history_render(admin_client_, director_assignment):
    m = director_assignment.membership
    for name, args in [
        ("admin:members_membership_changelist", []),
        ("admin:members_membership_change", [m.pk]),
        ("admin:members_membership_history", [m.pk]),
        ("admin:members_assignment_change", [director_assignment.pk]),
        ("admin:members_unit_changelist", []),
        ("admin:members_decision_changelist", []),
        ("admin:members_person_changelist", []),
        ("admin:members_committee_changelist", []),
    ]:
        assert admin_client_.get(reverse(name, args=args)).status_code == 200, name


def test_a_unit_added_in_the_admin_follows_the_unit_rules(admin_client_, province):
    from datetime import date

    from members.models import Unit

    ended = Unit.objects.create(code="HUYEN-CU", name="Huyện Cũ", kind=province.kind, valid_to=date(2024, 12, 31))
    data = {"code": "XA-MOI", "name": "Xã Mới", "kind": province.kind, "parent": ended.pk, "valid_from": "01/07/2025"}
    response = admin_client_.post(reverse("admin:members_unit_add"), data)
    assert response.status_code == 200
    assert "Huyện Cũ" in response.content.decode()
    assert not Unit.objects.filter(code="XA-MOI").exists()
    saved = admin_client_.post(reverse("admin:members_unit_add"), {**data, "parent": province.pk})
    assert saved.status_code == 302
    unit = Unit.objects.get(code="XA-MOI")
    assert (unit.parent, unit.valid_from) == (province, date(2025, 7, 1))
    assert unit.history.first().history_user.username == "quantri"
