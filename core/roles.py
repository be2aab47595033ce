"""Roles are Django groups (created by migration members 0002). Helpers to test and require them."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SECRETARIAT = "secretariat", _("Bộ phận Thường trực (thư ký)")
    MEMBER = "member", _("Thành viên Ban Chỉ đạo")
    FOCAL_POINT = "focal_point", _("Đầu mối đơn vị")
    HOTLINE_OPERATOR = "hotline_operator", _("Điều phối viên đường dây nóng")
    LEADERSHIP = "leadership", _("Lãnh đạo")
    # Manages the secretariat's accounts (grants and removes the secretariat and administrator roles,
    # deactivates those accounts): see members/accounts.py and docs/accounts.md.
    ADMINISTRATOR = "administrator", _("Quản trị hệ thống")


def user_roles(user) -> frozenset[str]:
    """The role names of a user, cached on the user object for the request."""
    if not user or not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_role_names", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._role_names = cached
    return cached


def has_role(user, *roles: str) -> bool:
    if not user or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return bool(user_roles(user) & set(roles))


def role_required(*roles: str):
    """View decorator: anonymous users go to login, users without one of the roles get 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


STAFF_ROLES = tuple(Role.values)
