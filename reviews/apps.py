from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("Đánh giá tháng")

    def ready(self) -> None:
        from tasks.reports import register_closed_month_check

        from .board import month_is_closed

        register_closed_month_check(month_is_closed)
