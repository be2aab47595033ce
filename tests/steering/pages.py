"""One sample of every page type, with the client that sees it, for header and markup tests.

A page type is a kind of response the layout produces: public page, login, dashboard, an app page,
each error page, the admin login, the account pages. Adding a page type here checks it everywhere.
"""

from dataclasses import dataclass

from django.test import Client

from tests.conftest import client_for


@dataclass(frozen=True)
class PageType:
    name: str
    path: str
    role: str  # key of the cast, "anonymous" or "superuser"
    status: int


PAGE_TYPES = [
    PageType("login", "/accounts/login/", "anonymous", 200),
    PageType("hotline public form", "/hotline/", "anonymous", 200),
    PageType("password reset", "/accounts/password/reset/", "anonymous", 200),
    PageType("home dashboard", "/", "secretariat", 200),
    PageType("members roster", "/members/", "secretariat", 200),
    PageType("my page", "/members/me/", "member", 200),
    PageType("password change", "/accounts/password/change/", "member", 200),
    PageType("two-factor enrolment", "/accounts/2fa/", "leadership", 200),
    PageType("error 403", "/members/", "outsider", 403),
    PageType("error 404", "/khong-co-trang-nay/", "anonymous", 404),
    PageType("admin login", "/admin/login/", "anonymous", 200),
]


def client_for_role(role: str, cast: dict, superuser=None, **kwargs) -> Client:
    if role == "superuser":
        client = Client(**kwargs)
        client.force_login(superuser)
        return client
    if kwargs:
        client = Client(**kwargs)
        if cast[role] is not None:
            client.force_login(cast[role])
        return client
    return client_for(cast[role])
