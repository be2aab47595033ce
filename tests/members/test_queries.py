"""Query counts: the roster, history, committee and member pages run a pinned number of queries, the same for
250 memberships as for 25 (a count that moves prints its SQL)."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from members.models import Assignment, Committee, Decision, Membership, Person, ReformArea, Unit
from tests.conftest import client_for
from tests.querycount import assert_page_queries

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


@pytest.fixture
def as_secretariat(secretariat_user):
    return client_for(secretariat_user)


COMMITTEE_PAGES = [
    ("roster", lambda c: reverse("members:roster"), 16),
    ("roster on a past date", lambda c: reverse("members:roster") + "?on=01/05/2023", 16),
    ("history", lambda c: reverse("members:history"), 9),
    ("committees", lambda c: reverse("members:committee_list"), 8),
    ("committee page", lambda c: reverse("members:committee_detail", args=[c.pk]), 14),
    ("committee history", lambda c: reverse("members:committee_history", args=[c.pk]), 9),
    ("home, secretariat", lambda c: reverse("home"), 20),  # + the review queue panel (4)
    ("new committee", lambda c: reverse("members:committee_create"), 10),
    ("committee edit", lambda c: reverse("members:committee_edit", args=[c.pk]), 11),
]


@pytest.mark.parametrize(("label", "url", "expected"), COMMITTEE_PAGES, ids=[p[0] for p in COMMITTEE_PAGES])
def test_committee_pages_run_pinned_queries_for_25_and_250_memberships(
    as_secretariat, committee, department, label, url, expected
):
    _fill(committee, 25)
    assert_page_queries(as_secretariat, url(committee), expected, label=f"{label}, 25 memberships")
    _fill(committee, 225)
    assert Membership.objects.filter(committee=committee).count() >= 250
    assert_page_queries(as_secretariat, url(committee), expected, label=f"{label}, 250 memberships")


@pytest.mark.parametrize(("url_name", "expected"), [("members:me", 13), ("members:person_detail", 13)])
def test_member_pages_run_pinned_queries_whatever_the_persons_seats(
    committee, department, member_user, url_name, expected
):
    person = member_user.person
    client = client_for(member_user)
    url = reverse(url_name, args=[person.pk]) if url_name == "members:person_detail" else reverse(url_name)
    _fill(committee, 25, person=person)
    assert_page_queries(client, url, expected, label=f"{url_name}, 25 seats")
    _fill(committee, 225, person=person)
    assert person.memberships.count() >= 250
    assert_page_queries(client, url, expected, label=f"{url_name}, 250 seats")


def test_membership_page_runs_pinned_queries_whatever_its_assignments(as_secretariat, director, department):
    url = reverse("members:membership_detail", args=[director.pk])

    def add(n):
        made = Assignment.objects.bulk_create(
            [Assignment(membership=director, start=date(2023, 4, 11)) for _ in range(n)]
        )
        Assignment.units.through.objects.bulk_create(
            [Assignment.units.through(assignment=a, unit=department) for a in made]
        )

    add(25)
    assert_page_queries(as_secretariat, url, 14, label="membership page, 25 assignments")
    add(225)
    assert_page_queries(as_secretariat, url, 14, label="membership page, 250 assignments")


def test_unit_edit_page_runs_pinned_queries_whatever_the_number_of_units(as_secretariat, department, province):
    url = reverse("members:unit_edit", args=[department.pk])

    def add(n):
        start = Unit.objects.count()
        Unit.objects.bulk_create(
            [Unit(code=f"X{start + i}", name=f"Xã {start + i}", kind="commune", parent=province) for i in range(n)]
        )

    add(25)
    assert_page_queries(as_secretariat, url, 9, label="unit edit, 25 units")
    add(225)
    assert_page_queries(as_secretariat, url, 9, label="unit edit, 250 units")
