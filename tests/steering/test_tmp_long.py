from django.test import Client


def test_long(db):
    r = Client(raise_request_exception=False).post(
        "/accounts/login/", {"username": "a" * 256, "password": "x"}, REMOTE_ADDR="10.1.1.1"
    )
    print(r.status_code, r.content[:3000])
