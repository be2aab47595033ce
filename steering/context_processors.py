"""Navigation shown in the base layout, filtered by role."""

from functools import cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from core.roles import Role, has_role

ALL = tuple(Role.values)

# (label, url name, roles allowed)
NAV = [
    (_("Tổng quan"), "home", ALL),
    (_("Ban Chỉ đạo"), "members:roster", (Role.SECRETARIAT, Role.LEADERSHIP, Role.MEMBER)),
    (_("Trang của tôi"), "members:me", (Role.MEMBER, Role.FOCAL_POINT, Role.SECRETARIAT, Role.LEADERSHIP)),
    (_("Kế hoạch"), "tasks:plan_list", (Role.SECRETARIAT, Role.LEADERSHIP, Role.MEMBER, Role.FOCAL_POINT)),
    (_("Việc của tôi"), "tasks:my_work", (Role.SECRETARIAT, Role.LEADERSHIP, Role.MEMBER, Role.FOCAL_POINT)),
    (_("Điểm chỉ đạo"), "tasks:pilots_current", (Role.SECRETARIAT, Role.LEADERSHIP, Role.MEMBER, Role.FOCAL_POINT)),
    (_("Phiên họp"), "tasks:meeting_list", (Role.SECRETARIAT, Role.LEADERSHIP, Role.MEMBER)),
    (_("Sổ văn bản đi"), "documents:register", (Role.SECRETARIAT, Role.LEADERSHIP, Role.MEMBER)),
    (_("Kế hoạch cá nhân"), "tasks:personal_plan", (Role.MEMBER,)),
    (_("Đường dây nóng"), "hotline:inbox", (Role.HOTLINE_OPERATOR, Role.LEADERSHIP)),
    (_("Phản ánh giao đơn vị"), "hotline:unit_inbox", (Role.FOCAL_POINT,)),
    (_("Điểm nóng phản ánh"), "hotline:hotspots", (Role.LEADERSHIP, Role.SECRETARIAT)),
    (_("Đánh giá tháng"), "reviews:review_index", (Role.SECRETARIAT, Role.LEADERSHIP)),
    (_("Báo cáo định kỳ"), "periodic_reports:list", (Role.SECRETARIAT, Role.MEMBER, Role.LEADERSHIP)),
    (_("Lịch làm việc"), "core:holidays", (Role.SECRETARIAT, Role.LEADERSHIP)),
    (_("Cá nhân và tài khoản"), "members:people_list", (Role.SECRETARIAT, Role.ADMINISTRATOR)),
]


@cache
def _wired() -> list[tuple]:
    """The navigation with its URLs, reversed once per process (they never change while it runs)."""
    items = []
    for label, name, roles in NAV:
        try:
            items.append((label, reverse(name), roles))
        except NoReverseMatch:  # an app not yet wired does not break the layout
            continue
    return items


@receiver(setting_changed)
def _forget_urls(setting, **kwargs) -> None:
    if setting == "ROOT_URLCONF":
        _wired.cache_clear()


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    return {
        "nav_items": [
            {"label": label, "url": url, "active": request.path == url}
            for label, url, roles in _wired()
            if has_role(user, *roles)
        ]
    }
