"""Login protection: lockout per account from one address and, much later, per address, with the minutes
left; bounded records; unlock by an administrator, sessions that
change at login, die at logout, at a password change elsewhere and after idle time."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.backends.db import SessionStore
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client, RequestFactory, override_settings

from steering.security import client_ip
from tests.factories import PASSWORD, UserFactory

LOGIN = "/accounts/login/"
LIMIT = settings.AXES_FAILURE_LIMIT


def _login(client: Client, username: str, password: str, ip: str = "10.0.0.1", **headers):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip, **headers)


def _assert_locked(response, minutes: int = 30):
    assert response.status_code == 429
    body = response.content.decode()
    assert "Tài khoản tạm khóa" in body
    assert "đăng nhập sai quá nhiều lần" in body
    assert f"Vui lòng thử lại sau {minutes} phút" in body


def test_wrong_passwords_below_the_limit_only_show_the_form_error(secretariat_user):
    client = Client()
    for _ in range(LIMIT - 1):
        response = _login(client, "thuky", "sai-mat-khau")
        assert response.status_code == 400
        assert 'role="alert"' in response.content.decode()
    assert _login(client, "thuky", PASSWORD).status_code == 302


def test_one_colleagues_mistakes_lock_only_their_account_from_their_address(secretariat_user, member_user):
    office = "10.0.1.1"
    for _ in range(LIMIT):
        _login(Client(), "thuky", "sai-mat-khau", ip=office)
    _assert_locked(_login(Client(), "thuky", PASSWORD, ip=office))
    # A colleague behind the same office address is not affected, nor the account from another address.
    assert _login(Client(), "thanhvien", PASSWORD, ip=office).status_code == 302
    assert _login(Client(), "thuky", PASSWORD, ip="10.0.1.2").status_code == 302


def test_the_locked_page_says_how_many_minutes_remain(secretariat_user):
    with time_machine.travel(START, tick=False) as traveller:
        for _ in range(LIMIT):
            _login(Client(), "thuky", "sai-mat-khau", ip="10.0.1.9")
        _assert_locked(_login(Client(), "thuky", PASSWORD, ip="10.0.1.9"), minutes=30)
        traveller.shift(timedelta(minutes=12, seconds=30))
        _assert_locked(_login(Client(), "thuky", PASSWORD, ip="10.0.1.9"), minutes=18)
        traveller.shift(timedelta(minutes=18))
        assert _login(Client(), "thuky", PASSWORD, ip="10.0.1.9").status_code == 302


def test_an_address_is_locked_after_many_more_failures_across_usernames(secretariat_user):
    limit = settings.LOGIN_ADDRESS_FAILURE_LIMIT
    assert limit >= 10 * LIMIT  # much higher than an account's
    with time_machine.travel(START, tick=False) as traveller:
        for n in range(limit):
            traveller.shift(timedelta(seconds=10))
            assert _login(Client(), f"doan-mo-{n}", "sai-mat-khau", ip="10.0.2.7").status_code == 400
        locked = _login(Client(), "thuky", PASSWORD, ip="10.0.2.7")
        assert locked.status_code == 429
        body = locked.content.decode()
        assert "Đăng nhập tạm khóa" in body and "từ địa chỉ mạng này" in body
        # The oldest failure in the window leaves it 30 minutes after it was made: 30 - (limit-1)*10 s from now.
        assert f"Vui lòng thử lại sau {30 - (limit - 1) * 10 // 60} phút" in body
        assert _login(Client(), "thuky", PASSWORD, ip="10.0.2.8").status_code == 302
        traveller.shift(timedelta(minutes=30))
        assert _login(Client(), "thuky", PASSWORD, ip="10.0.2.7").status_code == 302


@override_settings(LOGIN_ADDRESS_FAILURE_LIMIT=3)
def test_the_address_limit_is_counted_in_the_database_and_reset_with_the_addresss_records(secretariat_user):
    """No cache is involved: the count survives a cache that forgot everything (Redis away or restarted);
    the administrator unlocks the address as axes' own locks (`axes_reset_ip`)."""
    for n in range(3):
        _login(Client(), f"doan-mo-{n}", "sai-mat-khau", ip="10.0.2.9")
    cache.clear()
    assert _login(Client(), "thuky", PASSWORD, ip="10.0.2.9").status_code == 429
    call_command("axes_reset_ip", "10.0.2.9", verbosity=0)
    assert _login(Client(), "thuky", PASSWORD, ip="10.0.2.9").status_code == 302


