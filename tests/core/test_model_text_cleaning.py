"""One-line text is clean whatever road it takes into the database (core/text.py install_model_cleaning):
a right-to-left override (U+202E) and CRLF never reach a stored title or issuer."""

from datetime import date

import pytest

from members.decisions import NewDecision
from members.models import Decision, Unit
from tasks.models import Task
from tests import factories as f
from tests.tasks import builders

pytestmark = pytest.mark.django_db

HOSTILE = "Ban Thường vụ\r\nTỉnh ủy \u202egnàhT\u200b"
CLEAN = "Ban Thường vụ Tỉnh ủy gnàhT"


def test_a_model_saved_directly_has_its_one_line_text_cleaned():
    decision = Decision.objects.create(number="12-QĐ/TU", date=date(2023, 3, 6), issuer=HOSTILE)
    decision.refresh_from_db()
    assert decision.issuer == CLEAN


def test_a_factory_and_a_service_value_are_cleaned(committee, department):
    unit = f.UnitFactory(name="Sở\tTư pháp\u202e")
    assert Unit.objects.get(pk=unit.pk).name == "Sở Tư pháp"
    plan = builders.plan(committee, year=2023, title="Kế hoạch\r\n2023\u202e")
    task = builders.task(plan, department, title="Rà soát\u2028thủ tục\u202e")
    assert (Task.objects.get(pk=task.pk).title, type(plan).objects.get(pk=plan.pk).title) == (
        "Rà soát thủ tục",
        "Kế hoạch 2023",
    )


def test_an_inline_decision_is_recorded_clean(committee):
    from members.decisions import cite

    decision = cite(NewDecision(number="2100-QĐ/TU", date=date(2024, 5, 15), issuer=HOSTILE), by=None)
    assert Decision.objects.get(pk=decision.pk).issuer == CLEAN


def test_passwords_and_text_without_odd_characters_are_kept_as_they_are():
    user = f.UserFactory(username="thuky-sach")
    stored = type(user).objects.get(pk=user.pk)
    assert stored.password == user.password
    d = Decision.objects.create(number="13-QĐ/TU", date=date(2023, 3, 6), issuer="Ban  Thường vụ")
    assert Decision.objects.get(pk=d.pk).issuer == "Ban  Thường vụ"


def test_a_field_that_keeps_lines_is_cleaned_as_multi_line_text(committee):
    from documents.models import Letterhead

    head = Letterhead.objects.filter(committee=committee).first() or Letterhead(committee=committee)
    head.issuing_body = "BAN CHỈ ĐẠO\r\nCẢI CÁCH HÀNH CHÍNH TỈNH\u202e"
    head.save()
    assert Letterhead.objects.get(pk=head.pk).issuing_body == "BAN CHỈ ĐẠO\nCẢI CÁCH HÀNH CHÍNH TỈNH"
