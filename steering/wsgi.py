"""WSGI entry point for gunicorn. It refuses to start without the settings production needs."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "steering.settings")

from steering.checks import require_production_settings  # noqa: E402  (after the settings module is chosen)

require_production_settings()
application = get_wsgi_application()
