"""What a reader sees on the report's pages: paragraphs and lists (never Python values), the issue page, the
print view laid out as the document."""

from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from periodic_reports import drafting
from periodic_reports.views import Block, blocks

from .report_world import build

pytestmark = pytest.mark.django_db
NOW = timezone.make_aware(datetime(2023, 9, 20, 9))


@pytest.fixture
def report(committee, department, other_department, secretariat_user):
    build(committee=committee, snv=department, sxd=other_department, user=secretariat_user)
    return drafting.create_report(committee=committee, kind="quarter", year=2023, index=3, by=secretariat_user, now=NOW)


def test_blocks_are_paragraphs_and_lists():
    assert blocks("Một.\n- a\n- b\n\nHai.") == [Block(text="Một."), Block(lines=("a", "b")), Block(text="Hai.")]


@pytest.mark.parametrize("name", ["periodic_reports:detail", "periodic_reports:print"])
def test_report_pages_show_text_not_python_values(clients, report, name):
    page = clients["secretariat"].get(reverse(name, args=[report.pk])).content.decode()
    assert "Trong kỳ" in page
    assert "(&#x27;" not in page and "('" not in page and "dict_items" not in page
