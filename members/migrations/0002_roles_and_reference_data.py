"""Roles (Django groups) and reference data every installation needs: reform areas and sectors."""

from django.db import migrations

ROLES = ["secretariat", "member", "focal_point", "hotline_operator", "leadership"]

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


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)
    ReformArea = apps.get_model("members", "ReformArea")
    for order, (code, name) in enumerate(AREAS, start=1):
        ReformArea.objects.update_or_create(code=code, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
