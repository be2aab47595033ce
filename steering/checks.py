"""Settings that production cannot run without.

Checked where the app starts to serve: the WSGI/ASGI entry points refuse to start, and
`manage.py check --deploy` reports them. Tooling commands that serve nothing (makemigrations,
makemessages, collectstatic) run without them; anything that signs (sessions, CSRF) still refuses
an empty key, by Django's own rule.
"""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured


def missing_production_settings() -> list[str]:
    if settings.DEBUG:
        return []
    missing = []
    try:
        has_key = bool(settings.SECRET_KEY)
    except ImproperlyConfigured:  # Django refuses to hand out an empty key
        has_key = False
    if not has_key:
        missing.append("SECRET_KEY là bắt buộc khi DEBUG tắt.")
    if not settings.ALLOWED_HOSTS:
        missing.append("ALLOWED_HOSTS là bắt buộc khi DEBUG tắt.")
    return missing


def require_production_settings() -> None:
    missing = missing_production_settings()
    if missing:
        raise ImproperlyConfigured(" ".join(missing))


@register(Tags.security, deploy=True)
def production_settings_check(app_configs, **kwargs):
    return [Error(message, id="steering.E001") for message in missing_production_settings()]
