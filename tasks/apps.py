from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    name = "tasks"
    verbose_name = _("Kế hoạch và nhiệm vụ")

    def ready(self) -> None:
        from core.calendar_changes import register_deadline_recompute

        from .tasklist import move_task_deadlines

        register_deadline_recompute("tasks", move_task_deadlines)

        from . import unit_work

        # Tasks and pilot designations of a unit that ends pass to its successors (core/unit_successions.py).
        unit_work.register()
