"""Receivers for login events: session flags at login, and a log line for every failed login.

The failed-login line names the username and the client address, never the password (Django
passes cleansed credentials, and only the username is read from them).
"""

import logging

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver
from django_otp import user_has_device

from .security import client_ip, mark_login

logger = logging.getLogger("steering.security")


@receiver(user_logged_in, dispatch_uid="steering_mark_login")
def _on_login(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        mark_login(request, otp_required=user_has_device(user, confirmed=True))
    logger.info("login succeeded", extra={"login_user_id": user.pk})


@receiver(user_login_failed, dispatch_uid="steering_login_failed")
def _on_login_failed(sender, credentials, request=None, **kwargs) -> None:
    username = str((credentials or {}).get("username", ""))[:150]
    logger.warning(
        "login failed",
        extra={"username": username, "client_ip": client_ip(request) if request is not None else "-"},
    )


@receiver(user_locked_out, dispatch_uid="steering_locked_out")
def _on_locked_out(sender, request=None, username=None, ip_address=None, **kwargs) -> None:
    logger.warning("login locked out", extra={"username": str(username or "")[:150], "client_ip": ip_address or "-"})
