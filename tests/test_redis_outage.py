"""Redis is never a single point of failure outside Celery.

With Redis refusing connections, or accepting them and never answering, as the cache and as the
broker at once: a citizen's report is saved and its code shown within seconds, its notices wait in
the outbox, the look-up works and stays rate-limited, an operator records a phone call, staff log in
(lockouts still count) and their pages render. The dead endpoints are local sockets (tests/outage.py),
so these tests run wherever the suite runs, CI included; the settings are production's
(REDIS_CACHE_OPTIONS, REDIS_BROKER_OPTIONS).
"""

import contextlib
import time
import uuid

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from core.cache import Breaker
from hotline import outbox
from hotline.models import Category, Outbox, Report
from hotline.reference import ensure_categories
from steering.celery import app as celery_app
from tests import factories as f
from tests.conftest import client_for
from tests.factories import PASSWORD
from tests.hotline.conftest import form_data, make_report
from tests.outage import SilentServer, refusing_url, resilient_cache

# The bound on any answer while Redis is away; production needs at most one cache timeout
# and one broker timeout (0.5 s + 2 s), so this is generous for a loaded machine.
ANSWER_WITHIN = 5.0
LOGIN = "/accounts/login/"


@contextlib.contextmanager
def _broker_at(url: str):
    """The Celery app publishing to `url` with production's transport options, eager mode off."""
    keys = ("task_always_eager", "broker_url", "broker_transport_options")
    saved = {key: celery_app.conf.get(key) for key in keys}
    celery_app.conf.update(
        task_always_eager=False, broker_url=url, broker_transport_options=dict(django_settings.REDIS_BROKER_OPTIONS)
    )
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    try:
        yield
    finally:
        celery_app.conf.update(saved)
        celery_app._pool = None
        celery_app.amqp._producer_pool = None


@pytest.fixture(params=["refusing", "hung"])
def redis_away(request, settings, monkeypatch):
    """The cache and the broker both point at a Redis that refuses, or that hangs."""
    with contextlib.ExitStack() as stack:
        url = refusing_url() if request.param == "refusing" else stack.enter_context(SilentServer()).url
        settings.CACHES = resilient_cache(url)
        settings.RATELIMIT_CACHE_PREFIX = f"rl:test-{uuid.uuid4().hex}:"
        # Each test meets the outage afresh: no back-off left over from an earlier test.
        monkeypatch.setattr(outbox, "_broker_down_until", 0.0, raising=False)
        stack.enter_context(_broker_at(url))
        yield request.param


def _categories() -> dict[str, Category]:
    ensure_categories()
    return {c.code: c for c in Category.objects.all()}


def _timed(call):
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


def _pending_kinds() -> set[str]:
    return set(Outbox.objects.filter(sent_at__isnull=True).values_list("kind", flat=True))


def _cache_fell_back() -> bool:
    from django.core.cache import cache

    breaker: Breaker = cache.breaker
    return breaker.is_open


# The drain job is enqueued after commit: these tests commit for real, so the broker is really tried.
@pytest.mark.django_db(transaction=True)
def test_the_hotline_form_saves_the_report_and_shows_its_code(redis_away, client, operator_user):
    response, elapsed = _timed(lambda: client.post("/hotline/", form_data(_categories()), follow=True))
    assert response.status_code == 200
    assert elapsed < ANSWER_WITHIN, f"the submission took {elapsed:.1f} s"
    report = Report.objects.get()
    assert report.display_code in response.content.decode()
    assert _pending_kinds() == {Outbox.Kind.CITIZEN_RECEIPT, Outbox.Kind.STAFF_NOTICE}
    assert mail.outbox == []
    assert _cache_fell_back()


@pytest.mark.django_db
def test_the_hotline_form_draws_its_fields_without_the_kept_copy(redis_away, client):
    # The blank fields are kept per data version (hotline/blank_form.py): with no version to read, they are
    # drawn every time, and the form is still answered within the bound, twice.
    unit = f.UnitFactory(name="Sở Tư pháp")
    _categories()
    for _ in range(2):
        page, elapsed = _timed(lambda: client.get("/hotline/"))
        assert page.status_code == 200 and unit.name in page.content.decode()
        assert elapsed < ANSWER_WITHIN, f"the form took {elapsed:.1f} s"


