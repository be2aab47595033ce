"""Benchmark users, one per role, attached to the generated province (idempotent)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Count

from core.roles import Role
from members.models import Person
from tasks.models import Task


def bench_users() -> dict:
    User = get_user_model()
    busiest = (
        Task.objects.filter(code__startswith="GEN").values("lead_unit").annotate(n=Count("pk")).order_by("-n").first()
    )
    member_person = Person.objects.filter(full_name__startswith="Thành viên giả lập").order_by("pk").first()
    spec = {
        "secretariat": (Role.SECRETARIAT, None, None),
        "leadership": (Role.LEADERSHIP, None, None),
        "focal_point": (Role.FOCAL_POINT, busiest["lead_unit"] if busiest else None, None),
        "member": (Role.MEMBER, None, member_person),
    }
    users = {}
    for key, (role, unit_id, person) in spec.items():
        user, _ = User.objects.get_or_create(username=f"bench-{key}")
        user.groups.add(Group.objects.get(name=role))
        if person is not None and person.user_id is None:
            person.user = user
            person.save(update_fields=["user"])
        elif person is None and not Person.objects.filter(user=user).exists():
            Person.objects.create(full_name=f"Bench {key}", unit_id=unit_id, user=user, is_demo=True)
        users[key] = user
    return users
