"""Home dashboard, health check and error pages."""

import logging

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


@login_required
def home(request):
    """The landing page: each app contributes its panels through steering.dashboard."""
    from .dashboard import home_context

    return render(request, "home.html", home_context(request))


@never_cache
def healthz(request):
    state = {"database": "ok", "broker": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # any failure means "down" for a health probe
        logger.warning("healthz: database unreachable", exc_info=True)
        state["database"] = "error"
    try:
        from .celery import app

        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception:
        logger.warning("healthz: broker unreachable", exc_info=True)
        state["broker"] = "error"
    ok = all(v == "ok" for v in state.values())
    return JsonResponse({"status": "ok" if ok else "error", **state}, status=200 if ok else 503)


def _error(request, template, status):
    response = render(request, template, {"request_id": getattr(request, "request_id", "")}, status=status)
    return response


def bad_request(request, exception=None):
    return _error(request, "errors/400.html", 400)


def permission_denied(request, exception=None):
    logger.warning("access refused", extra={"path": request.path, "status": 403})
    return _error(request, "errors/403.html", 403)


def page_not_found(request, exception=None):
    return _error(request, "errors/404.html", 404)


def server_error(request):
    return _error(request, "errors/500.html", 500)


def ratelimited(request, exception=None):
    return _error(request, "errors/429.html", 429)


__all__ = ["home", "healthz", "settings"]
