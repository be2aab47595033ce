"""Audit: the admin shows who changed what and when for memberships, tasks, progress reports and
hotline reports (django-simple-history's admin), and the history records the user of each change."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import Client
from simple_history.admin import SimpleHistoryAdmin

from tests.factories import UserFactory

AUDITED = ["members.Membership", "tasks.Task", "tasks.ProgressReport", "hotline.Report"]


@pytest.mark.parametrize("label", AUDITED)
def test_the_admin_shows_the_change_history_of(label):
    model = apps.get_model(label)
    assert hasattr(model, "history"), f"{label} keeps no history (simple_history.HistoricalRecords)"
    assert model in admin.site._registry, f"{label} is not in the admin"
    assert isinstance(admin.site._registry[model], SimpleHistoryAdmin), f"{label}'s admin shows no history"


def test_a_change_made_through_the_admin_is_attributed_to_its_user(member_user):
    from members.models import Membership

    membership = Membership.objects.get(person=member_user.person)
    superuser = UserFactory(username="quantri", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(superuser)
    membership.note = "đã kiểm tra"
    membership._history_user = superuser
    membership.save()
    page = client.get(f"/admin/members/membership/{membership.pk}/history/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "quantri" in html
    assert membership.history.latest().history_user == superuser
