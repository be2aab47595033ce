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


def test_membership_without_a_decision_is_refused_in_the_admin(admin_client_, committee, department):
    person = f.PersonFactory(full_name="Người Không Quyết Định")
    data = {
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
    }
    response = admin_client_.post(reverse("admin:members_membership_add"), data)
    assert response.status_code == 200
    assert not Membership.objects.filter(person=person).exists()


def test_second_head_is_refused_in_the_admin(admin_client_, committee, head, founding_decision):
    person = f.PersonFactory(full_name="Trưởng Ban Thứ Hai")
    data = {
        "committee": committee.pk,
        "person": person.pk,
        "role": "head",
        "start": "01/06/2024",
        "appointed_by": founding_decision.pk,
        "assignments-TOTAL_FORMS": "0",
        "assignments-INITIAL_FORMS": "0",
        "assignments-MIN_NUM_FORMS": "0",
        "assignments-MAX_NUM_FORMS": "1000",
    }
    response = admin_client_.post(reverse("admin:members_membership_add"), data)
    assert response.status_code == 200
    assert "Đã có người giữ vai trò Trưởng Ban" in response.content.decode()
    assert not Membership.objects.filter(person=person).exists()


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
