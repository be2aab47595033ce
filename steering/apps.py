from django.apps import AppConfig


class SteeringConfig(AppConfig):
    name = "steering"
    verbose_name = "Ban Chỉ đạo CCHC"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the login receivers)
