"""Exact query counts of pages, with every SQL statement printed when a count is not the pinned one.

Pages run a fixed number of queries whatever the data size, so each list, detail and dashboard test
pins the number itself (the same at 1× and at 10× data), not only "equal at both sizes": a page that
gains a query shows up in review, with the statements that did it. Update a pin only when the page
deliberately changed what it reads.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import shared_cache


def page_queries(client, url: str, *, params: dict | None = None, cached: bool = False) -> list[str]:
    """The SQL one GET of `url` runs, with the process warmed up first (a request of the same page fills
    Django's per-process caches, such as content types). `cached=False` measures the whole work
    (the shared cache emptied first); `cached=True` what a repeat view costs while the cache holds
    the page's panels."""
    assert client.get(url, params or {}).status_code == 200, url
    if not cached:
        shared_cache.invalidate_all()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200, url
    return [q["sql"] for q in ctx.captured_queries]


def assert_queries(sql: list[str], expected: int, label: str) -> None:
    if len(sql) != expected:
        listing = "\n".join(f"{i:3}. {statement}" for i, statement in enumerate(sql, 1))
        pytest.fail(f"{label}: {len(sql)} queries, pinned at {expected}:\n{listing}", pytrace=False)


def assert_page_queries(
    client, url: str, expected: int, *, label: str = "", params: dict | None = None, cached: bool = False
) -> None:
    """Fail, listing the SQL, unless one GET of the page runs exactly `expected` queries."""
    assert_queries(page_queries(client, url, params=params, cached=cached), expected, label or url)
