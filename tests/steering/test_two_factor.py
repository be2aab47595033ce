"""Optional TOTP second factor for leadership and administrators: enrol, then verify after login."""

import base64
import re
from datetime import timedelta
from urllib.parse import parse_qs, unquote, urlsplit

from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import PASSWORD, UserFactory

SETUP, VERIFY = "/accounts/2fa/", "/accounts/2fa/verify/"


def _token_for(device: TOTPDevice, *, shift: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=shift):06d}"


def _enrol(client: Client, user) -> TOTPDevice:
    page = client.get(SETUP)
    assert page.status_code == 200
    html = page.content.decode()
    uri = re.search(r'<code class="otp-uri">([^<]+)</code>', html).group(1).replace("&amp;", "&")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    secret = parse_qs(urlsplit(uri).query)["secret"][0]
    assert base64.b32decode(secret) == device.bin_key
    assert unquote(urlsplit(uri).path).endswith(user.get_username())
    assert re.search(r'<img class="qr-code" src="data:image/svg\+xml;base64,[A-Za-z0-9+/=]+"', html)
    response = client.post(SETUP, {"otp_token": _token_for(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    return device


def test_leadership_enrols_with_a_computed_totp_code(leader_user):
    client = Client()
    client.force_login(leader_user)
    _enrol(client, leader_user)
    page = client.get(SETUP, follow=True)
    assert "Xác thực hai bước đang bật" in page.content.decode()
    assert client.get("/").status_code == 200  # verified by the enrolment itself


def test_qr_code_is_an_svg_image_drawn_on_the_server(leader_user):
    client = Client()
    client.force_login(leader_user)
    html = client.get(SETUP).content.decode()
    data = re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', html).group(1)
    svg = base64.b64decode(data).decode()
    assert "<svg" in svg and "<script" not in svg


def test_a_wrong_code_does_not_confirm_the_device(leader_user):
    client = Client()
    client.force_login(leader_user)
    client.get(SETUP)
    response = client.post(SETUP, {"otp_token": "000000"})
    assert response.status_code == 400
    assert "Mã xác thực không đúng" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=leader_user, confirmed=True).exists()


def test_after_login_a_user_with_a_device_must_enter_a_code_before_any_page(leader_user):
    enrolling = Client()
    enrolling.force_login(leader_user)
    device = _enrol(enrolling, leader_user)

    client = Client()
    response = client.post("/accounts/login/", {"username": "lanhdao", "password": PASSWORD})
    assert response.status_code == 302
    for path in ("/", "/members/", "/admin/"):
        blocked = client.get(path)
        assert blocked.status_code == 302 and blocked["Location"].startswith(VERIFY), path
    wrong = client.post(VERIFY, {"otp_token": "123456", "next": "/members/"})
    assert wrong.status_code == 400 and "Mã xác thực không đúng" in wrong.content.decode()
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0, throttling_failure_timestamp=None)
    device.refresh_from_db()
    ok = client.post(VERIFY, {"otp_token": _token_for(device, shift=1), "next": "/members/"})
    assert ok.status_code == 302 and ok["Location"] == "/members/"
    assert client.get("/").status_code == 200


def test_the_verify_step_does_not_redirect_to_another_site(leader_user):
    client = Client()
    client.force_login(leader_user)
    device = _enrol(client, leader_user)
    client.post("/accounts/logout/")
    client.post("/accounts/login/", {"username": "lanhdao", "password": PASSWORD})
    response = client.post(VERIFY, {"otp_token": _token_for(device, shift=1), "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == "/"


def test_the_admin_is_closed_to_an_unverified_administrator_with_a_device(db):
    admin_user = UserFactory(username="quantri", is_staff=True, is_superuser=True)
    enrolling = Client()
    enrolling.force_login(admin_user)
    _enrol(enrolling, admin_user)
    client = Client()
    client.post("/accounts/login/", {"username": "quantri", "password": PASSWORD})
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)


def test_users_without_a_device_log_in_with_the_password_alone(secretariat_user):
    client = Client()
    client.post("/accounts/login/", {"username": "thuky", "password": PASSWORD})
    assert client.get("/").status_code == 200


def test_two_factor_enrolment_is_offered_only_to_leadership_and_administrators(clients):
    assert clients["leadership"].get(SETUP).status_code == 200
    for role in ("secretariat", "member", "focal_point", "hotline_operator", "outsider"):
        assert clients[role].get(SETUP).status_code == 403, role


def test_turning_on_two_factor_ends_the_accounts_other_sessions(leader_user, secretariat_user):
    here, elsewhere, colleague = Client(), Client(), Client()
    for client, user in ((here, leader_user), (elsewhere, leader_user), (colleague, secretariat_user)):
        client.force_login(user)
    assert elsewhere.get("/").status_code == 200
    old_key = here.cookies["sessionid"].value
    _enrol(here, leader_user)

    assert here.get("/").status_code == 200  # this session goes on, verified by the enrolment
    assert here.cookies["sessionid"].value != old_key  # under a new key
    gone = elsewhere.get("/hotline/access-log/")  # the personal-data access log, among others
    assert gone.status_code == 302 and gone["Location"].startswith("/accounts/login/")
    assert colleague.get("/").status_code == 200  # another account's sessions are left alone


def test_a_right_code_during_the_throttle_delay_is_told_to_wait_not_called_wrong(leader_user):
    """django-otp refuses every code for 2**(n-1) seconds after n wrong ones: the page says to wait, with a
    4xx, and the same right code passes once the delay is over."""
    enrolling = Client()
    enrolling.force_login(leader_user)
    device = _enrol(enrolling, leader_user)
    client = Client()
    client.post("/accounts/login/", {"username": "lanhdao", "password": PASSWORD})
    wrong = client.post(VERIFY, {"otp_token": "123456", "next": "/members/"})
    assert wrong.status_code == 400 and "Mã xác thực không đúng" in wrong.content.decode()
    for failures, seconds in ((1, 1), (3, 4), (5, 16)):
        TOTPDevice.objects.filter(pk=device.pk).update(
            throttling_failure_count=failures, throttling_failure_timestamp=timezone.now()
        )
        device.refresh_from_db()
        right = client.post(VERIFY, {"otp_token": _token_for(device, shift=1), "next": "/members/"})
        html = right.content.decode()
        assert right.status_code == 429 and right["Retry-After"] == str(seconds)
        assert f"chờ {seconds} giây" in html and "Mã xác thực không đúng" not in html
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=timezone.now() - timedelta(seconds=17))
    device.refresh_from_db()
    ok = client.post(VERIFY, {"otp_token": _token_for(device, shift=1), "next": "/members/"})
    assert ok.status_code == 302 and ok["Location"] == "/members/"


def test_enrolling_during_the_throttle_delay_is_told_to_wait(leader_user):
    client = Client()
    client.force_login(leader_user)
    client.get(SETUP)
    assert client.post(SETUP, {"otp_token": "000000"}).status_code == 400
    device = TOTPDevice.objects.get(user=leader_user, confirmed=False)
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=2, throttling_failure_timestamp=timezone.now()
    )
    response = client.post(SETUP, {"otp_token": _token_for(device)})
    assert response.status_code == 429 and "chờ 2 giây" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=leader_user, confirmed=True).exists()
