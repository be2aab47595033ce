"""Hostile posts to every form of the app (tests/fuzz/registry.py), as the role that may post it.

For each form: the shared world (tests/conftest.py) is built once, the page drawing the form is read, then
Hypothesis posts generated bodies (tests/fuzz/strategies.py), each in a savepoint rolled back after it, so every
post meets the same world. Every post must answer below 500; a refusal (4xx) must carry a message (the form's
errors, a message, or an error page) and leave every table as it was. The posts are counted per form and status
(printed at the end of the run, tests/fuzz/conftest.py).
"""

from http.cookies import SimpleCookie

import pytest
from django.apps import apps
from django.core import mail
from django.core.cache import cache
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from hypothesis import given, note, settings

from tests.conftest import client_for
from tests.production.htmlforms import parse_forms

from .conftest import COUNTS
from .fields import from_class, from_html
from .registry import KNOWN, Target, form_target, targets, url_name
from .snapshot import changed, fingerprint
from .strategies import Field, body, posts

pytestmark = pytest.mark.django_db

TARGETS = targets()
MESSAGE_MARKS = ('role="alert"', "errorlist", 'class="messages"', 'role="status"')
OTHER_IDS = (0, 2147483648, 9223372036854775808)


class _Rollback(Exception):
    pass


def _id_pool() -> tuple[int, ...]:
    """The ids of the world's rows, of every model (so other committees', units' and people's too)."""
    found: set[int] = set()
    for model in apps.get_models():
        if model._meta.pk.get_internal_type() in ("AutoField", "BigAutoField"):
            found.update(model._default_manager.order_by().values_list("pk", flat=True)[:100])
    return tuple(sorted(found))


def _form_fields(client, target: Target, world, path: str) -> tuple[list[Field], str]:
    """The form's fields and the path it posts to: from the page drawing it, else from its form class."""
    if target.form_class is not None:
        return from_class(target.form_class()), path
    page = target.page(world) if target.page else path
    response = client.get(page, follow=True)
    final = response.request["PATH_INFO"]
    for form in parse_forms(response.content.decode()):
        action = form_target(final, form.action)
        if form.method != "post" or url_name(action) != target.name:
            continue
        if target.form and target.form not in form.names() and target.form not in form.action:
            continue
        return from_html(form), action.split("?")[0]
    raise AssertionError(
        f"{page} ({response.status_code}, as {target.role}) draws no form posting to {target.name}: "
        "give its page in tests/fuzz/registry.py PAGES, or its form class in FORM_CLASSES"
    )


def _other_paths(target: Target, world, pool: tuple[int, ...]) -> list[str]:
    """The same URL for other objects: existing ones of any model, and ids of nothing."""
    kwargs = target.kwargs(world) if target.kwargs else {}
    ints = [k for k, v in kwargs.items() if isinstance(v, int)]
    paths = []
    for key in ints:
        for other in (*pool[:40], *OTHER_IDS):
            try:
                paths.append(reverse(target.name, kwargs={**kwargs, key: other}))
            except NoReverseMatch:
                continue
    return paths


def _has_message(response) -> bool:
    if any(t.name and (t.name.startswith("errors/") or "ratelimited" in t.name) for t in response.templates or ()):
        return True
    content = response.content.decode("utf-8", "replace")
    if not response.get("Content-Type", "").startswith("text/html"):
        return bool(content.strip())
    return any(mark in content for mark in MESSAGE_MARKS)


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(n, marks=pytest.mark.xfail(reason=KNOWN[n], strict=False)) if n in KNOWN else n
        for n in sorted(TARGETS)
    ],
)
def test_hostile_posts(name, world, fuzz_settings):
    target = TARGETS[name]
    client = client_for(world.cast[target.role])
    fields, path = _form_fields(client, target, world, target.url(world))
    pool = _id_pool()
    others = _other_paths(target, world, pool)
    cookies = SimpleCookie()
    cookies.load(client.cookies.output(header="", sep=";"))
    before = fingerprint()

    def check(post):
        client.cookies = SimpleCookie()
        client.cookies.load(cookies.output(header="", sep=";"))
        cache.clear()
        mail.outbox = []
        data, content_type = body(post)
        note(post.describe())
        try:
            response = client.generic("POST", post.path, data=data, content_type=content_type or "")
        except Exception:
            COUNTS[name]["exception"] += 1
            raise
        status = response.status_code
        COUNTS[name][status] += 1
        assert status < 500, f"{status} for {post.describe()}"
        if status >= 400:
            assert _has_message(response), f"{status} without a message for {post.describe()}"
            half_saved = changed(before, fingerprint())
            assert half_saved == [], f"{status} but {half_saved} changed for {post.describe()}"

    @settings(fuzz_settings)
    @given(posts(fields, path, others, pool))
    def run(post):
        try:
            with transaction.atomic():
                check(post)
                raise _Rollback
        except _Rollback:
            pass

    run()
