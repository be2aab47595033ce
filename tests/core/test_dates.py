"""Every date a person types has a sensible range for its meaning (core/dates.py), and the day arithmetic of
memberships never overflows, even on rows saved before the ranges existed."""

from datetime import date, datetime

import pytest
from django import forms
from django.contrib.admin.sites import site as admin_site
from django.urls import reverse
from django.utils import timezone

from core import dates
from members.models import Decision, Membership
from tasks.forms import MeetingForm
from tasks.models import Meeting
from tests import factories as f
from tests.conftest import client_for
from tests.tasks import builders

TODAY = timezone.localdate()
LATEST = f"31/12/{TODAY.year + 10}"


def test_planned_range_runs_from_1990_to_the_end_of_the_tenth_year_ahead():
    assert dates.PLANNED.bounds(date(2026, 11, 29)) == (date(1990, 1, 1), date(2036, 12, 31))
    assert dates.ISSUED.bounds(date(2026, 11, 29)) == (date(1990, 1, 1), date(2026, 11, 29))


@pytest.mark.parametrize("day", [date(1, 1, 1), date(1989, 12, 31), date(2037, 1, 1), date(9999, 12, 31)])
def test_a_day_outside_the_planned_range_is_refused_naming_the_range(day):
    with pytest.raises(forms.ValidationError) as exc:
        dates.PLANNED.validate(day, today=date(2026, 11, 29))
    assert exc.value.code == "date_range"
    assert exc.value.messages == ["Ngày phải từ 01/01/1990 đến 31/12/2036."]


def test_an_issue_date_after_today_is_refused_naming_today():
    dates.ISSUED.validate(date(2026, 11, 29), today=date(2026, 11, 29))
    with pytest.raises(forms.ValidationError) as exc:
        dates.ISSUED.validate(date(2026, 11, 30), today=date(2026, 11, 29))
    assert exc.value.messages == ["Ngày phải từ 01/01/1990 đến hôm nay (29/11/2026)."]


@pytest.mark.parametrize("field", [forms.DateField(), forms.DateTimeField(), forms.SplitDateTimeField()])
@pytest.mark.parametrize("typed", ["0001-01-01", "9999-12-31"])
def test_every_form_date_field_has_the_default_range(field, typed):
    value = [typed, "08:00"] if isinstance(field, forms.SplitDateTimeField) else typed
    with pytest.raises(forms.ValidationError) as exc:
        field.clean(value)
    assert exc.value.messages == [f"Ngày phải từ 01/01/1990 đến {LATEST}."]
    assert forms.DateField().clean("2023-03-06") == date(2023, 3, 6)


def test_a_datetime_is_checked_by_its_local_day():
    first_local_minute = timezone.make_aware(datetime(1990, 1, 1, 0, 30))
    dates.PLANNED.validate(first_local_minute)


def test_day_arithmetic_stays_within_what_python_holds():
    assert dates.day_before(date(2023, 3, 1)) == date(2023, 2, 28)
    assert dates.day_before(date.min) == date.min
    assert dates.day_after(date(2023, 2, 28)) == date(2023, 3, 1)
    assert dates.day_after(date.max) == date.max


@pytest.mark.django_db
def test_model_forms_take_the_meaning_of_their_model_field(committee):
    admin_form = admin_site._registry[Decision].get_form(None)
    assert dates.range_of(admin_form.base_fields["date"]) is dates.ISSUED
    meeting = MeetingForm({"committee": committee.pk, "date": "9999-12-31", "title": "Phiên họp"})
    assert meeting.errors["date"] == [f"Ngày phải từ 01/01/1990 đến {LATEST}."]
    assert not Meeting.objects.exists()


@pytest.fixture
def thuky(secretariat_user):
    return client_for(secretariat_user)


APPOINT = {
    "new_person_name": "Hồ Văn Mới",
    "role": "member",
    "position": "Giám đốc Sở Tư pháp",
    "start": "01/06/2024",
    "decision_number": "2100-QĐ/TU",
    "decision_issuer": "Ban Thường vụ Tỉnh ủy",
}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ({"decision_date": "01/01/0001"}, "Ngày phải từ 01/01/1990 đến hôm nay"),
        ({"decision_date": "31/12/9999"}, "Ngày phải từ 01/01/1990 đến hôm nay"),
        ({"decision_date": "15/05/2024", "start": "01/01/0001"}, "Ngày phải từ 01/01/1990 đến 31/12/"),
        ({"decision_date": "15/05/2024", "start": "31/12/9999"}, "Ngày phải từ 01/01/1990 đến 31/12/"),
    ],
)
def test_appoint_form_refuses_dates_out_of_range(thuky, committee, typed, message):
    before = Membership.objects.count(), Decision.objects.count()
    response = thuky.post(reverse("members:appoint", args=[committee.pk]), {**APPOINT, **typed})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert (Membership.objects.count(), Decision.objects.count()) == before


@pytest.mark.django_db
def test_plan_approval_refuses_a_document_of_year_one(thuky, committee):
    plan = builders.plan(committee, year=2023)
    data = {"decision_number": "01-KH/BCĐ", "decision_date": "0001-01-01", "decision_issuer": "Ban Chỉ đạo CCHC"}
    response = thuky.post(reverse("tasks:plan_approve", args=[plan.pk]), data)
    assert response.status_code == 400
    assert "Ngày phải từ 01/01/1990 đến hôm nay" in response.content.decode()
    assert not Decision.objects.filter(number="01-KH/BCĐ").exists()


@pytest.fixture
def member(committee, department):
    person = f.PersonFactory(full_name="Đỗ Văn L", title="Giám đốc Sở Nội vụ", unit=department)
    return f.MembershipFactory(committee=committee, person=person, role=Membership.Role.MEMBER, unit=department)


@pytest.mark.django_db
def test_ending_a_membership_citing_a_decision_of_year_one_answers_with_the_form(thuky, member):
    # A row saved before the ranges existed (or by a road that bypassed them): the pages still answer.
    old = Decision.objects.create(number="1-QĐ/TU", date=date(1, 1, 1), issuer="Ban Thường vụ Tỉnh ủy")
    response = thuky.post(reverse("members:end", args=[member.pk]), {"end": "31/05/2024", "decision": old.pk})
    assert response.status_code in (302, 400)
    response = thuky.post(reverse("members:end", args=[member.pk]), {"end": "01/01/0001", "decision": old.pk})
    assert response.status_code == 400
    member.refresh_from_db()
    assert member.end in (None, date(2024, 5, 31))


@pytest.mark.django_db
def test_replacement_preview_starting_in_year_one_is_a_form_error(thuky, member):
    data = {
        "new_person_name": "Trần Văn Kế Nhiệm",
        "start": "01/01/0001",
        "decision_number": "2100-QĐ/TU",
        "decision_date": "01/01/0001",
        "decision_issuer": "Ban Thường vụ Tỉnh ủy",
    }
    response = thuky.post(reverse("members:replace", args=[member.pk]), data)
    assert response.status_code == 400
    assert "Ngày phải từ 01/01/1990" in response.content.decode()
    assert Membership.objects.count() == 1
