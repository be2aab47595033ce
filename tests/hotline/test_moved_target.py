"""A notification whose report moved to another unit explains that, instead of a bare 404."""

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import Notification
from core.roles import Role
from hotline import outbox, workflow
from tests import factories as f
from tests.conftest import client_for

from .conftest import MONDAY, make_report

pytestmark = pytest.mark.django_db
MOVED = "Phản ánh này đã được chuyển cho đơn vị khác"


@pytest.fixture
def transferred(categories, department, other_department, operator_user, focal_user):
    report, _ = make_report(categories, title="Chậm cấp giấy phép xây dựng")
    report = workflow.route(report=report, user=operator_user, unit=department, days=5, today=MONDAY.date(), now=MONDAY)
    outbox.drain(now=timezone.now())  # the unit's focal point is told in the app
    workflow.transfer(
        report=report,
        user=operator_user,
        unit=other_department,
        days=5,
        reason="Thuộc thẩm quyền Sở Xây dựng",
        today=MONDAY.date(),
        now=MONDAY,
    )
    return report


def test_opening_the_notice_of_a_transferred_report_explains_it_moved(transferred, clients, focal_user):
    note = Notification.objects.get(user=focal_user, title__startswith="Đơn vị được giao")
    client = clients["focal_point"]
    opened = client.post(reverse("core:notification_read", args=[note.pk]))
    assert opened.status_code == 302 and opened["Location"] == reverse("hotline:detail", args=[transferred.pk])
    page = client.get(opened["Location"])
    assert page.status_code == 403
    html = page.content.decode()
    assert MOVED in html
    assert "Chậm cấp giấy phép xây dựng" not in html and "Sở Xây dựng" not in html  # nothing of the report
    note.refresh_from_db()
    assert note.read_at is not None


def test_a_unit_that_never_had_the_report_still_gets_not_found(transferred, province):
    stranger = f.UserFactory(username="daumoi-khac", roles=[Role.FOCAL_POINT])
    f.PersonFactory(full_name="Đầu mối huyện", unit=f.UnitFactory(name="Huyện Nam Đàn"), user=stranger)
    response = client_for(stranger).get(reverse("hotline:detail", args=[transferred.pk]))
    assert response.status_code == 404 and MOVED not in response.content.decode()


def test_the_new_unit_opens_the_report(transferred, other_department):
    new_focal = f.UserFactory(username="daumoi-sxd", roles=[Role.FOCAL_POINT])
    f.PersonFactory(full_name="Đầu mối Sở Xây dựng", unit=other_department, user=new_focal)
    response = client_for(new_focal).get(reverse("hotline:detail", args=[transferred.pk]))
    assert response.status_code == 200 and "Chậm cấp giấy phép xây dựng" in response.content.decode()
