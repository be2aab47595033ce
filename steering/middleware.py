"""Request id, access log line (and a warning for each refused access) and the Permissions-Policy header;
the unread rest of a refused request's body read and discarded, so its client gets the 400 page."""

import logging
import re
import time
import uuid

from django.conf import settings
from django.core.handlers.wsgi import LimitedStream

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


# The largest unread body read and discarded after the answer (a request over DATA_UPLOAD_MAX_MEMORY_SIZE is
# refused before its body is read); a bigger one is answered with "Connection: close".
DRAIN_MAX_BYTES = 32 * 1024 * 1024
_CHUNK = 64 * 1024


class DrainUnreadBodyMiddleware:
    """Read and discard what a view left unread of the request body before the answer is sent.

    Django refuses a body over DATA_UPLOAD_MAX_MEMORY_SIZE (RequestDataTooBig), or a view answers without
    reading the body at all, with the client still sending; gunicorn then closes the socket with data
    unread, the kernel resets the connection and the client sees a broken pipe instead of the 400 page.
    Outermost middleware, so it runs after every other one has answered."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        stream = getattr(request, "_stream", None)
        if isinstance(stream, LimitedStream):
            left = stream.limit - stream._pos
            if 0 < left <= DRAIN_MAX_BYTES:
                try:
                    while stream.read(_CHUNK):
                        pass
                except OSError:  # the client went away: nothing left to answer
                    pass
            elif left > DRAIN_MAX_BYTES:
                response["Connection"] = "close"
        return response
