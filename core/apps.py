from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Nền tảng chung")

    def ready(self) -> None:
        from . import shared_cache, text

        shared_cache.connect()
        # Every form's text fields, in every app and the admin: NFC, no control characters, a length limit.
        text.install_form_cleaning()
