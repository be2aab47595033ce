"""Error pages: Vietnamese, in the layout, with the request id, and nothing else leaked."""

import logging

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django_ratelimit.exceptions import Ratelimited

from steering import views
from steering.logging import RequestContextFilter


def _page(response) -> str:
    html = response.content.decode()
    assert 'class="site-header"' in html and 'id="main"' in html  # the site layout
    assert response["X-Request-ID"] in html  # the request id, to quote to support
    return html


@pytest.mark.urls("tests.steering.urls_errors")
def test_a_failing_view_shows_the_500_page_without_traceback_or_settings(db, caplog):
    caplog.set_level(logging.ERROR, logger="django.request")
    response = Client(raise_request_exception=False).get("/__boom__/", HTTP_X_REQUEST_ID="req-500-canary-0001")
    assert response.status_code == 500
    html = _page(response)
    assert "Lỗi hệ thống" in html
    for leak in ("Traceback", "SecretFailure", "hunter2", "SECRET_KEY", "settings.py", "urls_errors"):
        assert leak not in html
    # The error is logged with the request id the page shows.
    record = next(r for r in caplog.records if r.name == "django.request" and r.levelno == logging.ERROR)
    assert record.exc_info is not None
    RequestContextFilter().filter(record)  # what the production handler applies
    assert record.request_id == "req-500-canary-0001"


def test_404_page_is_vietnamese_and_in_the_layout(db):
    response = Client().get("/khong-co-trang-nay/")
    assert response.status_code == 404
    html = _page(response)
    assert "Không tìm thấy trang" in html and "khong-co-trang-nay" not in html.split('id="main"')[1]


def test_403_page_is_vietnamese_and_in_the_layout(clients):
    response = clients["outsider"].get("/members/")
    assert response.status_code == 403
    assert "Không có quyền truy cập" in _page(response)


@pytest.mark.parametrize(
    ("handler", "status", "title"),
    [
        (views.bad_request, 400, "Yêu cầu không hợp lệ"),
        (views.ratelimited, 429, "Quá nhiều yêu cầu"),
        (views.server_error, 500, "Lỗi hệ thống"),
    ],
)
def test_each_error_handler_renders_its_vietnamese_page(handler, status, title, rf_user_request):
    response = handler(rf_user_request) if handler is views.server_error else handler(rf_user_request, Exception("x"))
    assert response.status_code == status
    assert title in response.content.decode()


def test_a_rate_limit_refusal_is_a_429_not_a_403(rf_user_request):
    response = views.permission_denied(rf_user_request, Ratelimited())
    assert response.status_code == 429
    assert "Quá nhiều yêu cầu" in response.content.decode()
    assert views.permission_denied(rf_user_request, PermissionDenied()).status_code == 403


def test_a_suspicious_request_gets_the_400_page(db):
    response = Client().get("/", HTTP_HOST="evil.example.com")
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.content.decode()
    assert "evil.example.com" not in response.content.decode()


def test_the_500_page_falls_back_to_a_bare_page_when_the_layout_cannot_render(rf_user_request, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("database is down")

    monkeypatch.setattr(views, "render", broken)
    rf_user_request.request_id = "abcdef0123456789"
    response = views.server_error(rf_user_request)
    assert response.status_code == 500
    html = response.content.decode()
    assert "abcdef0123456789" in html and "database is down" not in html


@pytest.fixture
def rf_user_request(db):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    request.request_id = "0123456789abcdef"
    return request
