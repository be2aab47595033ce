"""The fuzz covers every form of the app: a URL that takes a post and that tests/fuzz/registry.py cannot fuzz
fails here, whether its view reads a posted body, the access matrix posts to it, or a page draws a form
posting to it."""

import pytest
from django.urls import reverse

from tests.access import all_rows
from tests.conftest import client_for
from tests.production.htmlforms import parse_forms

from .registry import IGNORED_PREFIXES, form_target, matrix_post_names, resolver_post_names, targets, url_name

pytestmark = pytest.mark.django_db


def test_every_url_taking_a_post_is_fuzzed():
    found = targets()
    wanted = resolver_post_names() | matrix_post_names()
    assert sorted(wanted - set(found)) == [], (
        "these URLs take a post but have no role allowed by the access matrix: give them a Target in OVERRIDES"
    )


def test_every_form_a_page_draws_is_fuzzed(world):
    """Every page of the access matrix, opened by every role it lets in: each `<form method=post>` it draws
    posts to a URL the fuzz covers."""
    covered = set(targets())
    missing: dict[str, str] = {}
    seen: set[tuple[str, str]] = set()
    for row in all_rows():
        if row.method != "get":
            continue
        url = reverse(row.name, kwargs=row.kwargs(world) if row.kwargs else None)
        for role, status in row.expect.items():
            if status != 200 or (url, role) in seen:
                continue
            seen.add((url, role))
            response = client_for(world.cast[role]).get(url, row.data(world) if callable(row.data) else row.data)
            if not response.get("Content-Type", "").startswith("text/html"):
                continue
            for form in parse_forms(response.content.decode()):
                if form.method != "post":
                    continue
                name = url_name(form_target(url, form.action))
                if name and not name.startswith(IGNORED_PREFIXES) and name not in covered:
                    missing[name] = f"drawn by {row.name} for {role}"
    assert missing == {}, "forms posting to URLs tests/fuzz/registry.py does not fuzz"
