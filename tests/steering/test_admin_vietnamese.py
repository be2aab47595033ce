"""The Django admin is fully in Vietnamese.

Django's Vietnamese catalogue misses its newer strings and translates some wrongly; django-simple-history,
django-axes and django-otp have none. The project catalogue locale/vi/LC_MESSAGES/django.po overrides
them, and steering/admin.py makes the packages' untranslatable labels translatable. These tests walk
every page type of every registered model as a superuser and look for English UI words in what a user
reads: the text, and the title/placeholder/aria-label attributes and the labels of input buttons.
Data shown on the pages (names, codes, stored text) is the factory-built world's, all Vietnamese or
codes; a field's content (text areas, read-only values) is data and is not read.
"""

import html
import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation

from tests import factories as f
from tests.conftest import client_for

# The English words of the admin's interface seen on the pages before the catalogue (Django's stock
# strings, the three packages', field names derived from attribute names). Words that are also
# Vietnamese without diacritics (an, do, in, to, may, ban…) are left out, and so is "the" (a reform area's
# code is "the-che", thể chế).
ENGLISH_UI_WORDS = frozenset(
    """
    Add add Change change Changed changed Changes Delete delete Deleted Save Filter Search search Show Hide
    Toggle Skip History history View view Choose Object Created created None Select select selected action
    Action The and of for from this This with date Date user User name Name version Version model Model
    models main content theme current auto light dark link list items navigation Breadcrumbs Sidebar counts
    Access access attempts attempt failures failure logs Attempt Attempted Time Address Agent Username
    Comment reason Historical historical Revert revert previous below Press button Password password
    Enabled Disabled Whether disabled will lost Raw stored Can permission Sessions session Log log entry
    entries Identity Timestamps Configuration State Throttling Drift Key Step Digits Tolerance Confirmed
    confirmed used Last last Locked Out Logout expired Clean Failed Logins Remaining Data Meta Path by on or
    If Site Django administration Administration Error Please correct errors Close Submitted Reviewed
    Saved Supersedes Drawn Report Tasks Members Documents Hotline due status percent unit devices device
    Devices group groups Groups object objects Home Yes Go Today Now Clear Currently Unknown Any Past
    """.split()  # noqa: SIM905 (a word list is easier to read and extend as text)
)

_HIDDEN = re.compile(r"(?is)<(script|style|template|textarea)\b.*?</\1>|<!--.*?-->")
_DATA = re.compile(r'(?is)<div class="readonly">.*?</div>')
_ATTRS = re.compile(r'\b(?:title|placeholder|aria-label)="([^"]*)"')
_BUTTONS = re.compile(r'<input[^>]*\btype="(?:submit|button|reset)"[^>]*>')
_VALUE = re.compile(r'\bvalue="([^"]*)"')
_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"[^\W\d_]+")


def visible_words(page: str) -> list[str]:
    """The words a user reads on `page`: text, title/placeholder/aria-label attributes and input buttons'
    labels, without scripts, styles, templates, comments and the content of fields (data)."""
    page = _DATA.sub(" ", _HIDDEN.sub(" ", page))
    extra = _ATTRS.findall(page)
    for button in _BUTTONS.findall(page):
        extra += _VALUE.findall(button)
    text = html.unescape(_TAG.sub(" ", page) + " " + " ".join(extra))
    return _WORD.findall(text)


def english_words(page: str) -> set[str]:
    return {word for word in visible_words(page) if word in ENGLISH_UI_WORDS}


