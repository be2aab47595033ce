"""Request id, access log line (and a warning for each refused access) and the Permissions-Policy header;
the unread rest of a refused request's body read and discarded, so its client gets the 400 page; the
Content-Security-Policy header built once per process; the signed-in users' checks skipped on requests
without a session."""

import logging
import re
import secrets
import time

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.messages.storage import default_storage
from django.core.handlers.exception import convert_exception_to_response
from django.core.handlers.wsgi import LimitedStream
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import SimpleLazyObject, empty
from django.utils.module_loading import import_string

from .logging import request_id_var, user_id_var

access_log = logging.getLogger("steering.access")
security_log = logging.getLogger("steering.security")
_SAFE_ID = re.compile(r"^[A-Za-z0-9\-]{8,64}$")


def _signed_in_user_id(request) -> str | None:
    """The signed-in user's id, or None; a request without a session cookie whose user nobody has looked
    at yet (a public page) is not made to look for one."""
    user = getattr(request, "user", None)
    if user is None:
        return None
    unread = isinstance(user, SimpleLazyObject) and user._wrapped is empty
    if unread and settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return None
    return str(user.pk) if user.is_authenticated else None


class RequestIdMiddleware:
    """The request id and access log line; outermost, it also drains what a view left unread of the body
    (`drain_unread_body`), after every other middleware has answered."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return drain_unread_body(request, self._logged(request))

    def _logged(self, request):
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = incoming if incoming and _SAFE_ID.match(incoming) else secrets.token_hex(16)
        request.request_id = request_id
        token = request_id_var.set(request_id)
        user_token = user_id_var.set("-")
        started = time.monotonic()
        try:
            response = self.get_response(request)
            user_id = _signed_in_user_id(request)
            if user_id is not None:
                user_id_var.set(user_id)
            response["X-Request-ID"] = request_id
            response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
            refused = response.status_code == 403
            if not refused and not access_log.isEnabledFor(logging.INFO):
                return response  # nothing to write (LOG_LEVEL above INFO)
            fields = {
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.monotonic() - started) * 1000, 1),
            }
            access_log.info("request", extra=fields)
            if refused:
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


def drain_unread_body(request, response):
    """Read and discard what a view left unread of the request body before the answer is sent.

    Django refuses a body over DATA_UPLOAD_MAX_MEMORY_SIZE (RequestDataTooBig), or a view answers without
    reading the body at all, with the client still sending; gunicorn then closes the socket with data
    unread, the kernel resets the connection and the client sees a broken pipe instead of the 400 page.
    A body left over DRAIN_MAX_BYTES is not read: the answer gets "Connection: close" instead."""
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


class DrainUnreadBodyMiddleware:
    """`drain_unread_body` alone (RequestIdMiddleware does it too, as the outermost middleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return drain_unread_body(request, self.get_response(request))


_OVERRIDES = ("_csp_config", "_csp_update", "_csp_replace", "_csp_config_ro", "_csp_update_ro", "_csp_replace_ro")
_static_headers: dict[str, str] = {}


@receiver(setting_changed)
def _forget_policies(setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _static_headers.clear()


def _static_policy(report_only: bool) -> str:
    """The policy header from settings alone (no nonce, no per-view change), built once per process."""
    key = HEADER_REPORT_ONLY if report_only else HEADER
    if key not in _static_headers:
        _static_headers[key] = build_policy(report_only=report_only)
    return _static_headers[key]


class StaticPolicyCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, with the Content-Security-Policy header built once instead of on every
    response: the product's pages use no nonce and no per-view policy, and building the header was a fifth
    of a trivial page's cost. A response that drew a nonce or carries a per-view policy (csp decorators)
    goes through django-csp's own path, so behaviour is unchanged."""

    def process_response(self, request, response):
        if getattr(request, "_csp_nonce", None) is not None or any(hasattr(response, a) for a in _OVERRIDES):
            return super().process_response(request, response)
        if settings.DEBUG and response.status_code in (500, 404):
            return response
        for report_only, exempt_flag, setting in (
            (False, "_csp_exempt", "CONTENT_SECURITY_POLICY"),
            (True, "_csp_exempt_ro", "CONTENT_SECURITY_POLICY_REPORT_ONLY"),
        ):
            header = HEADER_REPORT_ONLY if report_only else HEADER
            policy = _static_policy(report_only)
            if not policy or header in response or getattr(response, exempt_flag, False) is not False:
                continue
            prefixes = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES", None) or ()
            if not request.path_info.startswith(tuple(prefixes)):
                response[header] = policy
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response


class SignedInOnlyMiddleware:
    """The middlewares of settings.SIGNED_IN_MIDDLEWARE (two-factor state, idle-session end, the
    second-step redirect), run only for a request that carries the session cookie.

    A request without it (a citizen on the public hotline pages, a health check) has no signed-in user
    and no session for them to check, so they are skipped instead of each adding a layer to every public
    request. With the cookie, they run in their listed order, each wrapped as Django wraps a middleware."""

    def __init__(self, get_response):
        self.get_response = get_response
        handler = get_response
        for path in reversed(settings.SIGNED_IN_MIDDLEWARE):
            handler = convert_exception_to_response(import_string(path)(handler))
        self.signed_in = handler

    def __call__(self, request):
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            return self.signed_in(request)
        return self.get_response(request)


class LazyMessageMiddleware(MessageMiddleware):
    """Django's MessageMiddleware, with the message storage built only when something adds or reads a message.

    Building it (a cookie storage with its signer, and a session storage) was the largest single cost of the
    middleware on a public request, and most requests never touch messages: the hotline's form and its POST,
    a look-up, a health check. Whatever does (`messages.info(request, ...)`, the layout's `{% if messages %}`)
    builds it through the lazy object, and the storage is then saved on the answer exactly as Django's
    middleware saves it (`update`, and the same error in DEBUG when a message could not be kept). A subclass of
    Django's, so the admin's check that messages are installed still holds."""

    def __call__(self, request):
        request._messages = SimpleLazyObject(lambda: default_storage(request))
        response = self.get_response(request)
        storage = getattr(request, "_messages", None)  # a higher layer may have answered without it
        if storage is None or (isinstance(storage, SimpleLazyObject) and storage._wrapped is empty):
            return response
        if storage.update(response) and settings.DEBUG:
            raise ValueError("Not all temporary messages could be stored.")
        return response
