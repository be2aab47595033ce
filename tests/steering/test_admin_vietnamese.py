"""The Django admin is fully in Vietnamese (issue 14)."""

import html
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib import admin
from django.urls import NoReverseMatch, reverse

from tests import factories as f
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

_HIDDEN = re.compile(r"(?is)<(script|style|template)\b.*?</\1>|<!--.*?-->")
_ATTRS = re.compile(r'\b(?:title|placeholder|aria-label|alt)="([^"]*)"')
_BUTTON_VALUES = re.compile(r'<input[^>]*type="(?:submit|button|reset)"[^>]*>')
_VALUE = re.compile(r'\bvalue="([^"]*)"')
_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"[^\W\d_]+")


def visible_words(page: str) -> list[str]:
    """The words a user reads on `page` (text and the title/placeholder/aria-label/alt attributes and the
    labels of input buttons), without scripts, styles, templates and comments."""
    page = _HIDDEN.sub(" ", page)
    extra = _ATTRS.findall(page)
    for button in _BUTTON_VALUES.findall(page):
        extra += _VALUE.findall(button)
    text = html.unescape(_TAG.sub(" ", page) + " " + " ".join(extra))
    return _WORD.findall(text)


def _extra_world(w, superuser):
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django_otp.plugins.otp_totp.models import TOTPDevice

    when = datetime(2026, 11, 2, 8, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    AccessAttempt.objects.create(
        username="quantri", ip_address="10.0.0.1", user_agent="trinh-duyet", path_info="/accounts/login/",
        attempt_time=when, get_data="", post_data="", failures_since_start=2,
    )
    AccessLog.objects.create(
        username="quantri", ip_address="10.0.0.1", user_agent="trinh-duyet", path_info="/accounts/login/",
        attempt_time=when,
    )
    AccessFailureLog.objects.create(
        username="quantri", ip_address="10.0.0.1", user_agent="trinh-duyet", path_info="/accounts/login/",
        attempt_time=when, locked_out=False,
    )
    TOTPDevice.objects.create(user=w.cast["leadership"], name="Điện thoại", confirmed=True)


def _pages(client, superuser):
    yield "/admin/"
    seen_apps = set()
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        if info[0] not in seen_apps:
            seen_apps.add(info[0])
            yield reverse("admin:app_list", args=[info[0]])
        changelist = reverse("admin:%s_%s_changelist" % info)
        yield changelist
        yield changelist + "?q=zzkhongco"
        page = client.get(changelist).content.decode()
        filters = re.findall(r'href="(\?[^"]+)"', page)
        for link in filters[:3]:
            yield changelist + html.unescape(link)
        yield reverse("admin:%s_%s_add" % info)
        obj = model._default_manager.order_by("pk").first()
        if obj is None:
            continue
        yield reverse("admin:%s_%s_change" % info, args=[obj.pk])
        yield reverse("admin:%s_%s_history" % info, args=[obj.pk])
        history = getattr(obj, "history", None)
        if history is not None and hasattr(history, "order_by"):
            record = history.order_by("pk").first()
            if record is not None:
                try:
                    yield reverse("admin:%s_%s_simple_history" % info, args=[obj.pk, record.history_id])
                except NoReverseMatch:
                    pass
        yield reverse("admin:%s_%s_delete" % info, args=[obj.pk])
    yield reverse("admin:auth_user_password_change", args=[superuser.pk])


def test_discover(world, settings):
    settings.ZEAL_RAISE = False  # the stock admin's own N+1s are not this test's subject
    superuser = f.UserFactory(username="quantri", is_staff=True, is_superuser=True)
    _extra_world(world, superuser)
    from django.contrib.auth import get_user_model
    get_user_model().objects.update(first_name="Hoa")
    client = client_for(superuser)
    words = {}
    statuses = {}
    for url in _pages(client, superuser):
        r = client.get(url)
        statuses[url] = (r.status_code, r.get('Location'))
        if r.status_code != 200:
            continue
        import hashlib
        open('/tmp/adminvi/pages/' + url.strip('/').replace('/', '_').replace('?', '_')[:150] + '.txt', 'w').write(url + '\n' + ' '.join(visible_words(r.content.decode())))
        for w in visible_words(r.content.decode()):
            if w.isascii():
                words.setdefault(w, set()).add(url)
    with open("/tmp/adminvi/words.txt", "w") as out:
        for url, s in statuses.items():
            out.write(f"{s} {url}\n")
        for w, urls in sorted(words.items(), key=lambda x: -len(x[1])):
            out.write(f"{w} {len(urls)} {sorted(urls)[0]}\n")
