"""Login lockouts (django-axes), counted in the database so that they hold while Redis is away.

- An account is locked *from one address* after AXES_FAILURE_LIMIT failures within the cool-off
  (AXES_LOCKOUT_PARAMETERS: the combination of username and address). One colleague's typing
  mistakes lock neither the colleagues behind the same office address nor the account when its owner
  signs in from elsewhere.
- An address alone is locked after LOGIN_ADDRESS_FAILURE_LIMIT failures within the cool-off, whatever
  the usernames (someone trying many accounts). axes keeps one limit only, so `LockoutHandler` counts
  this one from axes' own attempt records (AccessAttempt, per username and address, in the database):
  the failures of the address's records whose last failure is within the cool-off, the same way axes
  counts its own limit, with no cache to lose when Redis is away. Deleting the address's records (the
  admin, `axes_reset_ip`, `axes_reset`) unlocks it; a successful login clears that account's record.
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
from axes.models import AccessAttempt
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


def address_locked_until(request: HttpRequest, *, now: datetime | None = None) -> datetime | None:
    """When the request's address may try again, or None when it is not locked.

    The address's attempt records still within the cool-off, newest first (at most
    LOGIN_ADDRESS_FAILURE_LIMIT of them: each holds one failure or more; one indexed query): the lock
    lifts when the record that brings the count to the limit, counted from the newest, leaves the window."""
    now = now or timezone.now()
    rows = AccessAttempt.objects.filter(ip_address=_address(request), attempt_time__gte=now - _window())
    limit = settings.LOGIN_ADDRESS_FAILURE_LIMIT
    counted = 0
    for last, failures in rows.order_by("-attempt_time").values_list("attempt_time", "failures_since_start")[:limit]:
        counted += failures
        if counted >= limit:
            return last + _window()
    return None


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
