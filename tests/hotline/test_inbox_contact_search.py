"""Operators find a report in the inbox by its sender's phone number, e-mail address or name; each report such
a search shows is a contact view in the personal-data access log (who, when, which report; never the words
searched). Leadership searches codes and texts only."""

import pytest
from django.urls import reverse

from hotline.models import ContactAccessLog

from .conftest import make_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def reports(categories):
    mine, _ = make_report(categories)  # Hoàng Thị Phản Ánh, 0912345678, phananh@example.vn
    other, _ = make_report(
        categories,
        title="Thủ tục đất đai",
        contact_name="Trần Văn Khác",
        contact_phone="0987654321",
        email="khac@example.vn",
    )
    return mine, other


def _search(client, q):
    response = client.get(reverse("hotline:inbox"), {"q": q, "view": "all"})
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("q", ["0912 345 678", "+84912345678", "PhanAnh@Example.vn", "Phản Ánh", "hoàng thị"])
def test_operator_finds_a_report_by_phone_email_or_name_and_the_view_is_logged(clients, operator_user, reports, q):
    mine, other = reports
    response = _search(clients["hotline_operator"], q)
    assert list(response.context["page"].object_list) == [mine]
    entry = ContactAccessLog.objects.get()
    assert (entry.user, entry.report) == (operator_user, mine)
    assert entry.purpose == "Tìm theo thông tin liên hệ (hộp phản ánh)"


def test_each_search_is_logged_again(clients, reports):
    _search(clients["hotline_operator"], "0912345678")
    _search(clients["hotline_operator"], "0912345678")
    assert ContactAccessLog.objects.count() == 2


def test_a_search_by_code_or_title_is_not_a_contact_view(clients, reports):
    mine, _other = reports
    assert list(_search(clients["hotline_operator"], mine.display_code).context["page"].object_list) == [mine]
    assert list(_search(clients["hotline_operator"], "đất đai").context["page"].object_list) == [reports[1]]
    assert not ContactAccessLog.objects.exists()


@pytest.mark.parametrize("q", ["0912345678", "phananh@example.vn", "Hoàng Thị"])
def test_leadership_cannot_search_by_contact(clients, reports, q):
    response = _search(clients["leadership"], q)
    assert list(response.context["page"].object_list) == []
    assert not ContactAccessLog.objects.exists()


def test_a_short_piece_of_a_name_finds_nothing(clients, reports):
    assert list(_search(clients["hotline_operator"], "Ph").context["page"].object_list) == []
    assert not ContactAccessLog.objects.exists()


def test_the_search_box_says_what_operators_can_search(clients, reports):
    operator = _search(clients["hotline_operator"], "").content.decode()
    assert "số điện thoại, họ tên, thư điện tử" in operator and "ghi nhật ký" in operator
    assert "số điện thoại" not in _search(clients["leadership"], "").content.decode()
