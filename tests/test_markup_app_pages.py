"""Every page of every app is valid HTML: each GET URL of the access matrix, fetched as the first
role that may see it, is checked by the Nu HTML Checker (one Java run for all pages).

tests/steering/test_markup.py covers the layout's own page types (errors, login, account pages).
"""

import json
import subprocess
from pathlib import Path

from django.test import Client
from django.urls import reverse

from tests.access import ROLES, all_rows
from tests.steering.test_markup import VNU, _require_checker


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
    java = _require_checker()
    bodies = _bodies(world)
    assert len(bodies) > 40, "the matrix should yield the pages of every app"
    names = {}
    for n, (name, body) in enumerate(bodies.items()):
        path = tmp_path / f"page-{n:03d}.html"
        path.write_bytes(body)
        names[path.name] = name
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *[str(tmp_path / f) for f in names]],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors: dict[str, list[str]] = {}
    for m in messages:
        if m["type"] == "error" or m.get("subType") == "fatal":
            page = names.get(Path(m.get("url", "")).name, m.get("url"))
            errors.setdefault(page, []).append(
                f"line {m.get('lastLine')}: {m['message']} [{m.get('extract', '').strip()}]"
            )
    assert errors == {}, "\n".join(f"{page}: {e}" for page, lines in errors.items() for e in lines)