@pytest.mark.django_db
def test_the_hotline_form_stays_rate_limited_while_redis_is_away(redis_away, client, settings):
    settings.HOTLINE_RATE_LIMIT = "2/h"
    categories = _categories()
    for phone in ("0912000001", "0912000002"):
        assert client.post("/hotline/", form_data(categories, contact_phone=phone), follow=True).status_code == 200
    blocked = client.post("/hotline/", form_data(categories, contact_phone="0912000003"))
    assert blocked.status_code == 429
    assert "Ông/Bà đã gửi quá nhiều phản ánh" in blocked.content.decode()
    assert Report.objects.count() == 2


@pytest.mark.django_db
def test_the_lookup_finds_the_report_and_stays_rate_limited(redis_away, client, settings):
    settings.HOTLINE_LOOKUP_RATE_LIMIT = "3/h"
    report, pin = make_report(_categories())
    url = reverse("hotline:lookup")
    response, elapsed = _timed(lambda: client.post(url, {"code": report.code, "pin": pin}))
    assert response.status_code == 302
    assert elapsed < ANSWER_WITHIN, f"the look-up took {elapsed:.1f} s"
    page = client.get(reverse("hotline:lookup_result"))
    assert page.status_code == 200 and report.display_code in page.content.decode()
    for _ in range(2):
        assert client.post(url, {"code": report.code, "pin": "11111111"}).status_code == 400
    blocked = client.post(url, {"code": report.code, "pin": pin})
    assert blocked.status_code == 429
    assert "Ông/Bà đã tra cứu quá nhiều lần" in blocked.content.decode()


@pytest.mark.django_db(transaction=True)
def test_an_operator_records_a_phone_call_within_seconds(redis_away, operator_user):
    data = form_data(_categories(), contact_email="", contact_name="Người gọi", title="Gọi điện phản ánh")
    operator = client_for(operator_user)
    response, elapsed = _timed(lambda: operator.post(reverse("hotline:phone_intake"), data))
    assert response.status_code == 200
    assert elapsed < ANSWER_WITHIN, f"the phone intake took {elapsed:.1f} s"
    report = Report.objects.get()
    assert report.channel == Report.Channel.PHONE and report.recorded_by == operator_user
    assert report.display_code in response.content.decode()
    assert _pending_kinds() == {Outbox.Kind.STAFF_NOTICE}


@pytest.mark.django_db
def test_staff_log_in(redis_away, secretariat_user):
    client = Client()
    response, elapsed = _timed(lambda: client.post(LOGIN, {"username": "thuky", "password": PASSWORD}))
    assert response.status_code == 302 and response["Location"] == "/"
    assert elapsed < ANSWER_WITHIN, f"the login took {elapsed:.1f} s"
    assert client.get("/").status_code == 200  # the session was kept (in the database)


@pytest.mark.django_db
def test_failed_logins_still_lock_the_account(redis_away, secretariat_user):
    limit = django_settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        client = Client(REMOTE_ADDR="10.7.0.1")
        assert (
            client.post(LOGIN, {"username": "thuky", "password": "sai-mat-khau"}).status_code == 400
        )  # refused, with the form
    last = Client(REMOTE_ADDR="10.7.0.1").post(LOGIN, {"username": "thuky", "password": "sai-mat-khau"})
    assert last.status_code == 429
    locked = Client(REMOTE_ADDR="10.7.0.1").post(LOGIN, {"username": "thuky", "password": PASSWORD})
    assert locked.status_code == 429
    assert "Vui lòng thử lại sau 30 phút" in locked.content.decode()


@pytest.mark.django_db
def test_staff_pages_render(redis_away, leader_user, operator_user):
    make_report(_categories())
    home, elapsed = _timed(lambda: client_for(leader_user).get(reverse("home")))
    assert home.status_code == 200
    assert elapsed < ANSWER_WITHIN, f"the home page took {elapsed:.1f} s"
    assert "1 phản ánh mới" in home.content.decode()  # computed directly: the shared cache is away
    inbox, elapsed = _timed(lambda: client_for(operator_user).get(reverse("hotline:inbox")))
    assert inbox.status_code == 200
    assert elapsed < ANSWER_WITHIN, f"the hotline inbox took {elapsed:.1f} s"
    assert "Hồ sơ đăng ký kinh doanh bị chậm" in inbox.content.decode()


@pytest.mark.django_db
def test_password_reset_stays_rate_limited(redis_away, settings):
    settings.PASSWORD_RESET_RATE_LIMIT = "2/h"
    client = Client(REMOTE_ADDR="10.66.0.9")
    for _ in range(2):
        assert client.post("/accounts/password/reset/", {"email": "ai-do@example.org"}).status_code == 302
    assert client.post("/accounts/password/reset/", {"email": "ai-do@example.org"}).status_code == 429
