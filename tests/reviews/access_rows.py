"""Access rows for the monthly review: the board, the assessment and closing, the month's report."""

from tests.access import Row, staff_only

REVIEW_READERS = ("secretariat", "leadership")
SECRETARIAT = ("secretariat",)


def setup(w):
    w.review_kwargs = {"committee": w.committee.pk, "year": 2023, "month": 5}


ROWS = [
    Row("reviews:review_index", None, staff_only(REVIEW_READERS)),
    Row("reviews:review_index", None, staff_only(REVIEW_READERS, ok=400), data={"month": "13-2023"}, note="bad month"),
    Row(
        "reviews:review_index",
        None,
        staff_only(REVIEW_READERS, ok=400),
        data=lambda w: {"committee": w.committee.pk, "month": "0001-01"},
        note="month out of range",
    ),
    Row("reviews:review_index", None, staff_only(REVIEW_READERS), data={"year": "2023"}, note="a year"),
    Row("reviews:review_index", None, staff_only(REVIEW_READERS, ok=400), data={"year": "abc"}, note="bad year"),
    Row("reviews:review_board", lambda w: w.review_kwargs, staff_only(REVIEW_READERS)),
    Row(
        "reviews:review_board",
        lambda w: w.review_kwargs,
        staff_only(REVIEW_READERS, ok=302),
        data={"year": "2024"},
        note="same month of another year",
    ),
    Row(
        "reviews:review_board",
        lambda w: w.review_kwargs,
        staff_only(REVIEW_READERS, ok=400),
        data={"year": "abc"},
        note="bad year",
    ),
    Row("reviews:review_assess", lambda w: w.review_kwargs, staff_only(SECRETARIAT, ok=302), method="post"),
    Row("reviews:review_open", lambda w: w.review_kwargs, staff_only(SECRETARIAT, ok=302), method="post"),
    Row("reviews:review_close", lambda w: w.review_kwargs, staff_only(SECRETARIAT, ok=302), note="not open: back"),
    Row("reviews:review_reopen", lambda w: w.review_kwargs, staff_only(("leadership",), ok=302), note="not closed"),
    Row("reviews:review_docx", lambda w: w.review_kwargs, staff_only(REVIEW_READERS)),
    Row(
        "reviews:review_docx",
        lambda w: w.review_kwargs,
        staff_only(REVIEW_READERS, ok=400),
        data={"issued_on": "31/02/2023"},
        note="bad date",
    ),
    Row("reviews:review_issue", lambda w: w.review_kwargs, staff_only(SECRETARIAT, ok=400), method="post"),
    Row("reviews:review_letter_docx", lambda w: w.review_kwargs, staff_only(REVIEW_READERS)),
    Row("reviews:review_letter_issue", lambda w: w.review_kwargs, staff_only(SECRETARIAT, ok=400), method="post"),
    Row("reviews:review_xlsx", lambda w: w.review_kwargs, staff_only(REVIEW_READERS)),
]
