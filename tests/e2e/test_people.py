"""In Chromium: the secretariat adds a new focal point and creates the account; the focal point opens the
e-mailed link, sets a password and logs in; the people pages fit a phone and axe finds nothing serious."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail

from members.models import Person
from members.seed import DEMO_PASSWORD

from .conftest import axe_violations, login

pytestmark = pytest.mark.e2e
NEW_PASSWORD = "Dau-moi-moi-2026!"  # noqa: S105 - a test password


def test_the_secretariat_invites_a_focal_point_who_sets_a_password_and_logs_in(page, e2e_data):
    login(page, "thuky", DEMO_PASSWORD)
    page.goto(f"{page.base_url}/members/people/")
    page.get_by_role("link", name="Thêm cá nhân").click()
    page.get_by_label("Họ và tên").fill("Võ Thị Đầu Mối")
    page.get_by_label("Chức vụ").fill("Chuyên viên Sở Nội vụ")
    page.select_option("#id_unit", label="Sở Nội vụ")
    page.get_by_label("Thư điện tử").fill("vo.thi.dau.moi@example.invalid")
    page.get_by_label("Số Zalo").fill("0912 000 111")
    page.get_by_role("button", name="Lưu").click()

    assert page.locator("h1").inner_text() == "Tài khoản của Võ Thị Đầu Mối"
    assert axe_violations(page) == []
    page.get_by_label("Tên đăng nhập").fill("vothidaumoi")
    page.get_by_label("Đầu mối đơn vị").check()
    assert page.get_by_label("Bộ phận Thường trực (thư ký)").count() == 0  # never offered to the secretariat
    mail.outbox.clear()
    page.get_by_role("button", name="Tạo tài khoản và gửi thư mời").click()
    main = page.locator("main").inner_text()
    assert "Đã tạo tài khoản và gửi thư mời đặt mật khẩu tới vo.thi.dau.moi@example.invalid." in main
    assert "chưa đặt mật khẩu" in main

    # The job ran after the commit (jobs run in-process in tests): the e-mail is in the outbox.
    (message,) = [m for m in mail.outbox if m.to == ["vo.thi.dau.moi@example.invalid"]]
    assert not re.search(r"mật khẩu\s*:", message.body, re.IGNORECASE)
    link = re.search(r"https?://\S+/members/invitation/\S+/", message.body).group(0)

    page.context.clear_cookies()
    page.goto(page.base_url + urlsplit(link).path)
    assert page.locator("h1").inner_text() == "Đặt mật khẩu tài khoản"
    assert "vothidaumoi" in page.locator("main").inner_text()
    assert axe_violations(page) == []
    page.fill("#id_new_password1", NEW_PASSWORD)
    page.fill("#id_new_password2", NEW_PASSWORD)
    page.get_by_role("button", name="Đặt mật khẩu").click()
    page.wait_for_url(re.compile(r".*/accounts/login/$"))
    assert "Đã đặt mật khẩu." in page.locator("main").inner_text()

    login(page, "vothidaumoi", NEW_PASSWORD)
    page.goto(f"{page.base_url}/members/me/")
    assert "Võ Thị Đầu Mối" in page.locator("main").inner_text()

    # The link worked once.
    page.context.clear_cookies()
    page.goto(page.base_url + urlsplit(link).path)
    assert "không còn dùng được" in page.locator("main").inner_text()
    assert Person.objects.get(full_name="Võ Thị Đầu Mối").user.is_active


PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser, live_server):
    """A page in a 390×844 phone's viewport, on the live server."""
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport=PHONE)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.base_url = live_server.url
    yield page
    context.close()


def _too_wide(phone, paths: list[str]) -> dict[str, int]:
    """The pages wider than the phone, with their width."""
    too_wide = {}
    for path in paths:
        response = phone.goto(f"{phone.base_url}{path}")
        assert response is not None and response.status == 200, (path, response and response.status)
        width = phone.evaluate("() => document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide[path] = width
    return too_wide


def test_the_people_pages_fit_a_phone(phone, e2e_data):
    login(phone, "thuky", DEMO_PASSWORD)
    person = Person.objects.filter(user__username="daumoi").get()
    paths = [
        "/members/people/",
        "/members/people/new/",
        "/members/people/history/",
        f"/members/people/{person.pk}/edit/",
        f"/members/people/{person.pk}/account/",
        f"/members/people/{person.pk}/account/action/?action=deactivate",
        "/members/roster/print/",
    ]
    assert _too_wide(phone, paths) == {}
