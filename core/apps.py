from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Nền tảng chung")

    def ready(self) -> None:
        from . import shared_cache

        shared_cache.connect()
