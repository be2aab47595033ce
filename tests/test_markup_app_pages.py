"""Every page of every app is valid HTML: each GET URL of the access matrix, fetched as the first
role that may see it, is checked by the Nu HTML Checker (one Java run for all pages).

tests/steering/test_markup.py covers the layout's own page types (errors, login, account pages).
"""

from django.test import Client
from django.urls import reverse

from tests.access import ROLES, all_rows
from tests.htmlcheck import html_errors, report, require_checker


def _bodies(world) -> dict[str, bytes]:
    bodies = {}
    for row in all_rows():
        if row.method != "get":
            continue
        role = next((r for r in ROLES if row.expect[r] == 200 and r != "anonymous"), None)
        if role is None and row.expect["anonymous"] == 200:
            role = "anonymous"
        if role is None:
            continue
        url = reverse(row.name, kwargs=row.kwargs(world) if row.kwargs else None)
        client = Client()
        if world.cast[role] is not None:
            client.force_login(world.cast[role])
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        bodies[f"{row.name} as {role} ({url})"] = response.content
    return bodies


def test_every_app_page_is_valid_html(world, tmp_path):
    require_checker()
    bodies = _bodies(world)
    assert len(bodies) > 40, "the matrix should yield the pages of every app"
    errors = html_errors(bodies, tmp_path)
    assert errors == {}, report(errors)
