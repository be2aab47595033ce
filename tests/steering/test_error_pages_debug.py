"""The project's Vietnamese error pages are what people trying the site see, with DEBUG on (`make run`) as
without it; a superuser keeps Django's debug page under DEBUG to find the cause."""

import pytest
from django.test import Client

from tests.conftest import client_for
from tests.factories import UserFactory

NOT_FOUND = "Không tìm thấy trang"
DEBUG_PAGE = "DEBUG = True"


@pytest.mark.parametrize("debug", [True, False])
@pytest.mark.parametrize("role", ["member", "anonymous"])
def test_a_missing_page_is_the_projects_vietnamese_page(settings, cast, role, debug):
    settings.DEBUG = debug
    response = client_for(cast[role]).get("/khong-co-trang-nay/")
    assert response.status_code == 404
    page = response.content.decode()
    assert NOT_FOUND in page and DEBUG_PAGE not in page
    assert '<html lang="vi">' in page


def test_an_object_a_view_does_not_find_is_the_projects_page_under_debug(settings, cast):
    settings.DEBUG = True
    response = client_for(cast["secretariat"]).get("/tasks/plans/999999/")
    assert response.status_code == 404
    assert NOT_FOUND in response.content.decode() and DEBUG_PAGE not in response.content.decode()


@pytest.mark.urls("tests.steering.urls_errors")
def test_a_failure_under_debug_is_the_projects_500_page_without_the_cause(settings, cast):
    settings.DEBUG = True
    client = Client(raise_request_exception=False)
    client.force_login(cast["member"])
    response = client.get("/__boom__/")
    assert response.status_code == 500
    page = response.content.decode()
    assert DEBUG_PAGE not in page and "hunter2" not in page and '<html lang="vi">' in page


def test_a_bad_host_under_debug_is_the_projects_400_page(settings, cast):
    settings.DEBUG = True
    response = client_for(cast["member"]).get("/", HTTP_HOST="evil.example.com")
    assert response.status_code == 400
    assert DEBUG_PAGE not in response.content.decode() and '<html lang="vi">' in response.content.decode()


def test_a_superuser_keeps_djangos_debug_page_under_debug(settings, db):
    settings.DEBUG = True
    response = client_for(UserFactory(username="quantri", is_staff=True, is_superuser=True)).get("/khong-co/")
    assert response.status_code == 404 and DEBUG_PAGE in response.content.decode()


@pytest.mark.parametrize("debug", [True, False])
def test_a_refused_query_says_why_with_debug_on_as_off(settings, cast, debug):
    settings.DEBUG = debug
    client = client_for(cast["leadership"])
    for asked in ("1999", "２０２３", "abc"):  # no report that year; full-width digits; not a year
        response = client.get("/hotline/hot-spots/", {"year": asked})
        page = response.content.decode()
        assert response.status_code == 400 and DEBUG_PAGE not in page, asked
        assert "Năm không hợp lệ hoặc không có phản ánh." in page, asked