def test_a_forged_x_forwarded_for_does_not_dodge_the_lockout(secretariat_user):
    for n in range(LIMIT):
        _login(Client(), "thuky", "sai-mat-khau", ip="10.0.3.3", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    _assert_locked(_login(Client(), "thuky", PASSWORD, ip="10.0.3.3", HTTP_X_FORWARDED_FOR="198.51.100.77"))


@pytest.mark.parametrize("length", [151, 256, 10_000])
def test_a_username_longer_than_any_account_is_refused_before_the_lockout_records_it(db, length):
    response = _login(Client(), "a" * length, "sai-mat-khau", ip="10.0.6.1")
    assert response.status_code == 400
    assert "Tối đa 150 ký tự" in response.content.decode()
    assert not AccessAttempt.objects.exists() and not AccessFailureLog.objects.exists()


def test_every_value_the_lockout_records_fits_its_column(db):
    """Whatever calls authenticate (another form, a future API), a long username is recorded cut, never a 500."""
    request = RequestFactory().post(LOGIN, REMOTE_ADDR="10.0.6.2", HTTP_USER_AGENT="u" * 5000)
    for _ in range(2):
        assert authenticate(request, username="b" * 10_000, password="sai") is None
    attempt = AccessAttempt.objects.get()
    assert attempt.username == "b" * 255 and attempt.failures_since_start == 2 and len(attempt.user_agent) == 255
    assert AccessFailureLog.objects.filter(username="b" * 255).count() == 2


def test_the_client_address_is_the_socket_unless_the_proxy_header_is_trusted():
    request = RequestFactory().get("/", REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR="1.2.3.4, 172.16.0.5")
    assert client_ip(request) == "10.9.9.9"
    with override_settings(TRUST_X_FORWARDED_FOR=True, PROXY_COUNT=1):
        # Only the entry appended by our proxy counts; what the client wrote to the left is ignored.
        assert client_ip(request) == "172.16.0.5"
    with override_settings(TRUST_X_FORWARDED_FOR=True, PROXY_COUNT=2):
        assert client_ip(request) == "1.2.3.4"
    # An entry that is not an address is never used (the lockout records addresses in an IP column).
    forged = RequestFactory().get("/", REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR="' OR 1=1, 172.16.0.5")
    with override_settings(TRUST_X_FORWARDED_FOR=True, PROXY_COUNT=2):
        assert client_ip(forged) == "10.9.9.9"


def test_an_administrator_unlocks_by_deleting_the_attempt_in_the_admin(secretariat_user):
    for _ in range(LIMIT):
        _login(Client(), "thuky", "sai-mat-khau", ip="10.0.4.99")
    _assert_locked(_login(Client(), "thuky", PASSWORD, ip="10.0.4.99"))

    admin = Client()
    admin.force_login(UserFactory(username="quantri", is_staff=True, is_superuser=True))
    changelist = admin.get("/admin/axes/accessattempt/")
    assert changelist.status_code == 200 and "thuky" in changelist.content.decode()
    ids = list(AccessAttempt.objects.filter(username="thuky").values_list("pk", flat=True))
    response = admin.post(
        "/admin/axes/accessattempt/", {"action": "delete_selected", "_selected_action": ids, "post": "yes"}
    )
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="thuky").exists()
    assert _login(Client(), "thuky", PASSWORD, ip="10.0.4.99").status_code == 302


