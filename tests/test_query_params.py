"""Every query-string parameter of every page, hostile values included, answers 4xx or the page, never 5xx.

Walks every GET row of the access matrix (tests/access.py) as one role allowed to open it (and anonymously
for public pages). A first request with a probe parameter records which parameters the view reads from
the query string (a filter form bound to `request.GET` reads all its fields); then each of them gets
hostile values: a month of year 0, an id that does not exist, a negative number, letters, an empty value,
NUL, 5,000 characters, and the parameter repeated. Never a 5xx; and a value that names nothing (an unknown
id or filter value) is a 4xx, never "no filter" (core/filters.py).
"""

import pytest
from django.http import QueryDict
from django.test import Client
from django.urls import reverse

from .access import all_rows

HOSTILE = ["0000-01", "99999", "-1", "abc", "", "\x00", "9" * 5000, ["1", "2"]]
UNKNOWN = ["99999", "-1", "abc", "0000-01"]

# Parameters whose every value means something (free text, a flag, a page clamped to the last one, where to go
# after login, an issue date or place left blank), so an odd value is not an error.
FREE = {
    "page",
    "q",
    "next",
    "pilot",
    "focus",
    "overdue",
    "place",
    "signer_name",
    "signer_position",
    "authority",
    "user",
    "code",
    "search",
}
PROBE = "probe-parameter"
# Staff roles tried in this order: the first one the matrix lets open the page walks it.
ROLE_ORDER = ("secretariat", "leadership", "hotline_operator", "focal_point", "member", "outsider")


def _walks():
    for row in all_rows():
        if row.method != "get":
            continue
        role = next((r for r in ROLE_ORDER if row.expect.get(r) == 200), None)
        if row.expect.get("anonymous") == 200:
            yield pytest.param(row, "anonymous", id=f"{row.name}:anonymous")
        if role:
            yield pytest.param(row, role, id=f"{row.name}:{role}")


class ReadKeys:
    """The query-string keys a view reads (QueryDict look-ups), recorded while one request runs."""

    def __init__(self, monkeypatch):
        self.keys: set[str] = set()
        for name in ("__getitem__", "getlist", "get", "__contains__"):
            original = getattr(QueryDict, name)
            monkeypatch.setattr(QueryDict, name, self._recording(original))

    def _recording(self, original):
        keys = self.keys

        def method(qd, key, *args, **kwargs):
            if isinstance(key, str):
                keys.add(key)
            return original(qd, key, *args, **kwargs)

        return method


@pytest.mark.parametrize(("row", "role"), list(_walks()))
def test_hostile_query_values_never_answer_5xx(row, role, world, monkeypatch):
    url = reverse(row.name, kwargs=row.kwargs(world) if row.kwargs else None)
    client = Client(raise_request_exception=False)
    if world.cast[role] is not None:
        client.force_login(world.cast[role])
    recorder = ReadKeys(monkeypatch)
    first = client.get(url, {PROBE: "1"})
    read = sorted(recorder.keys - {PROBE, "csrfmiddlewaretoken"})
    monkeypatch.undo()
    assert first.status_code < 500, url
    failures = []
    for key in read:
        for value in HOSTILE:
            response = client.get(url, {key: value})
            shown = value if isinstance(value, list) else value[:12]
            if response.status_code >= 500:
                failures.append(f"{key}={shown!r}: {response.status_code}")
            elif key not in FREE and value in UNKNOWN and response.status_code < 400:
                failures.append(f"{key}={shown!r}: {response.status_code}, not a 4xx")
    assert failures == [], f"GET {url} as {role} (reads {read})"
