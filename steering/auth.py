"""Account pages: password change and reset (Django's views, Vietnamese templates) and the optional
TOTP second factor for leadership and administrators (enrolment with a server-rendered QR code,
and the verification step after login).
"""

import base64
import io
import math

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm, UsernameField
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import devices_for_user, match_token
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_ratelimit.decorators import ratelimit

from core.forms import form_data, form_status
from core.roles import Role, has_role

from .security import OTP_REQUIRED_KEY, end_other_sessions


class LoginForm(AuthenticationForm):
    """Django's login form. A username longer than any account's (150 characters) is refused by the field
    itself, with a Vietnamese message, before any authentication: the lockout never records it."""

    username = UsernameField(max_length=150, widget=forms.TextInput(attrs={"autofocus": True}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = gettext_lazy("Vui lòng nhập tên đăng nhập.")

    @property
    def malformed(self) -> bool:
        """Whether the username itself was refused (too long), rather than the credentials."""
        return self.has_error("username")


class RefusedFormStatus:
    """For Django's form views: a refused form is re-rendered with its errors and status 400 (a refusal is a
    4xx). The axes lockout answers by its own response (its middleware), not through this."""

    def form_invalid(self, form):
        response = super().form_invalid(form)  # type: ignore[misc]
        response.status_code = 400
        return response


class LoginView(RefusedFormStatus, auth_views.LoginView):
    """The login page: a malformed username or wrong credentials answer 400 with the form's message."""

    form_class = LoginForm
    redirect_authenticated_user = True


class PasswordResetConfirmView(RefusedFormStatus, auth_views.PasswordResetConfirmView):
    """Django's view: a new password refused by the validators answers 400 with the form's messages."""


class PasswordChangeView(RefusedFormStatus, auth_views.PasswordChangeView):
    """Django's view: it keeps this session (update_session_auth_hash) and ends the user's others."""

    success_url = reverse_lazy("password_change_done")


def _reset_rate(group: str, request: HttpRequest) -> str:
    return settings.PASSWORD_RESET_RATE_LIMIT


# Each request sends an e-mail: limit them per client address so the form cannot flood mailboxes.
@method_decorator(ratelimit(key="ip", rate=_reset_rate, method="POST", block=True), name="post")
class PasswordResetView(auth_views.PasswordResetView):
    """Sends the reset link; the same answer whether or not the address is known."""

    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")


def may_use_two_factor(user) -> bool:
    """Two-factor sign-in is offered to leadership and administrators (staff, and the administrator role that
    manages the secretariat's accounts)."""
    return user.is_authenticated and (user.is_staff or has_role(user, Role.LEADERSHIP, Role.ADMINISTRATOR))


class TokenForm(forms.Form):
    otp_token = forms.RegexField(
        label=gettext_lazy("Mã xác thực (6 chữ số)"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={
            "invalid": gettext_lazy("Mã xác thực gồm 6 chữ số."),
            "required": gettext_lazy("Vui lòng nhập mã xác thực."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "maxlength": "8"}),
    )

    def token(self) -> str:
        return self.cleaned_data["otp_token"].strip()


# After a wrong code django-otp refuses every code, even the right one, for 1, 2, 4, 8… seconds (its throttling):
# the page says so and answers "Too Many Requests", rather than calling a right code wrong.
THROTTLED = 429


def throttle_wait(devices) -> int | None:
    """Whole seconds (at least 1) until one of `devices` (django-otp devices) takes a code again, or None when
    one of them takes a code now (or there is none). django-otp's throttling (`verify_is_allowed`) refuses any
    code, right or wrong, for 2**(n-1) seconds after n wrong ones; `match_token` would then say "no match"."""
    waits = []
    now = timezone.now()
    for device in devices:
        allowed, info = device.verify_is_allowed()
        if allowed:
            return None
        until = (info or {}).get("locked_until")
        waits.append(max(1, math.ceil((until - now).total_seconds())) if until else 1)
    return min(waits) if waits else None


def _refuse_throttled(form: forms.Form, wait: int) -> None:
    form.add_error(
        "otp_token",
        _(
            "Đồng chí vừa nhập sai mã nên hệ thống tạm khóa việc kiểm tra mã: vui lòng chờ %(seconds)s giây rồi "
            "nhập lại mã đang hiện trên ứng dụng xác thực."
        )
        % {"seconds": wait},
    )


def _token_status(form: forms.Form, wait: int | None) -> int:
    return THROTTLED if wait is not None else form_status(form)


def qr_code_data_uri(text: str) -> str:
    """A QR code as an SVG data URI: drawn on the server, shown by an <img>, no script involved."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


@never_cache
@login_required
@sensitive_post_parameters("otp_token")
def otp_setup(request: HttpRequest) -> HttpResponse:
    """Enrol a TOTP device: show the secret as a QR code, confirm it with one code. Confirming it ends the
    user's other sessions (and gives this one a new key)."""
    if not may_use_two_factor(request.user):
        raise PermissionDenied
    confirmed = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if confirmed is not None:
        return render(request, "steering/otp_setup.html", {"confirmed": confirmed})
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name=_("Ứng dụng xác thực"), confirmed=False)
    form = TokenForm(form_data(request))
    wait = None
    if request.method == "POST" and form.is_valid() and (wait := throttle_wait([device])) is not None:
        _refuse_throttled(form, wait)
    elif request.method == "POST" and form.is_valid():
        if device.verify_token(form.token()):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            request.session[OTP_REQUIRED_KEY] = True
            # Sessions opened with the password alone keep no access once the second step is on.
            request.session.cycle_key()
            end_other_sessions(request.user, keep=request.session.session_key)
            messages.success(request, _("Đã bật xác thực hai bước cho tài khoản."))
            return redirect("otp_setup")
        form.add_error("otp_token", _("Mã xác thực không đúng hoặc đã hết hạn."))
    return render(
        request,
        "steering/otp_setup.html",
        {"form": form, "config_url": device.config_url, "qr_code": qr_code_data_uri(device.config_url)},
        status=_token_status(form, wait),
    )


@never_cache
@sensitive_post_parameters("otp_token")
def otp_verify(request: HttpRequest) -> HttpResponse:
    """The second step after login for users who have a confirmed device."""
    if not request.user.is_authenticated:
        return redirect(settings.LOGIN_URL)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("home")
    if request.user.is_verified() or not request.session.get(OTP_REQUIRED_KEY):
        return redirect(next_url)
    form = TokenForm(form_data(request))
    wait = None
    if request.method == "POST" and form.is_valid():
        wait = throttle_wait(devices_for_user(request.user, confirmed=True))
    if wait is not None:
        _refuse_throttled(form, wait)
    elif request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.token())
        if device is not None:
            otp_login(request, device)
            return redirect(next_url)
        form.add_error("otp_token", _("Mã xác thực không đúng hoặc đã hết hạn."))
    response = render(
        request, "steering/otp_verify.html", {"form": form, "next": next_url}, status=_token_status(form, wait)
    )
    if wait is not None:
        response["Retry-After"] = str(wait)
    return response
