from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HotlineConfig(AppConfig):
    name = "hotline"
    verbose_name = _("Đường dây nóng CCHC")

    def ready(self) -> None:
        from core.calendar_changes import register_deadline_recompute
        from tasks.pilots import register_hot_spots

        from . import task_links, unit_work
        from .deadlines import move_report_deadlines
        from .stats import pilot_candidates

        register_deadline_recompute("hotline", move_report_deadlines)
        register_hot_spots(pilot_candidates)
        # Open reports routed to a unit that ends pass to its successor (core/unit_successions.py).
        unit_work.register()
        task_links.register()  # the follow-up task's page links back to its report
