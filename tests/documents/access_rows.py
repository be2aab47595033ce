"""Access rows for the register of issued documents and the letterhead."""

from datetime import date

from tests.access import Row, staff_only

READERS = ("secretariat", "member", "leadership")
KEEPERS = ("secretariat",)


def setup(w):
    from documents.register import issue

    w.issued = issue(
        committee=w.committee,
        kind="BC",
        issued_on=date(2023, 7, 5),
        title="Báo cáo tháng 6",
        signer_name="Thái Thanh Quý",
        signer_position="TRƯỞNG BAN",
        by=None,
        content=b"PK\x03\x04",
        filename="bao-cao.docx",
    )


ROWS = [
    Row("documents:register", None, staff_only(READERS)),
    Row("documents:register", None, staff_only(READERS, ok=400), data={"year": "abc"}, note="bad year"),
    Row("documents:register_add", lambda w: {"committee": w.committee.pk}, staff_only(KEEPERS)),
    Row(
        "documents:register_add",
        lambda w: {"committee": w.committee.pk},
        staff_only(KEEPERS, ok=400),
        method="post",
        note="empty form",
    ),
    Row("documents:letterhead", lambda w: {"committee": w.committee.pk}, staff_only(KEEPERS)),
    Row(
        "documents:letterhead",
        lambda w: {"committee": w.committee.pk},
        staff_only(KEEPERS, ok=400),
        method="post",
        note="empty form",
    ),
    Row("documents:file", lambda w: {"pk": w.issued.pk}, staff_only(READERS)),
]