@pytest.fixture
def admin_world(world, settings):
    """The access matrix's world (one object of nearly every model), a superuser, one row of each
    django-axes model and a TOTP device; every account named in Vietnamese (the factory's Faker names
    are English first names)."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django_otp.plugins.otp_totp.models import TOTPDevice

    settings.ZEAL_RAISE = False  # the stock admin's own queries are not this test's subject
    superuser = f.UserFactory(username="quantri", is_staff=True, is_superuser=True)
    get_user_model().objects.update(first_name="Hoa", last_name="Nguyễn")
    when = datetime(2026, 11, 2, 8, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    seen = {
        "username": "quantri",
        "ip_address": "10.0.0.1",
        "user_agent": "trinh-duyet",
        "path_info": "/accounts/login/",
    }
    AccessAttempt.objects.create(**seen, attempt_time=when, get_data="", post_data="", failures_since_start=2)
    AccessLog.objects.create(**seen, attempt_time=when)
    AccessFailureLog.objects.create(**seen, attempt_time=when, locked_out=True)
    TOTPDevice.objects.create(user=world.cast["leadership"], name="Điện thoại", confirmed=True)
    return superuser


def _admin_pages(client, superuser):
    """(method, url, data) of every page type of every registered model."""
    yield "get", reverse("admin:index"), None
    apps_seen = set()
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        if info[0] not in apps_seen:
            apps_seen.add(info[0])
            yield "get", reverse("admin:app_list", args=[info[0]]), None
        changelist = reverse("admin:{}_{}_changelist".format(*info))
        yield "get", changelist, None
        if model_admin.search_fields:
            yield "get", changelist + "?q=khongcogi", None
        listing = client.get(changelist).content.decode()
        filter_links = re.findall(r'<li>\s*<a href="(\?[^"]+)"', listing)
        for link in filter_links[:2]:
            yield "get", changelist + html.unescape(link), None
        yield "get", reverse("admin:{}_{}_add".format(*info)), None
        obj = model._default_manager.order_by("pk").first()
        if obj is None:
            continue
        yield "get", reverse("admin:{}_{}_change".format(*info), args=[obj.pk]), None
        yield "get", reverse("admin:{}_{}_history".format(*info), args=[obj.pk]), None
        manager = getattr(model._meta, "simple_history_manager_attribute", None)
        if manager:
            record = getattr(obj, manager).order_by("pk").first()
            if record is not None:
                yield "get", reverse("admin:{}_{}_simple_history".format(*info), args=[obj.pk, record.pk]), None
        yield "get", reverse("admin:{}_{}_delete".format(*info), args=[obj.pk]), None
    user = get_user_model().objects.get(username="thuky")
    yield "get", reverse("admin:auth_user_password_change", args=[user.pk]), None
    # A refused form (its error messages) and the confirmation of a bulk deletion.
    yield "post", reverse("admin:auth_user_add"), {"username": "", "password1": "a", "password2": "b"}
    yield "post", reverse("admin:members_unit_add"), {"code": "", "name": "", "kind": ""}
    group = Group.objects.order_by("pk").first()
    yield "post", reverse("admin:auth_group_changelist"), {"action": "delete_selected", "_selected_action": [group.pk]}


@pytest.mark.django_db
def test_every_admin_page_is_in_vietnamese(admin_world):
    client = client_for(admin_world)
    english: dict[str, set[str]] = {}
    read = 0
    for method, url, data in _admin_pages(client, admin_world):
        response = client.post(url, data) if method == "post" else client.get(url)
        assert response.status_code in (200, 403), (url, response.status_code)
        if response.status_code == 403:  # this admin forbids adding or deleting that model
            continue
        assert response["Content-Language"] == "vi"
        read += 1
        found = english_words(response.content.decode())
        if found:
            english[f"{method} {url}"] = found
    assert read > 200, "the walk reached too few pages to mean anything"
    assert english == {}, "\n".join(f"{url}: {sorted(words)}" for url, words in english.items())


def test_the_word_list_finds_english():
    page = '<p>Skip to main content</p><button title="Toggle theme (current theme: auto)"></button>'
    assert english_words(page) == {"Skip", "main", "content", "Toggle", "theme", "current", "auto"}
    assert english_words("<p>Bỏ qua, đến nội dung chính</p><textarea>the figures</textarea>") == set()


def _refusal(field, value, language: str) -> list[str]:
    with translation.override(language):
        try:
            field.clean(value)
        except forms.ValidationError as refused:
            return list(refused.messages)
    raise AssertionError(f"{value!r} was accepted")


@pytest.mark.parametrize(
    ("field", "value", "vietnamese", "english"),
    [
        (forms.IntegerField(), "mười", "Nhập một số nguyên.", "Enter a whole number."),
        (forms.DecimalField(), "mười", "Nhập một số.", "Enter a number."),
        (forms.DecimalField(max_digits=3), "1234", "Số này chỉ được có tối đa 3 chữ số.", None),
        (forms.DecimalField(decimal_places=1), "1.25", "Số này chỉ được có tối đa 1 chữ số sau dấu thập phân.", None),
        (forms.IntegerField(max_value=10), "11", "Giá trị phải nhỏ hơn hoặc bằng 10.", None),
    ],
)
def test_number_field_messages_are_the_overridden_ones(field, value, vietnamese, english):
    assert _refusal(field, value, "vi") == [vietnamese]
    if english:
        assert _refusal(field, value, "en") == [english]


CATALOGUE = Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES"
_PLACEHOLDER = re.compile(r"%\(\w+\)[sdr]|%[sd]|\{\w*\}")
_VIETNAMESE_LETTERS = re.compile(r"[ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ]", re.I)


def test_the_vietnamese_catalogue_only_overrides_english_strings_and_keeps_placeholders():
    import polib

    catalogue = polib.pofile(str(CATALOGUE / "django.po"))
    assert catalogue.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    for entry in catalogue:
        translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        assert all(translations) and not entry.fuzzy, entry.msgid
        assert not _VIETNAMESE_LETTERS.search(entry.msgid), f"a project string does not belong here: {entry.msgid}"
        wanted = sorted(_PLACEHOLDER.findall(entry.msgid))
        for text in translations:
            assert sorted(_PLACEHOLDER.findall(text)) == wanted, entry.msgid


def test_the_compiled_vietnamese_catalogue_matches_its_source():
    import polib

    def pairs(catalogue):
        return {
            (e.msgctxt, e.msgid): (dict(e.msgstr_plural) if e.msgid_plural else e.msgstr) for e in catalogue if e.msgid
        }

    source = pairs(polib.pofile(str(CATALOGUE / "django.po")))
    compiled = pairs(polib.mofile(str(CATALOGUE / "django.mo")))
    assert compiled == source, "run `make messages`"
