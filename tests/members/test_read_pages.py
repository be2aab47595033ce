"""The roster (on any date), the history, committees, people and the member's own page."""

from datetime import date

import pytest
from django.urls import reverse

from members import changes
from members.models import Committee, Membership
from members.selectors import roster_context
from tests import factories as f
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def replaced(director_assignment, successor, new_decision):
    """Đỗ Văn L replaced by Trần Văn Kế Nhiệm from 01/06/2024 under 2100-QĐ/TU."""
    return changes.replace_member(
        membership=director_assignment.membership, successor=successor, start=date(2024, 6, 1), decision=new_decision
    )


def test_roster_shows_declared_size_against_seats_filled(leader_user, committee, head, director):
    page = client_for(leader_user).get(reverse("members:roster")).content.decode()
    assert "2/25 thành viên theo quyết định" in page
    assert "Thái Thanh Quý" in page and "Trưởng Ban" in page


def test_roster_on_a_date_before_and_after_a_replacement(leader_user, replaced):
    client = client_for(leader_user)
    before = client.get(reverse("members:roster"), {"on": "31/05/2024"}).content.decode()
    after = client.get(reverse("members:roster"), {"on": "01/06/2024"}).content.decode()
    assert "Danh sách thành viên ngày 31/05/2024" in before
    assert "Đỗ Văn L" in before and "Trần Văn Kế Nhiệm" not in before
    assert "Trần Văn Kế Nhiệm" in after and "Đỗ Văn L" not in after
    assert "Cải cách chế độ công vụ" in after  # the assignment passed on


@pytest.mark.parametrize("bad", ["31/02/2024", "hôm nay", "2024-13-01", "1/1"])
def test_invalid_roster_date_is_a_form_error_not_a_500(leader_user, committee, bad):
    response = client_for(leader_user).get(reverse("members:roster"), {"on": bad})
    assert response.status_code == 400
    assert "Ngày không hợp lệ: hãy nhập theo dạng dd/mm/yyyy" in response.content.decode()


def test_roster_context_keeps_working_for_the_home_page(committee, head):
    ctx = roster_context()
    assert ctx["committee"] == committee and ctx["seats_filled"] == 1 and ctx["declared_size"] == 25


def test_home_page_shows_the_roster_to_the_secretariat(secretariat_user, committee, head):
    page = client_for(secretariat_user).get(reverse("home")).content.decode()
    assert "Thái Thanh Quý" in page


def test_history_shows_both_seats_with_their_decisions(member_user, replaced):
    page = client_for(member_user).get(reverse("members:history")).content.decode()
    assert "Đỗ Văn L" in page and "Trần Văn Kế Nhiệm" in page
    assert "2100-QĐ/TU" in page and "1830-QĐ/TU" in page
    assert "31/05/2024" in page and "01/06/2024" in page


def test_membership_detail_links_predecessor_and_successor(secretariat_user, replaced):
    client = client_for(secretariat_user)
    new_page = client.get(reverse("members:membership_detail", args=[replaced.pk])).content.decode()
    old_page = client.get(reverse("members:membership_detail", args=[replaced.predecessor.pk])).content.decode()
    assert "Thay cho" in new_page and "Đỗ Văn L" in new_page
    assert "tiếp nhận từ Đỗ Văn L" in new_page
    assert "Người thay thế" in old_page and "Trần Văn Kế Nhiệm" in old_page
    assert "Nhật ký thay đổi" in new_page  # the secretariat sees the audit trail


def test_member_sees_no_change_buttons(member_user, director):
    page = client_for(member_user).get(reverse("members:membership_detail", args=[director.pk])).content.decode()
    assert "Thay thế thành viên" not in page
    assert "Nhật ký thay đổi" not in page


def test_person_contacts_are_shown_to_the_secretariat_only(secretariat_user, leader_user, director):
    director.person.phone = "0912345678"
    director.person.save()
    url = reverse("members:person_detail", args=[director.person.pk])
    assert "0912345678" in client_for(secretariat_user).get(url).content.decode()
    assert "0912345678" not in client_for(leader_user).get(url).content.decode()


def test_committee_pages_show_district_committees_and_working_groups_with_their_parent(
    leader_user, committee, department
):
    group = f.CommitteeFactory(
        name="Tổ công tác Sở Nội vụ",
        kind=Committee.Kind.WORKING_GROUP,
        unit=department,
        parent=committee,
        declared_size=5,
    )
    f.MembershipFactory(committee=group, role=Membership.Role.HEAD, appointed_by=group.established_by)
    client = client_for(leader_user)
    listing = client.get(reverse("members:committee_list")).content.decode()
    assert "Tổ công tác Sở Nội vụ" in listing and "1/5" in listing
    detail = client.get(reverse("members:committee_detail", args=[group.pk])).content.decode()
    assert committee.name in detail
    assert "Tổ trưởng" in detail  # a working group's head is a Tổ trưởng
    parent = client.get(reverse("members:committee_detail", args=[committee.pk])).content.decode()
    assert "Tổ công tác Sở Nội vụ" in parent


def test_my_page_shows_my_role_seat_assignments_and_units(member_user, department, other_department):
    seat = member_user.person.memberships.get()
    a = f.AssignmentFactory(membership=seat, start=date(2023, 4, 11))
    a.areas.set([f.area("chinh-phu-so")])
    a.units.set([other_department])
    page = client_for(member_user).get(reverse("members:me")).content.decode()
    assert "Thành viên Ban Chỉ đạo" in page  # the role
    assert "Trần Thị Thành Viên" in page
    assert "Xây dựng và phát triển Chính phủ điện tử, Chính phủ số" in page
    assert "Sở Xây dựng" in page  # the unit followed
    assert "Ủy viên" in page


def test_my_page_of_an_account_without_a_person(outsider_user):
    response = client_for(outsider_user).get(reverse("members:me"))
    assert response.status_code == 200
    assert "Tài khoản chưa gắn với cá nhân nào." in response.content.decode()


def test_focal_point_sees_no_link_to_pages_they_cannot_open(focal_user, committee, department):
    f.MembershipFactory(committee=committee, person=focal_user.person)
    page = client_for(focal_user).get(reverse("members:me")).content.decode()
    assert reverse("members:membership_detail", args=[focal_user.person.memberships.get().pk]) not in page
