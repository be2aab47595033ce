"""Navigation shown in the base layout, filtered by role."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from members.roles import Role, has_role

ALL = tuple(Role.values)

# (label, url name, roles allowed)
NAV = [
    (_("Tổng quan"), "home", ALL),
    (_("Ban Chỉ đạo"), "members:roster", (Role.SECRETARIAT, Role.LEADERSHIP, Role.MEMBER)),
    (_("Trang của tôi"), "members:me", (Role.MEMBER, Role.FOCAL_POINT, Role.SECRETARIAT, Role.LEADERSHIP)),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    for label, name, roles in NAV:
        if has_role(user, *roles):
            try:
                url = reverse(name)
            except Exception:  # an app not yet wired does not break the layout
                continue
            items.append({"label": label, "url": url, "active": request.path == url})
    return {"nav_items": items}
