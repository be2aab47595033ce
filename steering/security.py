"""Login and session protection shared by every app.

- `client_ip`: the address lockouts and rate limits count, from the socket unless the proxy's
  X-Forwarded-For is trusted by configuration (so a client cannot pick its own address);
- `IdleSessionMiddleware`: logs a user out after SESSION_IDLE_SECONDS without a request, checked
  on the server (a cookie's max-age is only advice to the browser);
- `OTPVerificationMiddleware`: a user with a confirmed TOTP device must pass the second step
  before any other page, the admin included;
- `end_other_sessions`: when a user turns two-factor sign-in on, their other sessions end (they were
  opened with the password alone).

Both middlewares read flags kept in the session, so they add no database query to a page.
"""

import ipaddress
import logging
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .logging import user_id_var

logger = logging.getLogger("steering.security")

LAST_ACTIVITY_KEY = "_last_activity"
OTP_REQUIRED_KEY = "_otp_required"


def client_ip(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or the proxy-appended X-Forwarded-For entry when trusted.

    With TRUST_X_FORWARDED_FOR and PROXY_COUNT=n, the n-th address from the right is the one the
    outermost trusted proxy saw; anything further left was written by the client and is ignored. An
    entry that is not an IP address (a misconfigured count lets the client's text through) is not used:
    the lockout records the address in an IP column.
    """
    remote = request.META.get("REMOTE_ADDR", "") or ""
    if not getattr(settings, "TRUST_X_FORWARDED_FOR", False):
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    count = max(int(getattr(settings, "PROXY_COUNT", 1)), 1)
    if len(forwarded) >= count and _is_ip(forwarded[-count]):
        return forwarded[-count]
    return remote


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def end_other_sessions(user, *, keep: str | None) -> int:
    """End every live session of `user` but the one keyed `keep` (the current one); returns how many ended.

    Sessions are kept in the database (SESSION_ENGINE, db or cached_db): the live ones (not expired; at
    most SESSION_COOKIE_AGE old) are read and the user's are deleted through the session store, so a
    cached copy goes too. A rare step (turning on two-factor sign-in): it reads each live session once
    rather than keeping an index of sessions per user."""
    from importlib import import_module

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    store = import_module(settings.SESSION_ENGINE).SessionStore
    owner = str(user.pk)
    ended = 0
    live = Session.objects.filter(expire_date__gt=timezone.now()).exclude(session_key=keep or "")
    for session in live.iterator():
        if str(session.get_decoded().get(SESSION_KEY, "")) == owner:
            store(session_key=session.session_key).delete()
            ended += 1
    if ended:
        logger.info("other sessions ended", extra={"ended": ended, "session_user_id": user.pk})
    return ended


def mark_login(request: HttpRequest, *, otp_required: bool) -> None:
    """Record at login what the middlewares need, so later requests need no query."""
    request.session[LAST_ACTIVITY_KEY] = int(time.time())
    request.session[OTP_REQUIRED_KEY] = bool(otp_required)


class IdleSessionMiddleware:
    """End an authenticated session idle for longer than SESSION_IDLE_SECONDS."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        if session is not None and SESSION_KEY in session:
            user_id_var.set(str(session.get(SESSION_KEY)))
            now = int(time.time())
            last = session.get(LAST_ACTIVITY_KEY)
            if last is not None and now - int(last) > settings.SESSION_IDLE_SECONDS:
                user_id = session.get(SESSION_KEY)
                logout(request)
                logger.info("session expired after idle time", extra={"expired_user_id": user_id})
                messages.info(request, _("Phiên làm việc đã hết hạn do không hoạt động. Vui lòng đăng nhập lại."))
            else:
                session[LAST_ACTIVITY_KEY] = now
        return self.get_response(request)


def _otp_exempt_paths() -> tuple[str, ...]:
    return (
        reverse("otp_verify"),
        reverse("logout"),
        reverse("healthz"),
        reverse("set_language"),
        settings.STATIC_URL,
    )


class OTPVerificationMiddleware:
    """Send a user who owns a confirmed device to the verification step until it is passed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        if (
            session is not None
            and session.get(OTP_REQUIRED_KEY)
            and request.user.is_authenticated
            and not request.user.is_verified()
            and not request.path.startswith(_otp_exempt_paths())
        ):
            return redirect(f"{reverse('otp_verify')}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
