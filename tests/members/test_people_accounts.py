"""People and accounts kept by the secretariat: details with a Zalo number, accounts created with roles and an
invitation e-mail (no password ever sent), the link that sets the password once, deactivation, the
administrator's say over secretariat accounts, and the audit history of every change."""

import re
from datetime import datetime, timedelta
from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.roles import Role
from members import accounts, invitations
from members.models import AccountChange, Invitation, Person
from tests import factories as f
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "Cai-cach-2026-Nghe-An"  # noqa: S105 - a test password


@pytest.fixture
def admin_user(reference_data):
    return f.UserFactory(username="quantri", roles=[Role.ADMINISTRATOR])


@pytest.fixture
def newcomer(department):
    return Person.objects.create(
        full_name="Hoàng Thị Đầu Mối Mới", title="Chuyên viên", unit=department, email="hoang.moi@example.invalid"
    )


def _groups(user) -> set[str]:
    return set(get_user_model().objects.get(pk=user.pk).groups.values_list("name", flat=True))


def _create(client, person, username="hoangmoi", roles=("focal_point",)):
    url = reverse("members:person_account", args=[person.pk])
    return client.post(url, {"username": username, "roles": list(roles)})


def _link(message) -> str:
    found = re.search(r"https?://\S+/members/invitation/\S+/", message.body)
    assert found, message.body
    return urlsplit(found.group(0)).path


# --- people ---------------------------------------------------------------------------------------


