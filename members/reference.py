"""Reference data every installation needs: the role groups and the reform areas.

Used by migration 0002 and by tests that run after a database flush.
"""

ROLES = ["secretariat", "member", "focal_point", "hotline_operator", "leadership", "administrator"]

AREAS = [
    ("chi-dao-dieu-hanh", "Công tác chỉ đạo, điều hành"),
    ("the-che", "Cải cách thể chế"),
    ("thu-tuc-hanh-chinh", "Cải cách thủ tục hành chính"),
    ("to-chuc-bo-may", "Cải cách tổ chức bộ máy hành chính nhà nước"),
    ("cong-vu", "Cải cách chế độ công vụ"),
    ("tai-chinh-cong", "Cải cách tài chính công"),
    ("chinh-phu-so", "Xây dựng và phát triển Chính phủ điện tử, Chính phủ số"),
    ("tuyen-truyen", "Thông tin, tuyên truyền về cải cách hành chính"),
]


def ensure_reference_data(group_model=None, area_model=None) -> None:
    if group_model is None:
        from django.contrib.auth.models import Group as group_model
    if area_model is None:
        from members.models import ReformArea as area_model
    for name in ROLES:
        group_model.objects.get_or_create(name=name)
    for order, (code, name) in enumerate(AREAS, start=1):
        area, created = area_model.objects.get_or_create(code=code, defaults={"name": name, "order": order})
        if not created and (area.name, area.order) != (name, order):
            # Saved only when it differs, so reloading writes no audit history rows.
            area.name, area.order = name, order
            area.save()
