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


def test_the_english_catalogue_holds_every_string_of_the_source(tmp_path):
    """`makemessages` over a copy of the tracked files finds no string the committed catalogue lacks."""
    import shutil
    import subprocess
    import sys

    import polib
    from django.conf import settings

    base = settings.BASE_DIR
    tracked = subprocess.run(["git", "ls-files"], cwd=base, capture_output=True, text=True, check=False).stdout.split()
    if not tracked:
        pytest.fail("the source is not a git checkout: cannot list its files")
    for name in tracked:
        if name.endswith((".py", ".html", ".txt")) or name.startswith("locale/"):
            target = tmp_path / name
            target.parent.mkdir(parents=True, exist_ok=True)
            if (base / name).exists():
                shutil.copy2(base / name, target)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "--ignore=tests", "--no-obsolete"],
        cwd=tmp_path,
        env={"DEBUG": "1", "PATH": "/usr/bin:/bin", "VAR_DIR": str(tmp_path / "var")},
        check=True,
        capture_output=True,
    )
    fresh = polib.pofile(str(tmp_path / "locale" / "en" / "LC_MESSAGES" / "django.po"))
    committed = polib.pofile(str(base / "locale" / "en" / "LC_MESSAGES" / "django.po"))
    have = {(e.msgctxt, e.msgid) for e in committed if e.msgstr or e.msgstr_plural}
    missing = sorted(e.msgid for e in fresh if (e.msgctxt, e.msgid) not in have)
    assert missing == [], "run `make messages` and translate these"


@pytest.mark.django_db
def test_pages_vary_with_the_language_cookie_not_with_the_browsers_languages(client):
    response = client.get("/hotline/")
    vary = [v.strip() for v in response["Vary"].split(",")]
    assert "Cookie" in vary and "Accept-Language" not in vary
    client.post("/i18n/setlang/", {"language": "en", "next": "/hotline/"})
    assert client.get("/hotline/")["Content-Language"] == "en"


@pytest.mark.django_db
def test_an_unknown_language_in_the_cookie_reads_vietnamese(client):
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    response = client.get("/accounts/login/")
    assert response["Content-Language"] == "vi" and 'lang="vi"' in response.content.decode()
