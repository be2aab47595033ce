"""Reference data of the hotline: the fields (categories) a report can be about."""

CATEGORIES = [
    ("thu-tuc-hanh-chinh", "Thủ tục hành chính (hồ sơ, giấy tờ, thời hạn giải quyết)"),
    ("thai-do-can-bo", "Thái độ, hành vi của cán bộ, công chức (gây phiền hà, sách nhiễu)"),
    ("dat-dai-xay-dung", "Đất đai, xây dựng"),
    ("dau-tu-kinh-doanh", "Đầu tư, đăng ký kinh doanh"),
    ("thue-phi", "Thuế, phí, lệ phí"),
    ("dich-vu-cong", "Dịch vụ công trực tuyến, bộ phận một cửa"),
    ("lao-dong-xa-hoi", "Lao động, chính sách xã hội"),
    ("khac", "Lĩnh vực khác"),
]


def ensure_categories(category_model=None) -> None:
    if category_model is None:
        from hotline.models import Category as category_model
    for order, (code, name) in enumerate(CATEGORIES, start=1):
        category_model.objects.update_or_create(code=code, defaults={"name": name, "order": order})
