"""People and their accounts, as the secretariat keeps them: the rules, in one place.

Who may do what (docs/accounts.md):

- the secretariat (and the administrator) keeps people (name, position, unit, e-mail, phone, Zalo),
  creates an account for a person with roles, changes the roles, deactivates and reactivates accounts,
  and sends the invitation to set a password again;
- the secretariat and administrator roles (`PRIVILEGED_ROLES`) are granted and removed only by an
  administrator (Role.ADMINISTRATOR, or a superuser); an account that holds one of them (or a
  superuser's) is changed and deactivated only by an administrator; nobody deactivates their own account.

No password is ever set, sent or shown here: a new account has an unusable password and its holder sets
one through the invitation (members/invitations.py). Every change is written in one transaction with its
audit row: the person's own history (django-simple-history, with who made it) and an `AccountChange` row
for each change to an account. Errors are ValidationError (a refused form, 400) or PermissionDenied (403).
"""

from collections.abc import Iterable
from datetime import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.history import stamp
from core.roles import Role, has_role

from . import invitations
from .models import AccountChange, Person

# Who opens the people and account pages.
MANAGER_ROLES = (Role.SECRETARIAT, Role.ADMINISTRATOR)
# Roles only an administrator grants or removes.
PRIVILEGED_ROLES = frozenset({Role.SECRETARIAT.value, Role.ADMINISTRATOR.value})
PERSON_FIELDS = ("full_name", "title", "unit", "email", "phone", "zalo")


def no_email_message() -> str:
    return _(
        "Cần có địa chỉ thư điện tử của người này để gửi thư mời đặt mật khẩu: "
        "đồng chí vui lòng cập nhật thông tin cá nhân trước khi tạo tài khoản."
    )


def is_administrator(user) -> bool:
    """An administrator: the Role.ADMINISTRATOR group, or a superuser (has_role counts superusers)."""
    return has_role(user, Role.ADMINISTRATOR)


def can_manage_people(user) -> bool:
    return has_role(user, *MANAGER_ROLES)


def grantable_roles(actor) -> list[str]:
    """The role values `actor` may grant or remove, in Role order."""
    admin = is_administrator(actor)
    return [r for r in Role.values if admin or r not in PRIVILEGED_ROLES]


def account_roles(user) -> list[str]:
    """The Role values an account holds, in Role order (its groups, prefetched when the caller did; not the
    request's role cache, which a change makes stale)."""
    names = {g.name for g in user.groups.all()}
    return [r for r in Role.values if r in names]


def may_change_account(actor, user) -> bool:
    """Whether `actor` may change or deactivate `user`: an administrator always; anyone else only an
    account that holds no privileged role and is not a superuser's."""
    if is_administrator(actor):
        return not user.is_superuser or actor.is_superuser
    return not user.is_superuser and not (set(account_roles(user)) & PRIVILEGED_ROLES)


def _check_roles(actor, before: Iterable[str], after: Iterable[str]) -> None:
    changed = set(before) ^ set(after)
    unknown = set(after) - set(Role.values)
    if unknown:
        raise ValidationError({"roles": _("Vai trò không hợp lệ.")})
    if changed & PRIVILEGED_ROLES and not is_administrator(actor):
        raise PermissionDenied(
            _("Chỉ Quản trị hệ thống được cấp hoặc thu hồi vai trò Bộ phận Thường trực, Quản trị hệ thống.")
        )


def _log(kind: str, *, user, person, by, now: datetime, before=(), after=()) -> AccountChange:
    return AccountChange.objects.create(
        user=user,
        person=person,
        kind=kind,
        roles_before=list(before),
        roles_after=list(after),
        by=by if getattr(by, "is_authenticated", False) else None,
        at=now,
    )


def _set_groups(user, roles: Iterable[str]) -> None:
    user.groups.set(Group.objects.filter(name__in=list(roles)))
    user.__dict__.pop("_role_names", None)


