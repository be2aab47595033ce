"""A cited document is recorded one way (members/decisions.py): the same number and date typed
differently is one row, whichever writer records it (member changes, the admin)."""

import unicodedata
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from members import changes, decisions
from members.models import Decision, Membership
from tests import factories as f
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

BTV = "Ban Thường vụ Tỉnh ủy"
MARCH_6 = date(2023, 3, 6)


@pytest.mark.parametrize(
    "typed",
    [
        "1830-QĐ/TU",
        " 1830 - QĐ/TU ",
        "1830-qđ/tu",
        "Số 1830-QĐ/TU",
        "số: 1830 -QĐ / TU",
        unicodedata.normalize("NFD", "1830-QĐ/TU"),
    ],
)
def test_the_same_number_and_date_typed_differently_is_the_recorded_document(founding_decision, typed):
    assert decisions.record_decision(number=typed, date=MARCH_6, issuer=BTV) == founding_decision
    assert Decision.objects.count() == 1


def test_the_issuer_typed_differently_does_not_make_a_second_document(founding_decision):
    for issuer in ("  Ban  Thường vụ   Tỉnh ủy ", "BTV Tỉnh ủy", "ban thường vụ tỉnh ủy"):
        assert decisions.record_decision(number="1830-QĐ/TU", date=MARCH_6, issuer=issuer) == founding_decision
    assert Decision.objects.count() == 1


def test_a_new_document_is_kept_in_the_registers_form(db):
    d = decisions.record_decision(number=" số 55 - kh/bcđ ", date=date(2023, 4, 20), issuer=" Ban Chỉ đạo  CCHC tỉnh ")
    assert (d.number, d.issuer, d.kind) == ("55-KH/BCĐ", "Ban Chỉ đạo CCHC tỉnh", Decision.Kind.PLAN)
    assert decisions.kind_of("08-TB/BCĐ") == Decision.Kind.NOTICE
    assert decisions.kind_of("3323/QĐ-UBND") == Decision.Kind.DECISION
    assert decisions.kind_of("123/UBND-KT") == Decision.Kind.DECISION  # a letter's symbol names no kind


def test_the_same_number_from_the_same_issuer_on_another_date_is_refused(founding_decision):
    with pytest.raises(ValidationError) as exc:
        decisions.record_decision(number="1830-qđ/tu", date=date(2023, 3, 7), issuer=BTV)
    assert "đã được ghi với ngày 06/03/2023" in exc.value.message_dict["decision_date"][0]
    assert Decision.objects.count() == 1


def test_the_same_number_from_the_same_issuer_in_another_year_is_another_document(founding_decision):
    # Numbers restart at 01 each 1 January (Decree 30/2020/NĐ-CP, appendix III).
    other = decisions.record_decision(number="1830-QĐ/TU", date=date(2024, 3, 6), issuer=BTV)
    assert other != founding_decision and other.number == founding_decision.number
    assert decisions.find_decision(number="1830-QĐ/TU", date=date(2024, 3, 6), issuer=BTV) == other


def test_the_same_number_from_another_issuer_on_another_date_is_another_document(founding_decision):
    other = decisions.record_decision(number="1830-QĐ/TU", date=date(2024, 1, 5), issuer="Ban Thường vụ Huyện ủy")
    assert other != founding_decision
    assert Decision.objects.count() == 2


def test_missing_parts_are_named(db):
    with pytest.raises(ValidationError) as exc:
        decisions.record_decision(number="", date=None, issuer="")
    assert set(exc.value.message_dict) == {"decision_number", "decision_date", "decision_issuer"}
    assert not Decision.objects.exists()


def test_member_changes_cite_the_recorded_document_however_it_is_typed(committee, founding_decision):
    person = f.PersonFactory(full_name="Trần Văn Mới")
    typed = changes.NewDecision(number="1830 - qđ/tu", date=MARCH_6, issuer="Ban Thường vụ  Tỉnh ủy")
    m = changes.appoint_member(
        committee=committee, person=person, role=Membership.Role.MEMBER, start=MARCH_6, decision=typed
    )
    assert m.appointed_by == founding_decision
    assert Decision.objects.count() == 1


@pytest.fixture
def admin_client_(reference_data):
    return client_for(f.UserFactory(username="quantri", is_staff=True, is_superuser=True))


def _admin_data(**overrides) -> dict:
    data = {"number": "1830 - qđ/tu", "date": "06/03/2023", "issuer": BTV, "kind": "decision", "subject": ""}
    data.update(overrides)
    return data


def test_the_admin_refuses_a_second_row_for_a_recorded_document(admin_client_, founding_decision):
    response = admin_client_.post(reverse("admin:members_decision_add"), _admin_data())
    assert response.status_code == 200
    assert "đã có trong danh mục" in response.content.decode()
    assert Decision.objects.count() == 1


def test_the_admin_records_a_new_document_in_the_registers_form(admin_client_, founding_decision):
    response = admin_client_.post(
        reverse("admin:members_decision_add"), _admin_data(number=" 2100 - qđ/tu ", date="15/05/2024")
    )
    assert response.status_code == 302
    assert Decision.objects.get(date=date(2024, 5, 15)).number == "2100-QĐ/TU"
    # Correcting a recorded document's date is refused when its number and issuer are another document's.
    other = Decision.objects.get(number="2100-QĐ/TU")
    response = admin_client_.post(
        reverse("admin:members_decision_change", args=[other.pk]), _admin_data(number="1830-QĐ/TU", date="07/03/2023")
    )
    assert response.status_code == 200
    assert "đã được ghi với ngày 06/03/2023" in response.content.decode()


def _recorded_meanwhile(monkeypatch, **other):
    """The other writer records `other` between this writer's checks and its save."""
    real_check = decisions.check_decision

    def check_then_the_other_writer_saves(**kwargs):
        real_check(**kwargs)
        monkeypatch.setattr(decisions, "check_decision", real_check)
        return Decision.objects.create(**other)

    monkeypatch.setattr(decisions, "check_decision", check_then_the_other_writer_saves)


def test_the_same_document_recorded_by_two_writers_at_once_is_one_row(db, monkeypatch):
    _recorded_meanwhile(monkeypatch, number="55-KH/BCĐ", date=date(2023, 4, 20), issuer="Ban Chỉ đạo CCHC tỉnh")
    recorded = decisions.record_decision(number="55-KH/BCĐ", date=date(2023, 4, 20), issuer="Ban Chỉ đạo CCHC tỉnh")
    assert recorded == Decision.objects.get()


def test_the_same_number_recorded_meanwhile_with_another_date_is_refused_naming_it(db, monkeypatch):
    _recorded_meanwhile(monkeypatch, number="55-KH/BCĐ", date=date(2023, 4, 21), issuer="Ban Chỉ đạo CCHC tỉnh")
    with pytest.raises(ValidationError) as refused:
        decisions.record_decision(number="55-KH/BCĐ", date=date(2023, 4, 20), issuer="Ban Chỉ đạo CCHC tỉnh")
    assert "21/04/2023" in refused.value.message_dict["decision_date"][0]
    assert Decision.objects.count() == 1
