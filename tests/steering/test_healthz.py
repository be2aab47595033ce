"""The health check reports the database and the broker."""

import pytest
from django.test import override_settings


@pytest.mark.django_db
def test_healthz_is_ok_when_database_and_broker_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}


@pytest.mark.django_db
def test_healthz_is_503_when_broker_is_unreachable(client, settings):
    from steering.celery import app

    old = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    try:
        response = client.get("/healthz")
    finally:
        app.conf.broker_url = old
    assert response.status_code == 503
    assert response.json()["broker"] == "error"
    assert response.json()["database"] == "ok"


@pytest.mark.django_db
@override_settings(LANGUAGE_CODE="vi")
def test_login_page_is_in_vietnamese(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert "Đăng nhập" in response.content.decode()


@pytest.mark.django_db
def test_home_redirects_anonymous_to_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
