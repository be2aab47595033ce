"""The Nghệ An 2023 loader: the facts of the source article, demo data only with --demo, idempotent."""

from datetime import date
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError

from members import seed
from members.models import Assignment, Committee, Decision, Membership, Person, ReformArea, Sector, Unit
from members.selectors import provincial_committee, roster

pytestmark = pytest.mark.django_db
MODELS = [ReformArea, Unit, Sector, Decision, Committee, Person, Membership, Assignment]


def snapshot():
    counts = {m.__name__: m.objects.count() for m in MODELS}
    counts.update({f"history:{m.__name__}": m.history.count() for m in MODELS})
    counts["users"] = get_user_model().objects.count()
    counts["groups"] = Group.objects.count()
    return counts


def load(demo):
    call_command("load_nghean_2023", demo=demo, stdout=StringIO())


def test_real_data_only_without_demo(reference_data):
    load(demo=False)
    assert get_user_model().objects.count() == 0
    for model in (Unit, Decision, Committee, Person, Membership, Assignment):
        assert not model.objects.filter(is_demo=True).exists(), model
    committee = provincial_committee()
    assert committee.declared_size == 25
    assert committee.established_by.number == "1830-QĐ/TU"
    assert committee.established_by.date == date(2023, 3, 6)
    assert committee.established_by.issuer == "Ban Thường vụ Tỉnh ủy"
    seats = {m.person.full_name: m for m in roster(committee, date(2023, 4, 11))}
    assert set(seats) == {
        "Thái Thanh Quý",
        "Nguyễn Văn Thông",
        "Nguyễn Đức Trung",
        "Hoàng Nghĩa Hiếu",
        "Phạm Thế Tùng",
        "Bùi Thanh An",
    }
    assert seats["Thái Thanh Quý"].role == Membership.Role.HEAD
    assert seats["Nguyễn Đức Trung"].role == Membership.Role.STANDING_DEPUTY
    assert seats["Nguyễn Văn Thông"].role == Membership.Role.DEPUTY
    assert seats["Phạm Thế Tùng"].position == "Giám đốc Công an tỉnh"
    assert Person.objects.get(full_name="Phạm Thế Tùng").title.startswith("Thiếu tướng")


def test_units_of_2023(reference_data):
    load(demo=False)
    province = Unit.objects.get(code="40")
    districts = Unit.objects.filter(kind=Unit.Kind.DISTRICT, parent=province)
    assert districts.count() == 21
    assert Unit.objects.get(code="412").name == "Thành phố Vinh"
    assert Unit.objects.get(code="413").valid_to == date(2024, 11, 30)
    assert set(districts.exclude(code="413").values_list("valid_to", flat=True)) == {date(2025, 6, 30)}
    assert Unit.objects.filter(kind=Unit.Kind.DEPARTMENT).valid_on(date(2023, 6, 1)).count() == 21
    assert Unit.objects.filter(kind=Unit.Kind.CENTRAL_BRANCH).count() == 5
    assert Unit.objects.get(code="VCCI-NA").kind == Unit.Kind.PARTNER
    assert Unit.objects.get(code="MTTQ").kind == Unit.Kind.FRONT
    assert Unit.objects.get(code="SNV").sector.code == "noi-vu"
    assert Unit.objects.get(code="CTHUE").sector.code == "thue"
    for name in ("Ban Tổ chức Tỉnh ủy", "Ban Tuyên giáo Tỉnh ủy", "Ban Nội chính Tỉnh ủy", "Ban Dân vận Tỉnh ủy"):
        assert Unit.objects.filter(name=name, kind=Unit.Kind.PARTY_BODY).exists()
    # Districts valid in 2023, none left after the district level was abolished.
    assert Unit.objects.filter(kind=Unit.Kind.DISTRICT).valid_on(date(2023, 6, 1)).count() == 21
    assert Unit.objects.filter(kind=Unit.Kind.DISTRICT).valid_on(date(2025, 1, 1)).count() == 20
    assert not Unit.objects.filter(kind=Unit.Kind.DISTRICT).valid_on(date(2025, 7, 1)).exists()


def test_loading_twice_changes_nothing(reference_data):
    load(demo=True)
    first = snapshot()
    load(demo=True)
    assert snapshot() == first
    load(demo=False)
    assert snapshot() == first


def test_demo_fills_the_committee_and_creates_one_account_per_role(reference_data):
    load(demo=True)
    committee = provincial_committee()
    members = roster(committee, date(2023, 4, 11))
    assert len([m for m in members if m.role not in Membership.SUPPORT_ROLES]) == 25
    support = [m for m in members if m.role in Membership.SUPPORT_ROLES]
    assert [m.role for m in support].count(Membership.Role.SUPPORT_LEADER) == 1
    assert [m.role for m in support].count(Membership.Role.SUPPORT_DEPUTY) == 3
    assert all(m.is_demo for m in members if m.person.full_name not in {n[0] for n in seed.NAMED})
    assert not Membership.objects.filter(person__full_name="Thái Thanh Quý", is_demo=True).exists()

    User = get_user_model()
    expected = {
        "thuky": "secretariat",
        "thanhvien": "member",
        "daumoi": "focal_point",
        "tongdai": "hotline_operator",
        "lanhdao": "leadership",
        "quantri": "administrator",
    }
    for username, group in expected.items():
        user = User.objects.get(username=username)
        assert user.check_password("nghean2023")
        assert list(user.groups.values_list("name", flat=True)) == [group]
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.check_password("nghean2023")

    thuky = User.objects.get(username="thuky").person
    assert thuky.unit.code == "SNV"
    assert thuky.memberships.get().role in Membership.SUPPORT_ROLES
    seat = User.objects.get(username="thanhvien").person.memberships.get(committee=committee)
    assert seat.is_demo and seat.role == Membership.Role.MEMBER and seat.assignments.exists()
    assert User.objects.get(username="daumoi").person.unit.code == "SNV"
    assert User.objects.get(username="tongdai").person.unit.code == "VPUBND"

    district = Committee.objects.get(kind=Committee.Kind.DISTRICT)
    group = Committee.objects.get(kind=Committee.Kind.WORKING_GROUP)
    assert district.parent == committee and district.is_demo and district.unit.code == "412"
    assert group.parent == committee and group.unit.code == "SNV" and group.memberships.exists()


def test_reloading_after_a_replacement_does_not_reopen_the_old_seat(reference_data):
    from members import changes

    load(demo=True)
    old = Membership.objects.get(person__full_name="Bùi Thanh An")
    decision = changes.record_decision(number="99-QĐ/TU", date=date(2024, 1, 2), issuer="Ban Thường vụ Tỉnh ủy")
    changes.replace_member(
        membership=old,
        successor=changes.NewPerson(full_name="Người Kế Nhiệm"),
        start=date(2024, 1, 2),
        decision=decision,
    )
    before = snapshot()
    load(demo=True)
    assert snapshot() == before
    old.refresh_from_db()
    assert old.end == date(2024, 1, 1)


def test_demo_is_refused_in_production_settings(reference_data, settings):
    settings.DEBUG = False
    settings.DEMO_MODE = False
    settings.SETTINGS_MODULE = "steering.settings"
    with pytest.raises(CommandError):
        call_command("load_nghean_2023", demo=True, stdout=StringIO())
    assert not get_user_model().objects.exists()
