from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Nền tảng chung")

    def ready(self) -> None:
        from . import dates, shared_cache, text

        shared_cache.connect()
        # Every form's text fields, in every app and the admin: NFC, no control characters, a length limit.
        text.install_form_cleaning()
        # ... and every model's one-line text on save, whatever road it came by (services, imports, seeds).
        text.install_model_cleaning()
        # Every form's date fields: a sensible range for the date's meaning, never year 1 or 9999.
        dates.install_date_ranges()
