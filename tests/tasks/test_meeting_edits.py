"""The secretariat corrects a meeting's record on its pages (tasks/meeting_edits.py): the date keeps the
attendees and speakers on the roster of the day, agenda items and opinions are edited or removed with the
removal kept in the history, pilot units are corrected, and a stale form is refused with the other change
shown."""

import html
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from members.models import Membership
from tasks import meeting_edits
from tasks.models import AgendaItem, Meeting, Opinion, PilotUnit, Plan
from tests import factories as f
from tests.conftest import client_for
from tests.stale import versions_in


@pytest.fixture
def thuky(secretariat_user):
    return client_for(secretariat_user)


@pytest.fixture
def thuky2(secretariat_user):
    other = f.UserFactory(username="thuky2", roles=[secretariat_user.groups.first().name])
    return client_for(other)


@pytest.fixture
def meeting(committee):
    return Meeting.objects.create(committee=committee, date=date(2023, 4, 11), title="Phiên họp thứ nhất")


@pytest.fixture
def seat(member_user):
    return Membership.objects.get(person=member_user.person)


@pytest.fixture
def item(meeting):
    return AgendaItem.objects.create(meeting=meeting, order=1, title="Dự thảo quy chế hoạt động")


@pytest.fixture
def opinion(meeting, member_user, item):
    return Opinion.objects.create(meeting=meeting, person=member_user.person, content="Tăng cường công khai")


def test_the_secretariat_corrects_a_meetings_date_and_title(thuky, meeting, secretariat_user):
    url = reverse("tasks:meeting_edit", args=[meeting.pk])
    assert versions_in(thuky.get(url).content.decode()) == [meeting.version]
    data = {"date": "12/04/2023", "title": "Phiên họp thứ nhất năm 2023", "version": meeting.version}
    assert thuky.post(url, data).status_code == 302
    meeting.refresh_from_db()
    assert (meeting.date, meeting.title) == (date(2023, 4, 12), "Phiên họp thứ nhất năm 2023")
    assert meeting.history.order_by("-history_date").first().history_user == secretariat_user


def test_a_date_when_an_attendee_did_not_sit_on_the_committee_is_refused(thuky, meeting, seat):
    meeting.attendees.set([seat])
    url = reverse("tasks:meeting_edit", args=[meeting.pk])
    response = thuky.post(url, {"date": "01/01/2023", "title": meeting.title, "version": meeting.version})
    assert response.status_code == 400
    assert "không là thành viên Ban Chỉ đạo vào ngày 01/01/2023" in html.unescape(response.content.decode())
    meeting.refresh_from_db()
    assert meeting.date == date(2023, 4, 11)


def test_a_date_when_a_speaker_did_not_sit_on_the_committee_is_refused(meeting, opinion):
    with pytest.raises(ValidationError) as caught:
        meeting_edits.update_meeting(meeting=meeting, date=date(2023, 1, 2), title=meeting.title)
    assert "có ý kiến tại phiên họp" in caught.value.message_dict["date"][0]


def test_a_date_in_a_typo_year_is_refused_on_the_field(thuky, meeting):
    url = reverse("tasks:meeting_edit", args=[meeting.pk])
    response = thuky.post(url, {"date": "11/04/0223", "title": meeting.title, "version": meeting.version})
    assert response.status_code == 400
    assert "Ngày phải từ 01/01/1990" in html.unescape(response.content.decode())


def test_a_stale_meeting_form_is_refused_with_the_other_change_shown(thuky, thuky2, meeting):
    url = reverse("tasks:meeting_edit", args=[meeting.pk])
    base = {"date": "11/04/2023", "title": meeting.title, "version": meeting.version}
    assert thuky.post(url, {**base, "date": "13/04/2023"}).status_code == 302
    response = thuky2.post(url, {**base, "title": "Phiên họp quý II"})
    assert response.status_code == 409
    page = html.unescape(response.content.decode())
    assert "11/04/2023 → 13/04/2023" in page and 'value="Phiên họp quý II"' in page
    meeting.refresh_from_db()
    assert (meeting.date, meeting.title) == (date(2023, 4, 13), "Phiên họp thứ nhất")


