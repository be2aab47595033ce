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


@pytest.mark.django_db
def test_the_english_catalogue_translates_the_pages(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/hotline/"})
    html = client.get("/hotline/").content.decode()
    assert "Log in" in html
    assert "Đăng nhập" not in html
    assert "<h1>Đường dây nóng CCHC</h1>" not in html


def test_the_english_catalogue_is_complete():
    import polib
    from django.conf import settings

    catalogue = polib.pofile(str(settings.BASE_DIR / "locale" / "en" / "LC_MESSAGES" / "django.po"))
    untranslated = [e.msgid for e in catalogue.untranslated_entries()] + [e.msgid for e in catalogue.fuzzy_entries()]
    assert untranslated == [], "run `make messages` and translate these"
