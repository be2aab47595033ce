from tests.access import Row, staff_only

ROWS = [
    Row("members:roster", None, staff_only(("secretariat", "member", "leadership"))),
    Row("members:me", None, staff_only(("secretariat", "member", "focal_point", "hotline_operator", "leadership"), refused=200)),
]
