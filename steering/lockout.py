"""Login lockouts (django-axes), counted in the database so that they hold while Redis is away.

- An account is locked *from one address* after AXES_FAILURE_LIMIT failures within the cool-off
  (AXES_LOCKOUT_PARAMETERS: the combination of username and address). One colleague's typing
  mistakes lock neither the colleagues behind the same office address nor the account when its owner
  signs in from elsewhere.
- An address alone is locked after LOGIN_ADDRESS_FAILURE_LIMIT failures within the cool-off, whatever
  the usernames (someone trying many accounts). axes keeps one limit only, so `LockoutHandler` counts
  this one from axes' own failure log (AccessFailureLog, one row per failure, in the database): an exact
  sliding window, with no cache to lose when Redis is away.
- Everything a lockout records is bounded to its column: the username (`bounded_username`), and the
  address is a valid IP address (steering.security.client_ip); axes cuts the user agent, path and
  Accept header itself. The login form refuses a username longer than any account's first
  (steering.auth.LoginForm), so such a name is never even counted.
- The locked page says how many minutes remain (`lockout_response`).
"""

import math
from datetime import datetime, timedelta

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_ip_address, get_cool_off
from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

USERNAME_CHARS = AccessAttempt._meta.get_field("username").max_length  # 255


def bounded_username(request: HttpRequest, credentials: dict | None = None) -> str | None:
    """The username a login attempt is recorded under (AXES_USERNAME_CALLABLE): the one typed, cut to the
    column's length, so no typed name can fail to be recorded."""
    field = settings.AXES_USERNAME_FORM_FIELD
    value = credentials.get(field) if credentials else request.POST.get(field)
    return None if value is None else str(value)[:USERNAME_CHARS]


def _address(request: HttpRequest) -> str:
    return getattr(request, "axes_ip_address", None) or get_client_ip_address(request)


def _window() -> timedelta:
    return timedelta(hours=settings.AXES_COOLOFF_TIME)


def address_failures(request: HttpRequest, *, now: datetime | None = None) -> list[datetime]:
    """The times of the failed logins from the request's address within the cool-off, newest first, at most
    LOGIN_ADDRESS_FAILURE_LIMIT of them (one indexed query)."""
    now = now or timezone.now()
    rows = AccessFailureLog.objects.filter(ip_address=_address(request), attempt_time__gte=now - _window())
    limit = settings.LOGIN_ADDRESS_FAILURE_LIMIT
    return list(rows.order_by("-attempt_time").values_list("attempt_time", flat=True)[:limit])


def address_locked_until(request: HttpRequest, *, now: datetime | None = None) -> datetime | None:
    """When the request's address may try again, or None when it is not locked: the limit-th newest
    failure leaves the window then."""
    times = address_failures(request, now=now)
    if len(times) < settings.LOGIN_ADDRESS_FAILURE_LIMIT:
        return None
    return times[-1] + _window()


class LockoutHandler(AxesDatabaseHandler):
    """axes' database handler, with the per-address limit besides its own (the combination's)."""

    def is_locked(self, request, credentials: dict | None = None) -> bool:
        if super().is_locked(request, credentials):
            return True
        return address_locked_until(request) is not None


def _account_locked_until(request: HttpRequest, credentials: dict | None) -> datetime | None:
    username = bounded_username(request, credentials)
    last = (
        AccessAttempt.objects.filter(username=username, ip_address=_address(request))
        .order_by("-attempt_time")
        .values_list("attempt_time", flat=True)
        .first()
    )
    return None if last is None else last + get_cool_off(request)


def minutes_left(until: datetime | None, *, now: datetime | None = None) -> int:
    """Whole minutes until `until`, rounded up, at least 1 (the page never says "0 minutes")."""
    if until is None:
        return max(1, math.ceil(_window().total_seconds() / 60))
    seconds = (until - (now or timezone.now())).total_seconds()
    return max(1, math.ceil(seconds / 60))


def lockout_response(request: HttpRequest, original_response=None, credentials: dict | None = None) -> HttpResponse:
    """The locked page (AXES_LOCKOUT_CALLABLE), answered 429: which lock holds (the account from this
    address, or the address) and how many minutes remain."""
    address_until = address_locked_until(request)
    account_until = _account_locked_until(request, credentials) if address_until is None else None
    until = address_until or account_until
    context = {"minutes": minutes_left(until), "by_address": address_until is not None}
    return render(request, settings.AXES_LOCKOUT_TEMPLATE, context, status=settings.AXES_HTTP_RESPONSE_CODE)