def test_an_agenda_item_is_corrected_then_removed_and_the_history_keeps_it(thuky, item, secretariat_user):
    url = reverse("tasks:agenda_edit", args=[item.pk])
    assert thuky.get(url).status_code == 200
    assert thuky.post(url, {"title": "Dự thảo quy chế (sửa đổi)", "version": item.version}).status_code == 302
    item.refresh_from_db()
    assert item.title == "Dự thảo quy chế (sửa đổi)"
    remove = reverse("tasks:agenda_delete", args=[item.pk])
    assert thuky.post(remove, {"version": item.version}).status_code == 302
    assert not AgendaItem.objects.filter(pk=item.pk).exists()
    last = AgendaItem.history.filter(id=item.pk).order_by("-history_date").first()
    assert (last.history_type, last.title, last.history_user) == ("-", item.title, secretariat_user)


def test_a_removal_without_the_version_shown_removes_nothing(thuky, item):
    response = thuky.post(reverse("tasks:agenda_delete", args=[item.pk]), {})
    assert response.status_code == 400
    assert AgendaItem.objects.filter(pk=item.pk).exists()


def test_an_agenda_item_changed_meanwhile_is_not_removed_from_the_stale_page(thuky, thuky2, item):
    seen = item.version
    assert (
        thuky.post(reverse("tasks:agenda_edit", args=[item.pk]), {"title": "Quy chế mới", "version": seen}).status_code
        == 302
    )
    response = thuky2.post(reverse("tasks:agenda_delete", args=[item.pk]), {"version": seen})
    assert response.status_code == 409
    assert "Dự thảo quy chế hoạt động → Quy chế mới" in html.unescape(response.content.decode())
    assert AgendaItem.objects.filter(pk=item.pk).exists()


def test_an_opinion_is_corrected_under_an_agenda_item(thuky, opinion, item, member_user):
    url = reverse("tasks:opinion_edit", args=[opinion.pk])
    assert thuky.get(url).status_code == 200
    data = {"person": member_user.person.pk, "agenda_item": item.pk, "content": "Công khai thủ tục", "version": 1}
    assert thuky.post(url, data).status_code == 302
    opinion.refresh_from_db()
    assert (opinion.agenda_item, opinion.content) == (item, "Công khai thủ tục")


def test_an_opinion_given_to_someone_off_the_roster_is_refused(thuky, opinion, committee):
    outsider = f.MembershipFactory(committee=committee, start=date(2023, 9, 1)).person
    url = reverse("tasks:opinion_edit", args=[opinion.pk])
    response = thuky.post(url, {"person": outsider.pk, "content": "Ý kiến", "version": opinion.version})
    assert response.status_code == 400
    opinion.refresh_from_db()
    assert opinion.content == "Tăng cường công khai"


def test_an_opinion_under_another_meetings_item_is_refused(opinion, committee, member_user):
    elsewhere = Meeting.objects.create(committee=committee, date=date(2023, 5, 5), title="Phiên họp khác")
    foreign = AgendaItem.objects.create(meeting=elsewhere, order=1, title="Nội dung khác")
    with pytest.raises(ValidationError) as caught:
        meeting_edits.update_opinion(opinion=opinion, person=member_user.person, content="x", agenda_item=foreign)
    assert "agenda_item" in caught.value.message_dict


def test_a_stale_opinion_form_is_refused_and_keeps_what_was_typed(thuky, thuky2, opinion, member_user):
    url = reverse("tasks:opinion_edit", args=[opinion.pk])
    base = {"person": member_user.person.pk, "version": opinion.version}
    assert thuky.post(url, {**base, "content": "Ý kiến thứ nhất"}).status_code == 302
    response = thuky2.post(url, {**base, "content": "Ý kiến thứ hai"})
    assert response.status_code == 409
    page = html.unescape(response.content.decode())
    assert "Tăng cường công khai → Ý kiến thứ nhất" in page and "Ý kiến thứ hai" in page
    opinion.refresh_from_db()
    assert opinion.content == "Ý kiến thứ nhất"


