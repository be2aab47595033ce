from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _month_state_changed(sender, instance, **kwargs) -> None:
    """A month opened, closed or reopened changes what "Việc của tôi" asks for (tasks/closed_months.py):
    the work pages kept in the shared cache are drawn again."""
    from core import shared_cache

    shared_cache.bump(shared_cache.TASKS)


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("Đánh giá tháng")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from core.calendar_changes import register_deadline_recompute
        from tasks.closed_months import register_closed_months

        from .board import closed_reviews
        from .deadlines import move_review_dates
        from .models import MonthlyReview

        register_closed_months(closed_reviews)
        register_deadline_recompute("reviews", move_review_dates)
        post_save.connect(_month_state_changed, sender=MonthlyReview, dispatch_uid="reviews_month_state")
