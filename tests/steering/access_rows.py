from tests.access import Row, everyone, staff_only

ALL_STAFF = ("secretariat", "member", "focal_point", "hotline_operator", "leadership")
LOGGED_IN = ("outsider", *ALL_STAFF)

ROWS = [
    Row("home", None, staff_only(ALL_STAFF, refused=200)),
    Row("home", None, staff_only(ALL_STAFF, refused=200), data={"year": "2023"}, note="another year's plan"),
    # A year means something only on the work-plan panel (secretariat, leadership, members).
    Row(
        "home",
        None,
        staff_only(("secretariat", "leadership", "member"), ok=400, refused=200),
        data={"year": "abc"},
        note="bad year",
    ),
    Row("healthz", None, everyone(200)),
    Row(
        "login",
        None,
        everyone(200, secretariat=302, member=302, focal_point=302, hotline_operator=302, leadership=302, outsider=302),
    ),
    Row("logout", None, everyone(302), method="post"),
    # Account pages: every logged-in user changes their own password; reset is for anyone.
    Row("password_change", None, staff_only(LOGGED_IN)),
    Row("password_change", None, staff_only(LOGGED_IN, ok=400), method="post", data={"old_password": "sai"}),
    Row("password_change_done", None, staff_only(LOGGED_IN)),
    Row("password_reset", None, everyone(200)),
    Row("password_reset_done", None, everyone(200)),
    Row("password_reset_confirm", lambda w: {"uidb64": "MQ", "token": "sai-token"}, everyone(200)),
    Row("password_reset_complete", None, everyone(200)),
    # Two-factor enrolment: leadership (and administrators); the verify step sends users without
    # a pending second factor on to the home page.
    Row("otp_setup", None, staff_only(("leadership",))),
    Row("otp_setup", None, staff_only(("leadership",), ok=400), method="post", data={"otp_token": "12"}),
    Row("otp_verify", None, everyone(302)),
    Row("otp_verify", None, everyone(302), method="post", data={"otp_token": "123456"}),
]
