"""No lost edits on the roster: two clerks (two sessions) on one seat or one assignment; the stale form is
refused with what changed, nothing saved (core/versions.py, checked by members/changes.py)."""

import html
from datetime import date

import pytest
from django.urls import reverse

from core.versions import StaleEdit
from members import changes
from tests import factories as f
from tests.conftest import client_for
from tests.stale import versions_in


@pytest.fixture
def two_clerks(secretariat_user):
    other = f.UserFactory(username="thuky2", roles=[secretariat_user.groups.first().name])
    return client_for(secretariat_user), client_for(other)


def test_a_seat_ended_meanwhile_is_not_ended_again_from_a_stale_form(two_clerks, director, founding_decision):
    first, second = two_clerks
    url = reverse("members:end", args=[director.pk])
    assert versions_in(second.get(url).content.decode()) == [director.version]
    data = {"decision": str(founding_decision.pk), "version": director.version}
    assert first.post(url, {**data, "end": "31/05/2024"}).status_code == 302
    response = second.post(url, {**data, "end": "30/06/2024"})
    assert response.status_code == 409
    page = html.unescape(response.content.decode())
    assert "→ 31/05/2024" in page and 'value="30/06/2024"' in page
    director.refresh_from_db()
    assert director.end == date(2024, 5, 31)


def test_a_stale_assignment_form_is_refused(two_clerks, director_assignment, department):
    first, second = two_clerks
    a = director_assignment
    url = reverse("members:assignment_edit", args=[a.pk])
    assert versions_in(second.get(url).content.decode()) == [a.version]
    data = {"units": [department.pk], "start": "11/04/2023", "version": a.version}
    assert first.post(url, {**data, "note": "Phân công lại"}).status_code == 302
    response = second.post(url, {**data, "note": "Theo dõi Sở Nội vụ", "end": "31/12/2024"})
    assert response.status_code == 409
    page = html.unescape(response.content.decode())
    assert "Phân công tại phiên họp thứ nhất → Phân công lại" in page
    assert "Theo dõi Sở Nội vụ" in page
    a.refresh_from_db()
    assert (a.note, a.end) == ("Phân công lại", None)


def test_replace_member_checks_the_seats_version(director, founding_decision, secretariat_user):
    seen = director.version
    changes.end_membership(membership=director, end=date(2024, 5, 31), decision=founding_decision, version=seen)
    with pytest.raises(StaleEdit) as caught:
        changes.replace_member(
            membership=director,
            successor=f.PersonFactory(),
            start=date(2024, 6, 1),
            decision=founding_decision,
            version=seen,
        )
    assert [c.field for c in caught.value.changes] == ["end", "ended_by"]


def test_the_admin_cannot_change_a_seat_at_all(director, rf):
    """Was: the admin refused a stale change of a seat. A seat is now read only in the admin (every change
    cites a decision, on the app's pages), so no edit, stale or fresh, is offered there."""
    from django.contrib import admin

    from members.models import Membership

    request = rf.get("/")
    request.user = f.UserFactory(username="quantri", is_staff=True, is_superuser=True)
    model_admin = admin.site._registry[Membership]
    assert model_admin.has_change_permission(request, director) is False
    assert model_admin.has_add_permission(request) is False
