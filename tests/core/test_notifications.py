"""In-app notifications: the unread count in the header, the list, marking read, privacy."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from core.models import Notification
from tests import factories as f
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def notes(cast):
    person = cast["member"].person
    return [
        Notification.objects.create(recipient=person, title="Nhắc báo cáo tháng 05/2023", url="/tasks/my/"),
        Notification.objects.create(recipient=person, title="Quá hạn báo cáo tháng 05/2023", body="1. Nhiệm vụ 1"),
    ]


def test_the_header_shows_the_unread_count(notes, clients):
    page = clients["member"].get(reverse("core:notifications")).content.decode()
    assert 'class="badge badge-unread">2<' in page
    assert "Quá hạn báo cáo tháng 05/2023" in page and "1. Nhiệm vụ 1" in page
    other = clients["focal_point"].get(reverse("core:notifications")).content.decode()
    assert 'class="badge badge-unread">0<' in other and "Quá hạn" not in other


def test_opening_a_notification_marks_it_read_and_follows_its_link(notes, clients):
    response = clients["member"].post(reverse("core:notification_read", kwargs={"pk": notes[0].pk}))
    assert response.status_code == 302 and response["Location"] == "/tasks/my/"
    notes[0].refresh_from_db()
    assert notes[0].read_at is not None
    page = clients["member"].get(reverse("core:notifications")).content.decode()
    assert 'class="badge badge-unread">1<' in page


def test_someone_elses_notification_is_not_found(notes, clients):
    assert clients["focal_point"].post(reverse("core:notification_read", kwargs={"pk": notes[0].pk})).status_code == 404
    notes[0].refresh_from_db()
    assert notes[0].read_at is None


def test_mark_all_read(notes, clients):
    clients["member"].post(reverse("core:notifications_read_all"))
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_an_account_without_a_person_has_its_own_notifications(reference_data, clients, cast):
    chairman = f.UserFactory(username="chutich")
    Notification.objects.create(user=chairman, title="Phản ánh quá hạn: báo cáo Chủ tịch UBND tỉnh: PA-1")
    page = client_for(chairman).get(reverse("core:notifications")).content.decode()
    assert "báo cáo Chủ tịch UBND tỉnh" in page and 'class="badge badge-unread">1<' in page
    other = clients["leadership"].get(reverse("core:notifications")).content.decode()
    assert "báo cáo Chủ tịch UBND tỉnh" not in other


def test_a_notification_needs_a_person_or_an_account(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(title="Không có người nhận")