def save_person(*, person: Person | None, data: dict, by) -> Person:
    """Create (person=None) or update a person from cleaned form data (PERSON_FIELDS), with the author in
    the person's history; an account's e-mail and name follow the person's."""
    person = person or Person()
    for name in PERSON_FIELDS:
        if name in data:
            setattr(person, name, data[name])
    person.full_clean()
    with transaction.atomic():
        stamp(person, by)
        person.save()
        user = person.user if person.user_id else None
        if user is not None and (user.email, user.first_name) != (person.email, person.full_name[:150]):
            user.email, user.first_name = person.email, person.full_name[:150]
            user.save(update_fields=["email", "first_name"])
    return person


def create_account(*, person: Person, username: str, roles: Iterable[str], by, now: datetime):
    """Give `person` an account with `roles` and queue the invitation to set its password.

    Refused (ValidationError) when the person already has an account or has no e-mail address (the
    invitation needs one), or the username is taken; PermissionDenied when `by` may not grant a role."""
    roles = [r for r in Role.values if r in set(roles)]
    if person.user_id:
        raise ValidationError(_("Người này đã có tài khoản."))
    if not person.email:
        raise ValidationError({"email": no_email_message()})
    _check_roles(by, (), roles)
    User = get_user_model()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("Tên đăng nhập này đã có người dùng.")})
    with transaction.atomic():
        user = User(username=username, email=person.email, first_name=person.full_name[:150])
        user.set_unusable_password()
        user.save()
        _set_groups(user, roles)
        person.user = user
        stamp(person, by, reason=_("Tạo tài khoản"))
        person.save(update_fields=["user"])
        _log(AccountChange.Kind.CREATED, user=user, person=person, by=by, now=now, after=roles)
        _invite(user=user, person=person, by=by, now=now)
    return user


def _invite(*, user, person, by, now: datetime) -> None:
    invitations.queue(user=user, by=by, now=now)
    _log(AccountChange.Kind.INVITED, user=user, person=person, by=by, now=now)


def invite_again(*, user, by, now: datetime) -> None:
    """Queue a new invitation for an active account with an address (its holder lost or let the link
    expire); the earlier links keep working until one of them is used."""
    if not user.is_active:
        raise ValidationError(_("Tài khoản đang bị khóa: mở lại tài khoản trước khi gửi thư mời."))
    if not invitations.recipient_email(user):
        raise ValidationError(no_email_message())
    if not may_change_account(by, user):
        raise PermissionDenied
    with transaction.atomic():
        _invite(user=user, person=getattr(user, "person", None), by=by, now=now)


def set_roles(*, user, roles: Iterable[str], by, now: datetime) -> bool:
    """Give `user` exactly `roles`; returns whether anything changed (an unchanged set writes nothing)."""
    if not may_change_account(by, user):
        raise PermissionDenied
    before = account_roles(user)
    after = [r for r in Role.values if r in set(roles)]
    _check_roles(by, before, after)
    if before == after:
        return False
    with transaction.atomic():
        _set_groups(user, after)
        _log(
            AccountChange.Kind.ROLES,
            user=user,
            person=getattr(user, "person", None),
            by=by,
            now=now,
            before=before,
            after=after,
        )
    return True


def set_active(*, user, active: bool, by, now: datetime) -> bool:
    """Deactivate (active=False) or reactivate an account; returns whether it changed. A deactivated
    account cannot log in, its open sessions stop working (Django refuses an inactive user) and its
    invitation links stop working (members/invitations.py)."""
    if not may_change_account(by, user):
        raise PermissionDenied
    if not active and user.pk == getattr(by, "pk", None):
        raise ValidationError(_("Đồng chí không thể tự khóa tài khoản của mình."))
    if user.is_active == active:
        return False
    with transaction.atomic():
        user.is_active = active
        user.save(update_fields=["is_active"])
        kind = AccountChange.Kind.REACTIVATED if active else AccountChange.Kind.DEACTIVATED
        _log(kind, user=user, person=getattr(user, "person", None), by=by, now=now, before=account_roles(user))
    return True


def role_labels(values: Iterable[str]) -> list[str]:
    """The Vietnamese names of role values, unknown values as they are."""
    labels = dict(Role.choices)
    return [str(labels.get(v, v)) for v in values]