def test_the_axes_reset_command_unlocks_everyone(secretariat_user):
    for _ in range(LIMIT):
        _login(Client(), "thuky", "sai-mat-khau", ip="10.0.5.99")
    _assert_locked(_login(Client(), "thuky", PASSWORD, ip="10.0.5.99"))
    call_command("axes_reset", verbosity=0)
    assert _login(Client(), "thuky", PASSWORD, ip="10.0.5.99").status_code == 302


@pytest.mark.parametrize("weak", ["1234567890", "password1234", "nghean", "thuky"])
def test_weak_passwords_are_refused(weak, secretariat_user):
    with pytest.raises(ValidationError):
        validate_password(weak, user=secretariat_user)


def test_a_long_uncommon_password_is_accepted(secretariat_user):
    validate_password("Cải-cách-hành-chính-2023!", user=secretariat_user)


def test_login_issues_a_new_session_key(secretariat_user):
    planted = SessionStore()
    planted["planted"] = True
    planted.create()
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = planted.session_key
    assert _login(client, "thuky", PASSWORD).status_code == 302
    new_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert new_key != planted.session_key
    assert not SessionStore().exists(planted.session_key)


def test_the_old_session_is_dead_after_logout(secretariat_user):
    client = Client()
    _login(client, "thuky", PASSWORD)
    old_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert client.get("/").status_code == 200
    assert client.post("/accounts/logout/").status_code == 302

    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = old_key
    response = replay.get("/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_a_password_change_ends_the_users_other_sessions_and_keeps_this_one(secretariat_user):
    here, elsewhere = Client(), Client()
    here.force_login(secretariat_user)
    elsewhere.force_login(secretariat_user)
    assert elsewhere.get("/").status_code == 200

    response = here.post(
        "/accounts/password/change/",
        {
            "old_password": PASSWORD,
            "new_password1": "Mat-khau-moi-rat-dai-2023",
            "new_password2": "Mat-khau-moi-rat-dai-2023",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/accounts/password/change/done/"
    assert here.get("/").status_code == 200
    gone = elsewhere.get("/")
    assert gone.status_code == 302 and gone["Location"].startswith(LOGIN)


def test_the_password_change_page_shows_vietnamese_errors_linked_to_fields(secretariat_user):
    client = Client()
    client.force_login(secretariat_user)
    response = client.post(
        "/accounts/password/change/", {"old_password": "sai", "new_password1": "1", "new_password2": "2"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'aria-describedby="id_old_password_error"' in html
    assert 'id="id_old_password_error"' in html
    assert 'aria-invalid="true"' in html


START = datetime(2023, 5, 4, 1, 0, tzinfo=UTC)


def test_a_session_idle_for_longer_than_the_limit_is_ended(secretariat_user):
    with time_machine.travel(START, tick=False) as traveller:
        client = Client()
        client.force_login(secretariat_user)
        assert client.get("/").status_code == 200
        traveller.shift(timedelta(minutes=29))
        assert client.get("/").status_code == 200  # activity renews the idle window
        traveller.shift(timedelta(minutes=29))
        assert client.get("/").status_code == 200
        traveller.shift(timedelta(minutes=31))
        response = client.get("/", follow=True)
        assert response.redirect_chain[0][0].startswith(LOGIN)
        assert "Phiên làm việc đã hết hạn" in response.content.decode()


@override_settings(SESSION_COOKIE_AGE=7 * 24 * 3600, SESSION_IDLE_SECONDS=30 * 60)
def test_idle_expiry_is_checked_by_the_server_not_only_by_the_cookie_age(secretariat_user):
    with time_machine.travel(START, tick=False) as traveller:
        client = Client()
        client.force_login(secretariat_user)
        assert client.get("/").status_code == 200
        traveller.shift(timedelta(minutes=31))
        response = client.get("/")
        assert response.status_code == 302 and response["Location"].startswith(LOGIN)
        assert client.get("/").status_code == 302  # and the session stays ended
