from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("Đánh giá tháng")

    def ready(self) -> None:
        from core.calendar_changes import register_deadline_recompute
        from tasks.reports import register_closed_month_check

        from .board import month_is_closed
        from .deadlines import move_review_dates

        register_closed_month_check(month_is_closed)
        register_deadline_recompute("reviews", move_review_dates)
