import threading
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from documents.models import IssuedDocument
from documents.register import issue, next_number, register_typed
from members.decisions import find_decision
from members.models import Decision

Kind = IssuedDocument.Kind
pytestmark = pytest.mark.django_db


def _issue(committee, day, kind=Kind.REPORT, title="Báo cáo kết quả", user=None, **kw):
    return issue(
        committee=committee,
        kind=kind,
        issued_on=day,
        title=title,
        signer_name="Thái Thanh Quý",
        signer_position="TRƯỞNG BAN",
        by=user,
        **kw,
    )


def test_numbers_run_in_one_series_across_kinds_and_start_again_at_01_on_1_january(committee):
    first = _issue(committee, date(2023, 12, 20))
    second = _issue(committee, date(2023, 12, 31), kind=Kind.NOTICE)
    new_year = _issue(committee, date(2024, 1, 1))
    assert [d.number for d in (first, second, new_year)] == ["01-BC/BCĐ", "02-TB/BCĐ", "01-BC/BCĐ"]
    assert [(d.year, d.sequence) for d in (first, second, new_year)] == [(2023, 1), (2023, 2), (2024, 1)]
    assert next_number(committee, Kind.LETTER, 2023) == "03-CV/BCĐ"
    assert next_number(committee, Kind.REPORT, 2024) == "02-BC/BCĐ"
    assert next_number(committee, Kind.REPORT, 2025) == "01-BC/BCĐ"


def test_the_same_number_in_two_years_is_two_documents_of_the_register(committee):
    a = _issue(committee, date(2023, 5, 4))
    b = _issue(committee, date(2024, 5, 4))
    assert a.number == b.number == "01-BC/BCĐ"
    # Two rows of members.Decision too: the same number, another date (and the year's issuer series).
    assert a.decision_id != b.decision_id


def test_state_numbers_and_official_letters(working_group):
    report = _issue(working_group, date(2023, 6, 1))
    letter = _issue(working_group, date(2023, 6, 2), kind=Kind.LETTER, title="Đôn đốc báo cáo")
    assert (report.number, letter.number) == ("01/BC-TCT", "02/TCT")


def test_an_issued_document_is_a_decision_the_app_can_cite(committee, secretariat_user):
    doc = _issue(committee, date(2023, 7, 10), kind=Kind.NOTICE, title="Kết luận phiên họp", user=secretariat_user)
    decision = doc.decision
    assert (decision.number, decision.date, decision.kind) == ("01-TB/BCĐ", date(2023, 7, 10), Decision.Kind.NOTICE)
    assert decision.issuer == committee.name and decision.subject == "Kết luận phiên họp"
    assert find_decision(number="01-tb/bcđ", date=date(2023, 7, 10)) == decision
    assert doc.created_by == secretariat_user


def test_the_file_is_stored_under_a_random_name_and_downloaded_under_its_own(committee):
    doc = _issue(committee, date(2023, 7, 10), content=b"PK\x03\x04 docx", filename="Báo cáo tháng 7.docx")
    assert doc.file_name == "Báo cáo tháng 7.docx"
    assert doc.file.name.startswith("documents/") and doc.file.name.endswith(".docx")
    assert "Báo" not in doc.file.name
    with doc.file.open("rb") as fh:
        assert fh.read() == b"PK\x03\x04 docx"


@pytest.mark.parametrize(
    ("day", "title", "signer", "field"),
    [
        (None, "Báo cáo", "A", "issued_on"),
        (date(1999, 12, 31), "Báo cáo", "A", "issued_on"),
        (date(2023, 3, 5), "Báo cáo", "A", "issued_on"),  # before the committee was set up (06/03/2023)
        ("tomorrow", "Báo cáo", "A", "issued_on"),
        (date(2023, 7, 1), "   ", "A", "title"),
        (date(2023, 7, 1), "Báo cáo", "", "signer_name"),
    ],
)
def test_bad_input_is_refused_in_vietnamese_and_takes_no_number(committee, day, title, signer, field):
    if day == "tomorrow":
        day = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as caught:
        issue(
            committee=committee,
            kind=Kind.REPORT,
            issued_on=day,
            title=title,
            signer_name=signer,
            signer_position="",
            by=None,
        )
    assert field in caught.value.message_dict
    assert IssuedDocument.objects.count() == 0 and not Decision.objects.filter(number__endswith="/BCĐ").exists()


def test_a_number_follows_the_order_of_issue(committee):
    _issue(committee, date(2023, 8, 10))
    with pytest.raises(ValidationError) as caught:
        _issue(committee, date(2023, 8, 9))
    assert "01-BC/BCĐ" in caught.value.message_dict["issued_on"][0]
    assert _issue(committee, date(2023, 8, 10)).number == "02-BC/BCĐ"  # the same day is fine


