"""Password reset by e-mail, end to end: request, Vietnamese e-mail, link, new password, login."""

import re

from django.core import mail
from django.test import Client

RESET = "/accounts/password/reset/"


def test_password_reset_by_email_end_to_end(secretariat_user):
    secretariat_user.email = "thuky@nghean.gov.vn"
    secretariat_user.save()
    client = Client()

    response = client.post(RESET, {"email": "thuky@nghean.gov.vn"})
    assert response.status_code == 302 and response["Location"] == "/accounts/password/reset/sent/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["thuky@nghean.gov.vn"]
    assert message.subject == "Đặt lại mật khẩu — Ban Chỉ đạo CCHC tỉnh Nghệ An"
    assert "Xin chào thuky" in message.body
    link = re.search(r"https?://testserver(/accounts/password/reset/\S+/)", message.body).group(1)

    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    assert "Đặt mật khẩu mới" in form_page.content.decode()
    set_password_url = form_page.redirect_chain[-1][0]
    new = "Mat-khau-moi-sau-khi-quen-2023"
    done = client.post(set_password_url, {"new_password1": new, "new_password2": new})
    assert done.status_code == 302 and done["Location"] == "/accounts/password/reset/done/"

    login = Client().post("/accounts/login/", {"username": "thuky", "password": new})
    assert login.status_code == 302 and login["Location"] == "/"
    # The link works once.
    reused = Client().get(link, follow=True)
    assert "không hợp lệ hoặc đã được dùng" in reused.content.decode()


def test_an_unknown_address_gets_the_same_answer_and_no_email(db):
    response = Client().post(RESET, {"email": "khong-ai@example.org"})
    assert response.status_code == 302 and response["Location"] == "/accounts/password/reset/sent/"
    assert mail.outbox == []


def test_reset_requests_are_rate_limited_per_address(db, settings):
    settings.PASSWORD_RESET_RATE_LIMIT = "2/h"
    client = Client(REMOTE_ADDR="10.66.0.1")
    for _ in range(2):
        assert client.post(RESET, {"email": "ai-do@example.org"}).status_code == 302
    refused = client.post(RESET, {"email": "ai-do@example.org"})
    assert refused.status_code == 429
    assert "Quá nhiều yêu cầu" in refused.content.decode()
    assert Client(REMOTE_ADDR="10.66.0.2").post(RESET, {"email": "ai-do@example.org"}).status_code == 302


def test_refused_account_forms_answer_400_with_their_message(secretariat_user):
    """A refusal is a 4xx with a message: wrong password, a refused new password (change
    and reset link); nothing changes."""
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    from tests.conftest import client_for

    def shows_error(response) -> bool:
        page = response.content.decode()
        return response.status_code == 400 and ('role="alert"' in page or 'class="errorlist"' in page)

    wrong = Client().post("/accounts/login/", {"username": "thuky", "password": "sai-mat-khau"})
    assert shows_error(wrong)
    no_password = Client().post("/accounts/login/", {"username": "thuky"})
    assert shows_error(no_password) and 'aria-describedby="id_password_error"' in no_password.content.decode()
    change = client_for(secretariat_user).post("/accounts/password/change/", {"old_password": "sai"})
    assert shows_error(change)
    uid = urlsafe_base64_encode(force_bytes(secretariat_user.pk))
    client = Client()
    form_page = client.get(
        f"/accounts/password/reset/{uid}/{default_token_generator.make_token(secretariat_user)}/", follow=True
    )
    refused = client.post(form_page.redirect_chain[-1][0], {"new_password1": "123", "new_password2": "456"})
    assert shows_error(refused)
    secretariat_user.refresh_from_db()
    assert not secretariat_user.check_password("123")
