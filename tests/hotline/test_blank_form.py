"""The public form's blank fields are rendered once per process for what they show (hotline/blank_form.py),
and a change to any of it (a unit, a category, the language, the day) shows on the next visit."""

from datetime import date

import pytest
import time_machine
from django.test import override_settings
from django.urls import reverse

from hotline import blank_form
from hotline.forms import ReportForm
from hotline.models import Category
from members.models import Unit
from tests import factories as f
from tests.core.test_shared_cache import UNREACHABLE

pytestmark = pytest.mark.django_db


def _fields(client) -> str:
    page = client.get(reverse("hotline:submit"))
    assert page.status_code == 200
    body = page.content.decode()
    return body[body.index('name="form_token"') : body.index('<div class="actions">')]


def test_the_kept_fields_are_the_fields_the_template_draws(categories):
    f.UnitFactory(name="Sở Tư pháp")
    first = blank_form.blank_fields(ReportForm())
    again = blank_form.blank_fields(ReportForm())
    assert again is first  # kept, not drawn again
    assert first == blank_form.render_to_string(blank_form.FIELDS_TEMPLATE, {"form": ReportForm()})
    assert "Sở Tư pháp" in first


def test_a_renamed_unit_and_a_new_category_show_on_the_next_visit(client, categories):
    unit = f.UnitFactory(name="Sở Tư pháp")
    token = lambda html: html[html.index('value="') :].split('"')[1]  # noqa: E731
    first = _fields(client)
    second = _fields(client)
    assert token(first) != token(second)  # each visit its own one-time token, around the same fields
    assert first.split("\n", 1)[1] == second.split("\n", 1)[1]
    unit.name = "Sở Tư pháp tỉnh Nghệ An"
    unit.save()
    assert "Sở Tư pháp tỉnh Nghệ An" in _fields(client)
    Category.objects.create(code="dat-dai-moi", name="Đất đai (mới)", order=99)
    assert "Đất đai (mới)" in _fields(client)


def test_a_unit_that_ends_leaves_the_list_the_next_day(client, categories):
    f.UnitFactory(name="Phòng sáp nhập", valid_to=date(2026, 11, 30))
    with time_machine.travel("2026-11-30 10:00 +07:00", tick=False):
        assert "Phòng sáp nhập" in _fields(client)
    with time_machine.travel("2026-12-01 10:00 +07:00", tick=False):
        assert "Phòng sáp nhập" not in _fields(client)


def test_the_english_page_draws_english_fields(client, categories):
    vietnamese = _fields(client)
    client.post("/i18n/setlang/", {"language": "en", "next": "/hotline/"})
    english = _fields(client)
    assert "Người gửi" in vietnamese and "Người gửi" not in english


def test_without_the_shared_cache_the_fields_are_drawn_every_time(client, categories):
    f.UnitFactory(name="Sở Tư pháp")
    with override_settings(CACHES=UNREACHABLE):
        assert "Sở Tư pháp" in _fields(client)
        Unit.objects.filter(name="Sở Tư pháp").update(name="Sở Tư pháp (đổi tên)")  # no signal, no bump
        assert "Sở Tư pháp (đổi tên)" in _fields(client)
