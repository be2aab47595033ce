"""Factories for the test data of every app."""

from datetime import date

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from members.models import Assignment, Committee, Decision, Membership, Person, ReformArea, Sector, Unit

User = get_user_model()
PASSWORD = "mat-khau-thu-nghiem-2023"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            for name in extracted:
                self.groups.add(Group.objects.get(name=name))


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sector
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"nganh-{n}")
    name = factory.Sequence(lambda n: f"Ngành {n}")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    code = factory.Sequence(lambda n: f"U{n:04d}")
    name = factory.Sequence(lambda n: f"Sở thử nghiệm {n}")
    kind = Unit.Kind.DEPARTMENT


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    # Far from the numbers tests write themselves (1830-QĐ/TU, 2100-QĐ/TU, ...): a long run must not reach them.
    number = factory.Sequence(lambda n: f"{900000 + n}-QĐ/TU")
    date = date(2023, 3, 6)
    issuer = "Ban Thường vụ Tỉnh ủy"


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee

    name = factory.Sequence(lambda n: f"Ban Chỉ đạo thử nghiệm {n}")
    kind = Committee.Kind.PROVINCIAL
    unit = factory.SubFactory(UnitFactory, kind=Unit.Kind.PROVINCE)
    declared_size = 25
    established_by = factory.SubFactory(DecisionFactory)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Sequence(lambda n: f"Nguyễn Văn {n}")
    title = "Giám đốc"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    committee = factory.SubFactory(CommitteeFactory)
    person = factory.SubFactory(PersonFactory)
    role = Membership.Role.MEMBER
    start = date(2023, 3, 6)
    appointed_by = factory.SelfAttribute("committee.established_by")


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    membership = factory.SubFactory(MembershipFactory)
    start = factory.SelfAttribute("membership.start")


def area(code: str = "thu-tuc-hanh-chinh") -> ReformArea:
    return ReformArea.objects.get(code=code)
