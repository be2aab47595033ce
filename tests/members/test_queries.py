"""Query counts: the roster, history and member pages run as many queries for 250 memberships as for 25."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.models import Assignment, Committee, Decision, Membership, Person, ReformArea, Unit
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _fill(committee: Committee, n: int, *, person: Person | None = None) -> None:
    """n ordinary members (or n seats of one person on n committees), each with an assignment and a successor chain."""
    decision = Decision.objects.create(number=f"{n}-QĐ/TU", date=date(2023, 3, 6), issuer="Ban Thường vụ Tỉnh ủy")
    units = list(Unit.objects.all()[:2])
    areas = list(ReformArea.objects.all()[:2])
    if person is None:
        people = Person.objects.bulk_create(
            [Person(full_name=f"Người {n}-{i:03d}", title="Giám đốc") for i in range(n)]
        )
        committees = [committee] * n
    else:
        people = [person] * n
        committees = Committee.objects.bulk_create(
            [
                Committee(name=f"Tổ {n}-{i}", kind="working_group", unit=committee.unit, parent=committee)
                for i in range(n)
            ]
        )
    start = date(2023, 3, 6)
    memberships = Membership.objects.bulk_create(
        [
            Membership(
                committee=c,
                person=p,
                role="member",
                position="Giám đốc",
                start=start,
                end=start + timedelta(days=400) if i % 5 == 0 else None,
                appointed_by=decision,
                ended_by=decision if i % 5 == 0 else None,
            )
            for i, (c, p) in enumerate(zip(committees, people, strict=True))
        ]
    )
    assignments = Assignment.objects.bulk_create(
        [Assignment(membership=m, start=date(2023, 4, 11), note="phân công") for m in memberships]
    )
    Assignment.units.through.objects.bulk_create(
        [Assignment.units.through(assignment=a, unit=u) for a in assignments for u in units]
    )
    Assignment.areas.through.objects.bulk_create(
        [Assignment.areas.through(assignment=a, reformarea=r) for a in assignments for r in areas]
    )


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.fixture
def as_secretariat(secretariat_user):
    return client_for(secretariat_user)


@pytest.mark.parametrize(
    "url_name",
    ["members:roster", "members:history", "members:committee_list", "home"],
)
def test_committee_pages_do_not_grow_with_memberships(as_secretariat, committee, department, url_name):
    _fill(committee, 25)
    small = _count(as_secretariat, reverse(url_name))
    _fill(committee, 225)
    big = _count(as_secretariat, reverse(url_name))
    assert Membership.objects.filter(committee=committee).count() >= 250
    assert small == big, f"{url_name}: {small} queries with 25 memberships, {big} with 250"


def test_roster_on_a_past_date_does_not_grow(as_secretariat, committee, department):
    url = reverse("members:roster") + "?on=01/05/2023"
    _fill(committee, 25)
    small = _count(as_secretariat, url)
    _fill(committee, 225)
    assert small == _count(as_secretariat, url)


@pytest.mark.parametrize("url_name", ["members:me", "members:person_detail"])
def test_member_pages_do_not_grow_with_the_persons_seats(committee, department, member_user, url_name):
    person = member_user.person
    client = client_for(member_user)
    url = reverse(url_name, args=[person.pk]) if url_name == "members:person_detail" else reverse(url_name)
    _fill(committee, 25, person=person)
    small = _count(client, url)
    _fill(committee, 225, person=person)
    assert person.memberships.count() >= 250
    assert small == _count(client, url)


def test_membership_page_does_not_grow_with_assignments(as_secretariat, director, department):
    url = reverse("members:membership_detail", args=[director.pk])

    def add(n):
        made = Assignment.objects.bulk_create(
            [Assignment(membership=director, start=date(2023, 4, 11)) for _ in range(n)]
        )
        Assignment.units.through.objects.bulk_create(
            [Assignment.units.through(assignment=a, unit=department) for a in made]
        )

    add(25)
    small = _count(as_secretariat, url)
    add(225)
    assert small == _count(as_secretariat, url)
