"""Every URL × every role gets the expected status; a URL without a row fails the suite."""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .access import ROLES, all_rows

# URLs outside the matrix: Django's own admin and i18n machinery, tested by Django.
IGNORED_PREFIXES = ("admin:",)
IGNORED = {"set_language", "javascript-catalog"}


def _url_names(resolver=None, namespace="") -> set[str]:
    names = set()
    for p in (resolver or get_resolver()).url_patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            names |= _url_names(p, ns)
        elif isinstance(p, URLPattern) and p.name:
            names.add(f"{namespace}{p.name}")
    return names


def test_every_url_has_a_row_in_the_matrix():
    covered = {row.name for row in all_rows()}
    names = {n for n in _url_names() if n not in IGNORED and not n.startswith(IGNORED_PREFIXES)}
    assert sorted(names - covered) == [], "add rows to tests/<app>/access_rows.py for these URLs"
    assert sorted(covered - names) == [], "these rows name URLs that no longer exist"


@pytest.mark.parametrize("row", all_rows(), ids=lambda r: f"{r.method}:{r.name}")
def test_access_matrix(row, world):
    url = reverse(row.name, kwargs=row.kwargs(world) if row.kwargs else None)
    data = row.data(world) if callable(row.data) else row.data
    got = {}
    for role in ROLES:
        client = Client()
        user = world.cast[role]
        if user is not None:
            client.force_login(user)
        response = getattr(client, row.method)(url, data)
        got[role] = response.status_code
    assert got == row.expect, f"{row.method.upper()} {url}"
