from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Ban Chỉ đạo và thành viên")

    def ready(self) -> None:
        from . import unit_work

        # Assignments and people of a unit that ends pass to its successors (core/unit_successions.py).
        unit_work.register()
