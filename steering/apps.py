from django.apps import AppConfig


class SteeringConfig(AppConfig):
    name = "steering"
    verbose_name = "Ban Chỉ đạo CCHC"

    def ready(self) -> None:
        from . import checks, signals  # noqa: F401  (registers the checks, connects the login receivers)
