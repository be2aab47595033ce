"""Query counts: the people list and a person's account page run a pinned number of queries, the same for 25
people with accounts as for 250 (a count that moves prints its SQL)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from members.models import AccountChange, Person
from tests.conftest import client_for
from tests.querycount import assert_page_queries

pytestmark = pytest.mark.django_db


def _people(n: int, department, start: int) -> None:
    """n people of the department, each with an account holding two roles."""
    User = get_user_model()
    users = User.objects.bulk_create([User(username=f"nguoi{start + i}") for i in range(n)])
    groups = list(Group.objects.filter(name__in=["member", "focal_point"]))
    User.groups.through.objects.bulk_create([User.groups.through(user=u, group=g) for u in users for g in groups])
    Person.objects.bulk_create(
        [
            Person(full_name=f"Người {start + i:03d}", unit=department, email=f"n{start + i}@example.invalid", user=u)
            for i, u in enumerate(users)
        ]
    )


def test_the_people_list_runs_pinned_queries_for_25_and_250_people(secretariat_user, department):
    client = client_for(secretariat_user)
    url = reverse("members:people_list")
    _people(25, department, 0)
    assert_page_queries(client, url, 10, label="people list, 25 people")
    _people(225, department, 25)
    assert_page_queries(client, url, 10, label="people list, 250 people")
    assert_page_queries(client, url, 10, label="people list, a search", params={"q": "Người 1"})


def test_the_account_page_runs_pinned_queries_whatever_its_history(secretariat_user, focal_user):
    client = client_for(secretariat_user)
    url = reverse("members:person_account", args=[focal_user.person.pk])

    def changes(n):
        kinds = ["roles", "invited", "deactivated", "reactivated"]
        AccountChange.objects.bulk_create(
            [
                AccountChange(
                    user=focal_user, person=focal_user.person, kind=kinds[i % 4], by=secretariat_user, at=timezone.now()
                )
                for i in range(n)
            ]
        )

    changes(5)
    assert_page_queries(client, url, 11, label="account page, 5 changes")
    changes(45)
    assert_page_queries(client, url, 11, label="account page, 50 changes")
