"""When the working calendar changes: the open monthly reviews' reminder days and deadlines are computed
again (core.calendar_changes calls `move_review_dates`, registered in ReviewsConfig.ready)."""

from datetime import date, datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from core import history
from core.calendar import Calendar
from core.calendar_changes import Moved

from .board import review_dates
from .models import MonthlyReview

# django-simple-history keeps at most this many characters of a change's reason.
REASON_LENGTH = 100


def move_review_dates(
    *, before: Calendar, after: Calendar, days: frozenset[date], reason: str, actor, now: datetime
) -> list[Moved]:
    """Give each open (not closed) review the dates the new calendar gives its month, when the change
    moved them; the old dates stay in the review's history. Returns what moved."""
    if all(before.is_working_day(d) == after.is_working_day(d) for d in days):
        return []
    moved: list[Moved] = []
    reviews = (
        MonthlyReview.objects.select_for_update(of=("self",)).filter(closed_at__isnull=True).select_related("committee")
    )
    for review in reviews.order_by("month", "pk"):
        if review_dates(month=review.month, calendar=before) == (
            new := review_dates(month=review.month, calendar=after)
        ):
            continue
        old = (review.reminder_date, review.deadline)
        if old == new:
            continue
        review.reminder_date, review.deadline = new
        review.full_clean()
        history.stamp(review, actor, reason=reason[:REASON_LENGTH])
        review.save(update_fields=["reminder_date", "deadline"])
        what = _("Đánh giá tháng %(month)s — %(committee)s") % {
            "month": f"{review.month:%m/%Y}",
            "committee": review.committee.name,
        }
        url = reverse(
            "reviews:review_board",
            kwargs={"committee": review.committee_id, "year": review.month.year, "month": review.month.month},
        )
        for label, was, now_is in ((_("ngày nhắc"), old[0], new[0]), (_("hạn báo cáo"), old[1], new[1])):
            if was != now_is:
                moved.append(Moved(what=what, label=label, old=was, new=now_is, url=url))
    return moved