def test_an_opinion_is_removed_and_the_history_keeps_it(thuky, opinion, secretariat_user):
    assert (
        thuky.post(reverse("tasks:opinion_delete", args=[opinion.pk]), {"version": opinion.version}).status_code == 302
    )
    assert not Opinion.objects.filter(pk=opinion.pk).exists()
    last = Opinion.history.filter(id=opinion.pk).order_by("-history_date").first()
    assert (last.history_type, last.content, last.history_user) == ("-", opinion.content, secretariat_user)


def test_the_meeting_page_offers_the_edit_links_to_the_secretariat_only(thuky, meeting, item, opinion, member_user):
    url = reverse("tasks:meeting_detail", args=[meeting.pk])
    links = [
        reverse("tasks:meeting_edit", args=[meeting.pk]),
        reverse("tasks:agenda_edit", args=[item.pk]),
        reverse("tasks:opinion_edit", args=[opinion.pk]),
    ]
    page = thuky.get(url).content.decode()
    assert all(link in page for link in links)
    page = client_for(member_user).get(url).content.decode()
    assert not any(link in page for link in links)


@pytest.fixture
def pilot(committee, department):
    plan = Plan.objects.create(committee=committee, year=timezone.localdate().year, title="Kế hoạch CCHC")
    return PilotUnit.objects.create(plan=plan, unit=department, reason="Đơn vị trọng điểm")


def test_the_secretariat_corrects_a_pilot_unit(thuky, pilot, other_department, member_user, secretariat_user):
    url = reverse("tasks:pilot_edit", args=[pilot.pk])
    assert versions_in(thuky.get(url).content.decode()) == [pilot.version]
    data = {"unit": other_department.pk, "reason": "Nhiều phản ánh", "overseers": [member_user.person.pk], "version": 1}
    assert thuky.post(url, data).status_code == 302
    pilot.refresh_from_db()
    assert (pilot.unit, pilot.reason, list(pilot.overseers.all())) == (
        other_department,
        "Nhiều phản ánh",
        [member_user.person],
    )
    assert pilot.history.order_by("-history_date").first().history_user == secretariat_user


def test_a_pilot_unit_named_twice_in_a_plan_is_refused(thuky, pilot, other_department):
    PilotUnit.objects.create(plan=pilot.plan, unit=other_department)
    url = reverse("tasks:pilot_edit", args=[pilot.pk])
    response = thuky.post(url, {"unit": other_department.pk, "version": pilot.version})
    assert response.status_code == 400
    assert "đã là điểm chỉ đạo" in html.unescape(response.content.decode())


def test_a_stale_pilot_form_is_refused_with_the_other_change_shown(thuky, thuky2, pilot, department):
    url = reverse("tasks:pilot_edit", args=[pilot.pk])
    base = {"unit": department.pk, "version": pilot.version}
    assert thuky.post(url, {**base, "reason": "Cải thiện chỉ số PAR"}).status_code == 302
    response = thuky2.post(url, {**base, "reason": "Nhiều phản ánh"})
    assert response.status_code == 409
    page = html.unescape(response.content.decode())
    assert "Đơn vị trọng điểm → Cải thiện chỉ số PAR" in page and "Nhiều phản ánh" in page
    pilot.refresh_from_db()
    assert pilot.reason == "Cải thiện chỉ số PAR"


def test_the_pilot_page_offers_the_edit_link_to_the_secretariat_only(thuky, pilot, member_user):
    url = reverse("tasks:pilot_list", args=[pilot.plan_id])
    edit = reverse("tasks:pilot_edit", args=[pilot.pk])
    assert edit in thuky.get(url).content.decode()
    assert edit not in client_for(member_user).get(url).content.decode()
