"""Request id, access log line (and a warning for each refused access) and the Permissions-Policy header."""

import logging
import re
import time
import uuid

from django.conf import settings

from .logging import request_id_var, user_id_var

access_log = logging.getLogger("steering.access")
security_log = logging.getLogger("steering.security")
_SAFE_ID = re.compile(r"^[A-Za-z0-9\-]{8,64}$")


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = request_id_var.set(request_id)
        user_token = user_id_var.set("-")
        started = time.monotonic()
        try:
            response = self.get_response(request)
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                user_id_var.set(str(user.pk))
            response["X-Request-ID"] = request_id
            response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
            fields = {
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.monotonic() - started) * 1000, 1),
            }
            access_log.info("request", extra=fields)
            if response.status_code == 403:
                # Refused accesses are kept apart so they can be watched; the handler may not have run
                # (views may return 403 directly, CSRF failures do).
                security_log.warning("access refused", extra=fields)
            return response
        finally:
            request_id_var.reset(token)
            user_id_var.reset(user_token)