def test_a_document_issued_outside_the_app_takes_its_place_in_the_series(committee):
    typed = register_typed(
        committee=committee,
        kind=Kind.PLAN,
        number=" số 07 - kh/bcđ ",
        issued_on=date(2023, 3, 20),
        title="Kế hoạch cải cách hành chính năm 2023",
        signer_name="Thái Thanh Quý",
        signer_position="TRƯỞNG BAN",
        by=None,
    )
    assert (typed.number, typed.sequence, typed.typed) == ("07-KH/BCĐ", 7, True)
    assert _issue(committee, date(2023, 4, 1)).number == "08-BC/BCĐ"
    with pytest.raises(ValidationError) as caught:
        register_typed(
            committee=committee,
            kind=Kind.REPORT,
            number="07-BC/BCĐ",
            issued_on=date(2023, 5, 1),
            title="Báo cáo",
            signer_name="A",
            signer_position="",
            by=None,
        )
    assert "07-KH/BCĐ" in caught.value.message_dict["number"][0]
    with pytest.raises(ValidationError) as caught:
        register_typed(
            committee=committee,
            kind=Kind.REPORT,
            number="BC/BCĐ",
            issued_on=date(2023, 5, 1),
            title="Báo cáo",
            signer_name="A",
            signer_position="",
            by=None,
        )
    assert "number" in caught.value.message_dict
    assert IssuedDocument.objects.count() == 2


def _typed(committee, number, day, kind=Kind.DECISION):
    return register_typed(
        committee=committee,
        kind=kind,
        number=number,
        issued_on=day,
        title="Văn bản ghi tay",
        signer_name="Thái Thanh Quý",
        signer_position="TRƯỞNG BAN",
        by=None,
    )


def test_a_typed_entry_is_checked_as_an_issue_is(committee):
    _issue(committee, date(2025, 10, 5), kind=Kind.DECISION)  # 01-QĐ/BCĐ
    _issue(committee, date(2025, 10, 20), kind=Kind.DECISION)  # 02-QĐ/BCĐ
    # Order of issue: a later number cannot bear a date before the number below it.
    with pytest.raises(ValidationError) as caught:
        _typed(committee, "04-QĐ/BCĐ", date(2025, 2, 1))
    assert "02-QĐ/BCĐ" in caught.value.message_dict["issued_on"][0]
    # Another body's symbol, or the other layout's form, is not the committee's number.
    for other in ("08-CV/UBND", "08/QĐ-BCĐ", "08-QĐ/TU"):
        with pytest.raises(ValidationError) as caught:
            _typed(committee, other, date(2025, 10, 25))
        assert "08-QĐ/BCĐ" in caught.value.message_dict["number"][0], other
    assert next_number(committee, Kind.DECISION, 2025) == "03-QĐ/BCĐ"  # nothing refused moved the series
    # A number between two given ones lies between their dates too.
    _issue(committee, date(2025, 10, 28), kind=Kind.DECISION)  # 03-QĐ/BCĐ
    _typed(committee, "05-QĐ/BCĐ", date(2025, 11, 10))
    with pytest.raises(ValidationError) as caught:
        _typed(committee, "04-QĐ/BCĐ", date(2025, 11, 12))
    assert "05-QĐ/BCĐ" in caught.value.message_dict["issued_on"][0]
    assert _typed(committee, "04-QĐ/BCĐ", date(2025, 11, 1)).sequence == 4
    assert _typed(committee, "01-CV/BCĐ", date(2026, 1, 4), kind=Kind.LETTER).year == 2026  # the date's year


def test_numbers_are_never_deleted_so_never_given_again(committee):
    doc = _issue(committee, date(2023, 8, 10))
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        doc.decision.delete()
    assert _issue(committee, date(2023, 8, 11)).sequence == 2


postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="two concurrent clerks need PostgreSQL (CI runs it)"
)


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_clerks_issuing_at_once_get_two_numbers(committee):
    barrier = threading.Barrier(2)
    got, errors = [], []

    def clerk(title):
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            got.append(_issue(committee, date(2023, 9, 1), title=title).number)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            thread_connection.close()

    for _round in range(3):
        threads = [threading.Thread(target=clerk, args=(f"Báo cáo {_round}-{i}",)) for i in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert errors == []
    assert sorted(got) == [f"{n:02d}-BC/BCĐ" for n in range(1, 7)]
    assert IssuedDocument.objects.filter(committee=committee).count() == 6
