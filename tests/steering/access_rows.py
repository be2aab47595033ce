from tests.access import Row, everyone, staff_only

ALL_STAFF = ("secretariat", "member", "focal_point", "hotline_operator", "leadership")

ROWS = [
    Row("home", None, staff_only(ALL_STAFF, refused=200)),
    Row("healthz", None, everyone(200)),
    Row("login", None, everyone(200, secretariat=302, member=302, focal_point=302, hotline_operator=302, leadership=302, outsider=302)),
    Row("logout", None, everyone(302), method="post"),
]
