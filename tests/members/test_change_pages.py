"""The appoint, end, replace and assignment pages: what the secretariat can do, and bad input.

Bad input (missing or malformed decision number or date, unknown person, overlapping membership)
gives a Vietnamese message and a 400, and nothing is half-saved.
"""

from datetime import date

import pytest
from django.urls import reverse

from members.models import Assignment, Decision, Membership, Person
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretariat(secretariat_user):
    return client_for(secretariat_user)


def counts():
    return (Membership.objects.count(), Decision.objects.count(), Person.objects.count(), Assignment.objects.count())


def appoint_data(**overrides):
    data = {
        "person": "",
        "new_person_name": "Hồ Văn Mới",
        "new_person_title": "Giám đốc Sở Tư pháp",
        "role": "member",
        "position": "Giám đốc Sở Tư pháp",
        "unit": "",
        "start": "01/06/2024",
        "decision": "",
        "decision_number": "2100-QĐ/TU",
        "decision_date": "15/05/2024",
        "decision_issuer": "Ban Thường vụ Tỉnh ủy",
        "decision_subject": "Kiện toàn Ban Chỉ đạo",
    }
    data.update(overrides)
    return data


def test_secretariat_appoints_a_new_person_citing_a_new_decision(secretariat, committee):
    response = secretariat.post(reverse("members:appoint", args=[committee.pk]), appoint_data())
    m = Membership.objects.get(person__full_name="Hồ Văn Mới")
    assert response.status_code == 302
    assert response["Location"] == reverse("members:membership_detail", args=[m.pk])
    assert m.appointed_by.number == "2100-QĐ/TU" and m.appointed_by.date == date(2024, 5, 15)
    assert m.start == date(2024, 6, 1)


