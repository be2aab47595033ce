"""Vietnamese is the default whatever the browser asks; English only when chosen."""

import pytest


@pytest.mark.django_db
def test_browser_asking_for_english_still_gets_vietnamese(client):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "vi"
    assert 'lang="vi"' in response.content.decode()


@pytest.mark.django_db
def test_choosing_english_with_the_switcher_is_remembered(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    response = client.get("/accounts/login/")
    assert response["Content-Language"] == "en"
    assert 'lang="en"' in response.content.decode()
