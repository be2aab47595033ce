"""Home dashboard, health check and error pages."""

import logging

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.html import escape
from django.views.decorators.cache import never_cache
from django_ratelimit.exceptions import Ratelimited

logger = logging.getLogger(__name__)


@login_required
def home(request):
    """The landing page: each app contributes its panels through steering.dashboard."""
    from .dashboard import home_context

    context = home_context(request)
    return render(request, "home.html", context, status=context.pop("status"))


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


def _error(request, template, status, context=None):
    """An error page in the site layout; if the layout itself fails (database down), a bare page."""
    request_id = getattr(request, "request_id", "")
    try:
        return render(request, template, {"request_id": request_id, **(context or {})}, status=status)
    except Exception:
        logger.exception("error page could not be rendered", extra={"status": status})
        body = (
            '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Lỗi</title></head>'
            f"<body><main><h1>Lỗi {status}</h1><p>Mã tra cứu lỗi: {escape(request_id)}</p></main></body></html>"
        )
        return HttpResponse(body, status=status)


def bad_request(request, exception=None):
    # A query-string value the page did not understand (core/filters.py) says which one.
    return _error(request, "errors/400.html", 400, {"problems": getattr(exception, "problems", [])})


def permission_denied(request, exception=None):
    # Refused accesses are logged by the request middleware for every 403, whatever produced it.
    if isinstance(exception, Ratelimited):
        return ratelimited(request, exception)
    return _error(request, "errors/403.html", 403)


def csrf_failure(request, reason=""):
    """CSRF refusals in the site's words; the reason is logged by Django, not shown."""
    return _error(request, "errors/403.html", 403, {"csrf_failed": True})


def page_not_found(request, exception=None):
    return _error(request, "errors/404.html", 404)


def server_error(request):
    return _error(request, "errors/500.html", 500)


def ratelimited(request, exception=None):
    return _error(request, "errors/429.html", 429)


__all__ = ["home", "healthz", "settings"]