def test_secretariat_appoints_an_existing_person_with_an_existing_decision(secretariat, committee, founding_decision):
    person = Person.objects.create(full_name="Nguyễn Thị Có Sẵn", title="Giám đốc Sở Y tế")
    data = appoint_data(
        person=str(person.pk),
        new_person_name="",
        decision=str(founding_decision.pk),
        decision_number="",
        decision_date="",
        start="06/03/2023",
    )
    response = secretariat.post(reverse("members:appoint", args=[committee.pk]), data)
    assert response.status_code == 302
    m = Membership.objects.get(person=person)
    assert m.appointed_by == founding_decision
    assert m.position == "Giám đốc Sở Tư pháp"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"decision_number": "", "decision_date": ""}, "phải căn cứ một quyết định"),
        ({"decision_number": ""}, "Hãy nhập số, ký hiệu"),
        ({"decision_number": "quyết định mới"}, "không đúng dạng"),
        ({"decision_date": ""}, "Hãy nhập ngày ban hành"),
        ({"decision_date": "31/02/2024"}, "Ngày không hợp lệ"),
        ({"decision_date": "2024"}, "Ngày không hợp lệ"),
        ({"start": "hôm qua"}, "Ngày không hợp lệ"),
        ({"start": ""}, "Hãy nhập ngày"),
        ({"start": "01/05/2024"}, "không được trước ngày ban hành"),
        ({"person": "999999", "new_person_name": ""}, "Người đã chọn không tồn tại"),
        ({"person": "abc", "new_person_name": ""}, "Người đã chọn không tồn tại"),
        ({"new_person_name": ""}, "Hãy chọn người trong danh sách"),
        ({"decision": "999999"}, "Quyết định đã chọn không tồn tại"),
        ({"role": "emperor"}, "Vai trò đã chọn không hợp lệ"),
    ],
)
def test_bad_input_on_appoint_gives_a_vietnamese_message_and_saves_nothing(secretariat, committee, overrides, message):
    before = counts()
    response = secretariat.post(reverse("members:appoint", args=[committee.pk]), appoint_data(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert counts() == before


def test_overlapping_membership_is_refused_and_the_inline_decision_is_not_kept(secretariat, committee, director):
    before = counts()
    data = appoint_data(person=str(director.person.pk), new_person_name="", role="deputy")
    response = secretariat.post(reverse("members:appoint", args=[committee.pk]), data)
    assert response.status_code == 400
    assert "đã là thành viên của Ban" in response.content.decode()
    assert counts() == before
    assert not Decision.objects.filter(number="2100-QĐ/TU").exists()


def test_second_head_is_refused_on_the_page(secretariat, committee, head):
    response = secretariat.post(reverse("members:appoint", args=[committee.pk]), appoint_data(role="head"))
    assert response.status_code == 400
    assert "Đã có người giữ vai trò Trưởng Ban" in response.content.decode()


def test_end_membership_page(secretariat, director, founding_decision):
    url = reverse("members:end", args=[director.pk])
    response = secretariat.post(url, {"end": "31/05/2024", "decision": str(founding_decision.pk)})
    assert response.status_code == 302
    director.refresh_from_db()
    assert director.end == date(2024, 5, 31) and director.ended_by == founding_decision


def test_end_membership_without_a_decision_is_refused(secretariat, director):
    response = secretariat.post(reverse("members:end", args=[director.pk]), {"end": "31/05/2024"})
    assert response.status_code == 400
    assert "phải căn cứ một quyết định" in response.content.decode()
    director.refresh_from_db()
    assert director.end is None


def replace_data(successor_pk="", **overrides):
    data = {
        "person": str(successor_pk),
        "new_person_name": "" if successor_pk else "Trần Văn Kế Nhiệm",
        "new_person_title": "",
        "position": "",
        "unit": "",
        "start": "01/06/2024",
        "decision": "",
        "decision_number": "2100-QĐ/TU",
        "decision_date": "15/05/2024",
        "decision_issuer": "Ban Thường vụ Tỉnh ủy",
        "decision_subject": "",
    }
    data.update(overrides)
    return data


def test_replace_shows_the_assignments_that_will_pass_before_saving(secretariat, director_assignment):
    director = director_assignment.membership
    before = counts()
    response = secretariat.post(reverse("members:replace", args=[director.pk]), replace_data())
    assert response.status_code == 200
    page = response.content.decode()
    assert "Xác nhận thay thế thành viên" in page
    assert "Phân công sẽ chuyển cho người thay thế" in page
    assert "Cải cách chế độ công vụ" in page
    assert "31/05/2024" in page  # the old seat's last day
    assert counts() == before


def test_replace_confirmed_saves_everything(secretariat, director_assignment):
    director = director_assignment.membership
    response = secretariat.post(reverse("members:replace", args=[director.pk]), {**replace_data(), "confirm": "1"})
    new = Membership.objects.get(person__full_name="Trần Văn Kế Nhiệm")
    assert response.status_code == 302
    assert response["Location"] == reverse("members:membership_detail", args=[new.pk])
    director.refresh_from_db()
    assert director.end == date(2024, 5, 31)
    assert new.predecessor == director
    assert new.assignments.get().transferred_from == director_assignment
    assert new.person.unit == director.unit


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"decision_number": "", "decision_date": ""}, "phải căn cứ một quyết định"),
        ({"decision_number": "12345"}, "không đúng dạng"),
        ({"decision_date": "15/13/2024"}, "Ngày không hợp lệ"),
        ({"person": "424242", "new_person_name": ""}, "Người đã chọn không tồn tại"),
        ({"start": "06/03/2023"}, "phải bắt đầu sau ngày"),
    ],
)
def test_bad_input_on_replace_saves_nothing(secretariat, director_assignment, overrides, message):
    director = director_assignment.membership
    before = counts()
    response = secretariat.post(
        reverse("members:replace", args=[director.pk]), {**replace_data(**overrides), "confirm": "1"}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert counts() == before
    director.refresh_from_db()
    assert director.end is None


def test_replace_by_someone_already_on_the_committee_is_refused(secretariat, director_assignment, head):
    director = director_assignment.membership
    before = counts()
    data = {**replace_data(successor_pk=head.person.pk), "confirm": "1"}
    response = secretariat.post(reverse("members:replace", args=[director.pk]), data)
    assert response.status_code == 400
    assert "đã là thành viên của Ban" in response.content.decode()
    assert counts() == before


def test_assignment_create_and_edit(secretariat, director, department, other_department):
    url = reverse("members:assignment_create", args=[director.pk])
    response = secretariat.post(url, {"units": [department.pk], "start": "11/04/2023"})
    assert response.status_code == 302
    a = director.assignments.get()
    assert list(a.units.all()) == [department]

    edit = reverse("members:assignment_edit", args=[a.pk])
    response = secretariat.post(edit, {"units": [other_department.pk], "start": "11/04/2023", "note": "đổi địa bàn"})
    assert response.status_code == 302
    a.refresh_from_db()
    assert list(a.units.all()) == [other_department] and a.note == "đổi địa bàn"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"start": "11/04/2023"}, "Hãy chọn ít nhất một lĩnh vực"),
        ({"units": ["987654"], "start": "11/04/2023"}, "Đơn vị đã chọn không tồn tại"),
        ({"units": ["UNIT"], "start": "11/04/2023"}, "Đơn vị đã chọn không tồn tại"),
        ({"areas": ["999"], "start": "11/04/2023"}, "Lĩnh vực đã chọn không tồn tại"),
        ({"sectors": ["999"], "start": "11/04/2023"}, "Ngành đã chọn không tồn tại"),
        ({"units": ["UNIT_OK"], "start": "01/01/2020"}, "không thể bắt đầu trước ngày"),
        ({"units": ["UNIT_OK"], "start": "11/04/2023", "end": "01/04/2023"}, "không được trước ngày bắt đầu"),
    ],
)
def test_bad_assignment_input_saves_nothing(secretariat, director, department, data, message):
    data = {k: ([str(department.pk)] if v == ["UNIT_OK"] else v) for k, v in data.items()}
    response = secretariat.post(reverse("members:assignment_create", args=[director.pk]), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Assignment.objects.exists()


def test_unknown_membership_is_404_for_the_secretariat(secretariat):
    assert secretariat.get(reverse("members:replace", args=[987654])).status_code == 404


def test_member_cannot_change_the_roster(member_user, director, founding_decision):
    client = client_for(member_user)
    response = client.post(
        reverse("members:end", args=[director.pk]), {"end": "31/05/2024", "decision": founding_decision.pk}
    )
    assert response.status_code == 403
    director.refresh_from_db()
    assert director.end is None


@pytest.mark.parametrize("content_type", ["application/x-www-form-urlencoded", "application/json", "text/plain"])
@pytest.mark.parametrize("name", ["appoint", "end", "assignment_create", "assignment_edit", "replace"])
def test_an_empty_or_unreadable_body_shows_the_required_fields(
    secretariat, committee, director, department, name, content_type
):
    """A POST always binds the form (core.forms.form_data): an empty body, or one of another content type,
    shows the required fields' messages with a 400, and saves nothing."""
    assignment = Assignment.objects.create(membership=director, start=date(2023, 4, 11))
    pk = {"appoint": committee.pk, "assignment_edit": assignment.pk}.get(name, director.pk)
    before = counts()
    body = '{"start": "01/06/2024"}' if content_type == "application/json" else ""
    response = secretariat.generic("POST", reverse(f"members:{name}", args=[pk]), body, content_type=content_type)
    assert response.status_code == 400
    assert "errorlist" in response.content.decode()
    assert counts() == before
