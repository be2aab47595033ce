"""Rules of member changes (members/changes.py): decisions, single seats, dates, atomic replacement."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from members import changes
from members.models import Assignment, Decision, Membership, Person
from members.selectors import roster
from tests import factories as f

pytestmark = pytest.mark.django_db


def messages_of(exc: pytest.ExceptionInfo) -> str:
    return " ".join(exc.value.messages)


def test_appointment_without_a_decision_is_refused(committee, successor):
    with pytest.raises(ValidationError) as exc:
        changes.appoint_member(
            committee=committee, person=successor, role=Membership.Role.MEMBER, start=date(2023, 6, 1), decision=None
        )
    assert "quyết định" in messages_of(exc)
    assert not Membership.objects.filter(person=successor).exists()


def test_unsaved_decision_is_refused(committee, successor):
    with pytest.raises(ValidationError):
        changes.appoint_member(
            committee=committee,
            person=successor,
            role=Membership.Role.MEMBER,
            start=date(2023, 6, 1),
            decision=Decision(number="1-QĐ/TU", date=date(2023, 6, 1), issuer="X"),
        )


def test_ending_without_a_decision_is_refused(director):
    with pytest.raises(ValidationError):
        changes.end_membership(membership=director, end=date(2024, 1, 1), decision=None)
    director.refresh_from_db()
    assert director.end is None


def test_two_heads_at_the_same_time_are_refused(head, committee, successor, new_decision):
    with pytest.raises(ValidationError) as exc:
        changes.appoint_member(
            committee=committee,
            person=successor,
            role=Membership.Role.HEAD,
            start=date(2024, 6, 1),
            decision=new_decision,
        )
    assert "Trưởng Ban" in messages_of(exc)
    assert Membership.objects.filter(committee=committee, role=Membership.Role.HEAD).count() == 1


def test_two_standing_deputies_at_the_same_time_are_refused(committee, successor, department, new_decision):
    f.MembershipFactory(committee=committee, role=Membership.Role.STANDING_DEPUTY)
    with pytest.raises(ValidationError):
        changes.appoint_member(
            committee=committee,
            person=successor,
            role=Membership.Role.STANDING_DEPUTY,
            start=date(2024, 6, 1),
            decision=new_decision,
        )


def test_several_deputies_are_allowed(committee, successor, new_decision):
    f.MembershipFactory(committee=committee, role=Membership.Role.DEPUTY)
    m = changes.appoint_member(
        committee=committee,
        person=successor,
        role=Membership.Role.DEPUTY,
        start=date(2024, 6, 1),
        decision=new_decision,
    )
    assert m.pk


def test_a_new_head_may_start_after_the_previous_head_ended(head, committee, successor, new_decision):
    changes.end_membership(membership=head, end=date(2024, 5, 31), decision=new_decision)
    m = changes.appoint_member(
        committee=committee, person=successor, role=Membership.Role.HEAD, start=date(2024, 6, 1), decision=new_decision
    )
    assert m.role == Membership.Role.HEAD


def test_appointment_may_not_start_before_its_decision(committee, successor, new_decision):
    with pytest.raises(ValidationError) as exc:
        changes.appoint_member(
            committee=committee,
            person=successor,
            role=Membership.Role.MEMBER,
            start=date(2024, 5, 14),
            decision=new_decision,
        )
    assert "start" in exc.value.message_dict


def test_membership_may_not_end_before_it_starts(director, new_decision):
    early = f.DecisionFactory(number="5-QĐ/TU", date=date(2023, 1, 1))
    with pytest.raises(ValidationError) as exc:
        changes.end_membership(membership=director, end=date(2023, 3, 1), decision=early)
    assert "end" in exc.value.message_dict
    director.refresh_from_db()
    assert director.end is None and director.ended_by is None


def test_membership_may_end_the_day_before_the_decision_but_not_earlier(director, new_decision):
    with pytest.raises(ValidationError):
        changes.end_membership(membership=director, end=date(2024, 5, 13), decision=new_decision)
    m = changes.end_membership(membership=director, end=date(2024, 5, 14), decision=new_decision)
    assert m.end == date(2024, 5, 14)


def test_a_person_cannot_overlap_themselves_on_a_committee(director, new_decision):
    with pytest.raises(ValidationError) as exc:
        changes.appoint_member(
            committee=director.committee,
            person=director.person,
            role=Membership.Role.DEPUTY,
            start=date(2024, 6, 1),
            decision=new_decision,
        )
    assert "đã là thành viên" in messages_of(exc)


def test_ending_a_membership_ends_its_open_assignments(director_assignment, new_decision):
    m = changes.end_membership(membership=director_assignment.membership, end=date(2024, 5, 31), decision=new_decision)
    director_assignment.refresh_from_db()
    assert m.ended_by == new_decision
    assert director_assignment.end == date(2024, 5, 31)


def test_an_ended_membership_cannot_be_ended_again(director, new_decision):
    changes.end_membership(membership=director, end=date(2024, 5, 31), decision=new_decision)
    with pytest.raises(ValidationError):
        changes.end_membership(membership=director, end=date(2024, 6, 30), decision=new_decision)


def test_replace_ends_the_old_seat_the_day_before_and_links_the_successor(director, successor, new_decision):
    new = changes.replace_member(
        membership=director, successor=successor, start=date(2024, 6, 1), decision=new_decision
    )
    director.refresh_from_db()
    assert director.end == date(2024, 5, 31)
    assert director.ended_by == new_decision
    assert new.predecessor == director
    assert new.role == director.role
    assert new.position == "Giám đốc Sở Nội vụ"
    assert new.unit == director.unit
    assert new.appointed_by == new_decision
    assert new.start == date(2024, 6, 1)


def test_replace_passes_open_assignments_to_the_successor(director_assignment, successor, new_decision):
    old = director_assignment.membership
    new = changes.replace_member(membership=old, successor=successor, start=date(2024, 6, 1), decision=new_decision)
    director_assignment.refresh_from_db()
    assert director_assignment.end == date(2024, 5, 31)
    moved = new.assignments.get()
    assert moved.transferred_from == director_assignment
    assert moved.start == date(2024, 6, 1) and moved.end is None
    assert set(moved.areas.values_list("code", flat=True)) == {"to-chuc-bo-may", "cong-vu"}
    assert set(moved.units.all()) == set(director_assignment.units.all())
    assert set(moved.sectors.all()) == set(director_assignment.sectors.all())


def test_replace_does_not_pass_assignments_that_already_ended(director_assignment, successor, new_decision):
    director_assignment.end = date(2023, 12, 31)
    director_assignment.save()
    new = changes.replace_member(
        membership=director_assignment.membership, successor=successor, start=date(2024, 6, 1), decision=new_decision
    )
    assert not new.assignments.exists()


def test_replace_is_all_or_nothing_when_it_fails_halfway(director_assignment, new_decision, monkeypatch):
    """The old seat ended, the new one and the copies were written, then the last step fails: nothing stays."""
    before = {
        "memberships": Membership.objects.count(),
        "assignments": Assignment.objects.count(),
        "decisions": Decision.objects.count(),
        "people": Person.objects.count(),
        "history": Membership.history.count() + Assignment.history.count(),
    }

    def fail(**kwargs):
        raise RuntimeError("ổ đĩa đầy")

    monkeypatch.setattr(changes, "_end_assignments", fail)
    with pytest.raises(RuntimeError):
        changes.replace_member(
            membership=director_assignment.membership,
            successor=changes.NewPerson(full_name="Người Mới Hoàn Toàn", title="Giám đốc"),
            start=date(2024, 6, 1),
            decision=changes.NewDecision(number="2222-QĐ/TU", date=date(2024, 5, 20), issuer="Ban Thường vụ Tỉnh ủy"),
        )
    after = {
        "memberships": Membership.objects.count(),
        "assignments": Assignment.objects.count(),
        "decisions": Decision.objects.count(),
        "people": Person.objects.count(),
        "history": Membership.history.count() + Assignment.history.count(),
    }
    assert after == before
    director_assignment.refresh_from_db()
    director_assignment.membership.refresh_from_db()
    assert director_assignment.end is None
    assert director_assignment.membership.end is None


def test_replace_refuses_the_same_person(director, new_decision):
    with pytest.raises(ValidationError):
        changes.replace_member(
            membership=director, successor=director.person, start=date(2024, 6, 1), decision=new_decision
        )
    director.refresh_from_db()
    assert director.end is None


def test_replace_refuses_a_start_before_the_decision(director, successor, new_decision):
    with pytest.raises(ValidationError) as exc:
        changes.replace_member(membership=director, successor=successor, start=date(2024, 5, 1), decision=new_decision)
    assert "start" in exc.value.message_dict


def test_replace_refuses_a_seat_already_replaced(director, successor, new_decision):
    changes.replace_member(membership=director, successor=successor, start=date(2024, 6, 1), decision=new_decision)
    other = f.PersonFactory(full_name="Người Thứ Ba")
    with pytest.raises(ValidationError):
        changes.replace_member(membership=director, successor=other, start=date(2024, 7, 1), decision=new_decision)


def test_roster_as_of_a_date_is_right_across_a_replacement(director_assignment, successor, new_decision, head):
    old = director_assignment.membership
    committee = old.committee
    new = changes.replace_member(membership=old, successor=successor, start=date(2024, 6, 1), decision=new_decision)

    before = roster(committee, date(2024, 5, 31))
    assert old in before and new not in before
    assert [a.pk for a in next(m for m in before if m == old).assignments.all()] == [director_assignment.pk]

    after = roster(committee, date(2024, 6, 1))
    assert new in after and old not in after
    assert [a.transferred_from_id for a in next(m for m in after if m == new).assignments.all()] == [
        director_assignment.pk
    ]

    assert roster(committee, date(2023, 3, 5)) == []
    assert head in roster(committee, date(2023, 3, 6))


def test_inline_decision_is_recorded_with_the_change(committee, successor):
    m = changes.appoint_member(
        committee=committee,
        person=successor,
        role=Membership.Role.MEMBER,
        start=date(2024, 6, 1),
        decision=changes.NewDecision(number=" 2300 - QĐ/TU ", date=date(2024, 6, 1), issuer="Ban Thường vụ Tỉnh ủy"),
    )
    assert m.appointed_by.number == "2300-QĐ/TU"


def test_recording_a_known_decision_with_another_date_is_refused(founding_decision):
    with pytest.raises(ValidationError) as exc:
        changes.record_decision(number="1830-QĐ/TU", date=date(2023, 3, 7), issuer="Ban Thường vụ Tỉnh ủy")
    assert "decision_date" in exc.value.message_dict
    assert (
        changes.record_decision(number="1830-qđ/tu", date=date(2023, 3, 6), issuer="Ban Thường vụ Tỉnh ủy")
        == founding_decision
    )


def test_malformed_decision_number_is_refused(db):
    with pytest.raises(ValidationError) as exc:
        changes.record_decision(number="quyết định thành lập", date=date(2023, 3, 6), issuer="Tỉnh ủy")
    assert "decision_number" in exc.value.message_dict
    assert not Decision.objects.exists()


def test_the_user_making_a_change_is_in_the_audit_history(director, successor, new_decision, secretariat_user):
    new = changes.replace_member(
        membership=director, successor=successor, start=date(2024, 6, 1), decision=new_decision, by=secretariat_user
    )
    assert new.history.latest().history_user == secretariat_user
    assert director.history.latest().history_user == secretariat_user


def test_assignment_needs_an_area_a_unit_or_a_sector(director):
    with pytest.raises(ValidationError):
        changes.assign(membership=director, start=date(2023, 4, 11))
    assert not Assignment.objects.exists()


def test_assignment_cannot_start_before_the_membership(director, department):
    with pytest.raises(ValidationError) as exc:
        changes.assign(membership=director, units=[department], start=date(2023, 1, 1))
    assert "start" in exc.value.message_dict


def test_update_assignment_changes_its_scope_and_keeps_history(director_assignment, department):
    changes.update_assignment(
        assignment=director_assignment,
        areas=[],
        units=[department],
        sectors=[],
        start=director_assignment.start,
        note="Chỉ theo dõi Sở Nội vụ",
    )
    director_assignment.refresh_from_db()
    assert list(director_assignment.units.all()) == [department]
    assert not director_assignment.areas.exists()
    assert director_assignment.history.count() >= 2