def test_secretariat_adds_a_person_with_a_zalo_number_and_the_history_names_who(secretariat_user, department):
    client = client_for(secretariat_user)
    response = client.post(
        reverse("members:person_create"),
        {
            "full_name": "  Trần   Văn Mới ",
            "title": "Phó Giám đốc",
            "unit": department.pk,
            "email": "tran.moi@example.invalid",
            "phone": "0912 345 678",
            "zalo": "0912345678",
        },
    )
    person = Person.objects.get(full_name="Trần Văn Mới")
    assert response.status_code == 302
    assert (person.zalo, person.unit, person.phone) == ("0912345678", department, "0912 345 678")
    assert person.history.get().history_user == secretariat_user

    response = client.post(
        reverse("members:person_edit", args=[person.pk]),
        {"full_name": "Trần Văn Mới", "title": "Giám đốc", "unit": department.pk, "email": "", "zalo": ""},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.title == "Giám đốc" and person.zalo == ""
    assert person.history.count() == 2

    page = client.get(reverse("members:people_list"), {"q": "Trần"})
    assert "Trần Văn Mới" in page.content.decode()


def test_a_refused_person_form_answers_400_in_vietnamese_and_saves_nothing(secretariat_user):
    response = client_for(secretariat_user).post(
        reverse("members:person_create"), {"full_name": "", "email": "không-phải-thư", "zalo": "abc"}
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Hãy nhập họ và tên." in text
    assert "Địa chỉ thư điện tử không hợp lệ" in text
    assert "Số điện thoại chỉ gồm chữ số" in text
    assert not Person.objects.filter(zalo="abc").exists()


# --- accounts and invitations ---------------------------------------------------------------------


def test_a_new_account_gets_an_invitation_with_a_link_and_never_a_password(secretariat_user, newcomer, settings):
    settings.SITE_URL = "https://cchc.example.vn"
    response = _create(client_for(secretariat_user), newcomer)
    assert response.status_code == 302
    newcomer.refresh_from_db()
    user = newcomer.user
    assert user.username == "hoangmoi" and user.email == newcomer.email
    assert not user.has_usable_password()
    assert _groups(user) == {Role.FOCAL_POINT}
    invitation = Invitation.objects.get(user=user)
    assert invitation.sent_at is None and invitation.by == secretariat_user

    assert invitations.drain(now=timezone.now()) == 1
    (message,) = mail.outbox
    assert message.to == [newcomer.email]
    assert "https://cchc.example.vn/members/invitation/" in message.body
    assert "Tên đăng nhập: hoangmoi" in message.body
    assert not re.search(r"mật khẩu\s*:", message.body, re.IGNORECASE)
    assert user.password not in message.body
    invitation.refresh_from_db()
    assert invitation.sent_at is not None
    assert invitations.drain(now=timezone.now()) == 0  # sent once
    assert len(mail.outbox) == 1


def test_the_invitation_link_sets_the_password_once_and_the_holder_logs_in(secretariat_user, newcomer):
    _create(client_for(secretariat_user), newcomer)
    invitations.drain(now=timezone.now())
    link = _link(mail.outbox[0])

    visitor = Client()
    landing = visitor.get(link)
    assert landing.status_code == 302  # Django's step: the token moves to the session
    form_url = landing["Location"]
    assert "hoangmoi" in visitor.get(form_url).content.decode()
    short = visitor.post(form_url, {"new_password1": "123", "new_password2": "123"})
    assert short.status_code == 400
    done = visitor.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302 and done["Location"] == reverse("login")

    user = get_user_model().objects.get(username="hoangmoi")
    assert user.check_password(NEW_PASSWORD)
    again = Client().get(link)
    assert again.status_code == 200 and "không còn dùng được" in again.content.decode()

    login = Client().post(reverse("login"), {"username": "hoangmoi", "password": NEW_PASSWORD})
    assert login.status_code == 302


def test_a_django_password_reset_token_does_not_open_the_invitation(newcomer, focal_user):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    uid = urlsafe_base64_encode(force_bytes(focal_user.pk))
    url = reverse("members:invitation", args=[uid, default_token_generator.make_token(focal_user)])
    assert "không còn dùng được" in Client().get(url).content.decode()


def test_the_invitation_lasts_longer_than_a_password_reset_but_not_for_ever(focal_user, settings):
    token = invitations.invitation_tokens.make_token(focal_user)
    days = 24 * 3600
    with mock.patch.object(invitations.InvitationTokenGenerator, "_now") as now:
        now.return_value = datetime.now() + timedelta(days=6)
        assert 6 * days > settings.PASSWORD_RESET_TIMEOUT
        assert invitations.invitation_tokens.check_token(focal_user, token)
        now.return_value = datetime.now() + timedelta(days=8)
        assert not invitations.invitation_tokens.check_token(focal_user, token)


def test_a_person_without_an_email_cannot_be_given_an_account(secretariat_user, department):
    person = Person.objects.create(full_name="Người Chưa Có Thư", unit=department)
    client = client_for(secretariat_user)
    page = client.get(reverse("members:person_account", args=[person.pk]))
    assert "cần có để gửi thư mời đặt mật khẩu" in page.content.decode()
    response = _create(client, person, username="chuacothu")
    assert response.status_code == 400
    assert "Cần có địa chỉ thư điện tử của người này để gửi thư mời đặt mật khẩu" in response.content.decode()
    assert not get_user_model().objects.filter(username="chuacothu").exists()
    assert not Invitation.objects.exists()


def test_a_taken_username_is_refused_with_400(secretariat_user, newcomer, focal_user):
    response = _create(client_for(secretariat_user), newcomer, username=focal_user.username.upper())
    assert response.status_code == 400
    assert "Tên đăng nhập này đã có người dùng." in response.content.decode()
    newcomer.refresh_from_db()
    assert newcomer.user is None


def test_an_outage_of_the_broker_loses_no_invitation(secretariat_user, newcomer, django_capture_on_commit_callbacks):
    invitations._broker_down_until = 0.0
    down = mock.patch("members.jobs.drain_invitations.apply_async", side_effect=ConnectionError("broker down"))
    with down, django_capture_on_commit_callbacks(execute=True):
        response = _create(client_for(secretariat_user), newcomer)
    assert response.status_code == 302
    assert Invitation.objects.filter(sent_at__isnull=True).count() == 1  # waits for the periodic drain
    invitations._broker_down_until = 0.0
    assert invitations.drain(now=timezone.now()) == 1
    assert len(mail.outbox) == 1


# --- roles: who may grant what ---------------------------------------------------------------------


def test_the_secretariat_is_not_offered_and_cannot_post_the_secretariat_or_administrator_roles(
    secretariat_user, focal_user, newcomer
):
    client = client_for(secretariat_user)
    page = client.get(reverse("members:person_account", args=[focal_user.person.pk])).content.decode()
    assert 'value="focal_point"' in page
    assert 'value="secretariat"' not in page and 'value="administrator"' not in page

    for roles in (["focal_point", "secretariat"], ["administrator"]):
        response = client.post(reverse("members:person_account", args=[focal_user.person.pk]), {"roles": roles})
        assert response.status_code == 400
        assert "Đồng chí không được cấp vai trò này." in response.content.decode()
    assert _groups(focal_user) == {Role.FOCAL_POINT}

    assert _create(client, newcomer, roles=["secretariat"]).status_code == 400
    assert not get_user_model().objects.filter(username="hoangmoi").exists()


def test_the_rules_refuse_escalation_whatever_the_form(secretariat_user, focal_user, newcomer):
    now = timezone.now()
    with pytest.raises(PermissionDenied):
        accounts.set_roles(user=focal_user, roles=[Role.SECRETARIAT], by=secretariat_user, now=now)
    with pytest.raises(PermissionDenied):
        accounts.set_roles(user=secretariat_user, roles=[Role.ADMINISTRATOR], by=secretariat_user, now=now)
    with pytest.raises(PermissionDenied):
        accounts.create_account(person=newcomer, username="x", roles=[Role.ADMINISTRATOR], by=secretariat_user, now=now)
    assert _groups(focal_user) == {Role.FOCAL_POINT}
    assert _groups(secretariat_user) == {Role.SECRETARIAT}
    assert not AccountChange.objects.exists()


def test_the_secretariat_cannot_change_or_deactivate_another_secretariat_account(secretariat_user, department):
    colleague = f.UserFactory(username="thuky2", roles=[Role.SECRETARIAT])
    person = f.PersonFactory(user=colleague, full_name="Thư ký Thứ Hai", unit=department, email="tk2@example.invalid")
    client = client_for(secretariat_user)
    page = client.get(reverse("members:person_account", args=[person.pk])).content.decode()
    assert "chỉ Quản trị hệ thống được thay đổi hoặc khóa" in page
    response = client.post(reverse("members:account_action", args=[person.pk]), {"action": "deactivate"})
    assert response.status_code == 403
    assert client.post(reverse("members:person_account", args=[person.pk]), {"roles": []}).status_code == 403
    colleague.refresh_from_db()
    assert colleague.is_active and _groups(colleague) == {Role.SECRETARIAT}


def test_the_administrator_grants_and_removes_the_secretariat_role_and_deactivates_it(admin_user, focal_user):
    client = client_for(admin_user)
    url = reverse("members:person_account", args=[focal_user.person.pk])
    assert 'value="secretariat"' in client.get(url).content.decode()
    assert client.post(url, {"roles": ["secretariat", "focal_point"]}).status_code == 302
    assert _groups(focal_user) == {Role.SECRETARIAT, Role.FOCAL_POINT}
    response = client.post(reverse("members:account_action", args=[focal_user.person.pk]), {"action": "deactivate"})
    assert response.status_code == 302
    focal_user.refresh_from_db()
    assert not focal_user.is_active
    assert client.post(url, {"roles": ["focal_point"]}).status_code == 302
    assert _groups(focal_user) == {Role.FOCAL_POINT}
    kinds = list(AccountChange.objects.filter(user=focal_user).order_by("pk").values_list("kind", "by"))
    assert kinds == [("roles", admin_user.pk), ("deactivated", admin_user.pk), ("roles", admin_user.pk)]


def test_nobody_deactivates_their_own_account(admin_user):
    with pytest.raises(Exception, match="tự khóa"):
        accounts.set_active(user=admin_user, active=False, by=admin_user, now=timezone.now())
    admin_user.refresh_from_db()
    assert admin_user.is_active


# --- deactivation ---------------------------------------------------------------------------------


def test_a_deactivated_account_cannot_log_in_loses_its_session_and_its_invitation_link(secretariat_user, focal_user):
    token = invitations.invitation_tokens.make_token(focal_user)
    session = client_for(focal_user)
    assert session.get(reverse("members:me")).status_code == 200
    response = client_for(secretariat_user).post(
        reverse("members:account_action", args=[focal_user.person.pk]), {"action": "deactivate"}
    )
    assert response.status_code == 302
    focal_user.refresh_from_db()
    assert not focal_user.is_active
    login = Client().post(reverse("login"), {"username": focal_user.username, "password": f.PASSWORD})
    assert login.status_code == 400
    assert session.get(reverse("members:me")).status_code == 302  # sent to the login page
    assert not invitations.invitation_tokens.check_token(focal_user, token)

    again = client_for(secretariat_user).post(
        reverse("members:account_action", args=[focal_user.person.pk]), {"action": "invite"}
    )
    assert again.status_code == 400 and "Tài khoản đang bị khóa" in again.content.decode()
    reopened = client_for(secretariat_user).post(
        reverse("members:account_action", args=[focal_user.person.pk]), {"action": "reactivate"}
    )
    assert reopened.status_code == 302
    assert Client().post(reverse("login"), {"username": focal_user.username, "password": f.PASSWORD}).status_code == 302


def test_an_empty_action_is_refused_with_400(secretariat_user, focal_user):
    response = client_for(secretariat_user).post(reverse("members:account_action", args=[focal_user.person.pk]), {})
    assert response.status_code == 400
    assert "Chưa chọn thao tác với tài khoản." in response.content.decode()


# --- history --------------------------------------------------------------------------------------


def test_every_change_is_in_the_history(secretariat_user, newcomer):
    client = client_for(secretariat_user)
    _create(client, newcomer)
    newcomer.refresh_from_db()
    pk = newcomer.pk
    client.post(reverse("members:person_account", args=[pk]), {"roles": ["focal_point", "member"]})
    client.post(reverse("members:account_action", args=[pk]), {"action": "invite"})
    client.post(reverse("members:account_action", args=[pk]), {"action": "deactivate"})

    changes = list(AccountChange.objects.filter(user=newcomer.user).order_by("pk"))
    assert [c.kind for c in changes] == ["created", "invited", "roles", "invited", "deactivated"]
    assert all(c.by == secretariat_user and c.person == newcomer for c in changes)
    assert changes[2].roles_before == ["focal_point"] and changes[2].roles_after == ["member", "focal_point"]
    assert Invitation.objects.filter(user=newcomer.user).count() == 2
    reasons = list(newcomer.history.values_list("history_change_reason", "history_user"))
    assert ("Tạo tài khoản", secretariat_user.pk) in reasons

    page = client.get(reverse("members:people_history")).content.decode()
    for words in ("Tạo tài khoản", "Thay đổi vai trò", "Gửi thư mời đặt mật khẩu", "Khóa tài khoản"):
        assert words in page
    assert "Đầu mối đơn vị → Thành viên Ban Chỉ đạo, Đầu mối đơn vị" in page
    account_page = client.get(reverse("members:person_account", args=[pk])).content.decode()
    assert "Khóa tài khoản" in account_page and "Thư mời gần nhất" in account_page


def test_the_account_email_follows_the_person(secretariat_user, focal_user):
    person = focal_user.person
    client_for(secretariat_user).post(
        reverse("members:person_edit", args=[person.pk]),
        {"full_name": person.full_name, "email": "moi.dia.chi@example.invalid"},
    )
    focal_user.refresh_from_db()
    assert focal_user.email == "moi.dia.chi@example.invalid"


# --- the roster's export and print page -------------------------------------------------------------


def _xlsx_text(content: bytes) -> str:
    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(content)).active
    return "\n".join(
        " | ".join(f"{v:%d/%m/%Y}" if hasattr(v, "strftime") else str(v) for v in row if v is not None)
        for row in sheet.iter_rows(values_only=True)
    )


def test_the_roster_xlsx_and_print_page_show_contacts_only_to_the_secretariat(secretariat_user, member_user, committee):
    member_user.person.email, member_user.person.zalo = "thanh.vien@example.invalid", "0988777666"
    member_user.person.save()
    day = "?on=01/06/2024"
    for user, sees in ((secretariat_user, True), (member_user, False)):
        client = client_for(user)
        response = client.get(reverse("members:roster_xlsx") + day)
        assert response.status_code == 200
        assert response["Content-Disposition"].endswith('danh-sach-thanh-vien-2024-06-01.xlsx"')
        text = _xlsx_text(response.content)
        assert "Trần Thị Thành Viên" in text and "01/06/2024" in text
        assert ("thanh.vien@example.invalid" in text) is sees
        page = client.get(reverse("members:roster_print") + day).content.decode()
        assert "Trần Thị Thành Viên" in page
        assert ("thanh.vien@example.invalid" in page) is sees and ("0988777666" in page) is sees


def test_a_bad_roster_date_is_refused_with_400(secretariat_user, committee):
    response = client_for(secretariat_user).get(reverse("members:roster_xlsx") + "?on=31/02/2024")
    assert response.status_code == 400
    assert "Ngày không hợp lệ" in response.content.decode()


def test_the_administrator_has_a_home_page_and_the_people_link_in_the_menu(admin_user, secretariat_user, leader_user):
    for user in (admin_user, secretariat_user):
        home = client_for(user).get(reverse("home"))
        assert home.status_code == 200
        assert reverse("members:people_list") in home.content.decode()
    assert reverse("members:people_list") not in client_for(leader_user).get(reverse("home")).content.decode()
    assert client_for(admin_user).get(reverse("members:people_list")).status_code == 200


def test_the_administrator_is_offered_two_factor_sign_in(admin_user):
    assert client_for(admin_user).get(reverse("otp_setup")).status_code == 200


def test_every_person_the_administrator_is_listed_opens(admin_user, focal_user):
    """The people list links each name to the person's page: the administrator who manages them opens it."""
    client = client_for(admin_user)
    listing = client.get(reverse("members:people_list")).content.decode()
    url = reverse("members:person_detail", args=[focal_user.person.pk])
    assert url in listing
    page = client.get(url)
    assert page.status_code == 200 and focal_user.person.full_name in page.content.decode()
